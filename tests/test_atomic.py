"""The one atomic writer: a target is the old file or the complete new one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cxcoach.atomic import AtomicFile, write_atomic


def test_nothing_appears_before_commit_and_no_temp_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "out" / "rows.csv"  # the folder is made
    with AtomicFile(target) as out:
        out.handle.write("a,b\r\n")
        assert not target.exists()
        assert [p.name for p in target.parent.iterdir()] == [f".rows.csv.cxcoach-{os.getpid()}.tmp"]
    assert target.read_bytes() == b"a,b\r\n"  # line endings as written
    assert [p.name for p in target.parent.iterdir()] == ["rows.csv"]


def test_a_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "draft.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), AtomicFile(target) as out:
        out.handle.write("half of the new")
        raise RuntimeError
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


def test_text_in_its_encoding_bytes_as_they_are_and_the_mode_kept(tmp_path: Path) -> None:
    target = tmp_path / "draft.txt"
    target.write_bytes(b"x")
    target.chmod(0o751)
    write_atomic(target, "Zoë\n", encoding="cp1252", keep_mode=True)
    assert target.read_bytes() == "Zoë\n".encode("cp1252")
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"

"""Bad input: one line naming the file, exit 2, no traceback; odd encodings work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import exit_code_for, run_cli

DRAFT = "Hi Ana,\n\nThank you for your business. Your kickoff is on Tuesday.\n"


def findings(path: Path) -> list[dict]:
    """The wording findings (metric rules judge the shape of a whole email)."""
    proc = run_cli("check", str(path), "-f", "json")
    report = json.loads(proc.stdout)
    assert proc.returncode == exit_code_for(report), proc.stderr
    found = report["files"][0]["findings"]
    return [f for f in found if f["rule"] not in ("few-questions", "no-next-step")]


def test_utf8_bom_crlf_and_latin1_agree(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_bytes(DRAFT.encode("utf-8"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode("utf-8"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Héllo Zoë,\n\n" + DRAFT).encode("latin-1"))
    base = findings(plain)
    assert [f["rule"] for f in base] == ["thank-you-for-your-business"]
    crlf = findings(bom)
    assert [(f["line"], f["column"], f["end_column"]) for f in crlf] == [
        (f["line"], f["column"], f["end_column"]) for f in base
    ]
    shifted = findings(latin)
    assert shifted[0]["line"] == base[0]["line"] + 2
    assert shifted[0]["snippet"] == "Thank you for your business"


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(DRAFT.encode("utf-16"))
    assert [f["rule"] for f in findings(path)] == ["thank-you-for-your-business"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x00\x00binary"), "binary file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: None, "no such file"),
    ],
    ids=["binary", "directory", "missing"],
)
def test_bad_inputs(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "draft.txt"
    make(path)
    proc = run_cli("check", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == f"cxcoach: error: {path}: {expected}" or (
        str(path) in lines[0] and expected in lines[0]
    )


def test_bad_input_does_not_hide_other_files(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DRAFT)
    proc = run_cli("check", str(tmp_path / "missing.txt"), str(good), "-f", "json")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["files"][0]["error"]
    assert data["files"][1]["findings"][0]["rule"] == "thank-you-for-your-business"


@pytest.mark.parametrize("content", [b"", b"   \n\n  \r\n"])
def test_empty_input(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    proc = run_cli("check", str(path))
    assert proc.returncode == 0
    assert "No findings" in proc.stdout
    proc = run_cli("check", "-", stdin=content)
    assert proc.returncode == 0

"""`batch --db`: two runs on one database at once (issue 11, point 8). Real
processes, started on evidence of progress, never on a clock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from conftest import db_rows, make_big_jsonl, run_cli, wait_for


def start(source: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cxcoach", "batch", str(source), "--db", str(db), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored(db: Path) -> dict[str, int]:
    """id -> stored rows, checking each document's findings are there exactly once."""
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = dict(conn.execute("SELECT id, COUNT(*) FROM documents GROUP BY id").fetchall())
        mismatched = conn.execute(
            "SELECT d.id FROM documents d LEFT JOIN (SELECT content_hash, pack_version, id, "
            "COUNT(*) AS n FROM findings GROUP BY content_hash, pack_version, id) f "
            "ON f.content_hash = d.content_hash AND f.pack_version = d.pack_version "
            "AND f.id = d.id WHERE COALESCE(f.n, 0) != d.findings"
        ).fetchall()
    assert mismatched == []
    return docs


@pytest.mark.slow
def test_two_concurrent_runs_both_finish_and_store_every_document_once(tmp_path: Path) -> None:
    shared = make_big_jsonl(tmp_path / "shared.jsonl", 600, prefix="shared")
    first = make_big_jsonl(tmp_path / "a.jsonl", 1500, prefix="a")
    second = make_big_jsonl(tmp_path / "b.jsonl", 1500, prefix="b")
    for name in ("a.jsonl", "b.jsonl"):  # the same 600 calls in both exports
        with open(tmp_path / name, "a", encoding="utf-8") as out:
            out.write((tmp_path / "shared.jsonl").read_text(encoding="utf-8"))
    db = tmp_path / "history.db"
    a = start(tmp_path / "a.jsonl", db)
    wait_for(lambda: db_rows(db) > 0, "the first run's first chunk", alive=a)
    b = start(tmp_path / "b.jsonl", db)  # while the first one is writing
    out_a, err_a = a.communicate(timeout=600)
    out_b, err_b = b.communicate(timeout=600)
    assert (a.returncode, b.returncode) == (0, 0), err_a + err_b
    assert err_a == err_b == ""
    for out in (out_a, out_b):
        scored = int(out.split(" documents scored")[0])
        skipped = int(out.split(" skipped")[0].rsplit(", ", 1)[1]) if " skipped" in out else 0
        assert scored + skipped == 2100, out  # each run accounts for all of its documents
    docs = stored(db)
    assert set(docs) == {*shared, *first, *second}
    assert set(docs.values()) == {1}  # never twice, never lost


def test_a_database_locked_too_long_is_one_clear_line(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    ids = make_big_jsonl(source, 100)
    db = tmp_path / "history.db"
    assert run_cli("batch", str(source), "--db", str(db), "--no-progress").returncode == 0
    source.write_text(source.read_text().replace("thanks", "thank you"))  # 100 changed calls
    with closing(sqlite3.connect(db, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        locked = run_cli(
            "batch", str(source), "--db", str(db), "--no-progress", env={"CXCOACH_DB_WAIT": "0.2"}
        )
        holder.execute("ROLLBACK")
    assert locked.returncode == 2
    lines = locked.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in locked.stderr, locked.stderr
    assert "the database is in use by another program" in lines[0]
    assert "stored 0 documents" in lines[0]
    again = run_cli("batch", str(source), "--db", str(db), "--no-progress")
    assert again.returncode == 0 and again.stdout.startswith("100 documents scored")
    assert stored(db) == dict.fromkeys(ids, 2)  # each call before and after the change

"""``--db FILE``: scores and findings in SQLite, for incremental runs and trends.

Documents are keyed by (content hash, pack version): re-running over a growing
archive scores only new or changed documents, or all of them again when the
rules change. WAL mode; one transaction per chunk, so a killed run leaves the
database consistent (the last chunk is either all in or all out).

Two runs on one database at once (two cron jobs, a teammate's run) both finish:
readers never block in WAL mode, and a writer waits for the other's chunk
(``BEGIN IMMEDIATE`` under a busy timeout, :data:`WAIT` seconds, or
``CXCOACH_DB_WAIT``). A document in both runs is stored once (the second write
replaces the first, with its findings, in one transaction). If the database stays
locked longer (another program holds it), the run stops with one line saying the
database is in use and how many documents it stored; running again stores the
rest, skipping those. Plain SQL answers trend questions, e.g. average score by
rep and month::

    SELECT rep, month, COUNT(*) AS docs, ROUND(AVG(score), 1) AS avg_score
    FROM documents GROUP BY rep, month ORDER BY rep, month;
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from cxcoach.batch import DOC_COLUMNS, METRIC_COLUMNS, Item, Row, item_digest
from cxcoach.model import CATEGORIES, CxError

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    content_hash TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    id TEXT NOT NULL,
    source TEXT,
    kind TEXT,
    format TEXT,
    rep TEXT,
    deal TEXT,
    date TEXT,
    month TEXT,
    score INTEGER,
    {", ".join(f'"{c}" INTEGER' for c in CATEGORIES)},
    {", ".join(f'"{c}" REAL' for c in METRIC_COLUMNS if c != "rep_share_basis")},
    rep_share_basis TEXT,
    findings INTEGER,
    suppressed INTEGER,
    scored_at TEXT,
    PRIMARY KEY (content_hash, pack_version, id)
);
CREATE TABLE IF NOT EXISTS findings (
    content_hash TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    id TEXT NOT NULL,
    rule TEXT, level TEXT, category TEXT,
    line INTEGER, "column" INTEGER, end_line INTEGER, end_column INTEGER,
    message TEXT, snippet TEXT, speaker TEXT, time REAL
);
CREATE INDEX IF NOT EXISTS findings_doc ON findings (content_hash, pack_version, id);
CREATE INDEX IF NOT EXISTS documents_rep_month ON documents (rep, month);
"""


# the document row's columns that the documents table keeps (not run-only ones)
_STORED = [
    c
    for c in DOC_COLUMNS
    if c not in ("status", "error", "content_hash", "errors", "warnings", "suggestions")
]


WAIT = 60.0  # seconds a write waits for another run's transaction


def _wait() -> float:
    try:
        return max(0.0, float(os.environ.get("CXCOACH_DB_WAIT", WAIT)))
    except ValueError:
        return WAIT


def _busy(exc: sqlite3.Error) -> bool:
    """SQLite said another connection holds the lock (after the busy timeout)."""
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


class History:
    def __init__(self, path: str, pack_version: str) -> None:
        self.path = path
        self.wait = _wait()
        self.stored = 0  # documents this run has committed
        with self._guard():
            try:
                self.db = sqlite3.connect(path, isolation_level=None, timeout=self.wait)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(SCHEMA)
            except sqlite3.OperationalError:
                raise
            except sqlite3.DatabaseError as exc:
                raise CxError(f"{path}: not a usable SQLite database ({exc})") from None
        self.version = pack_version

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A lock held past the busy timeout becomes one clear line, not a traceback."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise CxError(f"{self.path}: not a usable SQLite database ({exc})") from None
            raise CxError(
                f"{self.path}: the database is in use by another program (still locked "
                f"after {self.wait:g} s; CXCOACH_DB_WAIT sets how long to wait); this run "
                f"stored {self.stored} documents: run it again to store the rest (stored "
                "ones are skipped)"
            ) from None

    def skip_known(self, chunk: list[Item]) -> tuple[list[Item], int]:
        """Drop items already stored with this pack version (same content, same id)."""
        keyed: list[tuple[Item, str]] = []
        for item in chunk:
            if item.error:
                keyed.append((item, ""))
                continue
            try:
                keyed.append(item_digest(item))
            except CxError:
                keyed.append((item, ""))  # unreadable: the worker reports why
        known = set()
        hashes = [d for _, d in keyed if d]
        for start in range(0, len(hashes), 500):
            part = hashes[start : start + 500]
            marks = ",".join("?" * len(part))
            with self._guard():
                found = self.db.execute(
                    f"SELECT content_hash, id FROM documents WHERE pack_version = ? "
                    f"AND content_hash IN ({marks})",
                    [self.version, *part],
                ).fetchall()
            known.update(found)
        todo = [item for item, digest in keyed if not digest or (digest, item.id) not in known]
        return todo, len(chunk) - len(todo)

    def store(self, rows: Sequence[Row]) -> None:
        """One transaction per chunk of rows, taking the write lock at its start
        (``BEGIN IMMEDIATE``): a run that only read first could otherwise find the
        other run's write in the way half-way and fail instead of waiting."""
        with self._guard():
            self._store(rows)

    def _store(self, rows: Sequence[Row]) -> None:
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        doc_columns = ["content_hash", "pack_version", *_STORED, "scored_at"]
        quoted = ", ".join(f'"{c}"' for c in doc_columns)
        marks = ", ".join("?" * len(doc_columns))
        self.db.execute("BEGIN IMMEDIATE")
        done = 0
        try:
            for row in rows:
                if row.status != "ok":
                    continue
                key = (row.content_hash, self.version, row.id)
                self.db.execute(
                    "DELETE FROM findings WHERE content_hash=? AND pack_version=? AND id=?", key
                )
                values = {**row.values(), "pack_version": self.version, "scored_at": now}
                self.db.execute(
                    f"INSERT OR REPLACE INTO documents ({quoted}) VALUES ({marks})",
                    [values.get(c) for c in doc_columns],
                )
                self.db.executemany(
                    "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            *key,
                            f.rule,
                            f.level,
                            f.category,
                            f.line,
                            f.column,
                            f.end_line,
                            f.end_column,
                            f.message,
                            f.snippet,
                            f.speaker,
                            f.time,
                        )
                        for f in row.findings
                    ],
                )
                done += 1
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.stored += done

    def close(self) -> None:
        self.db.close()

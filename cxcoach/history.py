"""``--db FILE``: scores and findings in SQLite, for incremental runs and trends.

Documents are keyed by (content hash, pack version): re-running over a growing
archive scores only new or changed documents, or all of them again when the
rules change. WAL mode; one transaction per chunk, so a killed run leaves the
database consistent (the last chunk is either all in or all out). Plain SQL
answers trend questions, e.g. average score by rep and month::

    SELECT rep, month, COUNT(*) AS docs, ROUND(AVG(score), 1) AS avg_score
    FROM documents GROUP BY rep, month ORDER BY rep, month;
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from cxcoach.batch import DOC_COLUMNS, METRIC_COLUMNS, Item, item_digest
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


class History:
    def __init__(self, path: str, pack_version: str) -> None:
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise CxError(f"{path}: not a usable SQLite database ({exc})") from None
        self.version = pack_version

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
            known.update(
                self.db.execute(
                    f"SELECT content_hash, id FROM documents WHERE pack_version = ? "
                    f"AND content_hash IN ({marks})",
                    [self.version, *part],
                ).fetchall()
            )
        todo = [item for item, digest in keyed if not digest or (digest, item.id) not in known]
        return todo, len(chunk) - len(todo)

    def store(self, rows: Sequence[dict[str, Any]]) -> None:
        """One transaction per chunk of rows."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        doc_columns = ["content_hash", "pack_version", *_STORED, "scored_at"]
        quoted = ", ".join(f'"{c}"' for c in doc_columns)
        marks = ", ".join("?" * len(doc_columns))
        self.db.execute("BEGIN")
        try:
            for row in rows:
                if row["status"] != "ok":
                    continue
                key = (row["content_hash"], self.version, row["id"])
                self.db.execute(
                    "DELETE FROM findings WHERE content_hash=? AND pack_version=? AND id=?", key
                )
                values = {**row, "pack_version": self.version, "scored_at": now}
                self.db.execute(
                    f"INSERT OR REPLACE INTO documents ({quoted}) VALUES ({marks})",
                    [values.get(c) for c in doc_columns],
                )
                self.db.executemany(
                    "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            *key,
                            f["rule"],
                            f["level"],
                            f["category"],
                            f["line"],
                            f["column"],
                            f["end_line"],
                            f["end_column"],
                            f["message"],
                            f["snippet"],
                            f["speaker"],
                            f["time"],
                        )
                        for f in row.get("_findings", ())
                    ],
                )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

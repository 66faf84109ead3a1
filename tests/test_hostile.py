"""Hostile input: formula cells in CSV, terminal escapes and bidi overrides in every
human-facing output; machine formats keep the exact text (issue 11, points 1-2)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from cxcoach.report.cells import FORMULA_START, csv_cell
from cxcoach.report.escape import HIDDEN, has_hidden, json_text, visible

FORMULA = '=HYPERLINK("http://evil","click")'
OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
RLO = "\u202e"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours, on a forced terminal

# a user pack whose rule matches formula text (subject and body) and whose message
# starts with a formula
FORMULA_PACK = """\
pack: hostile
rules:
  - id: formula-text
    kind: pattern
    level: warning
    category: trust
    patterns: ['[=+@-](?:HYPERLINK|SUM|cmd)\\b[^\\n]*']
    message: "=HYPERLINK(\\"http://evil\\",\\"msg\\") {match}"
    why: "w"
    instead: "i"
"""


def formula_eml() -> str:
    return (
        f"From: {FORMULA} <evil@example.com>\n"
        "To: Ana <ana@example.com>\n"
        '=Subject: x\nSubject: =HYPERLINK("http://evil","subject") act now\n'
        "Date: Mon, 2 Mar 2026 10:00:00 +0000\n\n"
        "Hi Ana,\n\nThank you for your business. Act now, only 3 spots left!\n"
        "+cmd|' /C calc'!A0 is the link.\n@SUM(1+1) is the price.\n\nDana\n"
    )


def hostile_email() -> str:
    return (
        "Hi Ana,\n\n"
        f"Thank you for your business {OSC_TITLE} and {CLEAR} act now {RLO} "
        "only 3 spots left!\n\nDana\n"
    )


def raw_hidden(text: str, allow: str = "\n") -> list[str]:
    return sorted({repr(m[0]) for m in HIDDEN.finditer(text) if m[0] not in allow})


# --------------------------------------------------------------------------- the helpers


def test_escape_helper_is_visible_idempotent_and_per_character() -> None:
    text = f"a{OSC_TITLE}b{CLEAR}c{RLO}d\x85e\u2066f\U000e0041g\th\ni\u200dj"
    shown = visible(text)
    assert shown == (
        "a\\x1b]0;pwned\\x07b\\x1b[2Jc\\u202ed\\x85e\\u2066f\\U000e0041g\\th\\ni\u200dj"
    )
    assert visible(shown) == shown
    assert visible(text[:5]) + visible(text[5:]) == shown
    assert visible("a\nb\tc", keep="\n") == "a\nb\\tc"
    assert not has_hidden(shown)
    encoded = json_text(json.dumps({"t": text}, ensure_ascii=False, indent=2))
    assert json.loads(encoded) == {"t": text}
    assert raw_hidden(encoded) == []
    assert "\\u202e" in encoded and "\\u0085" in encoded


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-3", "'-3"),  # a string that looks like a number is still text
        ("-3.5.eml", "'-3.5.eml"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\\r=1"),  # CR shown as an escape: no longer a formula start
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("line\r\nnext", "line\nnext"),
        (-3, -3),
        (-3.5, -3.5),
        (0, 0),
        (None, ""),
    ],
)
def test_csv_cell(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


# --------------------------------------------------------------------------- CSV injection


def assert_no_formula_cell(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1, text
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), (cell, row)
    return rows


@pytest.fixture
def formula_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=1+1.eml").write_text(formula_eml())
    (folder / "pack.yaml").write_text(FORMULA_PACK)
    return folder


def test_check_csv_neutralises_formula_cells(formula_folder: Path) -> None:
    proc = run_cli(
        "check", "=1+1.eml", "-f", "csv", "--pack", "pack.yaml", "--no-config", cwd=formula_folder
    )
    assert proc.returncode == 1, proc.stderr
    rows = assert_no_formula_cell(proc.stdout)
    header, body = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert "path" in header
    assert {r["path"] for r in body} == {"'=1+1.eml"}
    assert all(r["speaker"].startswith("'=HYPERLINK") for r in body)  # the From: name
    formula = [r for r in body if r["rule"] == "formula-text"]
    snippets = {r["snippet"] for r in formula}
    assert '\'=HYPERLINK("http://evil","subject") act now' in snippets  # the subject
    assert "'+cmd|' /C calc'!A0 is the link." in snippets
    assert "'@SUM(1+1) is the price." in snippets
    assert all(r["message"].startswith("'=HYPERLINK(") for r in formula)
    assert all(r["line"].isdigit() for r in body)  # numbers stay numbers
    # JSON keeps the exact text
    raw = run_cli(
        "check", "=1+1.eml", "-f", "json", "--pack", "pack.yaml", "--no-config", cwd=formula_folder
    )
    files = json.loads(raw.stdout)["files"]
    assert files[0]["path"] == "=1+1.eml"
    assert any(f["snippet"].startswith("@SUM(1+1)") for f in files[0]["findings"])


def test_batch_csv_and_findings_neutralise_formula_cells(formula_folder: Path) -> None:
    proc = run_cli(
        "batch",
        "=1+1.eml",
        "--pack",
        "pack.yaml",
        "--no-config",
        "--csv",
        "docs.csv",
        "--findings",
        "findings.csv",
        "--jsonl",
        "docs.jsonl",
        "--no-progress",
        cwd=formula_folder,
    )
    assert proc.returncode == 0, proc.stderr
    docs = assert_no_formula_cell((formula_folder / "docs.csv").read_text())
    doc = dict(zip(docs[0], docs[1], strict=True))
    assert doc["id"] == doc["source"] == "'=1+1.eml"
    assert doc["rep"].startswith("'=HYPERLINK")
    assert doc["score"].isdigit()
    findings = assert_no_formula_cell((formula_folder / "findings.csv").read_text())
    rows = [dict(zip(findings[0], row, strict=True)) for row in findings[1:]]
    assert {r["id"] for r in rows} == {"'=1+1.eml"}
    assert any(r["snippet"] == "'@SUM(1+1) is the price." for r in rows)
    assert any(r["message"].startswith("'=HYPERLINK(") for r in rows)
    assert all(r["speaker"].startswith("'=HYPERLINK") for r in rows)
    # JSONL keeps the exact text
    record = json.loads((formula_folder / "docs.jsonl").read_text().splitlines()[0])
    assert record["id"] == "=1+1.eml" and record["rep"].startswith("=HYPERLINK")


def test_sqlite_keeps_the_exact_text(formula_folder: Path) -> None:
    import sqlite3

    proc = run_cli(
        "batch",
        "=1+1.eml",
        "--pack",
        "pack.yaml",
        "--no-config",
        "--db",
        "h.db",
        "--no-progress",
        cwd=formula_folder,
    )
    assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(formula_folder / "h.db") as db:
        doc = db.execute("SELECT id, rep FROM documents").fetchone()
        snippets = {row[0] for row in db.execute("SELECT snippet FROM findings")}
    assert doc[0] == "=1+1.eml" and doc[1].startswith("=HYPERLINK")
    assert "@SUM(1+1) is the price." in snippets


def test_every_csv_output_uses_the_one_safe_writer() -> None:
    """A module that opens its own csv.writer would skip the formula guard."""
    package = Path(__file__).resolve().parent.parent / "cxcoach"
    own = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "cells.py" and re.search(r"csv\.(?:writer|DictWriter)\(", path.read_text())
    ]
    assert own == []

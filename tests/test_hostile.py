"""Hostile input: formula cells in CSV, terminal escapes and bidi overrides in every
human-facing output; machine formats keep the exact text (issue 11, points 1-2)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from cxcoach.api import check_text
from cxcoach.packs import load_packs
from cxcoach.report import ReportOptions, github, junit, rdjson, sarif, terminal
from cxcoach.report import csv as csv_report
from cxcoach.report import json as json_report
from cxcoach.report import tags as tags_report
from cxcoach.report.cells import FORMULA_START, csv_cell
from cxcoach.report.escape import HIDDEN, has_hidden, json_text, visible
from cxcoach.results import DocumentResult

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

# a rule whose snippet is the whole hostile line
LINE_PACK = """\
pack: lines
rules:
  - id: whole-line
    kind: pattern
    level: warning
    category: trust
    patterns: ['thank you for your business[^\\n]*']
    message: "m"
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


# --------------------------------------------------------------------------- escapes


def hostile_results(name: str = "-") -> tuple[list[DocumentResult], dict[str, str]]:
    text = hostile_email()
    return check_text(text, name=name), {name: text}


def test_terminal_plain_shows_escapes_and_carets_under_them() -> None:
    results, sources = hostile_results()
    stream = io.StringIO()
    terminal.write(results, stream, ReportOptions(sources, color=False))
    out = stream.getvalue()
    assert raw_hidden(out) == []
    assert "\\x1b]0;pwned\\x07" in out and "\\x1b[2J" in out and "\\u202e" in out
    finding = next(f for f in results[0].findings if f.rule == "thank-you-for-your-business")
    line = sources["-"].split("\n")[finding.line - 1]
    assert line[finding.column - 1 :].lower().startswith("thank you")  # the original column
    shown = out.split("\n")
    at = next(i for i, s in enumerate(shown) if s.startswith(f"-:{finding.line}:{finding.column}"))
    snippet, carets = shown[at + 1], shown[at + 2]
    start = carets.index("^")
    assert snippet[start:].lower().startswith("thank you")


def test_terminal_colour_shows_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich writes its colours to the StringIO
    monkeypatch.delenv("NO_COLOR", raising=False)
    results, sources = hostile_results()
    stream = io.StringIO()
    terminal.write(results, stream, ReportOptions(sources, color=True))
    out = stream.getvalue()
    assert SGR.search(out)  # coloured indeed
    assert raw_hidden(SGR.sub("", out)) == []
    assert "\\x1b]0;pwned\\x07" in SGR.sub("", out)


def test_cli_outputs_for_people_show_escapes(tmp_path: Path) -> None:
    name = f"x{RLO}txt.eml"
    (tmp_path / name).write_text(hostile_email())
    for fmt, allow in (("text", "\n"), ("github", "\n"), ("junit", "\n")):
        proc = run_cli("check", name, "-f", fmt, "--no-config", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert raw_hidden(proc.stdout, allow) == [], fmt
        assert "\\u202e" in proc.stdout, fmt
    tags = run_cli("check", name, "--tags", "--no-config", cwd=tmp_path)
    assert raw_hidden(tags.stdout) == [] and "\\x1b[2J" in tags.stdout
    missing = run_cli("check", f"gone{CLEAR}.txt", "--no-config", cwd=tmp_path)
    assert missing.returncode == 2 and raw_hidden(missing.stderr) == []
    # machine formats keep the exact text (as JSON escapes)
    (tmp_path / "pack.yaml").write_text(LINE_PACK)
    proc = run_cli("check", name, "-f", "json", "--pack", "pack.yaml", "--no-config", cwd=tmp_path)
    assert raw_hidden(proc.stdout) == []
    files = json.loads(proc.stdout)["files"]
    assert files[0]["path"] == name
    line = next(f["snippet"] for f in files[0]["findings"] if f["rule"] == "whole-line")
    assert (
        line
        == f"Thank you for your business {OSC_TITLE} and {CLEAR} act now {RLO} only 3 spots left!"
    )


def test_batch_summary_and_html_show_escapes(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    (tmp_path / f"a{CLEAR}b.txt").write_text(hostile_email())
    (tmp_path / "crm.jsonl").write_text(
        json.dumps({"id": f"id{OSC_TITLE}", "rep": f"Dana{RLO}", "text": hostile_email()}) + "\n"
    )
    proc = run_cli("batch", ".", "--html", "r.html", "--no-config", "--no-progress", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert raw_hidden(proc.stdout) == []
    assert "\\x1b[2J" in proc.stdout and "Dana\\u202e" in proc.stdout
    html = (tmp_path / "r.html").read_text()
    assert raw_hidden(html, "\n") == []
    assert "Dana\\u202e" in html and "id\\x1b]0;pwned\\x07" in html


HIDDEN_CHARS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))] + [
    *"\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029",
    *"\u2060\u2066\u2067\u2068\u2069\ufeff\U000e0041",
]


@settings(max_examples=25, deadline=None)
@given(
    junk=st.lists(
        st.text(alphabet=st.sampled_from([*HIDDEN_CHARS, "a", " ", "="]), max_size=12),
        min_size=3,
        max_size=3,
    )
)
def test_random_control_characters_never_reach_any_output_raw(junk: list[str]) -> None:
    text = (
        f"Hi Ana,\n\nThank you for your business {junk[0]} and act now, {junk[1]} "
        f"only 3 spots left!\n\nDana {junk[2]}\n"
    )
    name = f"in{junk[2]}.txt"
    results = check_text(text, name=name)
    rules = load_packs()
    # machine formats: valid, the exact text, no hidden character in the bytes
    for write, has_path in (
        (json_report.write, True),
        (rdjson.write, True),
        # SARIF: the path as a URI
        (lambda r, s: sarif.write(r, s, ReportOptions(rules=rules)), False),
    ):
        stream = io.StringIO()
        write(results, stream)
        assert raw_hidden(stream.getvalue()) == []
        decoded = json.dumps(json.loads(stream.getvalue()), ensure_ascii=False)
        assert not has_path or json.dumps(name, ensure_ascii=False)[1:-1] in decoded
    stream = io.StringIO()
    json_report.write(results, stream)
    decoded = json.loads(stream.getvalue())["files"][0]["findings"]
    assert [f["snippet"] for f in decoded] == [f.snippet for f in results[0].findings]
    assert all(text[f.start : f.end] == f.snippet for f in results[0].findings)
    # outputs for people: escapes only (newlines where the layout has them)
    for write, allow in (
        (lambda r, s: terminal.write(r, s, ReportOptions({name: text})), "\n"),
        (github.write, "\n"),
        (junit.write, "\n"),
        (csv_report.write, "\n\t"),
        (lambda r, s: tags_report.write(r, s, ReportOptions({name: text})), "\n"),
    ):
        stream = io.StringIO()
        write(results, stream)
        assert raw_hidden(stream.getvalue(), allow) == []
    stream = io.StringIO()
    junit.write(results, stream)
    ET.fromstring(stream.getvalue())  # still well-formed XML
    for row in csv.reader(io.StringIO(csv_text(results))):
        assert not any(cell.startswith(FORMULA_START) for cell in row)


def csv_text(results: list[DocumentResult]) -> str:
    stream = io.StringIO()
    csv_report.write(results, stream)
    return stream.getvalue()


def test_printable_text_holds_no_hidden_character() -> None:
    """escape.py skips its regex when ``str.isprintable()`` holds: so no character
    it must escape may count as printable, in the whole of Unicode."""
    from cxcoach.report.escape import HIDDEN

    printable = [c for c in range(0x110000) if chr(c).isprintable() and HIDDEN.match(chr(c))]
    assert printable == []

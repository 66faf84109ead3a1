"""`cxcoach batch`: bad inputs never stop the run, identical results at any --jobs,
atomic outputs, the HTML report, --db incremental runs, and the Python API."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import (
    EXAMPLES,
    FIXTURES,
    ROOT,
    alive,
    children,
    db_rows,
    make_big_jsonl,
    rows_written,
    run_cli,
    wait_for,
)

GOOD_FILES = ["cold-email.txt", "good-email.txt"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Good files, a binary, an empty file, latin-1, truncated JSON and a JSONL with a bad line."""
    root = tmp_path / "archive"
    (root / "calls").mkdir(parents=True)
    for name in GOOD_FILES:
        shutil.copy(EXAMPLES / name, root / name)
    shutil.copy(FIXTURES / "otter.txt", root / "calls" / "otter.txt")
    shutil.copy(FIXTURES / "gong.json", root / "calls" / "gong.json")
    (root / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "empty.txt").write_bytes(b"")
    (root / "latin.txt").write_bytes("Hi Zoë,\n\nThank you for your business!\n".encode("latin-1"))
    (root / "calls" / "cut.json").write_text(
        '{"callTranscripts": [{"transcript": [{"speakerId": "1"'
    )
    (root / "crm.jsonl").write_text(
        json.dumps(
            {
                "id": "crm-1",
                "text": "Act now! Does Tuesday work?",
                "rep": "Dana",
                "date": "2026-03-02",
                "deal": "D-7",
            }
        )
        + "\n"
        + "{not json\n"
        + json.dumps({"text": "Thanks for your time. What is slowing your close?", "rep": "Sam"})
        + "\n"
    )
    return root


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_good_document_scored_every_bad_one_reported(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs.csv"
    proc = run_cli("batch", str(folder), "--csv", str(out), "--jobs", "2", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(out)
    ids = {r["id"] for r in rows}
    expected = {
        str(folder / "cold-email.txt"),
        str(folder / "good-email.txt"),
        str(folder / "latin.txt"),
        str(folder / "calls" / "otter.txt"),
        str(folder / "calls" / "gong.json"),
        "crm-1",
        f"{folder / 'crm.jsonl'}:3",
    }
    assert ids == expected  # exactly one row per good document
    assert len(rows) == len(expected)
    assert all(r["status"] == "ok" and r["score"] for r in rows)
    crm = next(r for r in rows if r["id"] == "crm-1")
    assert (crm["rep"], crm["deal"], crm["month"]) == ("Dana", "D-7", "2026-03")
    assert crm["rule:pushy-pressure"] == "1"
    out_text = proc.stdout
    assert "7 documents scored, 4 failed" in out_text
    for reason in (
        "logo.txt: binary file",
        "empty.txt: empty input",
        "crm.jsonl:2: invalid JSON",
        "cut.json: invalid JSON",
    ):
        assert reason in out_text, reason


def test_same_rows_at_one_and_two_jobs(folder: Path, tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        csv_path, jsonl_path = tmp_path / f"d{jobs}.csv", tmp_path / f"d{jobs}.jsonl"
        findings = tmp_path / f"f{jobs}.jsonl"
        run_cli(
            "batch",
            str(folder),
            "--csv",
            str(csv_path),
            "--jsonl",
            str(jsonl_path),
            "--findings",
            str(findings),
            "--jobs",
            jobs,
            "--no-progress",
        )
        outputs[jobs] = (csv_path.read_text(), jsonl_path.read_text(), findings.read_text())
    assert outputs["1"] == outputs["2"]
    assert outputs["1"][2].count("\n") > 5


def test_bad_line_of_jsonl_is_the_only_error(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    proc = run_cli("batch", str(folder / "crm.jsonl"), "--jsonl", str(out), "--no-progress")
    assert proc.returncode == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["crm-1", f"{folder / 'crm.jsonl'}:3"]
    assert "crm.jsonl:2: invalid JSON" in proc.stdout


def test_exit_codes(folder: Path, tmp_path: Path) -> None:
    assert run_cli("batch", str(folder / "empty.txt"), "--no-progress").returncode == 2
    assert run_cli("batch", str(tmp_path / "nope")).returncode == 2
    assert run_cli("batch", str(folder), "--fail-on", "error", "--no-progress").returncode == 1
    assert (
        run_cli(
            "batch", str(folder / "good-email.txt"), "--fail-on", "warning", "--no-progress"
        ).returncode
        == 0
    )


def start_batch(*args: str, capture: bool = False) -> subprocess.Popen[str]:
    """A real `cxcoach batch --jobs 2` process, to be killed or interrupted."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "cxcoach", "batch", *args, "--jobs", "2", "--no-progress"],
        stdout=out,
        stderr=out,
        text=True,
    )


# Enough documents that no machine finishes the run between the first rows on disk
# and the signal: these tests stop a run on evidence of progress, never on a clock.
BIG = 3000


@pytest.mark.slow
def test_killed_run_leaves_no_file(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    make_big_jsonl(source, BIG)
    out = tmp_path / "killed.csv"
    proc = start_batch(str(source), "--csv", str(out))
    proc.send_signal(signal.SIGKILL)  # at once: before any row
    proc.wait()
    assert not out.exists()
    proc = start_batch(str(source), "--csv", str(out))
    wait_for(rows_written(out), "the first rows in the temp file", alive=proc)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)  # mid-run: rows written, the run far from done
    proc.wait()
    assert not out.exists()  # never half a report: the rows stay in the hidden temp file
    assert list(tmp_path.glob(".killed.csv.cxcoach-*.tmp"))
    # and its workers do not wait for work for ever
    wait_for(lambda: not any(alive(w) for w in workers), "the orphaned workers exiting")


@pytest.mark.slow
def test_killed_db_run_leaves_a_consistent_database(tmp_path: Path) -> None:
    import sqlite3

    source = tmp_path / "calls.jsonl"
    make_big_jsonl(source, BIG)
    db = tmp_path / "history.db"
    proc = start_batch(str(source), "--db", str(db))
    wait_for(lambda: db_rows(db) > 0, "the first chunk in the database", alive=proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM findings f LEFT JOIN documents d ON d.content_hash = "
            "f.content_hash AND d.pack_version = f.pack_version AND d.id = f.id "
            "WHERE d.id IS NULL"
        ).fetchone()[0]
    assert 0 < stored < BIG
    assert orphans == 0  # every chunk is all in or all out
    rerun = run_cli("batch", str(source), "--db", str(db), "--no-progress")
    assert f"{BIG - stored} documents scored" in rerun.stdout


@pytest.mark.slow
def test_ctrl_c_keeps_what_finished(tmp_path: Path) -> None:
    source = tmp_path / "calls.jsonl"
    ids = make_big_jsonl(source, BIG)
    out = tmp_path / "partial.csv"
    proc = start_batch(str(source), "--csv", str(out), capture=True)
    wait_for(rows_written(out), "the first rows in the temp file", alive=proc)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stdout
    rows = read_csv(out)  # a complete CSV of the documents that finished
    assert 0 < len(rows) < BIG
    assert [r["id"] for r in rows] == ids[: len(rows)]  # in input order, up to the first gap
    assert all(r["status"] == "ok" for r in rows)


class _Table(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        self._row: dict[str, str] | None = None
        self._cell: str | None = None
        self.ids: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("data-id"):
            self._row = {"id": attributes["data-id"] or ""}
        if tag == "td" and self._row is not None and "score" in (attributes.get("class") or ""):
            self._cell = "score"
        if tag == "b" and attributes.get("id"):
            self._id = attributes["id"]

    def handle_data(self, data: str) -> None:
        if self._cell and self._row is not None:
            self._row[self._cell] = data.strip()
            self._cell = None
        if self._id:
            self.ids[self._id] = data.strip()
            self._id = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append((self._row["id"], self._row.get("score", "")))
            self._row = None


def _html_report(folder: Path, tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    html, out = tmp_path / "report.html", tmp_path / "docs.csv"
    proc = run_cli("batch", str(folder), "--csv", str(out), "--html", str(html), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    return html, read_csv(out)


def test_html_report_numbers_match_the_csv(folder: Path, tmp_path: Path) -> None:
    html, rows = _html_report(folder, tmp_path)
    text = html.read_text()
    for load in ('src="http', "src='http", 'href="http', "url(http", "@import"):
        assert load not in text  # nothing fetched: no CDN, opens offline
    parser = _Table()
    parser.feed(text)
    assert sorted(parser.rows) == sorted((r["id"], r["score"]) for r in rows)
    assert parser.ids["documents"] == str(len(rows))
    average = sum(int(r["score"]) for r in rows) / len(rows)
    assert parser.ids["average"] == f"{average:.1f}"
    assert parser.ids["failed"] == "4"
    for chart in ("score_distribution", "rep_scores", "rule_frequency", "talk_ratio"):
        assert f'id="chart-{chart}"' in text


def _chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


@pytest.mark.skipif(_chromium() is None, reason="no Chromium here (.ci/run installs Debian's)")
def test_html_report_renders_in_headless_chromium(folder: Path, tmp_path: Path) -> None:
    html, _ = _html_report(folder, tmp_path)
    browser = _chromium()
    assert browser
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000",
                "--dump-dom",
                html.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    dom = proc.stdout
    assert 'data-charts="4/4"' in dom, dom[:500]  # four charts, all drawn
    assert dom.count('data-drawn="yes"') == 4
    body = dom[dom.index("<body") : dom.index(">", dom.index("<body")) + 1]
    assert "data-errors" not in body  # no script error on the page
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []


def test_db_second_run_scores_only_the_new_file(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    first = run_cli("batch", str(folder), "--db", str(db), "--no-progress")
    assert "7 documents scored" in first.stdout
    shutil.copy(FIXTURES / "fathom.txt", folder / "calls" / "fathom.txt")
    second = run_cli("batch", str(folder), "--db", str(db), "--no-progress")
    assert "1 documents scored" in second.stdout
    assert "7 skipped" in second.stdout
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        count = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        by_rep = conn.execute(
            "SELECT rep, month, COUNT(*), AVG(score) FROM documents GROUP BY rep, month"
        ).fetchall()
        findings = conn.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    assert count == 8 and by_rep and findings > 0


def test_db_scores_again_when_a_threshold_or_the_words_change(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    calls = str(folder / "calls")
    config = tmp_path / "tuned.yaml"

    def run(*extra: str) -> str:
        proc = run_cli("batch", calls, "--db", str(db), "--no-progress", *extra)
        return proc.stdout.splitlines()[0]

    assert run().startswith("2 documents scored")
    assert "2 skipped" in run()
    config.write_text("thresholds: {talk-ratio: {max-share: 0.9}}\n")
    assert run("--config", str(config)).startswith("2 documents scored")
    assert "2 skipped" in run("--config", str(config))
    pack = tmp_path / "words.yaml"
    pack.write_text("pack: words\nwords:\n  pleasantries: ['hiya']\n")
    assert run("--config", str(config), "--pack", str(pack)).startswith("2 documents scored")


def test_python_api_results_are_plain_and_picklable() -> None:
    import pickle

    from cxcoach import check_text, load_packs

    rules = load_packs()
    results = check_text("Thank you for your business. Act now!", rules=rules)
    again = pickle.loads(pickle.dumps(results))
    assert again == results
    assert {f.rule for f in results[0].findings} >= {
        "thank-you-for-your-business",
        "pushy-pressure",
    }
    assert isinstance(results[0].score, int)


def test_dask_bag_on_the_local_scheduler() -> None:
    db = pytest.importorskip("dask.bag")
    from cxcoach import check_text

    texts = [(EXAMPLES / name).read_text() for name in GOOD_FILES] * 3
    bag = db.from_sequence(texts, npartitions=2)
    scores = bag.map(lambda t: check_text(t)[0].score).compute(scheduler="processes")
    direct = [check_text(t)[0].score for t in texts]
    assert scores == direct


def test_progress_flag_is_accepted(folder: Path) -> None:
    env = dict(os.environ)
    proc = run_cli("batch", str(folder / "good-email.txt"), "--progress")
    assert proc.returncode == 0 and env is not None
    assert ROOT.exists()

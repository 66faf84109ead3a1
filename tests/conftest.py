from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# No test may depend on the speed of the machine: no per-example deadline, and no
# health check that fails a test because generating its data was slow (it is, on a
# loaded machine).
settings.register_profile("cxcoach", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cxcoach")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# Tests that read ../shared/corpus (real third-party texts, not shipped with the
# package) carry this marker. Without the corpus they are skipped with the reason,
# and the run ends with one line saying how many did not run, so a green run
# without the corpus cannot pass for a full one.
needs_corpus = pytest.mark.needs_corpus


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"needs_corpus: reads {CORPUS}; skipped, and counted at the end, without it"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the development corpus: {CORPUS} is absent")
    for item in items:
        if item.get_closest_marker("needs_corpus") is not None:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if CORPUS.is_dir():
        return
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "needs the development corpus" in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} corpus tests did not run: {CORPUS} is absent "
            "(their results are not part of this run)",
            yellow=True,
            bold=True,
        )


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["CXCOACH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


def run_cli(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess (exit codes, stderr, no traceback)."""
    env = dict(os.environ, NO_COLOR="1", **(env or {}))
    proc = subprocess.run(
        [sys.executable, "-m", "cxcoach", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=600,  # only ends a hung run
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def exit_code_for(report: dict[str, Any], fail_on: str = "warning") -> int:
    """The one exit code ``check`` must give with this ``--format json`` report: 1 when
    a finding is at or above ``fail_on`` (the default is warning), else 0. Tests that
    run many texts assert it instead of accepting either code."""
    rank = {"suggestion": 0, "warning": 1, "error": 2}
    levels = (f["level"] for file in report["files"] for f in file["findings"])
    return int(any(rank[level] >= rank[fail_on] for level in levels))


def wait_for(
    evidence: Callable[[], bool],
    what: str,
    *,
    alive: subprocess.Popen[str] | None = None,
    timeout: float = 300,
) -> None:
    """Poll ``evidence`` until it holds: tests that stop a process wait for a sign
    of progress, never for a fixed time (a fixed sleep is too short on a loaded
    machine and too long on a fast one, where the run has already finished).
    ``alive``: the process must still be running meanwhile (it did not finish or
    fail before the evidence showed). ``timeout`` only ends a hung test."""
    deadline = time.monotonic() + timeout
    while not evidence():
        if alive is not None and alive.poll() is not None:
            raise AssertionError(f"the process ended (exit {alive.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no sign of {what} after {timeout:.0f} s")
        time.sleep(0.01)


def call_text() -> str:
    """A timestamped sales call (from the shared corpus when present)."""
    corpus_call = CORPUS / "timestamped-crm-followup-call.txt"
    path = corpus_call if corpus_call.is_file() else FIXTURES / "otter.txt"
    return path.read_text(encoding="utf-8")


def make_big_jsonl(path: Path, count: int, *, prefix: str = "call") -> list[str]:
    """A JSONL export of ``count`` distinct calls (one write: cheap to build, long to
    score: thousands of documents keep a batch busy for seconds on any machine).
    Returns the document ids."""
    text = call_text()
    ids = [f"{prefix}-{i:05d}" for i in range(count)]
    lines = (
        json.dumps({"id": doc_id, "text": f"{text}\n[09:{i % 60:02d}] Mike: thanks {i}\n"})
        for i, doc_id in enumerate(ids)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def rows_written(target: Path, at_least: int = 1) -> Callable[[], bool]:
    """Evidence that a batch run has written ``at_least`` data rows to the hidden
    temp file of ``target`` (a CSV with a header line)."""

    def check() -> bool:
        for tmp in target.parent.glob(f".{target.name}.cxcoach-*.tmp"):
            try:
                if tmp.read_bytes().count(b"\n") > at_least:
                    return True
            except OSError:
                pass  # renamed or removed meanwhile
        return False

    return check


def db_rows(db: Path) -> int:
    """Documents stored in a batch --db database so far (0 before it exists)."""
    import sqlite3
    from contextlib import closing

    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(db, timeout=30)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # the schema is not written yet


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc; [] elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"

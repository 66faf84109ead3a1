"""What `cxcoach check` prints and exits with, for every known input, against a snapshot.

Refactoring (the application layer, packs split by situation, typed results) and
speed work must not change a single finding, score or exit code. The snapshot in
``tests/fixtures/findings-snapshot.json`` holds, for every file of examples/,
benchmarks/heldout, the test fixtures and ../shared/corpus, the exact ``check
--format json`` output (with the path made relative) and the exit code under the
default ``--fail-on``. A change of behaviour regenerates it on purpose, in the
commit that makes the change and says so:

    python tests/test_findings_snapshot.py

The corpus part needs ../shared/corpus; without it those entries are reported as
skipped, and the rest is still compared.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CORPUS, EXAMPLES, FIXTURES, ROOT, needs_corpus
from cxcoach.evaluate import reps_by_file

SNAPSHOT = FIXTURES / "findings-snapshot.json"
SKIP = {"README.md", "SOURCES.md", "labels.yaml", "findings-snapshot.json"}
SUFFIXES = {".txt", ".md", ".eml", ".mbox", ".vtt", ".srt", ".json", ".jsonl"}


def inputs(with_corpus: bool = True) -> list[tuple[str, Path, tuple[str, ...]]]:
    """(key, path, reps) of every input the snapshot covers, in a stable order."""
    out: list[tuple[str, Path, tuple[str, ...]]] = []
    groups = [
        ("examples", EXAMPLES),
        ("fixtures", FIXTURES),
        ("heldout", ROOT / "benchmarks" / "heldout"),
    ]
    if with_corpus and CORPUS.is_dir():
        groups.append(("corpus", CORPUS))
    for group, top in groups:
        reps: dict[str, tuple[str, ...]] = {}
        for path in sorted(top.rglob("*")):
            if not path.is_file() or path.name in SKIP or path.suffix not in SUFFIXES:
                continue
            if "schemas" in path.parts or "parse" in path.relative_to(top).parts[:1]:
                continue
            if not reps or path.parent != top:
                reps = reps_by_file(path.parent / "labels.yaml")
            key = f"{group}/{path.relative_to(top).as_posix()}"
            out.append((key, path, reps.get(path.name, ())))
    return out


def run_check(path: Path, reps: tuple[str, ...]) -> dict[str, object]:
    """The JSON output and exit code of ``cxcoach check`` on ``path`` (in process)."""
    from typer.testing import CliRunner

    from cxcoach.cli import app

    args = ["check", str(path), "--format", "json", "--no-config"]
    for rep in reps:
        args += ["--rep", rep]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    text = result.stdout.replace(str(path), path.name)
    try:
        output: object = json.loads(text)
    except ValueError:
        output = text
    return {"exit": result.exit_code, "output": output}


@lru_cache(maxsize=1)
def current() -> dict[str, dict[str, object]]:
    return {key: run_check(path, reps) for key, path, reps in inputs()}


def test_findings_match_the_snapshot() -> None:
    assert SNAPSHOT.is_file(), "no snapshot: run python tests/test_findings_snapshot.py"
    old = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    new = current()
    changed = sorted(k for k in new if k in old and old[k] != new[k])
    missing = sorted(k for k in old if k not in new and not k.startswith("corpus/"))
    added = sorted(k for k in new if k not in old)
    assert not changed, f"findings changed for {len(changed)} inputs: {changed[:10]}"
    assert not missing, f"inputs gone from the snapshot run: {missing[:10]}"
    assert not added, f"new inputs: regenerate the snapshot ({added[:10]})"


@needs_corpus
def test_corpus_part_ran() -> None:
    """Without the corpus this is skipped and counted: its snapshot entries were not compared."""
    assert any(k.startswith("corpus/") for k in current())


if __name__ == "__main__":
    import os
    import tempfile

    os.environ.setdefault("CXCOACH_CACHE_DIR", tempfile.mkdtemp())
    os.chdir(ROOT)
    data = current()
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({len(data)} inputs)")

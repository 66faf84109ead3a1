"""Batch throughput: MB/s and documents/s at --jobs 1 and --jobs 2, and peak memory.

Run by hand: ``python benchmarks/batch.py [--mb 50] [--keep DIR]``. Builds a
synthetic corpus by sampling and recombining ../shared/corpus texts (emails get
paragraphs from other emails, transcripts get runs of turns from other calls),
mixed as single files, one JSONL export and one mbox, then times whole
``cxcoach batch`` processes. Peak memory is the largest resident set of the run's
processes (``ru_maxrss`` of waited-for children), measured at two corpus sizes to
show whether it grows with the input.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load_corpus() -> tuple[list[str], list[list[str]]]:
    labels = {}
    try:
        import yaml

        labels = {e["file"]: e for e in yaml.safe_load((CORPUS / "labels.yaml").read_text())}
    except (ImportError, OSError):
        pass
    emails, transcripts = [], []
    for path in sorted(CORPUS.glob("*")):
        if path.name not in labels:
            continue
        text = path.read_text(encoding="utf-8")
        if labels[path.name]["kind"] == "transcript":
            lines = [line for line in text.splitlines() if line.strip()]
            transcripts.append(lines)
        else:
            emails.append(text)
    return emails, transcripts


def make_email(rng: random.Random, emails: list[str]) -> str:
    base = rng.choice(emails).split("\n\n")
    other = rng.choice(emails).split("\n\n")
    if len(base) > 2 and len(other) > 2:
        base[rng.randrange(1, len(base) - 1)] = rng.choice(other[1:-1])
    return "\n\n".join(base) + "\n"


def make_transcript(rng: random.Random, transcripts: list[list[str]]) -> str:
    lines = list(rng.choice(transcripts))
    extra = rng.choice(transcripts)
    start = rng.randrange(0, max(1, len(extra) - 6))
    cut = rng.randrange(0, len(lines))
    return "\n".join(lines[:cut] + extra[start : start + 6] + lines[cut:]) + "\n"


def build(root: Path, megabytes: float, seed: int = 7) -> tuple[int, int]:
    """Write the corpus under ``root``; return (bytes, documents)."""
    rng = random.Random(seed)
    emails, transcripts = load_corpus()
    root.mkdir(parents=True, exist_ok=True)
    size = docs = 0
    target = int(megabytes * 1_000_000)
    jsonl = open(root / "crm-export.jsonl", "w", encoding="utf-8")  # noqa: SIM115
    mbox = open(root / "inbox.mbox", "w", encoding="utf-8")  # noqa: SIM115
    reps = ["Dana Lee", "Sam Ortiz", "Priya Shah", "Marcus Cole"]
    while size < target:
        kind = rng.random()
        text = make_transcript(rng, transcripts) if kind < 0.5 else make_email(rng, emails)
        where = rng.random()
        if where < 0.7:
            folder = root / f"{docs // 1000:03d}"
            folder.mkdir(exist_ok=True)
            (folder / f"doc-{docs:06d}.txt").write_text(text, encoding="utf-8")
        elif where < 0.9:
            record = {
                "id": f"crm-{docs}",
                "text": text,
                "rep": rng.choice(reps),
                "date": f"2026-{rng.randint(1, 12):02d}-01",
            }
            jsonl.write(json.dumps(record) + "\n")
        else:
            body = text.replace("\nFrom ", "\n>From ")
            mbox.write(
                f"From rep@example.com Mon Mar  2 09:00:00 2026\nFrom: {rng.choice(reps)} "
                f"<rep@example.com>\nSubject: note {docs}\n\n{body}\n"
            )
        size += len(text.encode("utf-8"))
        docs += 1
    jsonl.close()
    mbox.close()
    return size, docs


def timed_run(root: Path, jobs: int, program: list[str] | None = None) -> tuple[float, float]:
    """(seconds, peak RSS MB of the run's processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [
            *(program or [sys.executable, "-m", "cxcoach"]),
            "batch",
            str(root),
            "--jobs",
            str(jobs),
            "--no-progress",
            "--no-config",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument(
        "--vs",
        help="another cxcoach executable (an older version's virtualenv): --jobs 1 runs of "
        "both in turn on the half corpus, and the median ratio of their times",
    )
    parser.add_argument("--pairs", type=int, default=5, help="paired runs for --vs")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"needs {CORPUS}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cxcoach-batch-"))
    try:
        small = work / "half"
        big = work / "full"
        size, docs = build(big, args.mb)
        half_size, half_docs = build(small, args.mb / 2, seed=11)
        print(
            f"corpus: {size / 1e6:.1f} MB, {docs} documents (and {half_size / 1e6:.1f} MB, "
            f"{half_docs} for the memory check)"
        )
        results = {}
        for jobs in (1, 2):
            elapsed, _ = timed_run(big, jobs)
            results[jobs] = elapsed
            print(
                f"  --jobs {jobs}: {elapsed:6.1f} s  {size / 1e6 / elapsed:6.2f} MB/s  "
                f"{docs / elapsed:7.1f} docs/s"
            )
        print(f"  speed-up 1 -> 2 workers: {results[1] / results[2]:.2f}x")
        if args.vs:
            ratios = []
            for _ in range(args.pairs):
                mine, _ = timed_run(small, 1)
                theirs, _ = timed_run(small, 1, [args.vs])
                ratios.append(mine / theirs)
            ratios.sort()
            print(
                f"  this / --vs, --jobs 1 on the half corpus: {ratios[len(ratios) // 2]:.2f}x "
                f"(median of {args.pairs} pairs; range {ratios[0]:.2f}-{ratios[-1]:.2f})"
            )
        # peak memory: separate processes so each measurement starts fresh
        for label, root in (("half", small), ("full", big)):
            code = (
                "import resource, subprocess, sys; subprocess.run([sys.executable, '-m', 'cxcoach',"
                f" 'batch', {str(root)!r}, '--jobs', '2', '--no-progress', '--no-config'],"
                " stdout=subprocess.DEVNULL);"
                " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
            )
            peak = float(
                subprocess.run(
                    [sys.executable, "-c", code], capture_output=True, text=True, check=True
                ).stdout.strip()
            )
            print(f"  peak RSS of one process, {label} corpus: {peak:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

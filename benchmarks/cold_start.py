"""Whole-process start-up: `cxcoach check <cold email>` vs `python -c pass` (and proselint).

Run by hand: ``python benchmarks/cold_start.py [--runs 15]``. Reports the median
wall time of each command over N runs (after one warm-up run, which also fills
the pack cache). Output goes to a pipe, as in a git hook, so the plain-text path
is measured. Not a test: machines are noisy; README records the figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMAIL = ROOT / "examples" / "cold-email.txt"


def median_ms(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True)  # warm-up (page cache, pack cache)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cxcoach = shutil.which("cxcoach")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "cxcoach check (console script)": [cxcoach or "cxcoach", "check", str(EMAIL)],
        "python -m cxcoach check": [sys.executable, "-m", "cxcoach", "check", str(EMAIL)],
    }
    proselint = shutil.which("proselint")
    if proselint:
        commands["proselint"] = [proselint, str(EMAIL)]
    if not cxcoach:
        del commands["cxcoach check (console script)"]
    print(f"median of {args.runs} runs, {EMAIL.name}")
    for name, cmd in commands.items():
        print(f"  {name:<32} {median_ms(cmd, args.runs):7.1f} ms")


if __name__ == "__main__":
    main()

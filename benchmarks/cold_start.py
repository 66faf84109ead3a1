"""Whole-process start-up of `cxcoach check` on the example emails.

Compared with `python -c pass`, and with proselint on the same file when it is installed.

Run by hand: ``python benchmarks/cold_start.py [--runs 15] [--vs OTHER_CXCOACH]``.
Reports the median wall time of each command over N runs (after one warm-up run,
which also fills the pack cache). ``--vs`` names another ``cxcoach`` executable
(an older version installed in its own virtualenv): the two then run in turn,
A B A B ..., and the median of the pair-by-pair ratios is printed, which keeps
the ratio meaningful on a machine whose speed drifts. Output goes to a pipe, as
in a git hook, so the plain-text path is measured. Not a test: machines are
noisy; docs/performance.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMAILS = [ROOT / "examples" / "cold-email.txt", ROOT / "examples" / "good-email.txt"]


# A user's Python writes bytecode caches (.pyc); this workplace sets
# PYTHONDONTWRITEBYTECODE=1, which would add ~30 ms of compiling to every run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_ms(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, env=ENV)  # warm-up: .pyc, page and pack caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=ENV)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def paired_ratio(a: list[str], b: list[str], runs: int) -> tuple[float, float, float]:
    """Median of A's time over B's, run in turn (and each command's median, ms)."""
    subprocess.run(a, capture_output=True, env=ENV)
    subprocess.run(b, capture_output=True, env=ENV)
    ratios, times_a, times_b = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(a, capture_output=True, env=ENV)
        middle = time.perf_counter()
        subprocess.run(b, capture_output=True, env=ENV)
        end = time.perf_counter()
        times_a.append((middle - start) * 1000)
        times_b.append((end - middle) * 1000)
        ratios.append((middle - start) / (end - middle))
    return statistics.median(ratios), statistics.median(times_a), statistics.median(times_b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--vs", help="another cxcoach executable to compare with, paired")
    args = parser.parse_args()
    cxcoach = shutil.which("cxcoach")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "cxcoach check (console script)": [cxcoach or "cxcoach", "check", "EMAIL"],
        "python -m cxcoach check": [sys.executable, "-m", "cxcoach", "check", "EMAIL"],
    }
    proselint = shutil.which("proselint")
    if proselint:
        commands["proselint check"] = [proselint, "check", "EMAIL"]
    if not cxcoach:
        del commands["cxcoach check (console script)"]
    for email in EMAILS:
        print(f"median of {args.runs} runs, {email.name}")
        for name, cmd in commands.items():
            cmd = [str(email) if part == "EMAIL" else part for part in cmd]
            print(f"  {name:<32} {median_ms(cmd, args.runs):7.1f} ms")
        if args.vs and cxcoach:
            ratio, a, b = paired_ratio(
                [cxcoach, "check", str(email)], [args.vs, "check", str(email)], args.runs
            )
            print(f"  this / --vs (paired)             {ratio:7.2f}x  ({a:.1f} ms vs {b:.1f} ms)")
        if proselint and cxcoach:
            ratio, a, b = paired_ratio(
                [cxcoach, "check", str(email)], [proselint, "check", str(email)], args.runs
            )
            print(f"  this / proselint (paired)        {ratio:7.2f}x  ({a:.1f} ms vs {b:.1f} ms)")


if __name__ == "__main__":
    main()

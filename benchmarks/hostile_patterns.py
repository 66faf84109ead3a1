"""Exponential user regexes against long lines: RE2 runs them in linear time, and a
runaway that needs Python's engine is cut off by the per-document budget.

Run by hand: ``python benchmarks/hostile_patterns.py [--kb 10]``.

For each pattern of a user pack it prints the engine it runs on and the time of
``check_text`` (that pack only, best of 3) on an email whose body is one line of
``--kb`` kilobytes crafted against it; beside it, Python's ``re`` on the same
pattern with a line of only 30 to 50 characters, to show what the pattern costs
where it backtracks. Nothing is asserted: the figures are for docs/performance.md.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from cxcoach.api import check_text
from cxcoach.packs import load_pack_file, load_packs, pattern_engines

# name -> (regex, a line of n characters crafted against it, n for Python's re)
PATTERNS = {
    "alt-star": ("(a|aa)*c", lambda n: "a" * n, 30),
    "word-star": (r"(\w+\s?)*$x", lambda n: "word " * (n // 5), 30),
    "runaway": ("(?=a)a*a*a*a*a*a*b", lambda n: "a" * n, 50),
}


def pack_text() -> str:
    rules = "".join(
        f"  - id: {name}\n    kind: pattern\n    level: warning\n    category: trust\n"
        f"    patterns: ['{regex}']\n    message: m\n    why: w\n    instead: i\n"
        for name, (regex, _, _) in PATTERNS.items()
    )
    return f"pack: hostile\nrules:\n{rules}"


def best(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=int, default=10)
    size = parser.parse_args().kb * 1000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.yaml"
        path.write_text(pack_text(), encoding="utf-8")
        engines = {e.where.split()[0]: e.engine for e in pattern_engines(load_pack_file(str(path)))}
        for name, (regex, line, short) in PATTERNS.items():
            rules = [r for r in load_packs([path], include_bundled=False) if r.id == name]
            text = f"Hi Ana,\n\n{line(size)}\n\nDana\n"
            problems: tuple[str, ...] = ()

            def run(text: str = text, rules: list = rules) -> None:  # type: ignore[type-arg]
                nonlocal problems
                problems = check_text(text, rules=rules)[0].problems

            took = best(run)
            compiled, sample = re.compile(regex), line(short)
            python = best(lambda c=compiled, s=sample: c.search(s), runs=1)
            outcome = "budget error" if problems else "done"
            print(
                f"{name:<10} {engines[name]:<6} {size // 1000} KB: {took:6.3f} s ({outcome})   "
                f"Python re on {short} chars: {python:6.3f} s"
            )


if __name__ == "__main__":
    main()

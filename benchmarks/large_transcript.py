"""Parse and check a ~1 MB call transcript (target: under a second on the 2-core machine).

Run by hand: ``python benchmarks/large_transcript.py [--mb 1]``. The transcript is
built by repeating the turns of the ../shared/corpus timestamped call (or a
built-in sample when the corpus is absent) back to back, each copy keeping the
call's own pace (its ``[mm:ss]`` stamps shifted by the copies before it) and
written as real ``[hh:mm:ss]`` stamps the parser reads, so every speaker line is a
turn: about 6,200 turns per MB (one turn every ~11 s, as in the call). Spoken text
runs at roughly 1 MB per 20 hours (5 MB is ~99 hours); past 99:59:59 the clock
starts again at 00:00:00 rather than writing a three-digit hour no transcript
format uses. Reports parse, check and total wall time (median of 5 in-process
runs, after one warm-up), plus a whole-process run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cxcoach.engine import check_document, compile_rules
from cxcoach.packs import load_packs
from cxcoach.parse import parse_document

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SAMPLE = """[00:00] Sarah: Hi Mike, thanks for making time. What's slowing your team down?
[00:05] Mike: Manual lead qualification. What does your tool cost?
[00:10] Sarah: Great question! Our platform really helps teams like yours. I'll get back to you.
"""


def build(megabytes: float) -> str:
    path = CORPUS / "timestamped-crm-followup-call.txt"
    base = path.read_text(encoding="utf-8") if path.exists() else SAMPLE
    lines = [line for line in base.splitlines() if line.strip()]
    stamps = [_seconds(line[1 : line.index("]")]) for line in lines if line.startswith("[")]
    length = max(stamps) + 5  # the last turn lasts a few seconds
    out: list[str] = []
    size = 0
    offset = 0
    while size < megabytes * 1_000_000:
        for line in lines:
            if line.startswith("["):
                at = (offset + _seconds(line[1 : line.index("]")])) % _ROLLOVER
                stamp = f"[{at // 3600:02d}:{at % 3600 // 60:02d}:{at % 60:02d}]"
                line = stamp + line[line.index("]") + 1 :]
            out.append(line)
            size += len(line) + 1
        offset += length
    return "\n".join(out) + "\n"


_ROLLOVER = 100 * 3600  # two-digit hours: start the clock again after 99:59:59


def _seconds(stamp: str) -> int:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    text = build(args.mb)
    ruleset = compile_rules(load_packs())
    timings = []
    for _ in range(6):
        t0 = time.perf_counter()
        doc = parse_document(text, rep_names=("Sarah",))
        t1 = time.perf_counter()
        findings = check_document(doc, ruleset)
        t2 = time.perf_counter()
        timings.append((t1 - t0, t2 - t1, t2 - t0))
    parse_s, check_s, total_s = (statistics.median(x) for x in zip(*timings[1:], strict=True))
    print(f"{len(text) / 1e6:.2f} MB, {len(doc.turns)} turns, {len(findings)} findings")
    print(f"  in process: parse {parse_s:.3f} s + check {check_s:.3f} s = {total_s:.3f} s")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cxcoach", "check", handle.name, "--rep", "Sarah", "-f", "json"],
        capture_output=True,
    )
    print(f"  whole process (cxcoach check --format json): {time.perf_counter() - start:.3f} s")
    Path(handle.name).unlink()


if __name__ == "__main__":
    main()

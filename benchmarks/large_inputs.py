"""Parse and check a 5 MB email thread and a 5 MB call transcript: time and memory.

Run by hand: ``python benchmarks/large_inputs.py [--mb 5] [--keep DIR]``.

- The email is one long reply thread, newest message first, as a mail client
  saves it after months of back and forth: every older message sits under a
  quote header in turn (Outlook ``From:/Sent:/To:/Subject:`` blocks with and
  without the ``____`` rule line, ``-----Original Message-----``, Lotus Notes
  ``Name@ORG / date / To: / cc: / Subject:`` headers, Gmail ``On ... wrote:`` with
  ``> `` quoted lines, forwarded messages), and each message has a greeting, a few
  hard-wrapped paragraphs, a sign-off, a signature block and often a legal
  disclaimer or a "Sent from my iPhone" line.
  A second email is the same thread with Lotus Notes headers only (Enron-era
  mail), which an email parser that misses those headers reads as one 5 MB
  message holding thousands of sign-offs.
- The transcript is ``large_transcript.build`` (the corpus call repeated with real
  ``[hh:mm:ss]`` stamps, one turn every ~11 s).

For each input it prints the parse time and the whole check (parse + all rules of
the bundled pack) in this process (best of 3), the turns and sentences found, and
the peak resident memory of a fresh ``cxcoach check --format json`` process on the
file, measured as ``ru_maxrss`` of a waited-for child (each measurement in its own
parent so the maxima do not mix), beside the same process on a one-line input.
Nothing is asserted: the figures are for docs/performance.md and the closing notes.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_transcript import build as build_transcript

from cxcoach.engine import check_document, compile_rules
from cxcoach.packs import load_packs
from cxcoach.parse import parse_document

PEOPLE = [
    ("Dana Lee", "dana.lee@ledgerly.example", "Account Executive", "Ledgerly"),
    ("Sally Beck", "sally.beck@acme.example", "VP Finance", "Acme Corp."),
    ("John Arnold", "john.arnold@acme.example", "Treasury Manager", "Acme Corp."),
    ("Vince Kaminski", "vince@northwind.example", "Controller", "Northwind Traders"),
    ("Priya Shah", "priya.shah@ledgerly.example", "Solutions Engineer", "Ledgerly"),
]
SENTENCES = [
    "Thanks for sending the Q3 storage report over on Friday.",
    "I went through the numbers with Mr. Kaminski and the team this morning.",
    "The reconciliation for the 47 bank accounts still takes about 5 days each month.",
    "Could you confirm whether the renewal covers the U.S. and U.K. entities?",
    "We agreed on $1,788.50 per month for the pilot, i.e. twelve seats.",
    "The export at https://portal.acme.example/reports/q3.csv has the raw figures.",
    "What would it take to get the audit trail in place before March?",
    "Our legal team reviewed the draft and left two comments on section 4.2.",
    "I’ll send the updated order form by Thursday at 3 pm.",
    "Does Tuesday at 10am work for a 30-minute review with your controller?",
    "The integration with NetSuite went live last week without issues.",
    "Please let me know if the schedule in the attached file is right.",
    "As discussed, the data retention policy is attached for your records.",
    "Jo Doe (jo.doe@acme.example) will own the rollout on your side.",
    "How are you handling the month-end close while the team is short-staffed?",
    "We can start the onboarding on the 15th if the paperwork is signed by then.",
]
SIGNOFFS = ["Best,", "Best regards,", "Thanks,", "Regards,", "Kind regards,", "Cheers,"]
DISCLAIMERS = [
    "This email and any attachments are confidential and intended solely for the use "
    "of the individual or entity to whom they are addressed. If you have received this "
    "email in error, please notify the sender and delete it.",
    "The information contained in this message is intended only for the recipient, and "
    "may be a confidential attorney-client communication or may otherwise be privileged "
    "and confidential and protected from disclosure.",
    "If you are not the intended recipient, you are hereby notified that any review, "
    "dissemination or copying of this email is strictly prohibited.",
    "Please consider the environment before printing this email.",
]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def _body(rng: random.Random, author: tuple[str, str, str, str], to: str) -> list[str]:
    name, address, title, company = author
    lines = [f"Hi {to.split()[0]},", ""]
    for _ in range(rng.randint(2, 5)):
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
        lines += [*textwrap.wrap(paragraph, 72, break_on_hyphens=False), ""]
    lines += [rng.choice(SIGNOFFS), name.split()[0]]
    if rng.random() < 0.7:
        lines += [name, f"{title} | {company}", "+1 (555) 010-2000", address]
        lines.append(f"https://www.{company.split()[0].lower().strip('.')}.example")
    if rng.random() < 0.5:
        lines += ["", *textwrap.wrap(rng.choice(DISCLAIMERS), 72)]
    if rng.random() < 0.2:
        lines += ["", "Sent from my iPhone"]
    return lines


def _header(style: int, author: tuple[str, ...], to: str, n: int) -> list[str]:
    name, address = author[0], author[1]
    day = DAYS[n % 5]
    date = f"{day}, Mar {n % 28 + 1}, 2026 at {n % 12 + 1}:{n % 60:02d} AM"
    subject = "RE: Q3 storage report and renewal"
    if style == 0:
        return [
            "________________________________",
            f"From: {name} <{address}>",
            f"Sent: {date.replace(' at', '')}",
            f"To: {to}",
            "Cc: Vince Kaminski",
            f"Subject: {subject}",
            "",
        ]
    if style == 1:
        return [
            "-----Original Message-----",
            f"From: {name} [mailto:{address}]",
            f"Sent: {date.replace(' at', '')}",
            f"To: {to}",
            f"Subject: {subject}",
            "",
        ]
    if style == 2:
        return [
            f"{name}@ECT",
            f"12/{n % 28 + 1:02d}/2000 10:{n % 60:02d} AM",
            f"To: {to}/HOU/ECT@ECT",
            "cc: Vince Kaminski/HOU/ECT@ECT",
            "Subject: Re: storage report",
            "",
        ]
    if style == 3:
        return [
            "---------- Forwarded message ---------",
            f"From: {name} <{address}>",
            f"Date: {date}",
            f"Subject: Fwd: {subject}",
            f"To: {to}",
            "",
        ]
    return [f"On {date} {name} <{address}> wrote:"]


def build_email(megabytes: float, seed: int = 7, styles: tuple[int, ...] = (0, 1, 2, 3, 4)) -> str:
    """A long top-posted thread of about ``megabytes`` MB (see the module docstring);
    ``styles`` picks the quote headers (2 alone: a Lotus Notes thread)."""
    rng = random.Random(seed)
    out = ["Subject: RE: Q3 storage report and renewal", ""]
    out += _body(rng, PEOPLE[0], PEOPLE[1][0])
    size = sum(len(line) + 1 for line in out)
    n = 0
    while size < megabytes * 1_000_000:
        n += 1
        author = PEOPLE[n % len(PEOPLE)]
        to = PEOPLE[(n + 1) % len(PEOPLE)][0]
        style = rng.choice(styles)
        block = ["", *_header(style, author, to, n)]
        body = _body(rng, author, to)
        if style == 4:  # Gmail quotes the older message with "> "
            body = [("> " + line).rstrip() for line in body]
        block += body
        out += block
        size += sum(len(line) + 1 for line in block)
    return "\n".join(out) + "\n"


def _best(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mb(path: Path, rep: str) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of a fresh ``cxcoach check`` process on ``path``."""
    command = [sys.executable, "-m", "cxcoach", "check", str(path), "--rep", rep]
    command += ["--format", "json", "--fail-on", "never", "--no-config"]
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _RSS, *command], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024, time.perf_counter() - start


_PARSE = """
import resource, sys, tracemalloc
from cxcoach.parse import parse_document
text = open(sys.argv[1], encoding="utf-8").read()
def status(key):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(key + ":"))
try:  # Linux: reset the high-water mark to the current RSS (the text already read)
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    before = status("VmRSS")
    peak = lambda: status("VmHWM")
except OSError:  # elsewhere: ru_maxrss, which may still hold the parent's size at fork
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if sys.argv[3] == "trace":
    tracemalloc.start()
doc = parse_document(text, rep_names=(sys.argv[2],))
traced = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
print(peak() - before, traced)
"""


def parse_memory_mb(path: Path, rep: str) -> tuple[float, float]:
    """Memory of ``parse_document`` alone, in a fresh process with the text already read:
    (growth of the peak RSS, peak of the Python allocations traced by tracemalloc)."""
    out = []
    for mode in ("rss", "trace"):
        run = subprocess.run(
            [sys.executable, "-c", _PARSE, str(path), rep, mode],
            capture_output=True,
            text=True,
            check=True,
        )
        rss_kb, traced = run.stdout.split()
        out.append(int(rss_kb) / 1024 if mode == "rss" else int(traced) / 2**20)
    return out[0], out[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the inputs into this folder")
    args = parser.parse_args()
    ruleset = compile_rules(load_packs())
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cxcoach-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    tiny = folder / "tiny.txt"
    tiny.write_text("Hi Sam, does Tuesday at 3pm work?\n", encoding="utf-8")
    base_rss, base_s = peak_rss_mb(tiny, "Dana")
    print(f"baseline: one-line email, fresh process {base_s:.2f} s, peak RSS {base_rss:.0f} MB")
    inputs = [
        ("email", build_email(args.mb), "Dana Lee"),
        ("email, Lotus Notes thread", build_email(args.mb, styles=(2,)), "Dana Lee"),
        ("transcript", build_transcript(args.mb), "Sarah"),
    ]
    for label, text, rep in inputs:
        path = folder / f"large-{label.split(',')[0]}-{len(text)}.txt"
        path.write_text(text, encoding="utf-8")
        doc = parse_document(text, rep_names=(rep,))
        parse_s = _best(args.runs, lambda t=text, r=rep: parse_document(t, rep_names=(r,)))
        check_s = _best(
            args.runs,
            lambda t=text, r=rep: check_document(parse_document(t, rep_names=(r,)), ruleset),
        )
        sentences = sum(len(t.sentences) for t in doc.turns)
        rss, wall = peak_rss_mb(path, rep)
        parse_rss, parse_traced = parse_memory_mb(path, rep)
        size = len(text.encode("utf-8")) / 1e6
        print(
            f"{label}: {size:.2f} MB, {len(doc.turns)} turns, {sentences} sentences\n"
            f"  in process: parse {parse_s:.2f} s, parse + check {check_s:.2f} s\n"
            f"  fresh process (cxcoach check -f json): {wall:.2f} s, peak RSS {rss:.0f} MB "
            f"({rss / size:.1f}x the input; {(rss - base_rss) / size:.1f}x above the "
            f"one-line baseline)\n"
            f"  parse alone, fresh process, text already read: peak RSS +{parse_rss:.0f} MB "
            f"({parse_rss / size:.1f}x the input), traced allocations {parse_traced:.0f} MB "
            f"({parse_traced / size:.1f}x)"
        )
    if args.keep is None:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()

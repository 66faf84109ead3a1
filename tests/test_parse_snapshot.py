"""The parsed Documents of the corpus, the fixtures and generated texts, against a snapshot.

Speed work on parse/ must not change what the parser produces. The snapshot in
``tests/fixtures/parse/snapshot.json`` holds, for every input, each Document's
kind, format, notices, first_touch, boilerplate, a hash of its masked text, and
every turn (speaker, role, offsets, times) with its sentences (offsets and
question kind). A change of behaviour regenerates it on purpose, in the commit
that makes the change and says so:

    python tests/test_parse_snapshot.py
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CORPUS, FIXTURES, needs_corpus
from cxcoach.evaluate import reps_by_file
from cxcoach.parse import parse_documents

SNAPSHOT = FIXTURES / "parse" / "snapshot.json"
SKIP = {"README.md", "SOURCES.md", "labels.yaml", "findings-snapshot.json"}


# ----------------------------------------------------------------------------- generated inputs

GREETINGS = ["Hi Sam,", "Hello Dana,", "Dear Ms. Lee,", "Jennifer,", "{{First_Name}},", ""]
SENTENCES = [
    "Thanks for the call on Tuesday.",
    "Mr. Smith of Acme Inc. paid $1,788.50 in the U.S. last year.",
    "See https://example.com/a.b?x=1 or mail jo.doe@example.com.",
    "Can you send the security review?",
    "what does your process look like",
    "Why? Because teams waste a day a week.",
    "Our platform includes:\n- lead scoring\n- forecasting",
    "We’re a leading platform — and it’s “best-in-class”.",
    "It costs 1.5\u00a0million per year…",
    "John F. Kennedy spoke. Then we left.",
    "Congrats on the Series B. How is hiring?",
    "I'll get back to you!",
    "Thank you for your business.",
    "Would Tuesday at 3pm work?",
    "The fee is 3 – 5% (approx. 4%).",
    "Quick question: how are you ramping reps?",
    "e.g. the Q3 report, i.e. the one from Sept. 3.",
    "<!-- cxcoach: disable=hedging --> Just wanted to check in.",
    "[inaudible] yes we do.",
]
SIGNOFFS = ["Best,", "Thanks,", "Regards,", "Best regards,", "Cheers!", "Thank you", ""]
SIGNATURES = [
    ["Sam"],
    ["Dana Lee", "Account Executive | Ledgerly", "+1 (555) 010-2000", "https://ledgerly.example"],
    ["-- ", "Sam Ortiz", "Acme Corp."],
    ["--", "{{sender_name}}", "{{calendar_link}}"],
    ["Sent from my iPhone"],
    [
        "This email and any attachments are confidential and intended solely",
        "for the addressee. If you are not the intended recipient, delete it.",
    ],
    ["To unsubscribe from these emails, click here."],
    [],
]
HEADERS = [
    ["On Mon, Mar 2, 2026 at 9:14 AM Dana Lee <dana@example.com> wrote:"],
    ["-----Original Message-----", "From: Sam Ortiz", "Sent: Monday, March 2, 2026", "To: Dana"],
    [
        "________________________________",
        "From: Sam Ortiz <sam@x.com>",
        "Sent: Monday",
        "To: Dana Lee",
        "Subject: RE: pilot",
    ],
    [
        "---------- Forwarded message ---------",
        "From: Kim <k@x.com>",
        "Date: Mon, Mar 2",
        "Subject: pricing",
        "To: Dana <d@y.com>",
    ],
    [
        "John Arnold@ECT",
        "12/04/2000 10:15 AM",
        "To: Sally Beck/HOU/ECT@ECT",
        "cc: Vince Kaminski/HOU/ECT@ECT",
        "Subject: Re: storage report",
    ],
    ["Sally Beck on 12/04/2000 10:15:21 AM", "To: John Arnold/HOU/ECT@ECT", "Subject: Re: x"],
    ["Begin forwarded message:", "", "From: Kim Park <k@x.com>", "Date: March 2", "To: Dana"],
]


def _message(rng: random.Random) -> list[str]:
    lines = [rng.choice(GREETINGS), ""]
    for _ in range(rng.randint(1, 3)):
        lines += [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))), ""]
    lines += [rng.choice(SIGNOFFS), *rng.choice(SIGNATURES)]
    if rng.random() < 0.3:
        lines += ["", *rng.choice(SIGNATURES)]
    return lines


def generated_email(seed: int) -> str:
    rng = random.Random(seed)
    lines = ["Subject: Re: pilot", ""] if rng.random() < 0.3 else []
    lines += _message(rng)
    for _ in range(rng.randint(0, 3)):
        style = rng.randrange(len(HEADERS) + 2)
        body = _message(rng)
        if style >= len(HEADERS):  # "> " quoting at depth 1 or 2
            marker = ">" * (style - len(HEADERS) + 1) + " "
            lines += ["", *[(marker + line).rstrip() for line in body]]
        else:
            lines += ["", *HEADERS[style], "", *body]
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    return newline.join(lines) + newline


def generated_transcript(seed: int) -> tuple[str, str]:
    rng = random.Random(seed)
    fmt = rng.choice(["speaker-lines", "stamped", "vtt", "srt", "otter", "fireflies", "fathom"])
    names = rng.choice([["Dana Lee", "Sam Ortiz"], ["REP", "PROSPECT"], ["Agent", "Customer"]])
    parts = ["WEBVTT", ""] if fmt == "vtt" else []
    t = 0
    for i in range(rng.randint(2, 12)):
        name = names[i % 2] if rng.random() < 0.8 else names[(i + 1) % 2]
        words = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.15:
            words = rng.choice(["[Screen sharing]", "*shares screen*", "(laughs)", "[inaudible]"])
        t += rng.randint(2, 40)
        hms = f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
        ms = f"{t // 60}:{t % 60:02d}"
        if fmt == "speaker-lines":
            parts.append(f"{name}: {words}")
        elif fmt == "stamped":
            parts.append(f"[{hms}] {name}: {words}")
        elif fmt in ("vtt", "srt"):
            sep = "." if fmt == "vtt" else ","
            parts += [str(i + 1), f"{hms}{sep}000 --> {hms}{sep}900", f"{name}: {words}", ""]
        elif fmt == "otter":
            parts += [f"{name}  {ms}", words, ""]
        elif fmt == "fireflies":
            parts += [f"{name} ({ms})", words, ""]
        else:
            parts += [f"{ms} - {name} (Acme)", words, ""]
    detected = {"stamped": "speaker-lines"}.get(fmt, fmt)
    return "\n".join(parts) + "\n", detected


def inputs() -> list[tuple[str, str, tuple[str, ...], str | None]]:
    """(key, text, rep names, input format) of every input in the snapshot."""
    out: list[tuple[str, str, tuple[str, ...], str | None]] = []
    if CORPUS.is_dir():
        reps = reps_by_file(CORPUS / "labels.yaml")
        for path in sorted(CORPUS.iterdir()):
            if path.name not in SKIP and path.is_file():
                text = path.read_text(encoding="utf-8")
                out.append((f"corpus/{path.name}", text, reps.get(path.name, ()), None))
    for path in sorted(FIXTURES.iterdir()):
        if path.is_file() and path.name != "findings-snapshot.json":  # an output, not an input
            out.append((f"fixtures/{path.name}", path.read_text(encoding="utf-8"), ("Dana",), None))
    for seed in range(60):
        out.append((f"generated/email-{seed}", generated_email(seed), ("Dana Lee",), None))
    for seed in range(40):
        text, fmt = generated_transcript(seed)
        out.append((f"generated/transcript-{seed}", text, ("Dana Lee", "REP", "Agent"), fmt))
    return out


def describe(text: str, rep: tuple[str, ...], fmt: str | None, name: str) -> list[dict[str, Any]]:
    """A JSON-ready description of the Documents parsed from ``text``."""
    out = []
    for label, doc in parse_documents(text, rep_names=rep, input_format=fmt, name=name):
        out.append(
            {
                "label": label,
                "kind": doc.kind,
                "format": doc.format,
                "notices": list(doc.notices),
                "first_touch": doc.first_touch,
                "boilerplate": [list(span) for span in getattr(doc, "boilerplate", ())],
                "text_sha1": hashlib.sha1(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
                "turns": [
                    {
                        "speaker": turn.speaker,
                        "role": turn.role,
                        "span": [turn.start, turn.end],
                        "times": [turn.time_start, turn.time_end],
                        "sentences": [[s.start, s.end, s.question] for s in turn.sentences],
                    }
                    for turn in doc.turns
                ],
            }
        )
        assert len(doc.text) == len(doc.source) == len(text)
        for turn in doc.turns:
            assert turn.text == doc.text[turn.start : turn.end]
            for sentence in turn.sentences:
                assert sentence.text == doc.text[sentence.start : sentence.end]
    return out


@lru_cache(maxsize=1)
def expected() -> dict[str, list[dict[str, Any]]]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def current() -> dict[str, list[dict[str, Any]]]:
    return {
        key: describe(text, rep, fmt, key.rsplit("/", 1)[-1]) for key, text, rep, fmt in inputs()
    }


CASES = inputs()


@pytest.mark.parametrize(("key", "text", "rep", "fmt"), CASES, ids=[c[0] for c in CASES])
def test_document_matches_snapshot(
    key: str, text: str, rep: tuple[str, ...], fmt: str | None
) -> None:
    snapshot = expected()
    assert key in snapshot, f"{key} is not in the snapshot: regenerate it"
    assert describe(text, rep, fmt, key.rsplit("/", 1)[-1]) == snapshot[key]


@needs_corpus
def test_snapshot_covers_the_corpus() -> None:
    names = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in SKIP}
    assert {f"corpus/{n}" for n in names} <= expected().keys()


if __name__ == "__main__":
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    data = current()
    body = ",\n".join(
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()
    )
    SNAPSHOT.write_text("{\n" + body + "\n}\n", encoding="utf-8")
    print(f"wrote {len(data)} inputs to {SNAPSHOT}")

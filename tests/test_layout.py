"""Layout-proof detection: every rule example keeps its verdict when re-wrapped.

Plain-text mail is hard-wrapped (git send-email drafts at 72 columns), people
type two spaces, phones type curly apostrophes, and a quoted reply puts '>' on
every line. For every bundled phrase, pattern, tagged, sequence and answered rule, each
``fires`` example re-wrapped at any width from 20 to 80 columns, with random
double spaces and curly apostrophes (and its quoted history re-wrapped with
'> ' markers), still fires, and each ``silent`` example stays silent.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcoach.engine import RuleSet, check_document, compile_rules
from cxcoach.model import Example, Rule
from cxcoach.packs import load_packs, load_words
from cxcoach.parse import parse_document

KINDS = ("phrase", "pattern", "tagged", "sequence", "answered")
RULES = [r for r in load_packs() if r.kind in KINDS]
WORDS = load_words()
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{expected}-{example.line}")
    for rule in RULES
    for expected, examples in (("fires", rule.fires), ("silent", rule.silent))
    for example in examples
]
# lines kept as they are: headers, attributions, greetings, sign-offs, markdown rules
_KEEP = re.compile(
    r"^(?:[A-Z][\w-]*: |On .* wrote:|-{2,}|\s*$|(?:hi|hello|hey|dear|thanks|best|regards|cheers)\b"
    r"[^.!?]{0,30}[,!]?$|WEBVTT|\d+$|[\d:.,]+ --> )",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^((?:\[[\d:]+\]\s*)?(?:\*\*)?[A-Za-z][\w .'-]{0,30}(?:\*\*)?:\s+)(.*)$")


@cache
def ruleset(rule_id: str, company: tuple[str, ...], situation: str | None) -> RuleSet:
    rule = next(r for r in RULES if r.id == rule_id)
    return compile_rules([rule], company=company, words=WORDS, situation=situation)


def reflow(text: str, width: int, doubles: frozenset[int], curly: bool) -> str:
    """Re-wrap every paragraph of ``text`` at ``width`` columns, keeping its structure
    (speaker labels, '> ' quote markers, headers, greetings and sign-offs)."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    counter = 0

    def mess(words: str) -> str:
        nonlocal counter
        pieces = words.split(" ")
        glued = []
        for piece in pieces:
            counter += 1
            glued.append(piece + (" " if counter in doubles else ""))
        result = " ".join(glued).replace("  ", "  ")
        return result.replace("'", "’") if curly else result

    while i < len(lines):
        line = lines[i]
        quote = re.match(r"^((?:> ?)+)(.*)$", line)
        if quote:
            prefix = quote.group(1).rstrip() + " "
            body = [quote.group(2)]
            while i + 1 < len(lines) and lines[i + 1].startswith(quote.group(1).rstrip()):
                nxt = re.match(r"^((?:> ?)+)(.*)$", lines[i + 1])
                if nxt is None or nxt.group(1).rstrip() != quote.group(1).rstrip():
                    break
                if _KEEP.match(nxt.group(2)) or not nxt.group(2).strip():
                    break
                body.append(nxt.group(2))
                i += 1
            if _KEEP.match(body[0]) and len(body) == 1:
                out.append(line)
            else:
                wrapped = textwrap.wrap(
                    " ".join(body), max(8, width - len(prefix)), break_long_words=False
                )
                out.extend(prefix + mess(w) for w in wrapped)
            i += 1
            continue
        label = _LABEL.match(line)
        if label and not _KEEP.match(line[len(label.group(1)) :] or "x"):
            head, rest = label.groups()
            wrapped = textwrap.wrap(rest, max(8, width - len(head)), break_long_words=False) or [""]
            out.append(head + mess(wrapped[0]))
            out.extend(mess(w) for w in wrapped[1:])
            i += 1
            continue
        if _KEEP.match(line) or len(line) <= width:
            out.append(mess(line) if not _KEEP.match(line) else line)
            i += 1
            continue
        out.extend(mess(w) for w in textwrap.wrap(line, width, break_long_words=False))
        i += 1
    return "\n".join(out)


def fires(rule: Rule, example: Example, text: str) -> bool:
    doc = parse_document(text, input_format=example.input_format, rep_names=example.rep)
    found = check_document(doc, ruleset(rule.id, example.company, example.situation))
    return any(f.rule == rule.id for f in found)


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    width=st.integers(20, 80),
    doubles=st.frozensets(st.integers(1, 60), max_size=6),
    curly=st.booleans(),
)
def test_verdict_survives_rewrapping(
    rule: Rule, example: Example, expected: str, width: int, doubles: frozenset[int], curly: bool
) -> None:
    text = reflow(example.text, width, doubles, curly)
    assert fires(rule, example, text) == (expected == "fires"), text


def test_reflow_really_wraps() -> None:
    text = "Hi Ana,\n\nThank you for your business, we'll ship the order to you on Monday morning."
    wrapped = reflow(text, 20, frozenset({2}), True)
    assert wrapped.startswith("Hi Ana,\n\n")
    assert all(len(line) <= 22 for line in wrapped.split("\n"))
    assert "’" in wrapped and "  " in wrapped
    quoted = reflow(
        "On Mon, Mar 2, 2026 at 9:14 AM Dana <d@x.com> wrote:\n> " + "word " * 20,
        30,
        frozenset(),
        False,
    )
    assert all(line.startswith("> ") for line in quoted.split("\n")[1:])

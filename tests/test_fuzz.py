"""Random text never crashes `check`, and findings stay inside the text."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcoach.engine import check_document, compile_rules
from cxcoach.inputs import decode
from cxcoach.packs import load_packs
from cxcoach.parse import parse_document

RULES = compile_rules(load_packs(), company=("Acme",))
WORDS = [
    "thank",
    "you",
    "for",
    "your",
    "business",
    "act",
    "now",
    "{{first_name}}",
    "[Company]",
    "policy",
    "our",
    "platform",
    "helps",
    "I'll",
    "get",
    "back",
    "to",
    "you",
    ">",
    "On",
    "wrote:",
    "-- ",
    "\n",
    "\r\n",
    "\n\n",
    "?",
    ".",
    "Mr.",
    "Hi",
    "Dear",
    "Acme",
    "we're",
    "a",
    "leading",
    "’",
    "\t",
    "\x00",
    "\x0b",
    "é",
    "İ",
    "ß",
    "🙂",
]


def assert_in_bounds(text: str) -> None:
    doc = parse_document(text)
    assert len(doc.text) == len(doc.source) == len(text)
    lines = text.split("\n")
    for f in check_document(doc, RULES):
        assert 0 <= f.start < f.end <= len(text)
        assert 1 <= f.line <= f.end_line <= len(lines)
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1
        assert f.snippet == text[f.start : f.end]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_unicode(text: str) -> None:
    assert_in_bounds(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=200).map(" ".join))
def test_random_salesy_text(text: str) -> None:
    assert_in_bounds(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_decode_or_clean_error(data: bytes) -> None:
    from cxcoach.model import CxError

    try:
        text = decode(data, "x")
    except CxError as exc:
        assert str(exc).startswith("x: ")
        return
    assert_in_bounds(text)


@pytest.mark.slow
def test_one_megabyte_inputs() -> None:
    rng = random.Random(7)
    long_line = "".join(rng.choice(WORDS) + " " for _ in range(200_000))[:1_000_000]
    assert_in_bounds(long_line)  # one very long line
    many_lines = "\n".join(" ".join(rng.choices(WORDS, k=12)) for _ in range(20_000))
    assert_in_bounds(many_lines[:1_000_000])

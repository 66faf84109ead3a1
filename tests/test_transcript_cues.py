"""Stage directions and non-verbal cues in call turns are blanked; placeholders are not.

"[Screen sharing]", "[inaudible]", "(laughs)", "*typing*" are what happened, not
what was said: they must not become words, sentences or unfilled placeholders, and
a turn of nothing else (or of "um", "mm-hmm") is recognisably non-verbal.
"""

from __future__ import annotations

import pytest

from cxcoach.model import Document, Turn
from cxcoach.parse import parse_document
from cxcoach.parse.cues import is_cue

CUES = [
    "[Screen sharing]",
    "[inaudible]",
    "[crosstalk]",
    "(laughs)",
    "[pause]",
    "[music]",
    "*typing*",
    "[background noise]",
    "[inaudible 00:01:23]",
    "(both laugh)",
    "[Long pause]",
]


def parse(text: str, fmt: str = "speaker-lines") -> Document:
    doc = parse_document(text, input_format=fmt, rep_names=("Dana",))
    assert len(doc.text) == len(doc.source) == len(text)
    for turn in doc.turns:
        assert turn.text == doc.text[turn.start : turn.end]
    return doc


@pytest.mark.parametrize("cue", CUES)
def test_a_cue_inside_a_turn_is_blanked(cue: str) -> None:
    text = f"Dana: Thanks for joining. {cue} So this is the dashboard.\nPat: Looks good.\n"
    doc = parse(text)
    at = text.index(cue)
    assert doc.text[at : at + len(cue)] == " " * len(cue)
    assert [" ".join(s.text.split()) for s in doc.turns[0].sentences] == [
        "Thanks for joining.",
        "So this is the dashboard.",
    ]


@pytest.mark.parametrize("cue", CUES)
def test_a_turn_of_only_a_cue_is_kept_and_not_verbal(cue: str) -> None:
    doc = parse(f"Pat: How much is the Pro plan per seat?\nDana: {cue}\nPat: Sorry, go ahead.\n")
    assert [t.speaker for t in doc.turns] == ["Pat", "Dana", "Pat"]
    quiet = doc.turns[1]
    assert not quiet.verbal and quiet.sentences == ()
    assert doc.source[quiet.start : quiet.end] == cue


@pytest.mark.parametrize(
    ("words", "verbal"),
    [
        ("Um... uh", False),
        ("Mm-hmm.", False),
        ("…", False),
        ("Uh-huh", False),
        ("Um, 20 seats.", True),
        ("Yes.", True),
        ("40", True),
    ],
)
def test_fillers_alone_are_not_verbal(words: str, verbal: bool) -> None:
    doc = parse(f"Pat: How many seats do you need?\nDana: {words}\n")
    assert doc.turns[1].verbal is verbal


def test_verbal_reads_the_turn_text() -> None:
    assert Turn("Dana", "rep", 0, 3, "   ").verbal is False
    assert Turn("Dana", "rep", 0, 9, "Um, sure.").verbal is True


@pytest.mark.parametrize(
    "fmt_text",
    [
        ("vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana>[Screen sharing] Here it is.\n"),
        ("srt", "1\n00:00:01,000 --> 00:00:04,000\nDana: (laughs) Here it is.\n"),
        ("otter", "Dana  0:01\n*typing* Here it is.\n\nPat  0:05\nThanks.\n"),
        ("speaker-lines", "[00:00:01] Dana: [inaudible] Here it is.\n[00:00:05] Pat: Thanks.\n"),
    ],
)
def test_every_transcript_format_blanks_cues(fmt_text: tuple[str, str]) -> None:
    fmt, text = fmt_text
    doc = parse(text, fmt)
    assert [s.text for s in doc.turns[0].sentences] == ["Here it is."]


@pytest.mark.parametrize(
    "bracket",
    ["[First Name]", "[Company]", "[Company name]", "[link]", "[Acme Corp]", "[Speaker 2]"],
)
def test_placeholders_in_brackets_are_not_cues(bracket: str) -> None:
    assert not is_cue(bracket[1:-1], square=True)
    text = f"Dana: Hi {bracket}, thanks for joining.\nPat: Sure.\n"
    doc = parse(text)
    at = text.index(bracket)
    assert doc.text[at : at + len(bracket)] == bracket


@pytest.mark.parametrize("aside", ["(about 20 seats)", "(which is fine)", "*really*"])
def test_spoken_asides_in_parentheses_or_stars_are_words(aside: str) -> None:
    text = f"Dana: We need {aside} by Friday.\nPat: Sure.\n"
    doc = parse(text)
    at = text.index(aside)
    assert doc.text[at : at + len(aside)] == aside


def test_email_placeholders_are_never_masked() -> None:
    text = "Hi [First Name],\n\n{{company}} is growing fast [inaudible]. Free on Tuesday?\n"
    doc = parse_document(text, input_format="email")
    assert doc.text == text


def test_a_cue_is_not_an_unfilled_placeholder() -> None:
    from cxcoach.engine import check_document, compile_rules
    from cxcoach.packs import load_packs

    rules = compile_rules([r for r in load_packs() if r.kind == "pattern"], situation="sales")
    text = "Dana: Hi Pat. [Screen sharing] [Background Noise] Here is the plan.\nPat: Thanks.\n"
    assert [f.rule for f in check_document(parse(text), rules)] == []


def test_a_non_verbal_rep_turn_is_not_an_answer() -> None:
    from cxcoach.engine import check_document, compile_rules
    from cxcoach.packs import load_packs

    rules = compile_rules([r for r in load_packs() if r.kind == "answered"], situation="sales")
    text = (
        "Pat: How much is the Pro plan per seat per month?\nDana: [crosstalk]\n"
        "Pat: Go ahead.\nDana: It's $40 per seat per month, billed yearly.\n"
    )
    assert [f.rule for f in check_document(parse(text), rules)] == []

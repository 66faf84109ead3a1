"""Email structure: greetings, sign-offs, signatures, disclaimers and quote headers.

Every case is also checked hard-wrapped at 72 and at 33 columns, the widths of
plain-text mail clients and of the narrowest phone-composed replies we have seen:
a wrapped line must never change what the rules read.
"""

from __future__ import annotations

import textwrap

import pytest

from cxcoach.model import Document
from cxcoach.parse import parse_document

WIDTHS = [None, 72, 33]


def wrap(text: str, width: int | None) -> str:
    """``text`` with each paragraph (a run of lines without blank lines) wrapped at
    ``width``; short lines such as a greeting, a sign-off or a signature stay as
    they are, as a mail client leaves them."""
    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        out.append(textwrap.fill(line, width) if len(line) > width else line)
    return "\n".join(out)


def flat(text: str) -> str:
    return " ".join(text.split())


def sentences(doc: Document, turn: int = -1) -> list[str]:
    return [flat(s.text) for s in doc.turns[turn].sentences]


def parse(text: str) -> Document:
    doc = parse_document(text, input_format="email")
    assert len(doc.text) == len(doc.source)
    return doc


# ----------------------------------------------------------------------------- greetings

GREETING_WITH_CONTENT = (
    "Hi Dana, for 20 seats it's $2,400 a year and onboarding is included for every team.\n"
    "Can we start on Monday?\n\nBest,\nSam\n"
)


@pytest.mark.parametrize("width", WIDTHS)
def test_words_after_the_greeting_on_its_line_are_read(width: int | None) -> None:
    doc = parse(wrap(GREETING_WITH_CONTENT, width))
    assert sentences(doc) == [
        "for 20 seats it's $2,400 a year and onboarding is included for every team.",
        "Can we start on Monday?",
    ]


def test_greeting_wrapped_into_a_short_first_line_is_not_a_greeting() -> None:
    doc = parse("Hi Dana, for 20 seats\nit's $2,400 a year.\n\nCan we start Monday?\n")
    assert sentences(doc)[0] == "for 20 seats it's $2,400 a year."


@pytest.mark.parametrize(
    "greeting",
    [
        *("Hi Dana,", "Dear Ms. Lee,", "Good morning Dana and team,", "{{First_Name}},"),
        *("Jennifer,", "Hi Dana", "Hi Dana, great news!", "Hey there:", "To whom it may concern,"),
    ],
)
@pytest.mark.parametrize("blank", ["\n", ""])
def test_a_short_greeting_line_is_not_a_sentence(greeting: str, blank: str) -> None:
    doc = parse(f"{greeting}\n{blank}The pilot starts Monday. Does 10am work?\n")
    assert sentences(doc) == ["The pilot starts Monday.", "Does 10am work?"]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Hello, I'm Sam from Acme.", "I'm Sam from Acme."),
        ("Hi Dana, got a minute?", "got a minute?"),
        ("Hey I wanted to ask about the pilot, is it still on?", None),
    ],
)
def test_a_greeting_line_that_holds_a_sentence_keeps_it(first: str, expected: str | None) -> None:
    doc = parse(f"{first}\n\nThe pilot starts Monday.\n")
    assert sentences(doc)[0] == (expected or first)


def test_an_answer_word_on_the_first_line_is_not_a_greeting() -> None:
    doc = parse("Yes,\nwe can do Tuesday at 3pm.\n")
    assert sentences(doc) == ["Yes, we can do Tuesday at 3pm."]


# ----------------------------------------------------------------------------- the last line

WRAPPED_BODY = (
    "Hi Dana,\n\nThe pilot covers two teams and runs for six weeks. Next step is a kickoff "
    "with Mr. Kim and Ms. Brown.\n"
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("last", ["Ms. Brown.", "us on Friday."])
def test_a_wrapped_last_line_is_not_a_signature_name(width: int | None, last: str) -> None:
    doc = parse(wrap(WRAPPED_BODY.replace("Ms. Brown.", last), width))
    assert sentences(doc)[-1].endswith(last)


@pytest.mark.parametrize(("last", "line"), [("Ms. Brown.", "Brown."), ("us on Friday.", "Friday.")])
def test_the_33_column_wrap_really_ends_on_one_word(last: str, line: str) -> None:
    assert wrap(WRAPPED_BODY.replace("Ms. Brown.", last), 33).rstrip().endswith("\n" + line)


@pytest.mark.parametrize("before", ["See you Tuesday.\n\n", "See you Tuesday.\n"])
def test_a_name_after_a_blank_line_or_a_full_stop_signs_the_message(before: str) -> None:
    doc = parse(f"Hi Sam,\n\nThe pilot is booked. {before}Dana Lee\n")
    assert sentences(doc) == ["The pilot is booked.", "See you Tuesday."]

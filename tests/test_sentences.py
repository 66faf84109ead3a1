from __future__ import annotations

import pytest

from cxcoach.parse.sentences import make_sentences, question_kind, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_numbers_urls_emails() -> None:
    text = (
        "Mr. Smith of Acme Inc. paid $1,788.50 in the U.S. last year. "
        "See https://example.com/a.b?x=1 or mail jo.doe@example.com. "
        "E.g. the Q3 report, i.e. the one from Sept. 3. Done!"
    )
    assert sentences(text) == [
        "Mr. Smith of Acme Inc. paid $1,788.50 in the U.S. last year.",
        "See https://example.com/a.b?x=1 or mail jo.doe@example.com.",
        "E.g. the Q3 report, i.e. the one from Sept. 3.",
        "Done!",
    ]


def test_bullets_and_paragraphs() -> None:
    text = "Our platform includes:\n- lead scoring\n- forecasting\n\nWrapped line\ncontinues here."
    assert sentences(text) == [
        "Our platform includes:",
        "- lead scoring",
        "- forecasting",
        "Wrapped line\ncontinues here.",
    ]


def test_initials_and_series_letters() -> None:
    assert sentences("John F. Kennedy spoke. Then we left.") == [
        "John F. Kennedy spoke.",
        "Then we left.",
    ]
    assert sentences("Congrats on the Series B. How is hiring?") == [
        "Congrats on the Series B.",
        "How is hiring?",
    ]


@pytest.mark.parametrize(
    ("text", "unpunctuated", "expected"),
    [
        ("What's the impact been?", False, "open"),
        ("Can you tell me a bit about your challenges?", False, "open"),
        ("How many reps do you have?", False, "closed"),
        ("Quick question: how are you ramping reps?", False, "open"),
        ("Are you free Tuesday?", False, "closed"),
        ("I wonder what time it is.", True, None),
        ("what does your process look like", True, "open"),
        ("can you send the deck", True, "closed"),
        ("We can send the deck.", True, None),
        ("Great call today.", False, None),
    ],
)
def test_question_kind(text: str, unpunctuated: bool, expected: str | None) -> None:
    assert question_kind(text, unpunctuated=unpunctuated) == expected


def test_rhetorical_why_because_is_not_a_question() -> None:
    text = "Why? Because teams waste a day a week. What do you see?"
    out = make_sentences(text, 0, len(text))
    assert [s.question for s in out] == [None, None, "open"]

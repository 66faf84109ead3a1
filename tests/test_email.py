"""Drafts: quoted lines, the quoted tail after "On ... wrote:" and signatures are not coached."""

from __future__ import annotations

from cxcoach.engine import check_document, compile_rules
from cxcoach.packs import load_packs
from cxcoach.parse import parse_document

# the wording rules (not the metric ones, which judge a whole email's shape)
RULES = compile_rules([r for r in load_packs() if r.kind != "metric"])


def rules_fired(text: str) -> list[tuple[str, int]]:
    doc = parse_document(text)
    return [(f.rule, f.line) for f in check_document(doc, RULES)]


def test_quoted_lines_are_not_coached() -> None:
    text = "Sounds good, see you Tuesday at 3pm.\n\n> Thank you for your business!\n> Act now.\n"
    assert rules_fired(text) == []


def test_tail_after_on_wrote_is_not_coached() -> None:
    text = (
        "Great, the invite is out for Tuesday at 3pm.\n\n"
        "On Mon, Mar 2, 2026 at 9:14 AM Dana Lee <dana@example.com> wrote:\n"
        "Thanks for your business last year. Act now!\n"
    )
    assert rules_fired(text) == []


def test_outlook_original_message_is_not_coached() -> None:
    text = (
        "Attached is the plan for Tuesday.\n\n-----Original Message-----\n"
        "From: Dana Lee\nSent: Monday, March 2, 2026 9:14 AM\nTo: Sam\nSubject: plan\n\n"
        "That's our policy, act now.\n"
    )
    assert rules_fired(text) == []


def test_signature_after_dash_dash_is_not_coached() -> None:
    text = "See you Tuesday at 3pm.\n\n-- \nSam | Act now: limited time offer!\n"
    assert rules_fired(text) == []


def test_draft_above_the_quote_is_coached() -> None:
    text = "Thank you for your business.\n\n> Can you send pricing?\n"
    # the draft is coached, and the quoted prospect question it skipped is pointed at
    assert rules_fired(text) == [("thank-you-for-your-business", 1), ("unanswered-question", 3)]


def test_offsets_map_to_original_lines() -> None:
    text = "Subject: hello\n\nHi Bo,\n\nline three\nwe will act now\n"
    doc = parse_document(text)
    assert len(doc.text) == len(doc.source)
    assert rules_fired(text) == [("pushy-pressure", 6)]


def test_greeting_and_signoff_are_not_sentences() -> None:
    doc = parse_document("Hi Bo,\n\nThe plan is attached. Can we talk Tuesday?\n\nBest,\nSam\n")
    assert [s.text for s in doc.turns[-1].sentences] == [
        "The plan is attached.",
        "Can we talk Tuesday?",
    ]


def test_forwarded_history_is_not_a_question_to_answer() -> None:
    text = (
        "Team, the pricing thread is below; Dana will answer it today.\n\n"
        "---------- Forwarded message ---------\nFrom: Sam Ortiz <sam@x.com>\n"
        "Date: Mon, Mar 2, 2026 at 9:00 AM\nSubject: pricing\nTo: Dana <d@y.com>\n\n"
        "What would 20 seats cost?\n"
    )
    doc = parse_document(text)
    assert [t.role for t in doc.turns] == ["unknown", "rep"]
    assert "unanswered-question" not in [r for r, _ in rules_fired(text)]

"""Metric arithmetic with hand-computed expectations, and the metric rules' edges."""

from __future__ import annotations

import pytest

from cxcoach.engine import analyze, compile_rules
from cxcoach.metrics import compute, grade_level, words
from cxcoach.packs import load_packs
from cxcoach.parse import parse_document

RULES = {r.id: r for r in load_packs()}


def fired(text: str, rule_id: str, situation: str = "sales", **kw) -> bool:  # type: ignore[no-untyped-def]
    """Does the rule fire? The arithmetic is tested in a sales conversation (the
    situation is decided per document elsewhere, see test_situation)."""
    doc = parse_document(text, **kw)
    findings = analyze(doc, compile_rules([RULES[rule_id]], situation=situation)).findings
    return any(f.rule == rule_id for f in findings)


def test_three_turn_talk_ratio_is_exactly_sixty_percent() -> None:
    # rep: 6 + 3 words, prospect: 6 words -> 9 / 15 = 0.6
    text = (
        "REP: one two three four five six\n"
        "PROSPECT: seven eight nine ten eleven twelve\n"
        "REP: thirteen fourteen fifteen\n"
    )
    m = compute(parse_document(text))
    assert (m.rep_words, m.prospect_words, m.words) == (9, 6, 15)
    assert m.rep_share == pytest.approx(0.6)
    assert m.rep_share_basis == "words"


def test_talk_ratio_by_time_when_timestamped() -> None:
    # rep speaks 0-30 s and 40-100 s (90 s); prospect 30-40 s (10 s) -> 90%
    text = (
        "[00:00:00] Dana: hello there friend\n"
        "[00:00:30] Sam: hi\n"
        "[00:00:40] Dana: so anyway\n"
        "[00:01:40] Sam: bye now\n"
    )
    m = compute(parse_document(text, rep_names=("Dana",)))
    assert m.rep_share_basis == "time"
    # the last turn has no end, so only timed turns count: rep 90 s, prospect 10 s
    assert m.rep_share == pytest.approx(0.9)
    assert m.duration_seconds == 100.0
    assert m.longest_monologue_seconds == 60.0


def test_questions_monologue_and_me_you_counts() -> None:
    text = (
        "REP: What is slowing you down? Can you share the report? We can help.\n"
        "PROSPECT: Sure. How much is it?\n"
        "REP: Why do you ask? Our price is fair and our team is great.\n"
    )
    m = compute(parse_document(text))
    assert (m.rep_questions, m.open_questions, m.closed_questions) == (3, 2, 1)
    assert m.longest_monologue_words == 13
    assert (m.me_words, m.you_words) == (3, 3)  # We, Our, our / you, you, you
    assert words("It's a 10-minute call, isn't it?") == 6


def test_grade_level_is_offline_and_orders_texts() -> None:
    simple = (
        "We make invoices easy. You send a bill. We match it. Your team signs off in one click."
    )
    dense = (
        "Our comprehensive procurement orchestration platform systematically "
        "consolidates heterogeneous purchasing workflows, facilitating unprecedented "
        "organizational transparency."
    )
    assert grade_level(simple) < 5 < 8 < grade_level(dense)
    assert grade_level("Too short.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[00:00] REP: Let me walk you through it.\n[02:31] PROSPECT: Okay.", True),  # 151 s
        ("[00:00] REP: Let me walk you through it.\n[02:30] PROSPECT: Okay.", False),  # 150 s
        ("REP: " + "word " * 376 + "\nPROSPECT: ok", True),
        ("REP: " + "word " * 375 + "\nPROSPECT: ok", False),
    ],
)
def test_monologue_thresholds(text: str, expected: bool) -> None:
    assert fired(text, "monologue") is expected


def test_few_questions_per_five_minutes() -> None:
    # a 10-minute call needs 2 rep questions
    one = (
        "[00:00] REP: What is slowing you down?\n[05:00] PROSPECT: Approvals.\n[10:00] REP: Noted."
    )
    two = (
        "[00:00] REP: What is slowing you down?\n[05:00] PROSPECT: Approvals.\n[10:00] REP: How so?"
    )
    assert fired(one, "few-questions")
    assert not fired(two, "few-questions")


def test_email_length_counts_only_first_touch() -> None:
    body = "word " * 151
    assert fired(f"Hi Ana,\n\n{body}.\n", "email-length")
    reply = f"{body}.\n\nOn Mon, Mar 2, 2026 at 9:00 AM Ana <a@x.com> wrote:\n> Tell me more?\n"
    assert not fired(reply, "email-length")


def test_product_centric_ratio_boundary() -> None:
    # 3 "we" to 2 "you" = 1.5: not over; 4 to 2 = 2.0: over (both >= 40 words)
    filler = " ".join(["plain"] * 40)
    assert not fired(f"We we we you you {filler}.", "product-centric-ratio")
    assert fired(f"We we we we you you {filler}.", "product-centric-ratio")

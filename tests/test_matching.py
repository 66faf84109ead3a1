"""Phrase and pattern matching semantics."""

from __future__ import annotations

from cxcoach.engine import check_document, compile_rules
from cxcoach.model import Rule
from cxcoach.parse import parse_document


def phrase_rule(rule_id: str, *phrases: str, scope: str = "any") -> Rule:
    return Rule(
        rule_id,
        "phrase",
        "warning",
        "trust",
        "rep",
        scope,
        "m {match}",
        "w",
        "i",
        options={"phrases": list(phrases)},
    )


def hits(text: str, *rules: Rule, company: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    doc = parse_document(text)
    return [(f.rule, f.snippet) for f in check_document(doc, compile_rules(rules, company=company))]


def test_case_whitespace_linebreaks_and_apostrophes() -> None:
    rule = phrase_rule("r", "don't miss out")
    assert hits("DON’T  MISS\nout on this", rule) == [("r", "DON’T  MISS\nout")]


def test_whole_words_only() -> None:
    rule = phrase_rule("r", "act now")
    assert hits("We can react nowhere.", rule) == []
    assert hits("Please act now.", rule) == [("r", "act now")]


def test_overlapping_phrases_of_different_rules_both_fire() -> None:
    a = phrase_rule("a", "just wanted to")
    b = phrase_rule("b", "wanted to reach out")
    c = phrase_rule("c", "just wanted")
    assert sorted(hits("I just wanted to reach out today.", a, b, c)) == [
        ("a", "just wanted to"),
        ("b", "wanted to reach out"),
        ("c", "just wanted"),
    ]


def test_company_placeholder_expands_only_when_configured() -> None:
    rule = phrase_rule("r", "{company} is the leader")
    assert hits("Acme is the leader.", rule) == []
    assert hits("Acme is the leader.", rule, company=("Acme",)) == [("r", "Acme is the leader")]


def test_one_matcher_for_many_rules() -> None:
    rules = [phrase_rule(f"r{i}", f"phrase number {i}") for i in range(300)]
    compiled = compile_rules(rules)
    assert len(compiled.compiled) == 1
    assert hits("we said phrase number 217 twice", *rules) == [("r217", "phrase number 217")]


def test_longest_phrase_of_a_rule_wins() -> None:
    rule = phrase_rule("r", "thank you", "thank you for your business")
    assert hits("Thank you for your business.", rule) == [("r", "Thank you for your business")]
    assert hits("Thank you for your time.", rule) == [("r", "Thank you")]


def test_phrases_starting_with_a_symbol_need_a_boundary() -> None:
    rule = phrase_rule("r", "#1 rated")
    assert hits("We are the #1 rated tool.", rule) == [("r", "#1 rated")]
    assert hits("Ticket a#1 rated it low.", rule) == []

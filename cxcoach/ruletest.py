"""Run every rule's own examples: ``fires`` must fire, ``silent`` must not."""

from __future__ import annotations

from dataclasses import dataclass

from cxcoach.engine import check_document, compile_rules
from cxcoach.model import Example, Rule
from cxcoach.parse import parse_document
from cxcoach.tagging.lexicon import Lexicon


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    example: Example
    expected: str  # "fires" | "silent"

    def describe(self) -> str:
        where = self.rule.origin.rsplit(":", 2)[0]
        what = "stayed silent" if self.expected == "fires" else "fired"
        text = " ".join(self.example.text.split())
        if len(text) > 70:
            text = text[:67] + "..."
        return (
            f"{where}:{self.example.line}: {self.rule.id}: {self.expected} example {what}: {text!r}"
        )


def example_fires(rule: Rule, example: Example, words: Lexicon | None = None) -> bool:
    ruleset = compile_rules(
        [rule], company=example.company, words=words, situation=example.situation
    )
    doc = parse_document(example.text, input_format=example.input_format, rep_names=example.rep)
    return any(f.rule == rule.id for f in check_document(doc, ruleset))


def run_examples(
    rules: list[Rule], words: Lexicon | None = None
) -> tuple[int, list[ExampleFailure]]:
    """(number of examples run, failures). ``words``: the packs' word classes."""
    failures: list[ExampleFailure] = []
    count = 0
    for rule in rules:
        for expected, examples in (("fires", rule.fires), ("silent", rule.silent)):
            for example in examples:
                count += 1
                if example_fires(rule, example, words) != (expected == "fires"):
                    failures.append(ExampleFailure(rule, example, expected))
    return count, failures

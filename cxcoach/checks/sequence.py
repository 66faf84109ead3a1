"""``kind: sequence`` — "A before B": the rep pitches before discovering.

The rule walks the rep's sentences in order and stops at the first one that
matches ``pitch``. It fires there when the groundwork was missing:

- in a call (a transcript): fewer than ``min-discovery-questions`` open
  questions from the rep came before it (courtesy questions such as "how are
  you doing today?" do not count);
- in an email: no earlier sentence of substance was about the prospect (it
  mentions "you/your", or matches one of ``about-prospect``, such as an
  observation "Saw {{Company}} is hiring").

Only the first pitch sentence is judged: a good discovery followed by several
pitch sentences is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxcoach.checks.base import (
    INT,
    REGEX_LIST,
    Context,
    Hit,
    Option,
    Scopes,
    answers_product_question,
    is_pleasantry,
)
from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Rule

OPTIONS = {
    "pitch": Option(REGEX_LIST, required=True, help="what a pitch sentence looks like"),
    "min-discovery-questions": Option(INT, default=2, help="open questions needed first (calls)"),
    "about-prospect": Option(REGEX_LIST, help="extra signs a sentence is about the prospect"),
    "asked": Option(
        REGEX_LIST, help="a pitch matching one of these is fine once the prospect raised it"
    ),
}

_YOU = re.compile(r"\b(?:you|your|yours|you're|you've|you'll|you'd)\b", re.IGNORECASE)


class CompiledSequence:
    def __init__(self, rules: list[Rule]) -> None:
        self.items = [
            (
                rule,
                # all pitch patterns as one alternation: one search per sentence
                [LazyRegex("|".join(f"(?:{p})" for p in rule.options["pitch"]), re.IGNORECASE)],
                [LazyRegex(p, re.IGNORECASE) for p in rule.options.get("about-prospect", [])],
                [LazyRegex(p, re.IGNORECASE) for p in rule.options.get("asked", [])],
            )
            for rule in rules
        ]

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        text = scopes.text
        for rule, pitch, about, asked in self.items:
            needed = int(rule.options.get("min-discovery-questions", 2))
            questions = 0
            about_prospect = False
            raised: list[str] = []  # what the prospect said before each rep turn
            for index, turn in enumerate(doc.turns):
                if turn.role != rule.applies_to:
                    raised.append(text[turn.start : turn.end])
                    continue
                answering = answers_product_question(doc, index)
                for sentence in turn.sentences:
                    match = None if answering else _first(pitch, text, sentence.start, sentence.end)
                    if match is not None and any(
                        a.search(match.group(0)) and any(a.search(r) for r in raised) for a in asked
                    ):
                        match = None  # answering what the prospect asked is not a pitch
                    if match is not None:
                        ready = (
                            questions >= needed
                            if doc.kind == "transcript"
                            else about_prospect or questions >= needed
                        )
                        if not ready:
                            yield Hit(rule, match.start(), match.end(), turn)
                        break
                    if is_pleasantry(sentence.text):
                        continue
                    if sentence.question == "open":
                        questions += 1
                    body = text[sentence.start : sentence.end]
                    if _YOU.search(body) or any(a.search(body) for a in about):
                        about_prospect = True
                else:
                    continue
                break


def _first(patterns: list[LazyRegex], text: str, start: int, end: int) -> re.Match[str] | None:
    found = [m for p in patterns if (m := p.search(text, start, end))]
    return min(found, key=lambda m: m.start()) if found else None


def compile(rules: list[Rule], context: Context) -> CompiledSequence:
    return CompiledSequence(rules)

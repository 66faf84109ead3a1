"""``kind: sequence`` — "A before B": the rep pitches before discovering.

The rule walks the rep's sentences in order and stops at the first *pitch*: a
sentence tagged ``pitch`` (a claim about the offering or its results, for this
prospect or for other customers; a demo or a price offered unasked — see
:mod:`cxcoach.tagging.tags`), or matching one of the rule's extra ``pitch``
patterns. It fires there when the groundwork was missing:

- in a call (a transcript): fewer than ``min-discovery-questions`` open discovery
  questions from the rep came before it (courtesy questions such as "how are you
  doing today?" and requests such as "can I show you a demo?" do not count);
- in an email: no earlier sentence of substance was about the prospect (tagged
  ``about: prospect``, such as "Saw {{Company}} is hiring", or matching one of
  ``about-prospect``), and no discovery question was asked.

A pitch that answers the prospect's own question ("What do you do?", "What does
it cost?") or request ("Just an overview, I guess") is an answer, not a pitch:
that turn is skipped; so is a demo, trial or price the prospect asked for earlier
("I'd also want a trial" ... "I'll send the trial agreement"). Only the first
unprompted pitch is judged: a good discovery followed by several pitches is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from cxcoach.checks.base import (
    INT,
    REGEX_LIST,
    Context,
    Hit,
    Option,
    Scopes,
    answering,
    rule_patterns,
)
from cxcoach.checks.tagged import span
from cxcoach.lazyre import LazyRegex
from cxcoach.matcher import Pattern, Screen
from cxcoach.model import Document, Rule
from cxcoach.tagging import PROSPECT

OPTIONS = {
    "min-discovery-questions": Option(INT, default=2, help="open questions needed first (calls)"),
    "pitch": Option(REGEX_LIST, help="extra patterns of a pitch sentence (besides the tag)"),
    "about-prospect": Option(REGEX_LIST, help="extra signs a sentence is about the prospect"),
}


class CompiledSequence:
    def __init__(self, rules: list[Rule]) -> None:
        self.items = [
            (
                rule,
                rule_patterns(rule, "pitch"),
                rule_patterns(rule, "about-prospect"),
            )
            for rule in rules
        ]

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        for rule, pitch, about in self.items:
            if not scopes.applies(rule.situations):
                continue
            yield from scopes.budgeted(
                rule,
                [*pitch, *about],
                partial(self._first_pitch, rule, pitch, about, doc, scopes),
            )

    def _first_pitch(
        self,
        rule: Rule,
        pitch: list[Pattern],
        about: list[Pattern],
        doc: Document,
        scopes: Scopes,
    ) -> Iterator[Hit]:
        """The hit of ``rule`` at the first unprompted pitch (at most one)."""
        tags = scopes.tags
        needed = int(rule.options.get("min-discovery-questions", 2))
        call = doc.kind == "transcript"
        questions = 0
        about_prospect = False
        raised: set[str] = set()  # offer words the prospect said first (demo, trial, price)
        for index, turn in enumerate(doc.turns):
            if turn.role != rule.applies_to:
                raised.update(_offer_words(turn.text))
                continue
            answer = answering(doc, tags, index)
            for sentence in turn.sentences:
                found = tags.of(sentence)
                is_pitch = found.has("pitch") or any(p.search(sentence.text) for p in pitch)
                if (
                    is_pitch
                    and found.has("request", "price")
                    and (_offer_words(sentence.text) & raised)
                ):
                    continue  # they asked for the demo, the trial or the price
                if is_pitch and not answer:
                    ready = questions >= needed if call else about_prospect or questions > 0
                    if not ready:
                        start, end = span(sentence, found)
                        yield Hit(rule, start, end, turn)
                    return
                if found.has("pleasantry", "filler"):
                    continue
                if found.has("discovery") and (found.has("open") or not call):
                    questions += 1
                if found.about == PROSPECT or any(a.search(sentence.text) for a in about):
                    about_prospect = True
                if questions >= needed if call else about_prospect or questions > 0:
                    return  # the groundwork is laid: no later pitch can fire


_OFFERS = LazyRegex(
    r"\b(demo|trial|pilot|tour|walkthrough|proposal|quote|pricing|price|prices|cost|costs"
    r"|rates?|plans?|tiers?|options|sample|case stud(?:y|ies)|deck)\b",
    re.IGNORECASE,
)


# Most turns name no offer at all: RE2 tells so in one pass (see matcher.Screen),
# where Python's engine would try the case-insensitive alternation at every position.
_OFFERS_SCREEN = Screen(_OFFERS)


def _offer_words(text: str) -> set[str]:
    if _OFFERS_SCREEN.found(text)[0] is False:
        return set()
    found = {m.group(1).lower() for m in _OFFERS.finditer(text)}
    if found & {"price", "prices", "cost", "costs", "pricing", "rate", "rates", "quote"}:
        found |= {"price", "pricing", "cost"}  # one topic, many words
    return found


def compile(rules: list[Rule], context: Context) -> CompiledSequence:
    return CompiledSequence(rules)

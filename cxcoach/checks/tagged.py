"""``kind: tagged`` — sentences whose tags say what the rule is about.

The rule names the ``tags`` (acts) it looks for and who the sentence must be
``about``; ``scope`` says where to look. company-first-opening is one::

    kind: tagged
    scope: opening          # the first sentences of substance of the rep's first words
    about: seller
    tags: [intro, claim, pitch]

so "Last quarter we helped Northwind cut churn by 30%", "I'm the co-founder of
Ledgerly", "We just released our report" and "Founded in 2009, we ..." all fire
however they are worded, while a courtesy ("Hope you're well", "Thanks for
calling Acme, my name is Priya") does not use up the opening, and a sentence about
the prospect closes it. With ``scope: opening`` the rule fires at most once per
conversation. The finding points at the words that made the sentence about the
seller (its subject and verb) and ``{match}`` quotes them.
"""

from __future__ import annotations

from collections.abc import Iterator

from cxcoach.checks.base import STR, TAG_LIST, Context, Hit, Option, Scopes, opening
from cxcoach.model import Document, Rule, Sentence, Turn
from cxcoach.tagging import Tags

OPTIONS = {
    "tags": Option(TAG_LIST, required=True, help="fire on sentences with any of these tags"),
    "about": Option(
        STR,
        default="any",
        help="seller | prospect | neither | any",
        choices=("seller", "prospect", "neither", "any"),
    ),
}


def span(sentence: Sentence, tags: Tags) -> tuple[int, int]:
    """The cue words of a tagged sentence, else the whole sentence."""
    if tags.cue is not None:
        return sentence.start + tags.cue[0], sentence.start + tags.cue[1]
    return sentence.start, sentence.end


class CompiledTagged:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        for rule in self.rules:
            if not scopes.applies(rule.situations):
                continue
            wanted = tuple(rule.options["tags"])
            about = rule.options.get("about", "any")
            for turn, sentence, tags in self._sentences(rule, doc, scopes):
                if about != "any" and tags.about != about:
                    continue
                if not tags.has(*wanted):
                    continue
                start, end = span(sentence, tags)
                yield Hit(rule, start, end, turn)
                if rule.scope in ("opening", "closing"):
                    break

    @staticmethod
    def _sentences(rule: Rule, doc: Document, scopes: Scopes) -> list[tuple[Turn, Sentence, Tags]]:
        if rule.scope == "opening":
            return opening(doc, scopes.tags, rule.applies_to)
        regions = scopes.regions(rule.applies_to, rule.scope)
        out = []
        for r_start, r_end, turn in regions:
            for sentence in turn.sentences:
                if sentence.start >= r_start and sentence.end <= r_end:
                    out.append((turn, sentence, scopes.tags.of(sentence)))
        return out


def compile(rules: list[Rule], context: Context) -> CompiledTagged:
    return CompiledTagged(rules)

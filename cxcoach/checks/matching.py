"""The matcher shared by ``kind: phrase`` and ``kind: pattern``: one scan per document.

All phrase and pattern rules of a run are compiled together (:mod:`cxcoach.matcher`):
every pattern RE2 can run joins one RE2 ``Set``, so a single pass over a document
says which rules can match at all; the exact pattern then runs only for those,
and only over the rule's regions (the rep's turns, the opening, ...). Patterns
that need Python's engine (lookaround) are prefiltered by the literal words they
cannot match without, and run under the per-document time budget.

Cost per document stays flat as packs grow: a pattern that cannot match costs
its share of the one ``Set`` pass, not a scan of its own.

The first document of a run, when it is small (a hook checking one draft), is
prefiltered by each pattern's literal words instead: building the ``Set``
means compiling every pattern, which costs more than the whole check of one
email; the ``Set`` is built for the next document or a large one. Both
prefilters only skip patterns that cannot match, so findings are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from cxcoach.checks.base import (
    Context,
    Hit,
    Scopes,
    unless_blocks,
    unless_patterns,
)
from cxcoach.matcher import Pattern, PatternSet, has_literals
from cxcoach.model import Document, Rule, Turn


def expand_company(regex: str, company: tuple[str, ...]) -> str | None:
    """``{company}`` -> the configured company names (None when there are none)."""
    if "{company}" not in regex:
        return regex
    names = [re.escape(n.strip()) for n in company if n.strip()]
    if not names:
        return None
    return regex.replace("{company}", "(?:" + "|".join(names) + ")")


def phrase_regex(phrases: list[str], company: tuple[str, ...]) -> str | None:
    """One regex for a phrase rule: whole words (a phrase that starts or ends with a
    symbol, like "#1 rated", needs a non-word neighbour there), case-insensitive,
    any whitespace between words (the matcher makes it layout-proof)."""
    alternatives = []
    for phrase in phrases:
        names = [phrase]
        if "{company}" in phrase:
            names = [phrase.replace("{company}", n.strip()) for n in company if n.strip()]
        for name in names:
            words = " ".join(name.replace("’", "'").split())
            if not words:
                continue
            body = re.escape(words)
            lead = r"\b" if words[0].isalnum() or words[0] == "_" else r"\B"
            tail = r"\b" if words[-1].isalnum() or words[-1] == "_" else r"\B"
            alternatives.append(lead + body + tail)
    if not alternatives:
        return None
    ordered = sorted(set(alternatives), key=lambda a: (-len(a), a))  # the same on every run
    return "(?:" + "|".join(ordered) + ")"


SET_AFTER_CHARS = 16_000  # a first document this long pays for the Set at once


class Item:
    """One pattern of one rule (a pattern entry, or a phrase rule's phrases)."""

    __slots__ = ("entry", "needs", "pattern", "rule", "unless")

    def __init__(
        self,
        rule: Rule,
        entry: dict[str, Any],
        pattern: Pattern,
        needs: list[list[str]] | None = None,
    ) -> None:
        self.rule = rule
        self.entry = entry
        self.pattern = pattern
        self.needs = needs  # literal prefilter: every clause needs one of its words
        self.unless: list[Pattern] | None = None


def _derived(rule: Rule, regex: str) -> tuple[tuple[str, str] | None, list[list[str]] | None]:
    """What the pack cache knows of ``regex``: ((proofed regex, engine), literals)."""
    found = rule.options.get("_derived", {}).get(regex)
    if not found:
        return None, None
    return (str(found[0]), str(found[1])), [list(clause) for clause in found[2]]


class CompiledMatches:
    """Phrase and pattern rules of a run."""

    def __init__(self, rules: list[Rule], context: Context) -> None:
        self.items: list[Item] = []
        for rule in rules:
            if rule.kind == "phrase":
                regex = phrase_regex(rule.options["phrases"], context.company)
                if regex is not None:
                    derived, needs = _derived(rule, regex)
                    pattern = Pattern(regex, longest=True, derived=derived)
                    self.items.append(Item(rule, {"regex": regex}, pattern, needs))
                continue
            case_sensitive = bool(rule.options.get("case-sensitive"))
            for entry in entries(rule):
                regex = expand_company(entry["regex"], context.company)
                if regex is None:
                    continue
                derived, needs = _derived(rule, regex)
                pattern = Pattern(regex, ignore_case=not case_sensitive, derived=derived)
                self.items.append(Item(rule, entry, pattern, needs))
        self.set = PatternSet([item.pattern for item in self.items])
        self.documents = 0
        self._by_situation: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        self._situated = any(
            item.entry.get("situations") or item.rule.situations for item in self.items
        )

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        view = scopes.view
        self.documents += 1
        use_set = scopes.prefilter and (
            self.documents > 1 or len(view.text) >= SET_AFTER_CHARS or self.set.built
        )
        candidates = self.set.candidates(view) if use_set else None
        re2_items, python_items = self._eligible(scopes)
        if candidates is not None:
            positions = sorted(candidates.intersection(re2_items).union(python_items))
        else:
            positions = sorted(re2_items.union(python_items))
        skips: set[int] | None = None
        for position in positions:
            item = self.items[position]
            rule = item.rule
            python = item.pattern.engine != "re2"
            prefiltered = (python or candidates is None) and scopes.prefilter
            if prefiltered and not _passes(item, scopes.lowered):
                continue
            if python and candidates is not None:
                if skips is None:
                    skips = self.set.python_skips(view)
                if position in skips:
                    continue
            if item.unless is None:
                item.unless = unless_patterns(rule)
            patterns = [item.pattern, *item.unless]
            yield from scopes.budgeted(rule, patterns, partial(self._hits, item, scopes))

    def _eligible(self, scopes: Scopes) -> tuple[frozenset[int], frozenset[int]]:
        """Positions of the (RE2, Python-engine) items whose rule or entry runs in
        this document's situation (worked out once per situation, not per item)."""
        situation = scopes.situation if self._situated else ""
        found = self._by_situation.get(situation)
        if found is None:
            re2_items: set[int] = set()
            python_items: set[int] = set()
            for position, item in enumerate(self.items):
                if situation and not scopes.applies(
                    item.entry.get("situations") or item.rule.situations
                ):
                    continue
                (re2_items if item.pattern.engine == "re2" else python_items).add(position)
            found = (frozenset(re2_items), frozenset(python_items))
            self._by_situation[situation] = found
        return found

    def _hits(self, item: Item, scopes: Scopes) -> Iterator[Hit]:
        rule, entry = item.rule, item.entry
        for start, end, turn in self._matches(item, scopes):
            if unless_blocks(rule, item.unless or (), scopes, turn, start, end):
                continue
            yield Hit(
                rule,
                start,
                end,
                turn,
                level=entry.get("level"),
                message=entry.get("message"),
                fix=entry.get("fix", rule.fix) or None,
            )

    def _matches(self, item: Item, scopes: Scopes) -> Iterator[tuple[int, int, Turn]]:
        """Spans of ``item`` inside the rule's regions (and in signatures and
        disclaimers for entries with ``in-signature: true``)."""
        rule = item.rule
        pattern = item.pattern
        view = scopes.view
        if rule.scope == "any":
            for start, end in pattern.spans(view):
                turn = scopes.locate(rule.applies_to, "any", start, end)
                if turn is None and item.entry.get("in-signature"):
                    turn = scopes.boilerplate_turn(start, end, rule.applies_to)
                if turn is not None:
                    yield start, end, turn
            return
        for start, end, turn in scopes.regions(rule.applies_to, rule.scope):
            for span in pattern.spans(view, start, end):
                yield span[0], span[1], turn


def _passes(item: Item, lowered: str) -> bool:
    """The literal prefilter of a Python-engine pattern: every clause needs one word."""
    if item.needs is None:
        from cxcoach.checks.pattern import required_literals

        item.needs = required_literals(item.pattern.regex)
    return has_literals(item.needs, lowered)


def entries(rule: Rule) -> list[dict[str, Any]]:
    out = []
    for entry in rule.options["patterns"]:
        out.append({"regex": entry} if isinstance(entry, str) else dict(entry))
    return out


def compile(rules: list[Rule], context: Context) -> CompiledMatches:
    return CompiledMatches(rules, context)

"""``kind: phrase`` — fixed phrases, all rules of a run compiled into ONE matcher.

Matching is case-insensitive, on whole words, with any run of whitespace
(line breaks included) between words, and straight and curly apostrophes equal.
All phrases of all phrase rules go into a single prefix-tree regex scanned once
over the document, so the cost stays flat as packs grow; each match is mapped
back to every rule whose phrase it is (or whose phrase is a word-prefix of it).

A phrase may contain ``{company}``: it is expanded to each configured company
name (``--company``/config) and dropped when none is configured.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from cxcoach.checks.base import (
    STR_LIST,
    UNLESS_OPTIONS,
    Context,
    Hit,
    Option,
    Scopes,
    unless_blocks,
)
from cxcoach.model import Document, Rule

OPTIONS = {
    "phrases": Option(STR_LIST, required=True, help="the phrases to find"),
    **UNLESS_OPTIONS,
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_WS = re.compile(r"\s+")


def normalize(phrase: str) -> str:
    """The matching key of a phrase: lowercase, one space, straight apostrophes."""
    return _WS.sub(" ", phrase.translate(_APOSTROPHES).lower()).strip()


def expand(phrases: Iterable[str], company: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for phrase in phrases:
        if "{company}" in phrase:
            out.extend(phrase.replace("{company}", name) for name in company if name.strip())
        else:
            out.append(phrase)
    return out


def _char_regex(ch: str) -> str:
    if ch == "'":
        return "['’‘ʼ]"
    if ch == " ":
        return r"\s+"
    return re.escape(ch)


def trie_regex(phrases: Iterable[str]) -> str:
    """A regex alternation that matches the longest of ``phrases`` at a position."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        terminal = "" in node
        branches = [_char_regex(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class CompiledPhrases:
    """One matcher for every phrase rule of a run."""

    def __init__(self, rules: list[Rule], context: Context) -> None:
        self.by_phrase: dict[str, list[Rule]] = {}
        for rule in rules:
            for phrase in expand(rule.options["phrases"], context.company):
                key = normalize(phrase)
                if key:
                    bucket = self.by_phrase.setdefault(key, [])
                    if rule not in bucket:
                        bucket.append(rule)
        self.regex: re.Pattern[str] | None = None
        if self.by_phrase:
            body = trie_regex(self.by_phrase)
            self.regex = re.compile(r"(?<!\w)(?=(" + body + r")(?!\w))", re.IGNORECASE)
        # for each phrase, the shorter phrases that are a word-prefix of it
        self.prefixes: dict[str, list[str]] = {}
        keys = sorted(self.by_phrase)
        for key in keys:
            self.prefixes[key] = [
                other for other in keys if other == key or key.startswith(other + " ")
            ]

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        if self.regex is None:
            return
        text = doc.text
        last_end: dict[str, int] = {}
        for match in self.regex.finditer(text):
            start = match.start(1)
            matched = match.group(1)
            for key in self.prefixes.get(normalize(matched), ()):
                end = start + _span_length(matched, key)
                for rule in self.by_phrase[key]:
                    if last_end.get(rule.id, -1) > start:
                        continue  # inside a longer hit of the same rule
                    turn = scopes.locate(rule.applies_to, rule.scope, start, end)
                    if turn is None or unless_blocks(rule, doc, turn, start, end):
                        continue
                    last_end[rule.id] = end
                    yield Hit(rule, start, end, turn, fix=rule.fix)


def _span_length(matched: str, key: str) -> int:
    """Length in ``matched`` of its first ``len(key.split())`` words."""
    if normalize(matched) == key:
        return len(matched)
    words = len(key.split(" "))
    spans = list(re.finditer(r"\S+", matched))
    return spans[words - 1].end() if len(spans) >= words else len(matched)


def compile(rules: list[Rule], context: Context) -> CompiledPhrases:
    return CompiledPhrases(rules, context)

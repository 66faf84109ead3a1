"""What every rule kind shares: option specs, hits, and where a rule may look.

A check module declares ``OPTIONS`` (its YAML keys and their types, validated
by ``packs.py``) and ``compile(rules, context) -> Compiled``; ``Compiled.run(doc,
scopes)`` yields :class:`Hit` objects. The engine turns hits into findings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Rule, Sentence, Turn

# Option types understood by the pack validator.
STR = "str"
STR_LIST = "list[str]"
REGEX_LIST = "list[regex]"
PATTERN_LIST = "list[pattern]"  # regex strings or {regex, level, message}
INT = "int"
NUMBER = "number"
BOOL = "bool"


@dataclass
class Option:
    type: str
    required: bool = False
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """Run-wide settings a rule may depend on (not per document)."""

    company: tuple[str, ...] = ()


@dataclass
class Hit:
    rule: Rule
    start: int
    end: int
    turn: Turn | None
    level: str | None = None
    message: str | None = None
    fix: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Compiled(Protocol):
    def run(self, doc: Document, scopes: Scopes) -> Iterable[Hit]: ...


APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# Courtesy sentences that do not count toward the "opening" window: greetings,
# identity checks, "how are you", thanks for the time, stock well-wishes.
_PLEASANTRY = LazyRegex(
    r"^\W*(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[^.!?]{0,40}[.!?]?$"
    r"|(?:hi|hello|hey)?[, ]*(?:is this|am i speaking (?:to|with))\b[^.!?]{0,40}\?$"
    r"|how are you(?: doing)?(?: today)?\W*$"
    r"|(?:hi\b[^,]{0,30}, ?)?(?:thanks|thank you)(?: so much)? "
    r"(?:for (?:taking|making|joining|the time|"
    r"your time|calling|having me|getting back)|everyone)\b[^.!?]{0,80}[.!]?$"
    r"|i hope (?:this|my) (?:e-?mail|message|note) finds you well\W*$"
    r"|i hope you(?:'re| are) (?:well|doing well|having a great (?:week|day))\W*$"
    r"|(?:great|perfect|ok(?:ay)?|sure|got it|absolutely|yes|right)[.!]?$)",
    re.IGNORECASE,
)


# A prospect question about the seller's product: what follows is an answer, not a pitch.
_PRODUCT_QUESTION = LazyRegex(
    r"\b(?:your|the|this) (?:platform|product|tool|solution|software|app|service|system|plan)s?\b"
    r"|\b(?:does|do|can|will|would) (?:it|you|they|your \w+) (?:support|integrate|work|connect"
    r"|handle|sync|offer|include|have|run)\b",
    re.IGNORECASE,
)


def answers_product_question(doc: Document, index: int) -> bool:
    """True when the turn before ``doc.turns[index]`` is someone else's question about
    the product."""
    if index <= 0:
        return False
    turn, previous = doc.turns[index], doc.turns[index - 1]
    if previous.role == turn.role:
        return False
    return any(s.question and _PRODUCT_QUESTION.search(s.text) for s in previous.sentences)


_ABOUT_YOU = LazyRegex(
    r"\b(?:you|your|yours|you're|you've)\b|^\W*(?:saw|noticed|congrats|congratulations|read"
    r"|heard|loved)\b|\{\{\s*company\s*\}\}|\[company(?: name)?\]",
    re.IGNORECASE,
)
_SELLER_WORDS = LazyRegex(r"\b(?:we|we're|we've|our|us|i|i'm|i've|my)\b", re.IGNORECASE)


def is_about_prospect(sentence: str) -> bool:
    """A sentence about the prospect and not also about the seller ("Congrats on the
    launch.", "Your team doubled.", not "We help teams like yours.")."""
    text = sentence.replace("’", "'")
    return bool(_ABOUT_YOU.search(text)) and not _SELLER_WORDS.search(text)


def is_pleasantry(sentence: str) -> bool:
    return bool(_PLEASANTRY.match(sentence.strip().replace("’", "'")))


class Scopes:
    """Precomputed regions of a document where rules of each role and scope may fire."""

    def __init__(self, doc: Document, opening_sentences: int = 2) -> None:
        self.doc = doc
        # curly apostrophes folded to straight ones (same length), for pattern rules
        self.text = doc.text.translate(APOSTROPHES)
        self._lowered: str | None = None
        self.cache: dict[str, object] = {}  # per-document values shared by checks
        self._cache: dict[tuple[str, str], tuple[list[int], list[tuple[int, int, Turn]]]] = {}
        self._opening = opening_sentences

    @property
    def lowered(self) -> str:
        """Lowercased text for substring prefilters (offsets may differ: never slice it)."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    def turns_for(self, applies_to: str) -> list[Turn]:
        if applies_to == "any":
            return list(self.doc.turns)
        return [t for t in self.doc.turns if t.role == applies_to]

    def regions(self, applies_to: str, scope: str) -> list[tuple[int, int, Turn]]:
        return self._index(applies_to, scope)[1]

    def _index(self, applies_to: str, scope: str) -> tuple[list[int], list[tuple[int, int, Turn]]]:
        key = (applies_to, scope)
        cached = self._cache.get(key)
        if cached is None:
            regions = self._build(applies_to, scope)
            cached = ([r[0] for r in regions], regions)
            self._cache[key] = cached
        return cached

    def _build(self, applies_to: str, scope: str) -> list[tuple[int, int, Turn]]:
        turns = self.turns_for(applies_to)
        if scope == "any":
            return [(t.start, t.end, t) for t in turns]
        if scope == "first-touch":
            return [(t.start, t.end, t) for t in turns] if self.doc.first_touch else []
        pairs = [(s, t) for t in turns for s in t.sentences]
        if scope == "opening" and turns:
            first = next(i for i, t in enumerate(self.doc.turns) if t is turns[0])
            if answers_product_question(self.doc, first):
                return []  # the rep's first words answer a product question: nothing to judge
        if scope == "opening":
            picked = []
            for s, t in pairs:
                if is_pleasantry(s.text):
                    continue
                if is_about_prospect(s.text):
                    break  # the opening already turned to the prospect
                picked.append((s, t))
                if len(picked) == self._opening:
                    break
        else:  # closing
            picked = pairs[-self._opening :]
        return [(s.start, s.end, t) for s, t in picked]

    def locate(self, applies_to: str, scope: str, start: int, end: int) -> Turn | None:
        """The turn holding ``[start, end)`` if that span is inside the rule's regions."""
        starts, regions = self._index(applies_to, scope)
        i = bisect_right(starts, start) - 1
        if i < 0:
            return None
        r_start, r_end, turn = regions[i]
        return turn if start >= r_start and end <= r_end else None


def sentence_at(turn: Turn, offset: int) -> Sentence | None:
    sentences = turn.sentences
    i = bisect_right([s.start for s in sentences], offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def line_around(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end == -1 else line_end


# The keys of unless_blocks, shared by the kinds that offer it (phrase, pattern).
UNLESS_OPTIONS = {
    "unless": Option(REGEX_LIST, help="no finding when the sentence matches one of these"),
    "unless-scope": Option(
        STR, default="sentence", help="sentence | turn", choices=("sentence", "turn")
    ),
}


def unless_blocks(rule: Rule, doc: Document, turn: Turn, start: int, end: int) -> bool:
    """True when the rule's ``unless`` regexes match the hit's sentence (or turn)."""
    unless: Sequence[str] = rule.options.get("unless", ())
    if not unless:
        return False
    if rule.options.get("unless-scope") == "turn":
        context = turn.text
    else:
        sentence = sentence_at(turn, start)
        if sentence is not None:
            context = sentence.text
        else:
            a, b = line_around(doc.text, start, end)
            context = doc.text[a:b]
    return any(re.search(p, context, re.IGNORECASE) for p in unless)

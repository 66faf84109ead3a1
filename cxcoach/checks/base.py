"""What every rule kind shares: option specs, hits, and where a rule may look.

A check module declares ``OPTIONS`` (its YAML keys and their types, validated
by ``packs.py``) and ``compile(rules, context) -> Compiled``; ``Compiled.run(doc,
scopes)`` yields :class:`Hit` objects. The engine turns hits into findings.

:class:`Scopes` holds what is computed once per document and shared by all
kinds: the text as the matcher sees it, the sentence tags, the situation, and
the regions (turns and sentences) where a rule of a given role and scope looks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, Protocol

from cxcoach.lazyre import LazyRegex
from cxcoach.matcher import (
    DEFAULT_BUDGET,
    Budget,
    Pattern,
    PatternTimeout,
    TextView,
    compile_pattern,
)
from cxcoach.model import Document, Level, Rule, Sentence, Turn
from cxcoach.parse.text import fold
from cxcoach.tagging import PROSPECT, DocTags, Tagger, Tags
from cxcoach.tagging.lexicon import EMPTY, Lexicon

# Option types understood by the pack validator.
STR = "str"
STR_LIST = "list[str]"
REGEX_LIST = "list[regex]"
PATTERN_LIST = "list[pattern]"  # regex strings or {regex, level, message, ...}
INT = "int"
NUMBER = "number"
BOOL = "bool"
TAG_LIST = "list[tag]"

# The acts a sentence can be tagged with (see cxcoach.tagging.tags).
ACTS = (
    "pitch",
    "claim",
    "result",
    "intro",
    "identity",
    "price",
    "question",
    "open",
    "closed",
    "discovery",
    "request",
    "pleasantry",
    "time",
    "yes",
    "no",
    "refusal",
    "action",
    "deferral",
    "pivot",
    "filler",
    "rhetorical",
    "commitment",
)


# NamedTuples, not dataclasses: a dataclass costs ~1 ms to build at import, on the
# start-up of every hook run; a NamedTuple a fifth of that.
class Option(NamedTuple):
    type: str
    required: bool = False
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()


class Context(NamedTuple):
    """Run-wide settings a rule may depend on (not per document)."""

    company: tuple[str, ...] = ()
    lexicon: Lexicon = EMPTY


class Hit(NamedTuple):
    rule: Rule
    start: int
    end: int
    turn: Turn | None
    level: Level | None = None
    message: str | None = None
    fix: str | None = None


class Problem(NamedTuple):
    """A rule that could not finish on a document (a pattern out of its time budget)."""

    rule: str
    message: str


class Compiled(Protocol):
    def run(self, doc: Document, scopes: Scopes) -> Iterable[Hit]: ...


class Scopes:
    """Per-document values shared by all checks, computed on first use."""

    def __init__(
        self, doc: Document, tagger: Tagger, *, situation: str | None = None, prefilter: bool = True
    ) -> None:
        self.doc = doc
        # the text as rules read it, folded (the parser folds already; a Document
        # built elsewhere may not be: fold() returns folded text as it is)
        self.text = fold(doc.text)
        self.tags = DocTags(doc, tagger)
        if situation:
            self.tags.force(situation)
        self.prefilter = prefilter
        self.problems: list[Problem] = []
        self.cache: dict[str, object] = {}  # per-document values shared by checks
        self._view: TextView | None = None
        self._regions: dict[tuple[str, str], tuple[list[int], list[tuple[int, int, Turn]]]] = {}

    def budgeted(
        self, rule: Rule, patterns: Iterable[Pattern], work: Callable[[], Iterable[Hit]]
    ) -> list[Hit]:
        """The hits of ``work()`` (one rule on this document). When one of
        ``patterns`` runs on Python's engine, the whole of it runs under one time
        budget (:class:`~cxcoach.matcher.Budget`): a runaway becomes a
        :class:`Problem` naming the rule, and the rule's hits on this document are
        dropped, while the other rules still run. RE2 patterns are linear and run
        unarmed (arming costs a few system calls per rule and document).

        The hits are collected before they are handed on: the alarm must never
        fire in the caller's code between two hits."""
        slow = [p for p in patterns if p.engine == "python"]
        if not slow:
            return list(work())
        try:
            with Budget(DEFAULT_BUDGET):
                return list(work())
        except PatternTimeout:
            shown = ", ".join(repr(p.source) for p in slow)
            self.problems.append(
                Problem(
                    rule.id,
                    f"rule {rule.id}: its Python-engine pattern ({shown}) ran out of the "
                    f"{DEFAULT_BUDGET:g} s budget for one document; its findings are missing",
                )
            )
            return []

    @property
    def view(self) -> TextView:
        if self._view is None:
            self._view = TextView(self.text)
        return self._view

    @property
    def lowered(self) -> str:
        """Lowercased text for literal prefilters (offsets may differ: never slice it)."""
        return self.view.lowered

    @property
    def situation(self) -> str:
        return self.tags.situation

    def applies(self, situations: Sequence[str]) -> bool:
        """Does a rule (or pattern entry) with these ``situations`` run on this document?"""
        return not situations or self.situation in situations

    def turns_for(self, applies_to: str) -> list[Turn]:
        if applies_to == "any":
            return list(self.doc.turns)
        return [t for t in self.doc.turns if t.role == applies_to]

    def regions(self, applies_to: str, scope: str) -> list[tuple[int, int, Turn]]:
        return self._index(applies_to, scope)[1]

    def _index(self, applies_to: str, scope: str) -> tuple[list[int], list[tuple[int, int, Turn]]]:
        key = (applies_to, scope)
        cached = self._regions.get(key)
        if cached is None:
            regions = self._build(applies_to, scope)
            cached = ([r[0] for r in regions], regions)
            self._regions[key] = cached
        return cached

    def _build(self, applies_to: str, scope: str) -> list[tuple[int, int, Turn]]:
        turns = self.turns_for(applies_to)
        if scope == "any":
            return [(t.start, t.end, t) for t in turns]
        if scope == "after-call-reason":
            # in a service call, the customer's first turn is why they called ("I
            # haven't heard anything about my claim"): it tells the agent, it does
            # not remind them of their own promise; later turns do
            if self.doc.kind == "transcript" and self.situation == "service":
                turns = turns[1:]
            return [(t.start, t.end, t) for t in turns]
        if scope == "first-touch":
            return [(t.start, t.end, t) for t in turns] if self.doc.first_touch else []
        if scope == "opening":
            return [(s.start, s.end, t) for t, s, _tags in opening(self.doc, self.tags, applies_to)]
        pairs = [(s, t) for t in turns for s in t.sentences]
        return [(s.start, s.end, t) for s, t in pairs[-OPENING_SENTENCES:]]  # closing

    def locate(self, applies_to: str, scope: str, start: int, end: int) -> Turn | None:
        """The turn holding ``[start, end)`` if that span is inside the rule's regions."""
        starts, regions = self._index(applies_to, scope)
        i = bisect_right(starts, start) - 1
        if i < 0:
            return None
        r_start, r_end, turn = regions[i]
        return turn if start >= r_start and end <= r_end else None

    def boilerplate_turn(self, start: int, end: int, applies_to: str = "any") -> Turn | None:
        """The turn a signature or disclaimer span belongs to: the message just above
        it in the text (turns are in time order: a top-posted draft comes last but
        sits first), when that turn is one the rule applies to."""
        for b_start, b_end in self.doc.boilerplate:
            if b_start <= start and end <= b_end:
                above = [t for t in self.doc.turns if t.start <= b_start]
                turn = max(above, key=lambda t: t.start, default=None)
                if turn is not None and applies_to in ("any", turn.role):
                    return turn
                return None
        return None


OPENING_SENTENCES = 2


def answering(doc: Document, tags: DocTags, index: int) -> bool:
    """True when ``doc.turns[index]`` answers a question of the other side's previous
    turn about the offering ("What do you do?", "Does it work with Okta?", "How much
    is it?"): what follows is an answer, not a pitch or company talk."""
    if index <= 0:
        return False
    turn, previous = doc.turns[index], doc.turns[index - 1]
    if previous.role == turn.role or (previous.role == "unknown" and turn.role == "unknown"):
        return False
    for sentence in previous.sentences:
        text = fold(sentence.text)
        if not sentence.question:
            if _ASKS.match(text):
                return True  # "Just an overview of how you'd replace the tools, I guess."
            continue
        if tags.pleasantry(previous, sentence) or _asks_identity(text):
            continue
        return True
    return False


# a prospect asking for the pitch without a question mark
_ASKS = LazyRegex(
    r"\W*(?:(?:ok(?:ay)?|so|well|yes|yeah|sure|honestly|mainly|mostly|just|really)[,\s]+)*"
    r"(?:show me|walk me through|take me through|tell me (?:about|more|how|what)|send me|give me"
    r"|explain|i'd (?:like|love|want) to (?:see|hear|know|understand)|i would like to (?:see|hear)"
    r"|i(?:'d)? (?:also )?want (?:a|an|the|to see)|we(?:'d)? need (?:a|an|the|to see)"
    r"|i need (?:a|an|the|to see)|an overview|the (?:migration |pricing |full )?(?:plan|overview"
    r"|pricing|details|numbers|demo)|a (?:demo|trial|quote|proposal|walkthrough|tour))",
    re.IGNORECASE,
)


def _asks_identity(text: str) -> bool:
    low = " ".join(text.lower().split())
    return any(
        cue in low
        for cue in (
            "who is this",
            "who's this",
            "who's calling",
            "who is calling",
            "who are you",
            "what is this about",
            "what's this about",
            "what is this regarding",
            "what's this regarding",
            "what is this in regards",
            "how did you get",
        )
    )


def opening(
    doc: Document, tags: DocTags, applies_to: str = "rep"
) -> list[tuple[Turn, Sentence, Tags]]:
    """The opening window: the first sentences of substance of the rep's first words.

    Courtesies (greetings, "thanks for taking the call", "is this Pat?", and on a
    call "this is Dana from Acme") do not use the window up; a sentence about the
    prospect closes it (the opening already turned to them). Nothing when the rep's
    first words answer the prospect's question about the offering.
    """
    out: list[tuple[Turn, Sentence, Tags]] = []
    for index, turn in enumerate(doc.turns):
        if turn.role != applies_to:
            continue
        if not out and answering(doc, tags, index):
            return []
        for sentence in turn.sentences:
            found = tags.of(sentence)
            if found.has("pleasantry", "filler"):
                continue
            if found.about == PROSPECT:
                return out
            out.append((turn, sentence, found))
            if len(out) == OPENING_SENTENCES:
                return out
    return out


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
    "unless-tags": Option(
        TAG_LIST, help="no finding when the sentence has one of these tags (e.g. time)"
    ),
}


def rule_patterns(rule: Rule, key: str) -> list[Pattern]:
    """The compiled patterns of one of a rule's regex options (``unless``, ``pitch``,
    ...), using what the pack cache derived for them."""
    derived = rule.options.get("_derived", {})
    out = []
    for source in rule.options.get(key, ()):
        known = derived.get(source)
        out.append(compile_pattern(source, derived=(known[0], known[1]) if known else None))
    return out


def unless_patterns(rule: Rule) -> list[Pattern]:
    return rule_patterns(rule, "unless")


def unless_blocks(
    rule: Rule,
    unless: Sequence[Pattern],
    scopes: Scopes,
    turn: Turn,
    start: int,
    end: int,
) -> bool:
    """True when the rule's ``unless`` patterns or ``unless-tags`` hold for the hit's
    sentence (or turn, with ``unless-scope: turn``)."""
    tag_names: Sequence[str] = rule.options.get("unless-tags", ())
    if not unless and not tag_names:
        return False
    sentence = sentence_at(turn, start)
    if tag_names and sentence is not None and scopes.tags.of(sentence).has(*tag_names):
        return True
    if not unless:
        return False
    if rule.options.get("unless-scope") == "turn":
        context = scopes.text[turn.start : turn.end]
    elif sentence is not None:
        context = scopes.text[sentence.start : sentence.end]
    else:
        a, b = line_around(scopes.text, start, end)
        context = scopes.text[a:b]
    return any(p.search(context) for p in unless)

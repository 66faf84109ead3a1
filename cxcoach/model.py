"""The values that flow through the pipeline: plain, immutable, picklable records.

They are ``NamedTuple`` classes, not dataclasses: a frozen dataclass costs ~2 ms to
build at import (six of them were 12 ms of every hook run), a named tuple ~0.1 ms.
Change one with ``value._replace(field=...)``.

``text -> parse -> Document -> engine(rules) -> Findings -> report``

Offsets are character offsets into the decoded input. A :class:`Document` keeps
the original text (``source``) and a *masked* copy (``text``) of exactly the same
length, in which markup that is not anybody's words (quote markers, speaker
labels, timestamps, cue numbers) is blanked to spaces. Because the two have the
same length, every offset found in ``text`` is also a valid offset into
``source``, so findings point at the right line and column of the original file.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Literal, NamedTuple

# The closed vocabularies of the records below, as types (mypy checks every literal
# that reaches a field) and as tuples (what validation and the CLI list).
Level = Literal["suggestion", "warning", "error"]
FailOn = Literal["suggestion", "warning", "error", "never"]
Role = Literal["rep", "prospect", "unknown"]
AppliesTo = Literal["rep", "prospect", "any"]  # whose words a rule reads
Scope = Literal["any", "opening", "closing", "first-touch", "after-call-reason"]
DocKind = Literal["email", "thread", "transcript"]  # what the parser found

LEVELS: tuple[Level, ...] = ("suggestion", "warning", "error")
FAIL_ON: tuple[FailOn, ...] = (*LEVELS, "never")  # "never": no finding fails a run
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}
ROLES: tuple[Role, ...] = ("rep", "prospect", "unknown")
CATEGORIES = ("discovery", "listening", "trust", "clarity", "follow-through")


class CxError(Exception):
    """A user-facing error: one line, shown without a traceback, exit code 2."""


class Sentence(NamedTuple):
    """A sentence of a turn; ``question`` is None, ``"open"`` or ``"closed"``.

    A named tuple rather than a dataclass: a 5 MB input holds ~60,000 sentences,
    and a tuple is built in a fraction of the time and takes half the memory.
    """

    start: int
    end: int
    base: str  # the text the offsets index (the document's ``text``), shared, not copied
    question: str | None = None

    @property
    def text(self) -> str:
        """The sentence's words: ``base[start:end]``, sliced when asked for. Holding
        the slice instead made a 5 MB transcript's parse peak 8.1x its size."""
        return self.base[self.start : self.end]

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text!r}, {self.question!r})"


class Turn(NamedTuple):
    """One speaker's uninterrupted contribution (an email message or a call turn)."""

    speaker: str | None
    role: Role
    start: int
    end: int
    base: str  # the text the offsets index (the document's ``text``), shared, not copied
    sentences: tuple[Sentence, ...] = ()
    time_start: float | None = None
    time_end: float | None = None

    @property
    def text(self) -> str:
        """The turn's words: ``base[start:end]``, sliced when asked for (see
        :attr:`Sentence.text`)."""
        return self.base[self.start : self.end]

    def __repr__(self) -> str:
        return (
            f"Turn({self.speaker!r}, {self.role!r}, {self.start}, {self.end}, "
            f"{self.text!r}, {len(self.sentences)} sentences)"
        )

    @property
    def verbal(self) -> bool:
        """True when the turn has real words: not only blanks, dots or fillers ("um",
        "uh", "mm-hmm", "..."). The transcript parser blanks stage directions such as
        "[inaudible]" or "(laughs)" from ``text``, so a turn of nothing else is not
        verbal: a rule can tell that such a rep turn is no answer."""
        for word in self.text.split():
            word = word.strip(_EDGES).lower()
            if word and word not in FILLERS and any(c.isalnum() for c in word):
                return True
        return False


FILLERS = frozenset(
    "um umm ummm uh uhh uhm er erm ah ahh hmm hm hmmm mm mmm mhm mm-hmm mhmm uh-huh huh".split()
)
_EDGES = ".,;:!?…-\"'()[]*"


class Document(NamedTuple):
    """A parsed conversation: turns in chronological order over a masked text."""

    source: str
    text: str
    kind: DocKind
    format: str
    turns: tuple[Turn, ...]
    notices: tuple[str, ...] = ()
    first_touch: bool = True
    # Character spans of signatures, legal disclaimers and template footers (emails):
    # not anybody's words to this reader, so outside every turn and its sentences,
    # but left unmasked in ``text``: placeholder rules still search them.
    boilerplate: tuple[tuple[int, int], ...] = ()


class Finding(NamedTuple):
    """One problem found by one rule, located in the original text."""

    rule: str
    level: Level
    category: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    snippet: str
    instead: str
    fix: str | None = None
    speaker: str | None = None
    time: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "category": self.category,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "snippet": self.snippet,
            "instead": self.instead,
            "fix": self.fix,
            "speaker": self.speaker,
            "time": self.time,
        }


class Example(NamedTuple):
    """A rule example: text that must (or must not) make the rule fire."""

    text: str
    line: int = 0
    company: tuple[str, ...] = ()
    rep: tuple[str, ...] = ()
    input_format: str | None = None
    situation: str | None = None  # force the conversation's situation (else detected)


class Rule(NamedTuple):
    """A validated rule from a pack. ``options`` holds the kind-specific keys."""

    id: str
    kind: str  # a module of cxcoach.checks (phrase, pattern, metric, ...)
    level: Level
    category: str
    applies_to: AppliesTo
    scope: Scope
    message: str
    why: str
    instead: str
    fix: str | None = None
    situations: tuple[str, ...] = ()  # where the rule runs (empty: everywhere)
    fires: tuple[Example, ...] = ()
    silent: tuple[Example, ...] = ()
    pack: str = ""
    origin: str = ""
    options: dict[str, Any] = {}  # noqa: RUF012 - never mutated after loading


class LineIndex:
    """Maps character offsets to 1-based (line, column) pairs."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def level_at_least(level: Level, threshold: FailOn) -> bool:
    """True when ``level`` is at or above ``threshold`` ("never" is above all)."""
    if threshold == "never":
        return False
    return LEVEL_RANK[level] >= LEVEL_RANK[threshold]

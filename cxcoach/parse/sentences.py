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
# bullet or numbered item on the next line.
_BOUNDARY = LazyRegex(
    r"""(?P<punct>[.!?…]+["'”’)\]]*)(?=\s|$)
      | (?P<para>\n[ \t\r]*\n)
      | (?P<colon>:[ \t\r]*)(?=\n)
      | (?P<bullet>\n)(?=[ \t]*(?:[-*•▪◦–]|\d{1,2}[.)])[ \t])
    """,
    re.VERBOSE,
)
_ALNUM = re.compile(r"[^\W_]")
_WORD_BEFORE = LazyRegex(r"([\w.]+)$")
_SPACE = " \t\r\n\f\v"

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
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    piece_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group("punct") is not None:
            if _continues(text, match.end(), end) or _is_abbreviation(
                text, match.start(), piece_start
            ):
                continue
            cut = match.end()
        elif match.group("colon") is not None:
            cut = match.start() + 1
        else:
            cut = match.start()
        _add(text, piece_start, cut, spans)
        piece_start = match.end() if match.group("punct") is None else cut
    _add(text, piece_start, end, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    if end > start and _ALNUM.search(text, start, end):
        spans.append((start, end))


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or an initial."""
    if text[dot] != "." or not text[dot - 1 : dot].isalpha():
        return False  # "?", "!", or a dot after a digit, bracket or quote
    if text.startswith("...", dot) or text.startswith("..", dot):
        return False
    match = _WORD_BEFORE.search(text, max(floor, dot - 12), dot)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    raw = match.group(1)
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", raw):
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
    """True when the text after a '.'/'…' continues the same sentence (lowercase next)."""
    i = pos
    while i < end and text[i] in " \t":
        i += 1
    if i >= end or text[i] == "\n":
        return False
    prev = text[pos - 1]
    return prev in ".…" and text[i].islower()


def question_kind(sentence: str, *, unpunctuated: bool = False) -> str | None:
    """Classify a sentence as an ``"open"`` or ``"closed"`` question, or None.

    A sentence ending in "?" is a question. With ``unpunctuated`` (transcripts,
    where speech-to-text often drops the "?"), a sentence whose first clause
    starts with a wh-word or an auxiliary inversion ("can you", "is there",
    "would it") is one too; "I wonder what time it is." is not.
    """
    stripped = sentence.rstrip(" \t\"'”’)")
    is_q = stripped.endswith("?")
    if not is_q and (not unpunctuated or stripped.endswith((".", "!", "…"))):
        return None  # the common case, decided without looking at the words
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]
    first_kind: str | None = None
    for clause in clauses:
        words = _WORD.findall(clause.lower().replace("’", "'"))
        if not words:
            continue
        head = words[0]
        if head in _WH:
            first_kind = "wh"
        elif head in _AUX and len(words) > 1 and words[1] in _SUBJECTS:
            first_kind = "aux"
        if first_kind:
            break
    if not is_q and (not (unpunctuated and first_kind) or stripped.endswith((".", "!", "…"))):
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


def make_sentences(
    text: str, start: int, end: int, *, unpunctuated_questions: bool = False
) -> tuple[Sentence, ...]:
    """Split ``text[start:end]`` and mark questions (rhetorical "Why? Because…" is not one)."""
    spans = split_sentences(text, start, end)
    out: list[Sentence] = []
    for i, (s, e) in enumerate(spans):
        body = text[s:e]
        kind = question_kind(body, unpunctuated=unpunctuated_questions)
        if kind and i + 1 < len(spans):
            following = text[spans[i + 1][0] : spans[i + 1][1]].lstrip().lower()
            if following.startswith("because") and len(body) < 60:
                kind = None
        out.append(Sentence(s, e, body, kind))
    return tuple(out)

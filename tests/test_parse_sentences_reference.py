"""The sentence splitter against a slow reference: the same spans and questions.

``reference_sentences`` below is the splitter as it was before the speed work
(every boundary regex match runs the abbreviation logic, one object per
sentence built with slicing). The fast splitter in ``cxcoach.parse.sentences``
must give exactly the same sentences on any text; hypothesis generates texts
from the characters and words the boundary logic cares about.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cxcoach.parse import sentences as fast
from cxcoach.parse.sentences import _ABBREVIATIONS, _AUX, _LETTER_NAMES, _SUBJECTS, _WH

_BOUNDARY = re.compile(
    r"""(?P<punct>[.!?…]+["'”’)\]]*)(?=\s|$)
      | (?P<para>\n[ \t\r]*\n)
      | (?P<colon>:[ \t\r]*)(?=\n)
      | (?P<bullet>\n)(?=[ \t]*(?:[-*•▪◦–]|\d{1,2}[.)])[ \t])
    """,
    re.VERBOSE,
)
_ALNUM = re.compile(r"[^\W_]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_SPACE = " \t\r\n\f\v"
_OPEN_PHRASES = re.compile(
    r"\b(tell me|walk me through|talk me through|help me understand|describe|explain"
    r"|share (?:a bit |more )?about)\b",
    re.IGNORECASE,
)
_CLOSED_WH = re.compile(r"^(how (many|much|long|often|soon|big)|what time)\b", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[,:;—–]\s*|\s-{1,2}\s")
_WORD = re.compile(r"[a-z']+")


def reference_split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
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
    if text[dot] != "." or not text[dot - 1 : dot].isalpha():
        return False
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
        return True
    if len(raw) == 1 and raw.isupper():
        before = text[max(floor, dot - 40) : dot - 1].split()
        if not before:
            return True
        prev = before[-1]
        return prev[:1].isupper() and prev.lower().strip(",") not in _LETTER_NAMES
    return False


def _continues(text: str, pos: int, end: int) -> bool:
    i = pos
    while i < end and text[i] in " \t":
        i += 1
    if i >= end or text[i] == "\n":
        return False
    prev = text[pos - 1]
    return prev in ".…" and text[i].islower()


def reference_question_kind(sentence: str, *, unpunctuated: bool = False) -> str | None:
    stripped = sentence.rstrip(" \t\"'”’)")
    is_q = stripped.endswith("?")
    if not is_q and (not unpunctuated or stripped.endswith((".", "!", "…"))):
        return None
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
        if text.startswith(("what", "how", "why")):
            return "open"
    return "closed"


def reference_sentences(
    text: str, start: int, end: int, *, unpunctuated: bool = False
) -> list[tuple[int, int, str, str | None]]:
    spans = reference_split(text, start, end)
    out = []
    for i, (s, e) in enumerate(spans):
        body = text[s:e]
        kind = reference_question_kind(body, unpunctuated=unpunctuated)
        if kind and i + 1 < len(spans):
            following = text[spans[i + 1][0] : spans[i + 1][1]].lstrip().lower()
            if following.startswith("because") and len(body) < 60:
                kind = None
        out.append((s, e, body, kind))
    return out


TOKENS = [
    "Mr", "mr", "Inc", "e.g", "i.e", "U.S", "etc", "Series", "B", "J", "F", "Kennedy", "what",
    "how", "can", "you", "is", "there", "because", "Because", "why", "Why", "we", "the", "plan",
    "1", "1,788", "50", "3", "x", "ſ", "K", "İ", "é", "Ünd",
    ".", ".", ".", "..", "...", "…", "?", "!", "?!", ":", ",", ";", "—", "–", " - ", " -- ",
    '"', "'", "”", "’", ")", "]", "(", "$",
    " ", " ", " ", "  ", "\t", "\n", "\n", "\n\n", "\r\n", "\n \n", "\u00a0", "\u2028", "\x0b",
    "\x0c", "\x85", "\n- ", "\n* ", "\n• ", "\n1. ", "\n12) ", "\n  – ", "https://a.b/c.d",
    "jo.doe@x.com",
]  # fmt: skip
TEXTS = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=80).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.booleans(), st.data())
def test_fast_splitter_matches_the_reference(text: str, unpunctuated: bool, data) -> None:  # type: ignore[no-untyped-def]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert fast.split_sentences(text, start, end) == reference_split(text, start, end)
    got = fast.make_sentences(text, start, end, unpunctuated_questions=unpunctuated)
    want = reference_sentences(text, start, end, unpunctuated=unpunctuated)
    assert [(s.start, s.end, s.text, s.question) for s in got] == want


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.booleans())
def test_question_kind_matches_the_reference(text: str, unpunctuated: bool) -> None:
    assert fast.question_kind(text, unpunctuated=unpunctuated) == reference_question_kind(
        text, unpunctuated=unpunctuated
    )

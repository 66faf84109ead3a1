"""Text machinery shared by the parsers: folding, masking, line walking, offsets.

A parser never removes a character. ``Document.text`` is a copy of the source of
exactly the same length in which what is not anybody's words (quote markers,
headers, speaker labels, timestamps, cue timings, HTML comments) is blanked to
spaces, line breaks kept, so every offset found in it is an offset into the
original file too.

It is also *folded*, once, before anything reads it: typographic apostrophes and
quotes become ``'`` and ``"``, non-breaking, typographic and zero-width spaces
become ``' '``, dashes and the minus sign become ``-``, each one character for
one character. Every later stage (quote and signature detection, sentences,
rules) then sees one spelling of "don't", "a - b" and "Best, Dana"; findings
still quote the original characters, taken from ``Document.source``.

Masking collects the spans to blank in a :class:`Mask` and builds the masked
text once, from slices of the source: a 5 MB input never becomes a list of five
million one-character strings (40+ MB), and a span blanked twice costs nothing
extra.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxcoach.lazyre import LazyRegex

LINE_BREAKS = "\r\n"

# One character for one character, so offsets do not move.
_APOSTROPHES = "‘’‚‛′‵ʼ´＇‹›"  # ‘ ’ ‚ ‛ ′ ‵ ʼ ´ ＇ ‹ ›
_QUOTES = "“”„‟″‶«»＂〝〞〟"
_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"  # no-break, typographic and ideographic spaces
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
FOLDS = {
    **dict.fromkeys(_APOSTROPHES, "'"),
    **dict.fromkeys(_QUOTES, '"'),
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_DASHES, "-"),
}
_FOLDABLE = LazyRegex("[" + "".join(FOLDS) + "]")
_BREAKS = LazyRegex(r"[\r\n]+")
_COMMENT = LazyRegex(r"<!--.*?(?:-->|$)", re.DOTALL)
_NON_SPACE = LazyRegex(r"\S")  # exactly "not str.isspace()", the test str.strip() uses


def fold(text: str) -> str:
    """``text`` with quotes, apostrophes, spaces and dashes folded (same length).

    ASCII text, and text with nothing to fold, is returned as it is (no copy).
    Otherwise each foldable character the regex finds is replaced everywhere at
    once (``str.replace``, in C) and the search goes on from there: one pass of the
    regex plus one replace per distinct character (a handful), and no Python call
    per character (``str.translate`` with a mapping makes one: ~0.1 s per MB; a
    ``sub`` with a function, one per match).
    """
    if text.isascii():
        return text
    found = _FOLDABLE.search(text)
    while found is not None:
        char = found.group()
        text = text.replace(char, FOLDS[char])  # (folds are ASCII: never found again)
        found = _FOLDABLE.search(text, found.start())
    return text


def blank(source: str, start: int, end: int) -> str:
    """``source[start:end]`` with every character but ``\\r``/``\\n`` turned into a space."""
    if source.find("\n", start, end) == -1 and source.find("\r", start, end) == -1:
        return " " * (end - start)  # (a label or a cue on one line: the usual span)
    pieces: list[str] = []
    pos = start
    for match in _BREAKS.finditer(source, start, end):
        if match.start() > pos:
            pieces.append(" " * (match.start() - pos))
        pieces.append(match.group())
        pos = match.end()
    if end > pos:
        pieces.append(" " * (end - pos))
    return "".join(pieces)


class Mask:
    """Spans of one source text to blank, collected in any order and applied once."""

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        """Blank ``[start, end)`` (line breaks are kept)."""
        if end > start:
            self._spans.append((start, end))

    def keep(self, start: int, end: int) -> None:
        """Un-blank ``[start, end)`` of the spans added so far (spans added later still
        apply). Costs one pass over those spans: call it once per document, not in a loop."""
        kept: list[tuple[int, int]] = []
        for a, b in self._spans:
            if b <= start or a >= end:
                kept.append((a, b))
                continue
            if a < start:
                kept.append((a, start))
            if b > end:
                kept.append((end, b))
        self._spans = kept

    def comments(self, source: str) -> None:
        """HTML comments (``<!-- ... -->``) are never read by the prospect: blank them."""
        if "<!--" in source:
            for match in _COMMENT.finditer(source):
                self.add(match.start(), match.end())

    def spans(self) -> list[tuple[int, int]]:
        """The blanked spans, sorted and merged."""
        merged: list[tuple[int, int]] = []
        for a, b in sorted(self._spans):
            if merged and a <= merged[-1][1]:
                if b > merged[-1][1]:
                    merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        return merged

    def apply(self, source: str) -> str:
        """``source`` with every collected span blanked: same length, same line breaks."""
        if not self._spans:
            return source
        pieces: list[str] = []
        pos = 0
        size = len(source)
        for a, b in self.spans():
            if a >= size:
                break
            b = min(b, size)
            if a > pos:
                pieces.append(source[pos:a])
            pieces.append(blank(source, a, b))
            pos = b
        if pos < len(source):
            pieces.append(source[pos:])
        return "".join(pieces)


def mask(source: str, spans: list[tuple[int, int]]) -> str:
    """``source`` with ``spans`` blanked (see :class:`Mask`)."""
    masker = Mask()
    for start, end in spans:
        masker.add(start, end)
    return masker.apply(source)


def iter_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(line_start, line_end)`` of each line of ``text[start:end]``, the ``\\n`` excluded.

    A generator over offsets: walking a 5 MB message does not build a list of its
    lines, and no line is copied unless the caller slices it.
    """
    pos = start
    find = text.find
    while pos < end:
        nl = find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, stop
        pos = stop + 1


def skip_space(text: str, pos: int, end: int, chars: str = " \t\r\n") -> int:
    """The first offset at or after ``pos`` (before ``end``) not in ``chars``."""
    while pos < end and text[pos] in chars:
        pos += 1
    return pos


def is_blank(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is empty or whitespace only (without slicing it)."""
    return _NON_SPACE.search(text, start, end) is None


def first_non_space(text: str, start: int, end: int) -> int:
    """The offset of the first non-whitespace character in ``[start, end)``, else ``end``."""
    found = _NON_SPACE.search(text, start, end)
    return end if found is None else found.start()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading and trailing (Unicode) whitespace."""
    first = _NON_SPACE.search(text, start, end)  # a masked block can be long: skip it in C
    if first is None:
        return end, end
    start = first.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def trim_end(text: str, end: int, floor: int = 0, chars: str = " \t\r\n") -> int:
    """``end`` moved back over the ``chars`` before it (not below ``floor``)."""
    while end > floor and text[end - 1] in chars:
        end -= 1
    return end

"""Text from a document, made safe to show: the one place every output escapes it.

A hostile email can carry terminal control sequences (``ESC ] 0 ; title BEL``
sets the window title, ``ESC [ 2 J`` clears the screen), C1 controls that some
terminals obey like ESC, and bidirectional overrides (U+202E) that make a line
read differently from what was matched. Every human-facing output (terminal,
plain text, GitHub annotations, JUnit, HTML, CSV) passes the document's text
through :func:`visible`, which shows each such character as a visible escape in
the Python style: ``\\x1b``, ``\\u202e``, ``\\U000e0041``; tab, newline and carriage
return as ``\\t``, ``\\n``, ``\\r`` (an output whose layout has room for a line
break or a tab says so with ``keep``). Backslashes are not doubled: the output is
for people, and a Windows path should still read as one.

Machine formats keep the exact text: JSON, JSONL, SARIF and rdjson are written
through :func:`json_text`, which writes the same characters as ``\\uXXXX`` JSON
escapes, so the decoded strings equal the input while the bytes on a terminal or
in a log viewer never contain them raw.

Escaped (:data:`HIDDEN`): C0 controls (U+0000-U+001F), DEL, C1 controls
(U+0080-U+009F), the bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E,
U+2066-U+2069), invisible characters that can hide or split words (U+200B zero
width space, U+2060-U+2064 word joiner and invisible operators, U+FEFF, the
interlinear annotation marks U+FFF9-U+FFFB, the tag characters U+E0000-U+E007F
used to smuggle invisible text), the line and paragraph separators U+2028 and
U+2029, and lone surrogates (which cannot even be encoded as UTF-8). Zero width
(non-)joiners are left alone: emoji sequences and several scripts need them.

``visible`` maps each character to itself or to its escape, so
``visible(a + b) == visible(a) + visible(b)`` (a layout can escape the parts of a
line separately and still line them up), and it is idempotent: its output has
nothing left to escape.
"""

from __future__ import annotations

import re

from cxcoach.lazyre import LazyRegex

_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi controls
    "\u200b\u2060-\u2064\ufeff\ufff9-\ufffb"  # invisible format characters
    "\u2028\u2029"  # line / paragraph separators
    "\U000e0000-\U000e007f"  # tag characters
    "\ud800-\udfff"  # lone surrogates
)
# Compiled on first use: ``str.isprintable()`` already says "none here" for the
# common text (every character above is a control, format, separator, surrogate
# or unassigned code point, which isprintable refuses), so a hook rarely pays.
HIDDEN = LazyRegex(f"[\x00-\x1f{_BEYOND_C0}]")
# what json.dumps leaves raw: C0 it escapes itself, and outside strings a newline is layout
_JSON_RAW = LazyRegex(f"[{_BEYOND_C0}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_char(char: str) -> str:
    """The visible escape of one character (Python style)."""
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, keep: str = "") -> str:
    """``text`` with every hidden character (see :data:`HIDDEN`) as a visible escape;
    characters in ``keep`` (for example ``"\\n"`` where the layout has a line break
    for it) pass through."""
    if text.isprintable() or not HIDDEN.search(text):
        return text  # the common case: nothing to do, no copy
    if keep:
        return HIDDEN.compiled.sub(lambda m: m[0] if m[0] in keep else escape_char(m[0]), text)
    return HIDDEN.compiled.sub(lambda m: escape_char(m[0]), text)


def has_hidden(text: str, *, allow: str = "") -> bool:
    """True when ``text`` holds a hidden character other than those in ``allow``."""
    if text.isprintable():
        return False
    return any(m[0] not in allow for m in HIDDEN.finditer(text))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every hidden
    character written as a ``\\uXXXX`` escape. json.dumps escapes C0 controls
    itself; this adds DEL, C1, bidi and the rest. They can only occur inside JSON
    strings, where the escape decodes to the same character, so the document's
    meaning is unchanged."""
    if encoded.isprintable() or not _JSON_RAW.search(encoded):
        return encoded
    return _JSON_RAW.compiled.sub(_json_escape, encoded)

"""Where the sentences of an email message start: after its greeting.

A greeting line ("Hi Dana,", "Dear Ms. Lee,", "{{First_Name}},") is not a
sentence: rules that read the opening must meet the first words of substance.
But a hard-wrapped mail (72 or 33 columns), or a brisk one, puts words on the
greeting's line: "Hi Dana, for 20 seats it's $2,400 a year." Those words are the
message's, and a rule must read them. So a line is skipped whole only when it is
short (the greeting word and at most four more words) and ends like a greeting
(``,`` ``:`` ``!``, or no mark at all while the next line does not carry on in
lowercase), or is followed by a blank line; otherwise the sentences start after
the greeting's comma ("for 20 seats ..."), or at the line's start when there is
no such comma ("Hey I wanted to ask about ...").
"""

from __future__ import annotations

import re

from cxcoach.lazyre import LazyRegex
from cxcoach.parse.text import first_non_space, is_blank, trim_end

MAX_NAME_WORDS = 4  # "Hi" + at most this many words: "Good morning Dana and team,"

# matched with pos/endpos at a line start
_OPENER = LazyRegex(
    r"[ \t]*(?:hi|hello|hey|hiya|howdy|dear|greetings|good (?:morning|afternoon|evening|day)"
    r"|to whom it may concern)\b",
    re.IGNORECASE,
)
# a greeting without a greeting word: "Jennifer,", "{{First_Name}},", "Dana and Sam,"
_NAME = (
    r"(?:[A-Z][\w.'-]*|\{\{[^{}\n]{1,40}\}\}|\{[^{}\n]{1,40}\}|\[[^\[\]\n]{1,40}\]"
    r"|<[^<>\n]{1,40}>)"
)
_BARE = LazyRegex(r"[ \t]*" + _NAME + r"(?:[ \t]+(?:and|&|" + _NAME + r")){0,2}[ \t]*,[ \t]*\r?$")
# first lines that end in a comma but answer, not greet: "Yes,\nwe can do Tuesday."
_NOT_NAMES = frozenset(
    "yes no yeah yep nope sure ok okay thanks great agreed absolutely perfect right well so"
    " also and but unfortunately honestly".split()
)
_MARK = LazyRegex(r"[,:!]|[ \t]-[ \t]")  # what ends the greeting inside a line
_WORD = LazyRegex(r"[^\s,:!]+")


def words_start(text: str, pos: int, end: int) -> int:
    """The offset where the sentences of the message at ``[pos, end)`` begin: ``pos``
    (after leading space), past a greeting line, or past the greeting on its line."""
    pos = first_non_space(text, pos, end)
    if pos >= end:
        return end
    nl = text.find("\n", pos, end)
    line_end = end if nl == -1 else nl
    next_line = end if nl == -1 else nl + 1
    bare = _BARE.match(text, pos, line_end)
    if bare and text[pos:line_end].strip(" \t\r,").lower() not in _NOT_NAMES:
        return next_line
    opener = _OPENER.match(text, pos, line_end)
    if opener is None:
        return pos
    last = trim_end(text, line_end, pos)
    mark = _MARK.search(text, opener.end(), last)
    named = _count_words(text, opener.end(), mark.start() if mark else last)
    if named > MAX_NAME_WORDS:
        return pos  # "Hey I wanted to ask about the pilot, ...": a sentence, greeting and all
    after = first_non_space(text, mark.end(), last) if mark else last
    if mark is not None and after >= last:
        return next_line  # "Hi Dana,"
    if _pure(text, opener.end(), last, next_line, end, content=mark is not None):
        return next_line  # "Hi Dana" / "Hi Dana, great news!"
    return after if mark is not None else pos  # "Hi Dana, for 20 seats ...": from "for"


def _pure(text: str, start: int, last: int, next_line: int, end: int, *, content: bool) -> bool:
    """A short greeting line is whole when it ends with , : ! (or with no mark and no
    lowercase continuation below), or is followed by a blank line. ``content``: words
    follow the greeting's comma; ending in "." or "?" they are a sentence ("Hello, I'm
    Sam from Acme.", "Hi Dana, got a minute?"), whatever follows the line."""
    if _count_words(text, start, last) > MAX_NAME_WORDS:
        return False
    ending = text[last - 1]
    if content and ending in ".?;":
        return False
    if _blank_line_at(text, next_line, end) or ending in ",:!":
        return True
    if ending in ".?;)\"'":
        return False
    following = first_non_space(text, next_line, end)
    return following >= end or not text[following].islower()  # "for 20 seats\nit's $2,400"


def _blank_line_at(text: str, pos: int, end: int) -> bool:
    if pos >= end:
        return True
    nl = text.find("\n", pos, end)
    return is_blank(text, pos, end if nl == -1 else nl)


def _count_words(text: str, start: int, stop: int) -> int:
    """Words in ``[start, stop)``, counting no further than one past the limit."""
    count = 0
    for _ in _WORD.finditer(text, start, stop):
        count += 1
        if count > MAX_NAME_WORDS:
            break
    return count

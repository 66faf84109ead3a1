"""Where the words of an email message end: sign-off, signature, disclaimers, footers.

Rules that judge how a message ends (no next step, too few questions) read its
last sentences, so the end of a message must be its last sentence of substance,
not "Kenji Mori / Regional Sales Manager / Tel: ...", a wrapped confidentiality
notice, "Sent from my iPhone" or a template's "Unsubscribe | Manage preferences".

:func:`message_tail` splits the end of one message into

- the sign-off line ("Best,", "Thanks, Dana"): part of the turn, not a sentence;
- the *boilerplate*: the signature block (after the sign-off, after a ``-- ``
  line, or a trailing name block: "Dana Lee / Account Executive | Ledgerly"),
  legal disclaimers and template or device footers, wherever they sit after the
  body. It is left out of the turn and its sentences, but it is *not* masked:
  ``Document.boilerplate`` lists it, and placeholder rules (``in-signature``)
  still search it for "{{sender_name}}".

Every step reads a bounded number of lines back from the end of the message (or
one regex pass over it), so a long message costs no more than a short one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from cxcoach.lazyre import LazyRegex
from cxcoach.parse.text import first_non_space, is_blank, iter_lines, trim_end

MAX_SIGNATURE_LINES = 8  # "Kenji Mori / Regional Sales Manager, Japan / ... / Tel / Mobile / www"
MAX_SIGNATURE_LINE = 80
MAX_FOOTER = 4000  # characters: a disclaimer paragraph, never a body's last paragraph
MAX_TAIL = 6000  # characters after a sign-off: a signature and its disclaimers

_DELIMITER = LazyRegex(r"^[ \t]*-- ?(?:\r?$|[^\n-][^\n]{0,60}\r?$)", re.MULTILINE)
_NAME_WORD = (
    r"(?:[A-Z](?:[\w'&-]*|\.)|\{\{[^{}\n]{1,40}\}\}|\{[^{}\n]{1,40}\}|\[[^\[\]\n]{1,40}\]"
    r"|<[^<>\n]{1,40}>)"
)
_NAME_WORDS = _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,2}"
# "Dana", "J. Smith", "{{sender_name}}", "Dana Lee,": no sentence punctuation, so the
# last line of a wrapped body ("Brown.", "Friday.") is not one
_NAME_LINE = LazyRegex(r"[ \t]*" + _NAME_WORDS + r",?[ \t]*\r?$")
# "Best,", "Thanks, Dana", and a closing line that ends in a comma above the signature:
# "Thanks again for your order,", "Looking forward to hearing from you,"
_SIGNOFF = LazyRegex(
    r"^[ \t]*(?:(?:best(?: regards| wishes)?|kind(?:est)? regards|warm(?:est)? regards|regards"
    r"|rgds|cheers|thanks(?: again| so much| in advance)?|thx|thank you|many thanks"
    r"|sincerely(?: yours)?|yours(?: truly| sincerely| faithfully)?|faithfully|cordially"
    r"|with thanks|talk soon|speak soon|all the best|warmly|respectfully|take care)"
    r"(?:[,.!]?|[ \t]*[,-][ \t]*(?-i:" + _NAME_WORDS + r"))"
    r"|(?:thanks|thank you|many thanks|looking forward|have a (?:great|good|nice|lovely|wonderful))"
    r"\b[^\n.!?,]{0,60},)[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)
# a line that opens a footer even with no blank line above it ("Dana\nSent from my iPhone")
_FOOTER_OPENER = LazyRegex(
    r"[ \t]*(?:sent from my |sent from (?:outlook|mail|yahoo mail) for |get outlook for "
    r"|confidential(?:ity)? notice|disclaimer\b|legal notice|important:|notice:"
    r"|(?:this|the) (?:e-?mail|message|communication|transmission)(?: message)?"
    r" (?:and any (?:attachments?|files?)|(?:is|are|may) (?:be )?(?:confidential|privileged))"
    r"|the information (?:contained )?in this|please consider the environment"
    r"|to unsubscribe|unsubscribe\b|manage (?:your )?(?:email )?preferences|\{\{\s*unsubscribe"
    r"|you (?:are|were) receiving this|you received this (?:e-?mail|message) because)",
    re.IGNORECASE,
)
# what makes a block a footer, read in its whitespace-collapsed lowercase text: legal
# wording, at any length up to a disclaimer's...
_LEGAL_CUE = LazyRegex(
    r"confidential(?:ity)? notice|legal (?:notice|disclaimer)|^disclaimer\b"
    r"|intended (?:solely |only |exclusively )?for the (?:sole )?(?:use of the )?"
    r"(?:named |intended |above )?(?:recipient|addressee|individual|person|entit)"
    r"|if you (?:are not|have received this|received this)[^.]{0,80}(?:recipient|in error)"
    r"|(?:this|the) (?:e-?mail|message|communication|transmission)[^.?]{0,120}"
    r"\b(?:is|are|may be|may contain|contains?)\b[^.?]{0,40}\b(?:confidential|privileged)"
    r"|information (?:contained )?in this (?:e-?mail|message|communication|transmission)"
    r"|(?:privileged|confidential) (?:and|&|or|and/or) (?:legally )?(?:privileged|confidential)"
    r"|please consider the environment|before printing this",
)
# ...and device and template footers, in a short block only (a body line may say "opt out")
_FOOTER_CUE = LazyRegex(
    r"sent from my \w+|sent from (?:outlook|mail|yahoo mail) for|get outlook for"
    r"|unsubscribe|manage (?:your )?(?:email |subscription )?preferences"
    r"|update (?:your )?(?:email )?preferences|opt[ -]out|you (?:are|were) receiving this"
    r"|you received this (?:e-?mail|message) because"
    r"|this is an automated (?:\w+ ){0,2}(?:e-?mail|message)"
    r"|(?:please )?do not reply to this (?:e-?mail|message)",
)
MAX_SHORT_FOOTER = 300
_CONTACT = LazyRegex(
    r"\d[\d ().+-]{6,}\d|@|https?://|www\.|\||\{\{|\[[A-Za-z]"
    r"|\b(?:manager|director|executive|vp|head|ceo|cto|cfo|coo|founder|engineer|sales|account"
    r"|officer|president|partner|consultant|specialist|representative|associate"
    r"|tel|phone|mobile|cell|direct|office|inc|ltd|llc|gmbh|corp)\b",
    re.IGNORECASE,
)
# two sentences on a line ("We met. Then we left."), not "J. Smith" or "Acme Corp. Suite 4"
_PROSE = LazyRegex(r"\b[a-z]{3,}[.!?][ \t]+[A-Z]")
_SENTENCE_LINE = LazyRegex(r"[ \t]*(?:[-*•]|\d{1,2}[.)]|p\.?s\b)", re.IGNORECASE)
_WORDS = LazyRegex(r"\S+")
_QUESTION = LazyRegex(r"\?(?:\s|$)")  # a question, not the "?" of a link


class Tail(NamedTuple):
    """The end of one message: sentences stop at ``words_end`` (before the sign-off),
    the turn at ``end`` (after it), and ``boilerplate`` (signature, disclaimers,
    footers) runs to the message's last character, or is None."""

    words_end: int
    end: int
    boilerplate: tuple[int, int] | None


def message_tail(text: str, start: int, end: int) -> Tail:
    """Split the end of the message whose words run from ``start`` (after the
    greeting) to ``end``."""
    end = trim_end(text, end, start)
    stop = end
    delimiter = _DELIMITER.search(text, start, end)
    if delimiter is not None:
        stop = delimiter.start()  # "-- ": a signature down to the end, by convention
    signoff = _signoff(text, start, trim_end(text, stop, start))
    if signoff is not None:
        cut = first_non_space(text, signoff.end(), end)
        turn_end = trim_end(text, signoff.end(), start)
        return Tail(signoff.start(), turn_end, (cut, end) if cut < end else None)
    cut = _footers_start(text, start, stop)
    body_end = trim_end(text, cut, start)
    for _ in range(2):  # "Sam\n\nSam Whitfield\nPickpath | 775-555-0123"
        name = _signature_name(text, start, body_end)
        if name is None:
            break
        cut, body_end = name, trim_end(text, name, start)
    cut = first_non_space(text, cut, end)
    return Tail(body_end, body_end, (cut, end) if cut < end else None)


def _signoff(text: str, start: int, end: int) -> re.Match[str] | None:
    """The sign-off line followed only by a signature and footers: "Best,\n\nKenji
    Mori\n...". One at the top of the message ("Thanks,\n\nI've attached the SOW.")
    thanks, and signs off only a message that is nothing more than it and a name."""
    top = first_non_space(text, start, end)
    for match in _SIGNOFF.finditer(text, start, end):
        if match.start() <= top < match.end():
            after = first_non_space(text, match.end(), end)
            if after >= end or _single_name(text, after, end):
                return match
            continue
        if _signature_tail(text, match.end(), end):
            return match
    return None


def _single_name(text: str, pos: int, end: int) -> bool:
    return text.find("\n", pos, end) == -1 and _NAME_LINE.match(text, pos, end) is not None


def _signature_tail(text: str, pos: int, end: int) -> bool:
    """True when ``[pos, end)`` holds nothing but a signature's lines (short, none a
    question, a list item, a P.S. or prose) and footers."""
    first = first_non_space(text, pos, end)
    if first >= end:
        return True
    if end - first > MAX_TAIL:
        return False  # rejected unread: a sign-off in the middle of a long message
    count = 0
    for block_start, block_end in _blocks(text, first, end):
        if _is_footer(text, block_start, block_end):
            continue
        for line in text[block_start:block_end].splitlines():
            count += 1
            if count > MAX_SIGNATURE_LINES or not _signature_line(line):
                return False
    return True


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The blocks of ``[start, end)`` top down: paragraphs, split before a line that
    opens a footer ("Dana\nSent from my iPhone"). A generator: a tail is rejected at
    its first block of prose, unread below it."""
    block_start = -1
    for line_start, line_end in iter_lines(text, start, end):
        if is_blank(text, line_start, line_end):
            if block_start >= 0:
                yield block_start, trim_end(text, line_start, block_start)
            block_start = -1
        elif block_start < 0:
            block_start = line_start
        elif _FOOTER_OPENER.match(text, line_start, line_end):
            yield block_start, trim_end(text, line_start, block_start)
            block_start = line_start
    if block_start >= 0:
        yield block_start, trim_end(text, end, block_start)


def _signature_line(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) >= MAX_SIGNATURE_LINE or stripped.endswith("?"):
        return False
    if _SENTENCE_LINE.match(stripped) or _PROSE.search(stripped):
        return False
    if not stripped.endswith((".", "!")):
        return True
    # a sentence, not "Inside Sales | Baltic Fasteners Sp. z o.o."
    return sum(word[:1].islower() for word in stripped.split()) < 5


def _signature_name(text: str, start: int, end: int) -> int | None:
    """Where a signature with no sign-off starts: a name line after a blank line or a
    line that ends a sentence, alone on the last line ("Talk then.\nDana") or heading
    a signature block with a title, a phone number or a link ("Dana Lee\nAccount
    Executive | Ledgerly"). None when the last lines are the body's."""
    lines = _last_lines(text, start, end, MAX_SIGNATURE_LINES)
    found = None
    for i in range(len(lines) - 1, -1, -1):
        a, b = lines[i]
        if not _NAME_LINE.match(text, a, b):
            continue
        above = _after_a_break(text, start, a) if i == 0 else _ends_sentence(text, *lines[i - 1])
        below = lines[i + 1 :]
        if above and all(_below_a_name(text[c:d]) for c, d in below):
            found = a
    return found


def _below_a_name(line: str) -> bool:
    """A line of a signature block under its name: "Account Executive | Ledgerly",
    "+1 555 0100", "Clinicline", "SwiftChange Packaging Parts Co.," (wrapped)."""
    if not _signature_line(line):
        return False
    if _CONTACT.search(line) or _NAME_LINE.match(line):
        return True
    stripped = line.strip()
    return len(stripped.split()) <= 5 and stripped[:1].isupper() and stripped[-1] not in ".!?"


def _last_lines(text: str, start: int, end: int, count: int) -> list[tuple[int, int]]:
    """The last ``count`` lines (at most) of the paragraph ending at ``end``, in order,
    each as (first non-space, end)."""
    lines: list[tuple[int, int]] = []
    line_end = end
    while line_end > start and len(lines) < count:
        line_start = max(text.rfind("\n", start, line_end) + 1, start)
        if is_blank(text, line_start, line_end):
            break
        lines.append((first_non_space(text, line_start, line_end), line_end))
        line_end = line_start - 1
    lines.reverse()
    return lines


def _after_a_break(text: str, start: int, pos: int) -> bool:
    """True when the line at ``pos`` follows a blank line (not the message's first
    line: a message that is only a name has no body to sign)."""
    newline = text.rfind("\n", start, pos)
    if newline == -1:
        return False
    before = max(text.rfind("\n", start, newline) + 1, start)
    return is_blank(text, before, newline)


def _ends_sentence(text: str, start: int, end: int) -> bool:
    last = trim_end(text, end, start, " \t\r")
    return last > start and text[last - 1] in ".!?"


def _footers_start(text: str, start: int, end: int) -> int:
    """The start of the disclaimers and footers at the end of ``[start, end)`` (``end``
    when there are none): blocks read from the bottom up while each is one."""
    cut = end
    pos = trim_end(text, end, start)
    while pos > start:
        block = _block_start(text, start, pos)
        if block is None or not _is_footer(text, block, pos):
            break
        cut = block
        pos = trim_end(text, block, start)
    return cut


def _block_start(text: str, start: int, end: int) -> int | None:
    """The start of the block ending at ``end``: its paragraph, or from a line that
    opens a footer. None when it runs longer than any footer."""
    line_start = max(text.rfind("\n", start, end) + 1, start)
    while end - line_start <= MAX_FOOTER:
        if line_start <= start or _FOOTER_OPENER.match(text, line_start, end):
            return line_start
        prev_end = line_start - 1
        prev_start = max(text.rfind("\n", start, prev_end) + 1, start)
        if is_blank(text, prev_start, prev_end):
            return line_start
        line_start = prev_start
    return None


def _is_footer(text: str, start: int, end: int) -> bool:
    """A block is a footer when it has legal wording, or (short) device or template
    footer wording; never when it asks something."""
    if _QUESTION.search(text, start, end):
        return False
    joined = " ".join(_WORDS.compiled.findall(text, start, end)).lower()
    if _LEGAL_CUE.search(joined):
        return True
    return len(joined) <= MAX_SHORT_FOOTER and _FOOTER_CUE.search(joined) is not None

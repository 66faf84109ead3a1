"""Where quoted history starts in an email, and who wrote what is below each header.

Text under a quote header is an earlier message by another author, never the
rep's words, exactly as "> " quoted lines are. The headers mail clients write:

- Gmail and Apple Mail: "On Tue, 3 Mar 2026 at 10:02, Dana <d@x.com> wrote:",
  also wrapped over two lines; "Begin forwarded message:";
- Outlook: "-----Original Message-----", a "________________________________"
  rule, or nothing, above a "From: / Sent: / To: / Subject:" block;
- Lotus Notes: "John Smith/HOU/ECT on 12/04/2000 10:15 AM" (or
  '"Dana Kim" <dana@x.com> on 12/04/2000 10:15:22 AM', or the name and the date
  on two lines) above "To: / cc: / Subject:" lines, and "----- Forwarded by
  John Smith/HOU/ECT on 12/04/2000 10:15 AM -----".

:func:`quote_start` finds the first header (or "> " line) of a body;
:func:`header_at` reads one header at a line start: (author, end, forwarded).
Both are cheap on lines that cannot start a header (told by their first
character or a substring), because the quoted tail is walked line by line.
"""

from __future__ import annotations

import re

from cxcoach.lazyre import LazyRegex

_ATTRIBUTION = LazyRegex(
    r"(?:^|(?<=>)|(?<=> ))[ \t]*On\b[^\n]{0,200}?(?:\n[^\n]{0,120}?)?\bwrote:[ \t]*\r?$",
    re.MULTILINE,
)
_ORIGINAL = LazyRegex(
    r"(?:^|(?<=>)|(?<=> ))[ \t]*(?:-{2,}[ \t]*"
    r"(?P<kind>Original Message|Forwarded message|Begin forwarded message)[ \t]*-*"
    r"|(?P<apple>Begin forwarded message):)[ \t]*\r?$",
    re.MULTILINE | re.IGNORECASE,
)
_OUTLOOK = LazyRegex(
    r"^[ \t]*From:[ \t]*(?P<name>[^\n]*?)\r?\n"
    r"(?:[ \t]*(?:Sent|Date|To|Cc|Subject):[^\n]*\r?\n){2,5}",
    re.MULTILINE | re.IGNORECASE,
)
_RULE = LazyRegex(r"[ \t]*_{10,}[ \t]*\r?(?:\n|$)")  # Outlook's line above "From:"
_QUOTED_LINE = LazyRegex(r"^[ \t]*>", re.MULTILINE)

# Lotus Notes. A name is '"Dana Kim" <d@x.com>', 'Dana Kim <d@x.com>', 'John
# Smith/HOU/ECT@ECT', 'John Smith@ENRON' or (only with To:/Subject: lines below) 'Sally Beck'.
_DATE_TIME = r"\d{1,2}/\d{1,2}/\d{2,4}[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?"
_WORDS = r"[\w.'-]+(?:[ \t]+[\w.'-]+){0,4}"
_ADDRESSED = (
    r'"[^"\n]{1,60}"(?:[ \t]*<[^<>\n]{1,80}>)?'
    r"|" + _WORDS + r"[ \t]*<[^<>\n]{1,80}>"
    r"|" + _WORDS + r"(?:/[\w.&-]+)+(?:@[\w.&-]+)?"
    r"|" + _WORDS + r"@[\w.&-]+"
)
_PLAIN = r"[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3}"
_FIELDS = (
    r"(?P<fields>(?:(?:[ \t]*\r?\n){0,2}[ \t]*"
    r"(?:(?i:to|cc|bcc|subject|sent by)[ \t]*:|(?i:please respond to)\b)[^\n]*(?:\n|$))+)?"
)
_LOTUS = LazyRegex(
    r"[ \t]*(?:(?P<name>" + _ADDRESSED + r"|(?P<plain>" + _PLAIN + r"))[ \t]+on[ \t]+"
    r"|(?P<name2>"
    + _ADDRESSED
    + r")[ \t]*\r?\n[ \t]*)"
    + _DATE_TIME
    + r"[ \t]*\r?(?:\n|$)"
    + _FIELDS
)
_FORWARDED_BY = LazyRegex(
    r"[ \t]*-{3,}[ \t]*Forwarded by[ \t]+[^\n]{1,100}?[ \t]+on[ \t]+"
    + _DATE_TIME
    + r"[ \t]*-*[ \t]*\r?(?:\n|$)",
    re.IGNORECASE,
)
# a Lotus date line: where to look for its header (this line or the one above)
_DATE_LINE = LazyRegex(_DATE_TIME + r"[ \t]*-*[ \t]*\r?$", re.MULTILINE)

# the name in "On Mon, Mar 2, 2026 at 9:00 AM Sam Ortiz <sam@x.com> wrote:": what follows
# the last time (or comma) and precedes the address or "wrote:"
_NAME_IN_ATTRIBUTION = LazyRegex(
    r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AP]\.?M\.?)?,?|,)\s+"
    r"(?!.*\d{1,2}[:.]\d{2})([^,<>\n]+?)\s*(?:<[^>]*>|\[[^\]]*\])?\s*\n?\s*wrote:",
    re.I | re.S,
)

Header = tuple[str | None, int, bool]  # (author, end of the header, whether a forward)


def quote_start(source: str, start: int, end: int) -> int:
    """Offset where quoted history begins in ``[start, end)`` (``end`` when none)."""
    candidates = [end]
    # cheap substring guards keep the (lazily compiled) regexes off the common path
    # (looked for in [start, end) only: an mbox calls this once per message)
    for pattern, needles in ((_ATTRIBUTION, ("wrote:",)), (_ORIGINAL, ("--", "orwarded m"))):
        if any(source.find(needle, start, end) >= 0 for needle in needles):
            match = pattern.search(source, start, end)
            if match:
                candidates.append(match.start())
    outlook = _OUTLOOK.search(source, start, end) if source.find(":", start, end) >= 0 else None
    if outlook and outlook.start() > start:
        candidates.append(_rule_above(source, start, outlook.start()))
    lotus = _lotus_search(source, start, min(candidates))
    if lotus is not None:
        candidates.append(lotus)
    quoted = _QUOTED_LINE.search(source, start, end)
    if quoted:
        candidates.append(quoted.start())
    return min(candidates)


def _rule_above(source: str, start: int, pos: int) -> int:
    """``pos``, or the start of an Outlook rule line ("_____") just above it."""
    line_end = pos - 1
    while line_end > start:
        line_start = max(source.rfind("\n", start, line_end) + 1, start)
        if _RULE.match(source, line_start, line_end + 1):
            return line_start
        if source[line_start:line_end].strip():
            break
        line_end = line_start - 1
    return pos


def _lotus_search(source: str, start: int, end: int) -> int | None:
    """The start of the first Lotus Notes header in ``[start, end)``, found from its
    date line: the header starts on that line or the one above it."""
    if source.find("/", start, end) == -1:
        return None
    pos = start
    while True:
        date = _DATE_LINE.search(source, pos, end)
        if date is None:
            return None
        line_start = max(source.rfind("\n", start, date.start()) + 1, start)
        if line_start > start:  # "John Arnold@ECT" above "12/04/2000 10:15 AM"
            above = max(source.rfind("\n", start, line_start - 1) + 1, start)
            if _lotus(source, above) is not None:
                return above
        if _lotus(source, line_start) is not None or _FORWARDED_BY.match(source, line_start):
            return line_start
        pos = date.end()


def header_at(source: str, pos: int) -> Header | None:
    """The quote header starting at ``pos`` (a line start, after any quote markers):
    (author, end, forwarded), or None."""
    first_at = pos
    while source.startswith((" ", "\t"), first_at):
        first_at += 1
    first = source[first_at : first_at + 1]
    if first == "O":
        return _attribution(source, pos)
    if first == "-":
        return _original(source, pos) or _forwarded_by(source, pos)
    if first in ("F", "f"):
        match = _OUTLOOK.match(source, pos)
        if match:
            return clean_name(match.group("name")), match.end(), False
    if first in ("B", "b"):
        return _original(source, pos)
    if first == "_":
        rule = _RULE.match(source, pos)
        return _followed(source, rule.end(), forwarded=False) if rule else None
    if first and (first.isalnum() or first == '"'):
        line_end = source.find("\n", pos)
        line_end = len(source) if line_end == -1 else line_end
        if source.find("/", pos, line_end) != -1 or source.find("@", pos, line_end) != -1:
            return _lotus(source, pos)
    return None


def _attribution(source: str, pos: int) -> Header | None:
    match = _ATTRIBUTION.match(source, pos)
    if not match:
        return None
    name = _NAME_IN_ATTRIBUTION.search(match.group(0))
    return (clean_name(name.group(1)) if name else None), match.end(), False


def _original(source: str, pos: int) -> Header | None:
    """ "-----Original Message-----", "---------- Forwarded message ---------" or
    "Begin forwarded message:", and the From: block below it when there is one."""
    match = _ORIGINAL.match(source, pos)
    if not match:
        return None
    forwarded = "forward" in (match.group("kind") or match.group("apple") or "").lower()
    return _followed(source, match.end(), forwarded=forwarded) or (None, match.end(), forwarded)


def _forwarded_by(source: str, pos: int) -> Header | None:
    """Lotus Notes' "----- Forwarded by John Smith/HOU/ECT on 12/04/2000 10:15 AM -----"."""
    match = _FORWARDED_BY.match(source, pos)
    if not match:
        return None
    return _followed(source, match.end(), forwarded=True) or (None, match.end(), True)


def _followed(source: str, pos: int, *, forwarded: bool) -> Header | None:
    """The Outlook or Lotus header right below a separator line, if any."""
    pos = _skip_blank_lines(source, pos)
    outlook = _OUTLOOK.match(source, pos)
    if outlook:
        return clean_name(outlook.group("name")), outlook.end(), forwarded
    lotus = _lotus(source, pos)
    if lotus:
        return lotus[0], lotus[1], forwarded
    return None


def _lotus(source: str, pos: int) -> Header | None:
    """A Lotus Notes header at ``pos``. A plain name ("Sally Beck on 12/04/2000 10:15
    AM") counts only with To:/cc:/Subject: lines below it: a body line may say
    "Meeting on 12/04/2000 10:15 AM"."""
    match = _LOTUS.match(source, pos)
    if not match or (match.group("plain") and not match.group("fields")):
        return None
    return clean_name(match.group("name") or match.group("name2") or ""), match.end(), False


def _skip_blank_lines(source: str, pos: int) -> int:
    """``pos`` moved past blank lines (not into a line's indentation)."""
    while True:
        nl = source.find("\n", pos, pos + 200)
        if nl == -1 or source[pos:nl].strip():
            return pos
        pos = nl + 1


def clean_name(raw: str) -> str | None:
    """A display name from a header value: 'Dana Lee <dana@x.com>' -> 'Dana Lee',
    'John Smith/HOU/ECT@ECT' -> 'John Smith'."""
    from email.utils import parseaddr

    raw = re.sub(r"\[mailto:[^\]]*\]", "", raw).strip(" ,>\t\r")
    if "<" not in raw and '"' not in raw:  # Lotus Notes: "John Smith/HOU/ECT@ECT"
        person = raw.split("/", 1)[0] if "/" in raw else raw.split("@", 1)[0]
        if " " in person.strip():
            raw = person
    if "@" in raw:
        name, address = parseaddr(raw)
        raw = name or address or raw
    return raw.strip().strip('"') or None

"""Emails: a plain draft, a reply with quoted history, Outlook blocks, .eml files.

The newest message (the top of the text) is the rep's draft. Quoted history
("> " lines at any depth, the tail after "On ... wrote:", "-----Original
Message-----" and Outlook "From:/Sent:/To:/Subject:" blocks) becomes earlier
turns, oldest first. Signatures (after a "-- " line) and legal footers are not
anybody's words and are left out of every turn; greeting and sign-off lines stay
in the turn (placeholders there still count) but are not sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Turn
from cxcoach.parse.sentences import make_sentences
from cxcoach.parse.text import Mask, first_non_space, fold, is_blank, iter_lines, trim

_HEADER = LazyRegex(
    r"^(From|To|Cc|Bcc|Subject|Date|Sent|Reply-To|Message-ID|In-Reply-To|References"
    r"|MIME-Version|Content-Type|Content-Transfer-Encoding|X-[\w-]+):[ \t]*(.*)$",
    re.IGNORECASE,
)
# matched at a line start with pos/endpos (a compiled '^' only matches at offset 0)
_ANY_HEADER = LazyRegex(r"([A-Za-z][\w-]{0,40}):[ \t]*(.*?)\r?$")
_REAL_HEADERS = frozenset({"from", "to", "subject", "date", "received", "message-id", "sent"})
_ATTRIBUTION = LazyRegex(
    r"(?:^|(?<=>)|(?<=> ))[ \t]*On\b[^\n]{0,200}?(?:\n[^\n]{0,120}?)?\bwrote:[ \t]*\r?$",
    re.MULTILINE,
)
_ORIGINAL = LazyRegex(
    r"(?:^|(?<=>)|(?<=> ))[ \t]*-{2,}[ \t]*"
    r"(Original Message|Forwarded message|Begin forwarded message)"
    r"[ \t]*-*[ \t]*\r?$",
    re.MULTILINE | re.IGNORECASE,
)
_OUTLOOK = LazyRegex(
    r"^[ \t]*From:[ \t]*(?P<name>[^\n]*?)\r?\n"
    r"(?:[ \t]*(?:Sent|Date|To|Cc|Subject):[^\n]*\r?\n){2,5}",
    re.MULTILINE | re.IGNORECASE,
)
_SIGNATURE = LazyRegex(r"^-- ?(?:\r?$|[^\n-][^\n]{0,60}\r?$)", re.MULTILINE)
_FOOTER = LazyRegex(
    r"^[^\n]*\b(confidential(?:ity)?|intended (?:solely |only )?for the (?:use of the )?"
    r"(?:named |intended )?(?:recipient|addressee)|privileged|unsubscribe|Sent from my "
    r"(?:iPhone|iPad|Android|mobile)|Get Outlook for)\b",
    re.MULTILINE | re.IGNORECASE,
)
_FOOTER_WORDS = ("confidential", "intended", "privileged", "unsubscribe", "sent from my", "outlook")
_BARE_NAME = LazyRegex(r"[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2}[ \t]*\r?$")
_QUOTED_LINE = LazyRegex(r"^[ \t]*>", re.MULTILINE)
_GREETING = LazyRegex(  # matched with pos/endpos on the first line of a message
    r"[ \t]*(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^\n.!?]{0,60}"
    r"|to whom it may concern|[A-Z][\w{}\[\]<> .'-]{0,40})[,:!]?[ \t]*\r?$",
    re.IGNORECASE,
)
_SIGNOFF = LazyRegex(
    r"^[ \t]*(?:best(?: regards| wishes)?|kind regards|warm regards|regards|cheers|thanks"
    r"(?: again| so much)?|thank you|many thanks|sincerely(?: yours)?|yours(?: truly| sincerely)?"
    r"|talk soon|speak soon|all the best|warmly|respectfully)[,.!]?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_BLANK_LINE = LazyRegex(r"\r?\n\r?\n")
# the name in "On Mon, Mar 2, 2026 at 9:00 AM Sam Ortiz <sam@x.com> wrote:": what follows
# the last time (or comma) and precedes the address or "wrote:"
_NAME_IN_ATTRIBUTION = LazyRegex(
    r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AP]\.?M\.?)?,?|,)\s+"
    r"(?!.*\d{1,2}[:.]\d{2})([^,<>\n]+?)\s*(?:<[^>]*>|\[[^\]]*\])?\s*\n?\s*wrote:",
    re.I | re.S,
)


@dataclass
class _Message:
    start: int
    end: int
    author: str | None
    depth: int
    marked: bool = False  # quoted with '>' (not under an attribution/Outlook header)
    forwarded: bool = False  # under a "Forwarded message" header: not a reply to answer


def parse_email(
    source: str,
    *,
    rep_names: tuple[str, ...] = (),
    fmt: str = "email",
) -> Document:
    """Parse a draft or reply into a Document whose last turn is the rep's draft.

    Top-posted replies (the draft above the quote) and bottom-posted or inline
    replies (answers below "> " lines) both become turns in chronological order.
    """
    folded = fold(source)  # what every later step reads; offsets are the source's
    masker = Mask()
    masker.comments(folded)
    headers, body_start, subject_start = _read_headers(folded, masker)
    notices: list[str] = []
    body_end = len(source)
    content_type = headers.get("content-type", "").lower()
    encoding = headers.get("content-transfer-encoding", "").lower()
    if "multipart" in content_type or encoding in ("base64", "quoted-printable"):
        located = _plain_part(source, masker, body_start)
        if isinstance(located, str):  # encoded body: coach the decoded text
            inner = parse_email(located, rep_names=rep_names, fmt=fmt)
            note = "the email body is transfer-encoded; line numbers refer to the decoded body"
            return inner._replace(notices=(note, *inner.notices))
        body_start, body_end = located
    draft_from = _clean_name(headers["from"]) if headers.get("from") else None
    messages = split_messages(folded, masker, body_start, body_end, draft_from)
    text = masker.apply(folded)
    reply_author = next((m.author for m in messages if m.depth == 1), None)
    turns: list[Turn] = []
    for message in messages:
        turn = _make_turn(text, message, rep_names, draft_from, reply_author, subject_start)
        if turn is not None:
            turns.append(turn)
    kind = "thread" if len(turns) > 1 else "email"
    return Document(
        source=source,
        text=text,
        kind=kind,
        format=fmt,
        turns=tuple(turns),
        notices=tuple(notices),
        first_touch=len(turns) <= 1,
    )


def split_messages(
    source: str, masker: Mask, start: int, end: int, author: str | None
) -> list[_Message]:
    """The messages of one email body ``[start, end)``, oldest first, markup masked."""
    quote_start = _quote_start(source, start, end)
    draft = _Message(start, quote_start, author, 0)
    _mask_signature(source, masker, draft)
    quoted = _quoted_messages(source, masker, quote_start, end, author) if quote_start < end else []
    if not is_blank(source, draft.start, draft.end) or not any(m.depth == 0 for m in quoted):
        # top-posting: the draft is the newest; deeper quotes are older
        return [*sorted(quoted, key=lambda m: -m.depth), draft]
    return quoted  # bottom-posted / inline replies: document order is chronological


def _read_headers(source: str, masker: Mask) -> tuple[dict[str, str], int, int | None]:
    """Read a leading RFC 822 header block; mask all but the Subject's value.

    Any ``Field-Name: value`` lines count when the block has at least one of the
    fields a real email has (From, To, Subject, Date, Received, Message-ID), so a
    draft that starts "Note: ..." is not mistaken for headers.
    """
    headers: dict[str, str] = {}
    pos = 0
    subject_span: tuple[int, int] | None = None
    while pos < len(source):
        nl = source.find("\n", pos)
        line_end = len(source) if nl == -1 else nl
        match = _ANY_HEADER.match(source, pos, line_end)
        mbox_from = pos == 0 and source.startswith("From ", 0, line_end)
        if match and not mbox_from:
            name = match.group(1).lower()
            headers.setdefault(name, match.group(2).strip())
            if name == "subject":
                subject_span = (match.start(2), line_end)
        elif mbox_from:
            pass  # mbox "From " separator line
        elif (
            headers
            and (pos == line_end or source[pos] in " \t")
            and not is_blank(source, pos, line_end)
        ):
            pass  # folded header continuation
        else:
            break
        pos = line_end + 1
    if not (headers.keys() & _REAL_HEADERS):
        return {}, 0, None
    masker.add(0, min(pos, len(source)))
    if subject_span:
        masker.keep(*subject_span)
    body = min(pos, len(source))
    if subject_span:
        return headers, subject_span[0], subject_span[0]
    return headers, body, None


def _plain_part(source: str, masker: Mask, body_start: int) -> tuple[int, int] | str:
    """Find the text/plain part of a MIME message in ``source``; mask the rest.

    Returns its ``(start, end)`` when it is stored as plain text, or the decoded
    text when it is base64/quoted-printable (offsets cannot map then).
    """
    import email
    from email import policy

    message = email.message_from_string(source, policy=policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/plain" or part.get_filename():
            continue
        encoding = (part.get("Content-Transfer-Encoding") or "").lower()
        if encoding in ("base64", "quoted-printable"):
            payload = part.get_payload(decode=True)
            charset = part.get_content_charset() or "utf-8"
            if isinstance(payload, bytes):
                return payload.decode(charset, errors="replace")
        raw = part.get_payload()
        if not isinstance(raw, str) or not raw.strip():
            continue
        head = raw.strip()[:200]
        at = source.find(head, body_start)
        if at < 0:
            continue
        end = at + len(raw.strip())
        masker.add(body_start, at)
        masker.add(end, len(source))
        return at, end
    masker.add(body_start, len(source))
    return len(source), len(source)


def _quote_start(source: str, start: int, end: int) -> int:
    """Offset where quoted history begins (``end`` when there is none)."""
    candidates = [end]
    # cheap substring guards keep the (lazily compiled) regexes off the common path
    # (looked for in [start, end) only: an mbox calls this once per message)
    for pattern, needle in ((_ATTRIBUTION, "wrote:"), (_ORIGINAL, "--")):
        match = pattern.search(source, start, end) if source.find(needle, start, end) >= 0 else None
        if match:
            candidates.append(match.start())
    outlook = _OUTLOOK.search(source, start, end) if source.find(":", start, end) >= 0 else None
    if outlook and outlook.start() > start:
        candidates.append(outlook.start())
    quoted = _QUOTED_LINE.search(source, start, end)
    if quoted:
        candidates.append(quoted.start())
    return min(candidates)


def _quoted_messages(
    source: str, masker: Mask, start: int, end: int, draft_author: str | None
) -> list[_Message]:
    """Split the quoted tail ``[start, end)`` into messages in document order.

    Quote markers are masked. A "> " block opens a quoted message at its depth;
    an attribution or Outlook header opens an older message; unquoted lines right
    after a "> " block are the rep's inline (or bottom-posted) answer, depth 0.
    """
    messages: list[_Message] = []
    pos = start
    current: _Message | None = None

    def close(at: int) -> None:
        if current is not None:
            current.end = at
            messages.append(current)

    for line_start, line_end in iter_lines(source, start, end):
        if line_start < pos:
            continue  # inside a header block already read
        depth = 0
        j = line_start
        while j < line_end and source[j] in " \t":
            j += 1
        while j < line_end and source[j] in "> ":
            if source[j] == ">":
                depth += 1
            j += 1
        content_start = j if depth else line_start
        masker.add(line_start, content_start)
        has_content = not is_blank(source, content_start, line_end)
        header = _attribution_author(source, content_start) if has_content else None
        if header is not None:
            author, header_end, forwarded = header
            masker.add(content_start, header_end)
            close(content_start)
            current = _Message(header_end, header_end, author, depth + 1, forwarded=forwarded)
            pos = header_end
            continue
        if has_content:
            if current is None:
                current = _Message(content_start, content_start, None, max(depth, 1), depth > 0)
            elif depth == 0 and current.marked:
                close(line_start)  # the rep answers below the quote
                current = _Message(content_start, content_start, draft_author, 0)
            elif depth and depth != current.depth:
                close(line_start)
                current = _Message(content_start, content_start, None, depth, True)
        if current is not None:
            current.end = line_end
    if current is not None:
        messages.append(current)
    for message in messages:
        _mask_signature(source, masker, message)
    return messages


def _attribution_author(source: str, pos: int) -> tuple[str | None, int, bool] | None:
    """If an attribution/original-message block starts at ``pos``:
    (author, end, whether it is a forward)."""
    for pattern in _header_patterns(source, pos):
        match = pattern.match(source, pos)
        if not match:
            continue
        end = match.end()
        if pattern is _OUTLOOK:
            return _clean_name(match.group("name")), end, False
        if pattern is _ORIGINAL:
            forwarded = "forward" in match.group(1).lower()
            follow = _OUTLOOK.match(source, _skip_newline(source, end))
            if follow:
                return _clean_name(follow.group("name")), follow.end(), forwarded
            return None, end, forwarded
        name = _NAME_IN_ATTRIBUTION.search(match.group(0))
        return (_clean_name(name.group(1)) if name else None), end, False
    return None


def _header_patterns(source: str, pos: int) -> tuple[LazyRegex, ...]:
    """The header patterns that can match at ``pos``, told by its first non-blank
    character: this runs for every line of the quoted history, and most lines start
    with none of "On ...", "--..." or "From:"."""
    while source.startswith((" ", "\t"), pos):
        pos += 1
    first = source[pos : pos + 1]
    if first == "O":
        return (_ATTRIBUTION,)
    if first == "-":
        return (_ORIGINAL,)
    if first in ("F", "f"):
        return (_OUTLOOK,)
    return ()


def _skip_newline(source: str, pos: int) -> int:
    while pos < len(source) and source[pos] in "\r\n":
        pos += 1
    return pos


def _clean_name(raw: str) -> str | None:
    """A display name from a header value: 'Dana Lee <dana@x.com>' -> 'Dana Lee'."""
    from email.utils import parseaddr

    raw = re.sub(r"\[mailto:[^\]]*\]", "", raw).strip(" ,>\t\r")
    if "@" in raw:
        name, address = parseaddr(raw)
        raw = name or address or raw
    return raw.strip().strip('"') or None


def _mask_signature(source: str, masker: Mask, message: _Message) -> None:
    """Cut the signature ("-- ") and legal footers off the end of a message."""
    sig = _SIGNATURE.search(source, message.start, message.end)
    if sig:
        masker.add(sig.start(), message.end)
        message.end = sig.start()
    lowered = source[message.start : message.end].lower()
    if not any(word in lowered for word in _FOOTER_WORDS):
        return
    masked_to = message.start
    for footer in _FOOTER.finditer(source, message.start, message.end):
        if footer.start() < masked_to:
            continue  # in the paragraph of the footer before: masked already
        para_end = source.find("\n\n", footer.start(), message.end)
        para_end = message.end if para_end == -1 else para_end
        masker.add(footer.start(), para_end)
        masked_to = para_end


def _make_turn(
    text: str,
    message: _Message,
    rep_names: tuple[str, ...],
    draft_from: str | None,
    reply_author: str | None,
    subject_start: int | None,
) -> Turn | None:
    if message.depth == 0:
        role = "rep"
    else:
        role = _quoted_role(message, rep_names, draft_from, reply_author)
    start, end = trim(text, message.start, message.end)
    if end <= start:
        return None
    skip_subject = message.depth == 0 and message.start == subject_start
    sent_start, sent_end = _sentence_range(text, start, end, skip_first_line=skip_subject)
    sentences = make_sentences(text, sent_start, sent_end) if sent_end > sent_start else ()
    return Turn(
        speaker=message.author if message.depth else (draft_from or None),
        role=role,
        start=start,
        end=end,
        text=text[start:end],
        sentences=sentences,
    )


def _quoted_role(
    message: _Message, rep_names: tuple[str, ...], draft_from: str | None, reply_author: str | None
) -> str:
    if message.forwarded:
        return "unknown"  # forwarded history: nobody is waiting for an answer to it
    author = (message.author or "").lower()
    known_rep = [n.lower() for n in rep_names if n] + ([draft_from.lower()] if draft_from else [])
    if author and any(_same_person(author, n) for n in known_rep):
        return "rep"
    if message.depth == 1 or (author and reply_author and author == reply_author.lower()):
        return "prospect"
    return "unknown"


def _same_person(a: str, b: str) -> bool:
    a_words = set(re.findall(r"[\w.@-]+", a))
    b_words = set(re.findall(r"[\w.@-]+", b))
    return bool(a_words & b_words)


def _sentence_range(text: str, start: int, end: int, *, skip_first_line: bool) -> tuple[int, int]:
    """The part of a message that holds sentences: no subject, greeting or sign-off."""
    pos = start
    if skip_first_line:
        nl = text.find("\n", pos, end)
        pos = end if nl == -1 else nl + 1
    # greeting line
    while pos < end and text[pos].isspace():
        pos += 1
    nl = text.find("\n", pos, end)
    if nl != -1 and _GREETING.match(text, pos, nl) and _is_greeting(text[pos:nl]):
        pos = nl + 1
    # trailing sign-off: a sign-off line followed only by a few short lines,
    # or a bare name on the last line ("Dana")
    stop = end
    last_nl = text.rfind("\n", pos, end)
    if last_nl != -1 and _BARE_NAME.match(text, last_nl + 1, end):
        stop = last_nl
    tail_end = end
    while tail_end > pos and text[tail_end - 1].isspace():
        tail_end -= 1
    for match in _SIGNOFF.finditer(text, pos, end):
        if _short_tail(text, match.end(), tail_end):
            stop = match.start()
            break
    return pos, stop


# At most 4 lines under 60 characters: 4 x 59 characters and 3 line breaks of up to 2.
_SHORT_TAIL = 4 * 59 + 3 * 2


def _short_tail(text: str, at: int, tail_end: int) -> bool:
    """True when ``text[at:tail_end]`` (``tail_end`` past its last non-space) holds at
    most 4 lines, each under 60 characters, once stripped.

    The same test as ``text[at:end].strip().splitlines()`` without copying the rest of
    the message for every sign-off candidate (which made a long message quadratic):
    a stripped tail longer than 4 such lines can hold is rejected unread.
    """
    first = first_non_space(text, at, tail_end)
    if first >= tail_end:
        return True
    if tail_end - first > _SHORT_TAIL:
        return False
    tail = text[first:tail_end].splitlines()
    return len(tail) <= 4 and all(len(line) < 60 for line in tail)


def _is_greeting(line: str) -> bool:
    stripped = line.strip()
    _head, comma, rest = stripped.partition(",")
    if comma and rest.strip() and not stripped.endswith((",", ":", "!")):
        return False  # "Hi Dana, for 20 seats it's $2,400": a sentence wrapped after its greeting
    if re.match(
        r"(?i)(hi|hello|hey|dear|greetings|good (morning|afternoon|evening)|to whom)\b", stripped
    ):
        return True
    # a bare name line such as "Jennifer," or "{{First_Name}},"
    return stripped.endswith(",") and len(stripped.split()) <= 3


# --------------------------------------------------------------------------- mbox

_MBOX_FROM = LazyRegex(r"^From [^\n]*\r?\n", re.MULTILINE)
_SUBJECT_PREFIX = LazyRegex(r"^(?:\s*(?:re|fwd?|aw|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass
class MboxMessage:
    start: int  # of the "From " line
    body_start: int
    end: int
    author: str | None
    subject: str
    message_id: str
    parents: tuple[str, ...]
    date: float | None


def looks_like_mbox(text: str) -> bool:
    return text.startswith("From ") and bool(_MBOX_FROM.match(text))


def mbox_messages(source: str) -> list[MboxMessage]:
    """Split an mbox text (messages start at "From " lines) and read their headers."""
    from email.parser import HeaderParser
    from email.utils import getaddresses, parsedate_to_datetime

    starts = [
        m.start() for m in _MBOX_FROM.finditer(source) if _at_message_start(source, m.start())
    ]
    out: list[MboxMessage] = []
    parser = HeaderParser()
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(source)
        header_start = source.index("\n", start) + 1
        blank = _BLANK_LINE.search(source, header_start, end)
        body_start = blank.end() if blank else end
        headers = parser.parsestr(source[header_start:body_start])
        authors = getaddresses([headers.get("From", "")])
        author = (authors[0][0] or authors[0][1]) if authors and any(authors[0]) else None
        try:
            date = parsedate_to_datetime(headers.get("Date", "")).timestamp()
        except (TypeError, ValueError, IndexError):
            date = None
        parents = tuple(
            re.findall(
                r"<[^>]+>",
                (headers.get("References") or "") + " " + (headers.get("In-Reply-To") or ""),
            )
        )
        out.append(
            MboxMessage(
                start,
                body_start,
                end,
                author,
                str(headers.get("Subject") or ""),
                str(headers.get("Message-ID") or "").strip(),
                parents,
                date,
            )
        )
    return out


def _at_message_start(source: str, pos: int) -> bool:
    """An mbox "From " line starts a message at the top or after a blank line."""
    return pos == 0 or source.endswith(("\n\n", "\n\r\n"), 0, pos)


def group_threads(messages: list[MboxMessage]) -> list[list[MboxMessage]]:
    """Messages sharing a References/In-Reply-To chain or a normalised subject."""
    parent: dict[int, int] = {i: i for i in range(len(messages))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_id = {m.message_id: i for i, m in enumerate(messages) if m.message_id}
    by_subject: dict[str, int] = {}
    for i, message in enumerate(messages):
        for ref in message.parents:
            if ref in by_id:
                parent[find(i)] = find(by_id[ref])
        key = _SUBJECT_PREFIX.sub("", message.subject).strip().lower()
        if key:
            if key in by_subject:
                parent[find(i)] = find(by_subject[key])
            else:
                by_subject[key] = i
    groups: dict[int, list[MboxMessage]] = {}
    for i, message in enumerate(messages):
        groups.setdefault(find(i), []).append(message)
    return list(groups.values())


def parse_thread(
    source: str,
    thread: list[MboxMessage],
    rep_names: tuple[str, ...] = (),
    folded: str | None = None,
) -> Document:
    """One Document for a thread of mbox messages (offsets into the whole mbox text).

    Each message's new text is a turn; in a thread of several messages the quoted
    history inside each message is left out (those messages are turns already).
    The rep is ``rep_names`` or else the newest message's sender, said in a notice.
    ``folded`` is ``fold(source)`` when the caller has it (an mbox folds once).
    """
    if folded is None:
        folded = fold(source)
    ordered = sorted(thread, key=lambda m: (m.date is None, m.date or 0, m.start))
    masker = Mask()
    pos = 0  # everything but the bodies of this thread's messages is masked
    for message in sorted(thread, key=lambda m: m.body_start):
        masker.add(pos, message.body_start)
        pos = max(pos, message.end)
    masker.add(pos, len(source))
    reps = rep_names or ((ordered[-1].author,) if ordered[-1].author else ())
    parts: list[_Message] = []
    for message in ordered:
        found = split_messages(folded, masker, message.body_start, message.end, message.author)
        for part in found:
            if len(ordered) == 1 or part.depth == 0:
                part.author = part.author or message.author
                parts.append(part)
    text = masker.apply(folded)
    turns: list[Turn] = []
    for part in parts:
        author = part.author
        is_rep = author is not None and any(
            _same_person(author.lower(), r.lower()) for r in reps if r
        )
        role = "rep" if is_rep else ("prospect" if author else "unknown")
        start, end = trim(text, part.start, part.end)
        if end <= start:
            continue
        s_start, s_end = _sentence_range(text, start, end, skip_first_line=False)
        sentences = make_sentences(text, s_start, s_end) if s_end > s_start else ()
        turns.append(Turn(author, role, start, end, text[start:end], sentences))
    if rep_names:
        notices: tuple[str, ...] = ()
    elif reps:
        notices = (
            f"the rep is taken to be {reps[0]} (the newest message's sender); "
            "pass --rep to change it",
        )
    else:
        notices = ("could not tell who the rep is; pass --rep NAME",)
    return Document(
        source=source,
        text=text,
        kind="thread" if len(turns) > 1 else "email",
        format="mbox",
        turns=tuple(turns),
        notices=notices,
        first_touch=len(ordered) == 1,
    )


def parse_mbox(source: str, rep_names: tuple[str, ...] = ()) -> list[tuple[str, Document]]:
    """(subject, Document) per thread of an mbox text."""
    folded = fold(source)
    messages = mbox_messages(folded)
    return [
        (thread[0].subject, parse_thread(source, thread, rep_names, folded))
        for thread in group_threads(messages)
    ]

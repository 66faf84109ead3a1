"""Emails: a plain draft, a reply with quoted history, Outlook blocks, .eml files.

The newest message (the top of the text) is the rep's draft. Quoted history
("> " lines at any depth, and the text under a quote header: "On ... wrote:",
"-----Original Message-----", Outlook "From:/Sent:/To:/Subject:" blocks, Lotus
Notes headers; see :mod:`cxcoach.parse.history`) becomes earlier turns, oldest
first. Signatures, legal disclaimers and footers (:mod:`cxcoach.parse.boilerplate`)
are nobody's words to this reader: they are left out of every turn and listed in
``Document.boilerplate``; greeting and sign-off lines stay in the turn
(placeholders there still count) but are not sentences.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cxcoach.lazyre import LazyRegex
from cxcoach.model import DocKind, Document, Role, Turn
from cxcoach.parse.boilerplate import message_tail
from cxcoach.parse.greeting import words_start
from cxcoach.parse.history import clean_name, header_at, quote_start
from cxcoach.parse.sentences import make_sentences
from cxcoach.parse.text import Mask, fold, is_blank, iter_lines, trim, trim_end

_HEADER = LazyRegex(
    r"^(From|To|Cc|Bcc|Subject|Date|Sent|Reply-To|Message-ID|In-Reply-To|References"
    r"|MIME-Version|Content-Type|Content-Transfer-Encoding|X-[\w-]+):[ \t]*(.*)$",
    re.IGNORECASE,
)
# matched at a line start with pos/endpos (a compiled '^' only matches at offset 0)
_ANY_HEADER = LazyRegex(r"([A-Za-z][\w-]{0,40}):[ \t]*(.*?)\r?$")
_REAL_HEADERS = frozenset({"from", "to", "subject", "date", "received", "message-id", "sent"})
_BLANK_LINE = LazyRegex(r"\r?\n\r?\n")


class _Message:
    """One message of an email's text (the draft, or quoted history at a depth).
    A slotted class, not a dataclass: a dataclass costs a millisecond of every start."""

    __slots__ = ("author", "depth", "end", "forwarded", "marked", "start")

    def __init__(
        self,
        start: int,
        end: int,
        author: str | None,
        depth: int,
        marked: bool = False,  # quoted with '>' (not under an attribution/Outlook header)
        forwarded: bool = False,  # under a "Forwarded message" header: not a reply to answer
    ) -> None:
        self.start, self.end, self.author, self.depth = start, end, author, depth
        self.marked, self.forwarded = marked, forwarded


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
    draft_from = clean_name(headers["from"]) if headers.get("from") else None
    messages = split_messages(folded, masker, body_start, body_end, draft_from)
    text = masker.apply(folded)
    reply_author = next((m.author for m in messages if m.depth == 1), None)
    turns: list[Turn] = []
    boilerplate: list[tuple[int, int]] = []
    for message in messages:
        made = _make_turn(text, message, rep_names, draft_from, reply_author, subject_start)
        if made is not None:
            turns.append(made[0])
            if made[1] is not None:
                boilerplate.append(made[1])
    kind: DocKind = "thread" if len(turns) > 1 else "email"
    return Document(
        source=source,
        text=text,
        kind=kind,
        format=fmt,
        turns=tuple(turns),
        notices=tuple(notices),
        first_touch=len(turns) <= 1,
        boilerplate=tuple(sorted(boilerplate)),
    )


def split_messages(
    source: str, masker: Mask, start: int, end: int, author: str | None
) -> list[_Message]:
    """The messages of one email body ``[start, end)``, oldest first, markup masked."""
    history = quote_start(source, start, end)
    draft = _Message(start, history, author, 0)
    quoted = _quoted_messages(source, masker, history, end, author) if history < end else []
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
        header = header_at(source, content_start) if has_content else None
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
    return messages


def _make_turn(
    text: str,
    message: _Message,
    rep_names: tuple[str, ...],
    draft_from: str | None,
    reply_author: str | None,
    subject_start: int | None,
) -> tuple[Turn, tuple[int, int] | None] | None:
    role: Role
    if message.depth == 0:
        role = "rep"
    else:
        role = _quoted_role(message, rep_names, draft_from, reply_author)
    skip_subject = message.depth == 0 and message.start == subject_start
    speaker = message.author if message.depth else (draft_from or None)
    return _turn(text, message.start, message.end, speaker, role, skip_subject=skip_subject)


def _turn(
    text: str, start: int, end: int, speaker: str | None, role: Role, *, skip_subject: bool
) -> tuple[Turn, tuple[int, int] | None] | None:
    """The turn of one message and its boilerplate (signature, disclaimers, footers):
    the turn ends with the sign-off line; its sentences run from after the subject and
    the greeting to before the sign-off."""
    start, end = trim(text, start, end)
    if end <= start:
        return None
    words_from = start
    if skip_subject:
        nl = text.find("\n", start, end)
        words_from = end if nl == -1 else nl + 1
    words_from = words_start(text, words_from, end)
    tail = message_tail(text, words_from, end)
    end = trim_end(text, tail.end, start)
    if end <= start:
        return None
    words_end = min(tail.words_end, end)
    sentences = make_sentences(text, words_from, words_end) if words_end > words_from else ()
    turn = Turn(speaker, role, start, end, text, sentences)
    return turn, tail.boilerplate


def _quoted_role(
    message: _Message, rep_names: tuple[str, ...], draft_from: str | None, reply_author: str | None
) -> Role:
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


# --------------------------------------------------------------------------- mbox

_MBOX_FROM = LazyRegex(r"^From [^\n]*\r?\n", re.MULTILINE)
_SUBJECT_PREFIX = LazyRegex(r"^(?:\s*(?:re|fwd?|aw|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


class MboxMessage(NamedTuple):
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
    boilerplate: list[tuple[int, int]] = []
    for part in parts:
        author = part.author
        is_rep = author is not None and any(
            _same_person(author.lower(), r.lower()) for r in reps if r
        )
        role: Role = "rep" if is_rep else ("prospect" if author else "unknown")
        made = _turn(text, part.start, part.end, author, role, skip_subject=False)
        if made is not None:
            turns.append(made[0])
            if made[1] is not None:
                boilerplate.append(made[1])
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
        boilerplate=tuple(sorted(boilerplate)),
    )


def parse_mbox(source: str, rep_names: tuple[str, ...] = ()) -> list[tuple[str, Document]]:
    """(subject, Document) per thread of an mbox text."""
    folded = fold(source)
    messages = mbox_messages(folded)
    return [
        (thread[0].subject, parse_thread(source, thread, rep_names, folded))
        for thread in group_threads(messages)
    ]

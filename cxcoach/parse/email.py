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

_HEADER = LazyRegex(
    r"^(From|To|Cc|Bcc|Subject|Date|Sent|Reply-To|Message-ID|In-Reply-To|References"
    r"|MIME-Version|Content-Type|Content-Transfer-Encoding|X-[\w-]+):[ \t]*(.*)$",
    re.IGNORECASE,
)
_ATTRIBUTION = LazyRegex(
    r"^[ \t]*On\b[^\n]{0,200}?(?:\n[^\n]{0,120}?)?\bwrote:[ \t]*\r?$", re.MULTILINE
)
_ORIGINAL = LazyRegex(
    r"^[ \t]*-{2,}[ \t]*(Original Message|Forwarded message|Begin forwarded message)"
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
_GREETING = LazyRegex(
    r"^[ \t]*(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^\n.!?]{0,60}"
    r"|to whom it may concern|[A-Z][\w{}\[\]<> .'-]{0,40})[,:!]?[ \t]*\r?$",
    re.IGNORECASE,
)
_SIGNOFF = LazyRegex(
    r"^[ \t]*(?:best(?: regards| wishes)?|kind regards|warm regards|regards|cheers|thanks"
    r"(?: again| so much)?|thank you|many thanks|sincerely(?: yours)?|yours(?: truly| sincerely)?"
    r"|talk soon|speak soon|all the best|warmly|respectfully)[,.!]?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_NAME_IN_ATTRIBUTION = LazyRegex(
    r"(?:,\s*|\d\s*(?:[AP]M)?\s+)([^,<>\n]+?)\s*(?:<[^>]*>)?\s*wrote:", re.I
)


@dataclass
class _Message:
    start: int
    end: int
    author: str | None
    depth: int


def mask(chars: list[str], start: int, end: int) -> None:
    """Blank ``chars[start:end]`` to spaces, keeping line breaks."""
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def parse_email(
    source: str,
    *,
    rep_names: tuple[str, ...] = (),
    fmt: str = "email",
) -> Document:
    """Parse a draft or reply into a Document whose last turn is the rep's draft."""
    chars = list(source)
    headers, body_start = _read_headers(source, chars)
    draft_from = headers.get("from")
    quote_start = _quote_start(source, body_start)
    draft = _Message(body_start, quote_start, draft_from, 0)
    _mask_signature(source, chars, draft)
    messages = [draft]
    if quote_start < len(source):
        messages.extend(_quoted_messages(source, chars, quote_start))
    text = "".join(chars)
    notices: list[str] = []
    reply_author = next((m.author for m in messages[1:] if m.depth == 1), None)
    turns: list[Turn] = []
    for message in reversed(messages):
        turn = _make_turn(text, message, rep_names, draft_from, reply_author, headers)
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


def _read_headers(source: str, chars: list[str]) -> tuple[dict[str, str], int]:
    """Read a leading RFC 822-style header block; mask all but the Subject's value."""
    headers: dict[str, str] = {}
    pos = 0
    subject_span: tuple[int, int] | None = None
    while pos < len(source):
        nl = source.find("\n", pos)
        line_end = len(source) if nl == -1 else nl
        line = source[pos:line_end]
        match = _HEADER.match(line)
        if match:
            name = match.group(1).lower()
            headers.setdefault(name, match.group(2).strip())
            if name == "subject":
                subject_span = (pos + match.start(2), line_end)
        elif headers and line[:1] in " \t" and line.strip():
            pass  # folded header continuation
        else:
            break
        pos = line_end + 1
    if not headers:
        return {}, 0
    mask(chars, 0, min(pos, len(source)))
    if subject_span:
        chars[subject_span[0] : subject_span[1]] = list(source[subject_span[0] : subject_span[1]])
    return headers, (subject_span[0] if subject_span else min(pos, len(source)))


def _quote_start(source: str, start: int) -> int:
    """Offset where quoted history begins (``len(source)`` when there is none)."""
    candidates = [len(source)]
    # cheap substring guards keep the (lazily compiled) regexes off the common path
    for pattern, needle in ((_ATTRIBUTION, "wrote:"), (_ORIGINAL, "--")):
        match = pattern.search(source, start) if needle in source else None
        if match:
            candidates.append(match.start())
    outlook = _OUTLOOK.search(source, start) if ":" in source else None
    if outlook and outlook.start() > start:
        candidates.append(outlook.start())
    quoted = re.search(r"^[ \t]*>", source[start:], re.MULTILINE)
    if quoted:
        candidates.append(start + quoted.start())
    return min(candidates)


def _quoted_messages(source: str, chars: list[str], start: int) -> list[_Message]:
    """Split the quoted tail into messages (newest first), masking quote markup."""
    messages: list[_Message] = []
    pos = start
    current: _Message | None = None
    for line_start, line in _lines(source, start):
        stripped = line.lstrip(" \t")
        depth = 0
        j = len(line) - len(stripped)
        while j < len(line) and line[j] in "> ":
            if line[j] == ">":
                depth += 1
            j += 1
        content_start = line_start + (j if depth else 0)
        mask(chars, line_start, content_start)
        content = source[content_start : line_start + len(line)]
        header = _attribution_author(source, content_start)
        if header is not None:
            author, header_end = header
            mask(chars, content_start, header_end)
            if current:
                current.end = content_start
                messages.append(current)
            current = _Message(header_end, header_end, author, depth + 1)
            pos = header_end
            continue
        if line_start < pos:
            continue
        if current is None or (depth and depth != current.depth and content.strip()):
            if current:
                current.end = line_start
                messages.append(current)
            current = _Message(content_start, content_start, None, max(depth, 1))
        current.end = line_start + len(line)
    if current:
        messages.append(current)
    for message in messages:
        _mask_signature(source, chars, message)
    return messages


def _lines(source: str, start: int) -> list[tuple[int, str]]:
    out = []
    pos = start
    while pos < len(source):
        nl = source.find("\n", pos)
        end = len(source) if nl == -1 else nl
        out.append((pos, source[pos:end]))
        pos = end + 1
    return out


def _attribution_author(source: str, pos: int) -> tuple[str | None, int] | None:
    """If an attribution/original-message block starts at ``pos``: (author, end)."""
    for pattern in (_ATTRIBUTION, _ORIGINAL, _OUTLOOK):
        match = pattern.match(source, pos)
        if not match:
            continue
        end = match.end()
        if pattern is _OUTLOOK:
            return _clean_name(match.group("name")), end
        if pattern is _ORIGINAL:
            follow = _OUTLOOK.match(source, _skip_newline(source, end))
            if follow:
                return _clean_name(follow.group("name")), follow.end()
            return None, end
        name = _NAME_IN_ATTRIBUTION.search(match.group(0))
        return (_clean_name(name.group(1)) if name else None), end
    return None


def _skip_newline(source: str, pos: int) -> int:
    while pos < len(source) and source[pos] in "\r\n":
        pos += 1
    return pos


def _clean_name(raw: str) -> str | None:
    name = re.sub(r"<[^>]*>|\[mailto:[^\]]*\]|\"", "", raw).strip(" ,>\t\r")
    return name or None


def _mask_signature(source: str, chars: list[str], message: _Message) -> None:
    """Cut the signature ("-- ") and legal footers off the end of a message."""
    sig = _SIGNATURE.search(source, message.start, message.end)
    if sig:
        mask(chars, sig.start(), message.end)
        message.end = sig.start()
    lowered = source[message.start : message.end].lower()
    if not any(word in lowered for word in _FOOTER_WORDS):
        return
    for footer in _FOOTER.finditer(source, message.start, message.end):
        para_end = source.find("\n\n", footer.start(), message.end)
        para_end = message.end if para_end == -1 else para_end
        mask(chars, footer.start(), para_end)


def _make_turn(
    text: str,
    message: _Message,
    rep_names: tuple[str, ...],
    draft_from: str | None,
    reply_author: str | None,
    headers: dict[str, str],
) -> Turn | None:
    if message.depth == 0:
        role = "rep"
    else:
        role = _quoted_role(message, rep_names, draft_from, reply_author)
    start, end = _trim(text, message.start, message.end)
    if end <= start:
        return None
    has_subject = bool(headers.get("subject")) and message.depth == 0
    sent_start, sent_end = _sentence_range(text, start, end, skip_first_line=has_subject)
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
    first_line = text[pos : end if nl == -1 else nl]
    if nl != -1 and _GREETING.match(first_line) and _is_greeting(first_line):
        pos = nl + 1
    # trailing sign-off: a sign-off line followed only by a few short lines
    stop = end
    for match in _SIGNOFF.finditer(text, pos, end):
        tail = text[match.end() : end].strip().splitlines()
        if len(tail) <= 4 and all(len(line) < 60 for line in tail):
            stop = match.start()
            break
    return pos, stop


def _is_greeting(line: str) -> bool:
    stripped = line.strip()
    if re.match(
        r"(?i)(hi|hello|hey|dear|greetings|good (morning|afternoon|evening)|to whom)\b", stripped
    ):
        return True
    # a bare name line such as "Jennifer," or "{{First_Name}},"
    return stripped.endswith(",") and len(stripped.split()) <= 3

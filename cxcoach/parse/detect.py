"""Guess the input format from the text; ``--input-format`` overrides it.

Order matters: the most specific signatures first (Gong JSON, WebVTT, SRT cue
timings, Fathom/Fireflies/Otter header lines), then ``Name: text`` speaker
lines, and a plain email or draft when nothing else fits. Cheap string tests run
first, so a plain email never loads the transcript parser (hook start-up).
"""

from __future__ import annotations

import re

from cxcoach.parse.text import fold

FORMATS = (
    "auto",
    "email",
    "mbox",
    "speaker-lines",
    "vtt",
    "srt",
    "otter",
    "fireflies",
    "fathom",
    "gong",
)
TRANSCRIPT_FORMATS = FORMATS[3:]
_CLOCK = re.compile(r"\d:\d\d")
_MAIL_HEADERS = frozenset(("subject", "from", "to", "cc", "bcc", "date", "sent", "reply-to"))


def detect(text: str, name: str | None = None) -> str:
    """The format name for ``text`` (the file ``name`` is a hint only)."""
    lowered_name = (name or "").lower()
    text = fold(text[:200_000])  # the parsers read folded text: so does detection
    head = text.lstrip(" \t\r\n")[:4000]
    if head.startswith("{") and '"callTranscripts"' in text:
        return "gong"
    if head.startswith("WEBVTT") or lowered_name.endswith(".vtt"):
        return "vtt"
    if "-->" in head:
        from cxcoach.parse.transcript import _TIMING

        if _TIMING.search(head):
            return "srt"
    if lowered_name.endswith(".mbox") or (head.startswith("From ") and text.startswith("From ")):
        from cxcoach.parse.email import looks_like_mbox

        if looks_like_mbox(text):
            return "mbox"
    if lowered_name.endswith(".eml"):
        return "email"
    if _CLOCK.search(head):  # the header-line formats all carry a m:ss time
        from cxcoach.parse import transcript

        for fmt in ("fathom", "fireflies", "otter"):
            if transcript.count_headers(fmt, text) >= 2:
                return fmt
    if _label_lines(head) >= 2:
        from cxcoach.parse.transcript import looks_like_speaker_lines

        if looks_like_speaker_lines(text):
            return "speaker-lines"
    return "email"


def _label_lines(head: str) -> int:
    """Lines with a colon soon after their start: the least a speaker line needs."""
    count = 0
    for line in head.splitlines()[:200]:
        colon = line.find(":", 0, 60)
        if line[:colon].lower() in _MAIL_HEADERS:
            continue  # "Subject: ..." is an email header, not a speaker
        if colon > 0 and line.lstrip(" \t*_[")[:1].isalnum():
            count += 1
            if count >= 2:
                break
    return count

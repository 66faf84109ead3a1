"""Guess the input format from the text; ``--input-format`` overrides it.

Order matters: the most specific signatures first (Gong JSON, WebVTT, SRT cue
timings, Fathom/Fireflies/Otter header lines), then ``Name: text`` speaker
lines, and a plain email or draft when nothing else fits.
"""

from __future__ import annotations

import re

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


def detect(text: str, name: str | None = None) -> str:
    """The format name for ``text`` (the file ``name`` is a hint only)."""
    from cxcoach.parse import transcript

    lowered_name = (name or "").lower()
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith("{") and transcript.looks_like_gong(text):
        return "gong"
    if head.startswith("WEBVTT") or lowered_name.endswith(".vtt"):
        return "vtt"
    if "-->" in head and transcript._TIMING.search(head):
        return "srt"
    if lowered_name.endswith(".mbox") or (head.startswith("From ") and text.startswith("From ")):
        from cxcoach.parse.email import looks_like_mbox

        if looks_like_mbox(text):
            return "mbox"
    if lowered_name.endswith(".eml"):
        return "email"
    if _CLOCK.search(head):  # the header-line formats all carry a m:ss time
        for fmt in ("fathom", "fireflies", "otter"):
            if transcript.count_headers(fmt, text) >= 2:
                return fmt
    if ":" in head and transcript.looks_like_speaker_lines(text):
        return "speaker-lines"
    return "email"

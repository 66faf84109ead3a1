"""Guess the input format from the text; ``--input-format`` overrides it."""

from __future__ import annotations

FORMATS = ("auto", "email", "speaker-lines", "vtt", "srt")


def detect(text: str, name: str | None = None) -> str:
    """The format name for ``text`` (the file ``name`` is a hint only)."""
    from cxcoach.parse.transcript import _TIMING, looks_like_speaker_lines

    head = text.lstrip("\ufeff \t\r\n")[:2000]
    lowered_name = (name or "").lower()
    if head.startswith("WEBVTT") or lowered_name.endswith(".vtt"):
        return "vtt"
    if "-->" in head and _TIMING.search(head):
        return "srt"
    if ":" in head and looks_like_speaker_lines(text):
        return "speaker-lines"
    return "email"

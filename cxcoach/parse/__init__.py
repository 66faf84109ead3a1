"""Parsers: text in, :class:`~cxcoach.model.Document` out. One module per input family."""

from __future__ import annotations

from cxcoach.model import CxError, Document
from cxcoach.parse.detect import FORMATS, detect
from cxcoach.parse.email import parse_email

__all__ = ["FORMATS", "parse_document"]


def parse_document(
    source: str,
    *,
    input_format: str | None = None,
    rep_names: tuple[str, ...] = (),
    name: str | None = None,
) -> Document:
    """Parse ``source`` (already decoded) in ``input_format`` or the detected one."""
    fmt = input_format if input_format and input_format != "auto" else detect(source, name)
    if fmt == "email":
        return parse_email(source, rep_names=rep_names)
    if fmt in ("speaker-lines", "vtt", "srt"):
        from cxcoach.parse.transcript import parse_transcript

        return parse_transcript(source, fmt, rep_names)
    raise CxError(f"unknown input format '{fmt}' (expected {' | '.join(FORMATS)})")

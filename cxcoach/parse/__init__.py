"""Parsers: text in, :class:`~cxcoach.model.Document` out. One module per input family."""

from __future__ import annotations

from cxcoach.model import CxError, Document
from cxcoach.parse.detect import FORMATS, TRANSCRIPT_FORMATS, detect
from cxcoach.parse.email import parse_email

__all__ = ["FORMATS", "parse_document", "parse_documents"]


def parse_documents(
    source: str,
    *,
    input_format: str | None = None,
    rep_names: tuple[str, ...] = (),
    name: str | None = None,
) -> list[tuple[str | None, Document]]:
    """All documents in ``source``: one, or one per thread of an mbox, with a label."""
    fmt = input_format if input_format and input_format != "auto" else detect(source, name)
    if fmt == "mbox":
        from cxcoach.parse.email import parse_mbox

        threads = parse_mbox(source, rep_names)
        if threads:
            return [(str(i + 1), doc) for i, (_subject, doc) in enumerate(threads)]
        fmt = "email"
    return [(None, parse_document(source, input_format=fmt, rep_names=rep_names, name=name))]


def parse_document(
    source: str,
    *,
    input_format: str | None = None,
    rep_names: tuple[str, ...] = (),
    name: str | None = None,
) -> Document:
    """Parse ``source`` (already decoded) in ``input_format`` or the detected one.

    A text that turns out to have no turns in its (detected or requested)
    transcript format is read as a plain draft, with a notice saying so.
    """
    fmt = input_format if input_format and input_format != "auto" else detect(source, name)
    if fmt == "email":
        return parse_email(source, rep_names=rep_names)
    if fmt == "mbox":
        documents = parse_documents(source, input_format="mbox", rep_names=rep_names)
        return documents[0][1]  # the first thread; use parse_documents for all
    if fmt in TRANSCRIPT_FORMATS:
        from cxcoach.parse.transcript import parse_transcript

        parsed = parse_transcript(source, fmt, rep_names)
        if isinstance(parsed, Document):
            return parsed
        doc = parse_email(source, rep_names=rep_names)
        return doc._replace(notices=(parsed, *doc.notices))
    raise CxError(f"unknown input format '{fmt}' (expected {' | '.join(FORMATS)})")

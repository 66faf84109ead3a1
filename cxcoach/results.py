"""What checking gives back: one typed result per document.

An input is one document, or several (an mbox: one per thread, ``export.mbox#1``,
``#2``, ...); an input that cannot be read is one result with ``error`` set and no
document fields. Every report, the batch rows and the Python API read these
fields; :meth:`DocumentResult.document_fields` is the one place they become the
JSON object the ``--format json`` schema documents.

Named tuples, like the records of :mod:`cxcoach.model`: picklable (batch workers
and Dask ship them between processes) and cheap to build on the hook path.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cxcoach.metrics import Metrics
from cxcoach.model import DocKind, Finding, Role
from cxcoach.scoring import Deduction


class SentenceTags(NamedTuple):
    """One sentence as ``check --tags`` shows it: who it is about, what it does."""

    start: int  # character offset in the checked text
    role: Role
    speaker: str | None
    text: str
    about: str  # seller | prospect | neither
    acts: tuple[str, ...]  # pitch, claim, question-open, ... (sorted)
    cue: str | None  # the words that decided it


class DocumentTags(NamedTuple):
    """``check --tags`` for one document: the situation, its evidence, every sentence."""

    situation: str
    evidence: dict[str, int]
    sentences: tuple[SentenceTags, ...]

    def to_rows(self) -> list[dict[str, Any]]:
        """The JSON form: a head row (situation, evidence), then one row per sentence."""
        head: dict[str, Any] = {"situation": self.situation, "evidence": self.evidence}
        return [head, *(sentence._asdict() for sentence in self.sentences)]


class DocumentResult(NamedTuple):
    """Everything known about one checked document (or one unreadable input)."""

    path: str  # the input's name; ``name#N`` for the N-th thread of an mbox
    findings: tuple[Finding, ...] = ()
    notices: tuple[str, ...] = ()
    error: str | None = None  # the input could not be read: no document fields below
    suppressed: tuple[Finding, ...] = ()  # by inline comments or config ignores
    problems: tuple[str, ...] = ()  # rules that could not finish (a pattern out of time)
    kind: DocKind | None = None
    situation: str | None = None  # outreach | sales | service | other
    format: str | None = None  # the input format read (email, vtt, gong, ...)
    rep: str | None = None  # the first rep who speaks, when known
    date: str | None = None  # an email's Date: header, ISO
    score: int | None = None  # 0-100; None only for an unreadable input
    categories: dict[str, int] = {}  # noqa: RUF012 - never mutated; subscores
    deductions: tuple[Deduction, ...] = ()
    metrics: Metrics | None = None
    aims: dict[str, float] = {}  # noqa: RUF012 - never mutated; from the rules that ran
    explanation: tuple[str, ...] | None = None  # the score's arithmetic (asked for)
    tags: DocumentTags | None = None  # every sentence's tags (asked for)

    def document_fields(self) -> dict[str, Any]:
        """The document's fields as the JSON report writes them, in its order (empty
        for an unreadable input)."""
        if self.score is None or self.metrics is None:
            return {}
        out: dict[str, Any] = {
            "kind": self.kind,
            "situation": self.situation,
            "format": self.format,
            "rep": self.rep,
            "date": self.date,
            "score": self.score,
            "categories": self.categories,
            "deductions": [d.to_dict() for d in self.deductions],
            "metrics": self.metrics.to_dict(),
            "strengths": self.metrics.strengths,
            "aims": self.aims,
        }
        if self.explanation is not None:
            out["explain"] = list(self.explanation)
        if self.tags is not None:
            out["tags"] = self.tags.to_rows()
        return out

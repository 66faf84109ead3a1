"""Output formats: one module per format, each with the same ``write``.

Every format is a :class:`Reporter`: ``write(results, stream, options)``. The
registry :data:`FORMATS` maps a ``--format`` name to its module; the CLI lists the
choices from it and dispatches through :func:`reporter`, which imports only the
module asked for (rich, json or xml cost nothing to a run that does not print them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TextIO

if TYPE_CHECKING:
    from cxcoach.model import Rule
    from cxcoach.results import DocumentResult


class ReportOptions(NamedTuple):
    """What a format may need beyond the results."""

    sources: Mapping[str, str] = {}
    rules: Sequence[Rule] = ()  # the rules that ran (SARIF describes them)
    color: bool = False  # a colour terminal (the text format through rich)


NO_OPTIONS = ReportOptions()


class Reporter(Protocol):
    def __call__(
        self,
        results: Sequence[DocumentResult],
        stream: TextIO,
        options: ReportOptions = ...,
    ) -> None: ...


# --format name -> module under cxcoach.report (the order is the order of --help)
FORMATS = {
    "text": "terminal",
    "json": "json",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "rdjson": "rdjson",
    "csv": "csv",
}


def reporter(name: str) -> Reporter:
    """The ``write`` of the format called ``name`` (one of :data:`FORMATS`)."""
    import importlib

    write: Reporter = importlib.import_module(f"cxcoach.report.{FORMATS[name]}").write
    return write

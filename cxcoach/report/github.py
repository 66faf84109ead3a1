"""``--format github``: GitHub Actions workflow commands, one line per finding.

``::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=rule::message``.
Messages escape %, CR and LF; properties also escape ':' and ','. Every other
control, bidi or invisible character is shown as a visible escape first
(:func:`cxcoach.report.escape.visible`): an annotation is read by people, in the
log and on the pull request.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.escape import visible
from cxcoach.results import DocumentResult

COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(value: str) -> str:
    value = visible(value, keep="\r\n")
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def lines(results: Sequence[DocumentResult]) -> list[str]:
    out = []
    for result in results:
        if result.error:
            out.append(f"::error file={escape_property(result.path)}::{escape_data(result.error)}")
        for f in result.findings:
            props = ",".join(
                [
                    f"file={escape_property(result.path)}",
                    f"line={f.line}",
                    f"col={f.column}",
                    f"endLine={f.end_line}",
                    f"endColumn={f.end_column}",
                    f"title={escape_property(f.rule)}",
                ]
            )
            out.append(f"::{COMMAND[f.level]} {props}::{escape_data(f.message)}")
    return out


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    for line in lines(results):
        stream.write(line + "\n")

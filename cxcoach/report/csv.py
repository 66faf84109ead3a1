"""``--format csv``: one row per finding (suppressed ones too, marked).

Written by :func:`cxcoach.report.cells.writer`: every cell is made safe for a
spreadsheet (formula injection, control characters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from cxcoach.report import NO_OPTIONS, ReportOptions, cells
from cxcoach.results import DocumentResult

COLUMNS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "level",
    "rule",
    "category",
    "message",
    "snippet",
    "speaker",
    "time",
    "fix",
    "suppressed",
)


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    writer = cells.writer(stream)
    writer.writerow(COLUMNS)
    for result in results:
        for suppressed, findings in ((False, result.findings), (True, result.suppressed)):
            for f in findings:
                writer.writerow(
                    [
                        result.path,
                        f.line,
                        f.column,
                        f.end_line,
                        f.end_column,
                        f.level,
                        f.rule,
                        f.category,
                        f.message,
                        f.snippet,
                        f.speaker or "",
                        "" if f.time is None else f.time,
                        f.fix,
                        int(suppressed),
                    ]
                )

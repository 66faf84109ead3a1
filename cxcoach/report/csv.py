"""``--format csv``: one row per finding (suppressed ones too, marked).

Every cell goes through :func:`cxcoach.report.cells.csv_cell` (formula injection,
control characters)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from cxcoach.model import FileResult
from cxcoach.report.cells import csv_row

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


def write(results: Sequence[FileResult], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for result in results:
        for suppressed, findings in ((False, result.findings), (True, result.suppressed)):
            for f in findings:
                writer.writerow(
                    csv_row(
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
                )

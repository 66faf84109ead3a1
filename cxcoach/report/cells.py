"""CSV that is safe to open in a spreadsheet: the one writer every CSV output uses.

Every CSV this package writes (``check --format csv``, ``batch --csv`` and
``--findings``) goes through :func:`writer`, whose rows pass through
:func:`csv_cell`; ``tests/test_hostile.py`` fails if a module opens a
``csv.writer`` of its own, so an output added later cannot skip it.

A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run
as a formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP):
a sender named ``=HYPERLINK("http://evil","click")`` or a file named
``=1+1.eml`` would become a live formula on a manager's screen. Such a text cell
gets a leading ``'`` (shown by no spreadsheet, and it makes the cell text).

Numbers stay numbers: a value of a numeric type (a score, a line, a share) is
written as it is, so ``-3`` from a count stays ``-3``. A *string* that looks like a
number (a file named ``-3.txt``, a speaker called ``+1``) is text and gets the
quote, because whether a string is "really" a number is exactly what an attacker
controls.

Text cells also pass through :func:`cxcoach.report.escape.visible` (CSV is read by
people, in a spreadsheet or a terminal): control and bidi characters become
visible escapes, except newline and tab, which a quoted CSV cell holds as they
are. A CRLF inside a cell becomes LF first, so a snippet from a CRLF file reads
the same as one from an LF file. JSON, JSONL, SARIF and SQLite keep the exact text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from cxcoach.report.escape import visible

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` as a safe CSV cell: None -> "", numbers unchanged, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = visible(str(value).replace("\r\n", "\n"), keep="\n\t")
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


class SafeWriter:
    """``csv.writer`` whose every row goes through :func:`csv_row`."""

    def __init__(self, stream: IO[str]) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(csv_row(values))


def writer(stream: IO[str]) -> SafeWriter:
    """The CSV writer for ``stream``: LF line ends, every cell made safe."""
    return SafeWriter(stream)

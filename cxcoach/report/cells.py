"""CSV cells that are safe to open in a spreadsheet: the one helper every CSV writer uses.

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

from collections.abc import Iterable
from typing import Any

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

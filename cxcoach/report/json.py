"""``--format json``: a stable, documented schema (see docs/outputs.md, "JSON output").

The exact text of the input, with control, bidi and invisible characters written
as ``\\uXXXX`` escapes (:func:`cxcoach.report.escape.json_text`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.escape import json_text
from cxcoach.results import DocumentResult

SCHEMA_VERSION = 1


def to_dict(results: Sequence[DocumentResult]) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for result in results:
        entry: dict[str, Any] = {"path": result.path}
        if result.error:
            entry["error"] = result.error
        entry["findings"] = [f.to_dict() for f in result.findings]
        entry["suppressed"] = [f.to_dict() for f in result.suppressed]
        if result.notices:
            entry["notices"] = list(result.notices)
        entry.update(result.document_fields())
        files.append(entry)
    return {"version": SCHEMA_VERSION, "files": files}


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    stream.write(json_text(json.dumps(to_dict(results), indent=2, ensure_ascii=False)))
    stream.write("\n")

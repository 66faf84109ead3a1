"""``--format rdjson``: reviewdog's Diagnostic JSON (rdjson), with fixes as suggestions.

Exact text; hidden characters as ``\\uXXXX`` escapes (:func:`cxcoach.report.escape.json_text`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.escape import json_text
from cxcoach.results import DocumentResult

SEVERITY = {"error": "ERROR", "warning": "WARNING", "suggestion": "INFO"}


def to_dict(results: Sequence[DocumentResult]) -> dict[str, Any]:
    diagnostics = []
    for result in results:
        for f in result.findings:
            rng = {
                "start": {"line": f.line, "column": f.column},
                "end": {"line": f.end_line, "column": f.end_column},
            }
            diagnostic: dict[str, Any] = {
                "message": f.message,
                "location": {"path": result.path, "range": rng},
                "severity": SEVERITY[f.level],
                "code": {"value": f.rule},
                "original_output": (
                    f"{result.path}:{f.line}:{f.column} {f.level} {f.rule} {f.message}"
                ),
            }
            if f.fix:
                diagnostic["suggestions"] = [{"range": rng, "text": f.fix}]
            diagnostics.append(diagnostic)
    return {"source": {"name": "cxcoach"}, "diagnostics": diagnostics}


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    stream.write(json_text(json.dumps(to_dict(results), indent=2, ensure_ascii=False)))
    stream.write("\n")

"""``--format json``: a stable, documented schema (see README, "JSON output")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from cxcoach.model import FileResult

SCHEMA_VERSION = 1


def to_dict(results: Sequence[FileResult]) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for result in results:
        entry: dict[str, Any] = {"path": result.path}
        if result.error:
            entry["error"] = result.error
        entry["findings"] = [f.to_dict() for f in result.findings]
        entry["suppressed"] = [f.to_dict() for f in result.suppressed]
        if result.notices:
            entry["notices"] = list(result.notices)
        entry.update(result.extra)
        files.append(entry)
    return {"version": SCHEMA_VERSION, "files": files}


def write(results: Sequence[FileResult], stream: TextIO) -> None:
    json.dump(to_dict(results), stream, indent=2, ensure_ascii=False)
    stream.write("\n")

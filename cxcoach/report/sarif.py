"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

tool.driver.rules carry id, name, short/full description and help; each result
has ruleId, level (note | warning | error), message, a physical location with a
region (1-based lines and columns; endColumn is exclusive) and
partialFingerprints. Suppressed findings are included with an ``inSource``
suppression, so a code-scanning UI shows them as dismissed, not as absent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, TextIO

from cxcoach.model import Finding, Rule
from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.escape import json_text
from cxcoach.results import DocumentResult
from cxcoach.version import __version__

LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    return path.replace("\\", "/").replace(" ", "%20")


def _rule(rule: Rule) -> dict[str, Any]:
    why = " ".join(rule.why.split())
    instead = " ".join(rule.instead.split())
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.message.replace("{match}", "…").split(".")[0][:200]},
        "fullDescription": {"text": why},
        "help": {
            "text": f"{why}\nInstead: {instead}",
            "markdown": f"{why}\n\n**Instead:** {instead}\n\n`cxcoach rules show {rule.id}`",
        },
        "defaultConfiguration": {"level": LEVEL[rule.level]},
        "properties": {"category": rule.category, "pack": rule.pack, "tags": [rule.category]},
    }


def _fingerprint(path: str, finding: Finding, seen: dict[str, int]) -> str:
    key = f"{path}|{finding.rule}|{' '.join(finding.snippet.split()).lower()}"
    seen[key] = seen.get(key, 0) + 1
    # surrogatepass: a lone surrogate (from a JSON transcript's "\ud800") must not crash it
    return hashlib.sha256(f"{key}|{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _result(
    path: str, finding: Finding, index: dict[str, int], seen: dict[str, int], suppressed: bool
) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": max(finding.end_column, 1),
        "snippet": {"text": finding.snippet},
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVEL[finding.level],
        "message": {"text": f"{finding.message} Instead: {' '.join(finding.instead.split())}"},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}
        ],
        "partialFingerprints": {"cxcoachFinding/v1": _fingerprint(path, finding, seen)},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.fix:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with: {finding.fix}"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(path)},
                        "replacements": [
                            {
                                "deletedRegion": region | {"snippet": {"text": finding.snippet}},
                                "insertedContent": {"text": finding.fix},
                            }
                        ],
                    }
                ],
            }
        ]
    if suppressed:
        result["suppressions"] = [{"kind": "inSource"}]
    return result


def to_dict(results: Sequence[DocumentResult], rules: Sequence[Rule]) -> dict[str, Any]:
    ordered = sorted(rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for result in results:
        for finding in result.findings:
            out.append(_result(result.path, finding, index, seen, False))
        for finding in result.suppressed:
            out.append(_result(result.path, finding, index, seen, True))
    errors = [r for r in results if r.error]
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": r.error or ""}} for r in errors
        ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cxcoach",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://pypi.org/project/cxcoach/",
                        "rules": [_rule(rule) for rule in ordered],
                    }
                },
                "invocations": [invocation],
                "results": out,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    data = to_dict(results, options.rules)
    stream.write(json_text(json.dumps(data, indent=2, ensure_ascii=False)))
    stream.write("\n")

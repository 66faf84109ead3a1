"""Inline suppression comments and config ignores. Suppressed findings are
counted and reported, never silently dropped.

Directives, anywhere on a line (plain text, or inside ``<!-- ... -->`` for
markdown and emails)::

    cxcoach: disable=rule-id[,other-id]      from this line on (``all`` for every rule)
    cxcoach: enable=rule-id                  from this line on
    cxcoach: disable-next-line=rule-id       only the next line
    cxcoach: disable-line=rule-id            only this line
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence

from cxcoach.model import Finding

_DIRECTIVE = re.compile(
    r"cxcoach:\s*(?P<verb>disable-next-line|disable-line|disable|enable)\s*=\s*"
    r"(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)",
    re.IGNORECASE,
)


def _directives(source: str) -> list[tuple[int, str, set[str]]]:
    if "cxcoach:" not in source.lower():
        return []
    out = []
    for line_no, line in enumerate(source.split("\n"), start=1):
        for match in _DIRECTIVE.finditer(line):
            rules = {r.strip().lower() for r in match.group("rules").split(",")}
            out.append((line_no, match.group("verb").lower(), rules))
    return out


def split_suppressed(
    findings: Sequence[Finding], source: str
) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed) by the inline directives of ``source``."""
    directives = _directives(source)
    if not directives:
        return list(findings), []
    line_count = source.count("\n") + 1
    # disabled[line] = rule ids (or "all") disabled on that line
    disabled: list[set[str]] = [set() for _ in range(line_count + 2)]
    state: set[str] = set()
    by_line: dict[int, list[tuple[str, set[str]]]] = {}
    for line_no, verb, rules in directives:
        by_line.setdefault(line_no, []).append((verb, rules))
    for line_no in range(1, line_count + 1):
        for verb, rules in by_line.get(line_no, ()):
            if verb == "disable":
                state |= rules
            elif verb == "enable":
                state -= rules
                if "all" in rules:
                    state.clear()
            elif verb == "disable-line":
                disabled[line_no] |= rules
            elif verb == "disable-next-line":
                disabled[line_no + 1] |= rules
        disabled[line_no] |= state
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        off = disabled[finding.line] if finding.line < len(disabled) else set()
        (suppressed if finding.rule in off or "all" in off else kept).append(finding)
    return kept, suppressed


def ignored_by_config(
    findings: Iterable[Finding], path: str, ignores: Sequence[tuple[str, str]]
) -> tuple[list[Finding], list[Finding]]:
    """(kept, ignored) by config ``ignore:`` entries of (rule or "all", file glob)."""
    kept: list[Finding] = []
    ignored: list[Finding] = []
    name = path.replace("\\", "/")
    for finding in findings:
        hit = any(
            (rule in (finding.rule, "all"))
            and (fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(name.rsplit("/", 1)[-1], glob))
            for rule, glob in ignores
        )
        (ignored if hit else kept).append(finding)
    return kept, ignored

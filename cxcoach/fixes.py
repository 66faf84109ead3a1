"""Safe fixes: apply rules' ``fix`` replacements to the original text.

Only findings that carry a fix are applied, in reading order, never two that
overlap (the first wins), and only inside the rep's own words (rules run on rep
turns, so quoted history is never touched). The replacement takes the case of
the first letter it replaces, so "…, thank you for your business" and "Thank you
for your business" both read well. Applying the fixes again changes nothing,
because a fix's text does not match its rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from cxcoach.model import Finding


def apply_fixes(source: str, findings: Sequence[Finding]) -> tuple[str, int]:
    """(fixed text, number of fixes applied)."""
    pieces: list[str] = []
    pos = 0
    applied = 0
    for finding in sorted((f for f in findings if f.fix), key=lambda f: (f.start, f.end)):
        if finding.start < pos:
            continue  # overlaps a fix already applied
        replacement = _match_case(finding.fix or "", source[finding.start : finding.end])
        pieces.append(source[pos : finding.start])
        pieces.append(replacement)
        pos = finding.end
        applied += 1
    pieces.append(source[pos:])
    return "".join(pieces), applied


def _match_case(replacement: str, original: str) -> str:
    if not replacement or not original:
        return replacement
    first = original[0]
    if first.isupper():
        return replacement[0].upper() + replacement[1:]
    if first.islower():
        return replacement[0].lower() + replacement[1:]
    return replacement


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )

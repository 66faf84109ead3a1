"""Findings -> a 0-100 score with per-category subscores, every point traceable.

The formula (also in docs/outputs.md, and printed by ``cxcoach check --explain``):

- Each rule that fired costs its level's penalty (error 10, warning 6,
  suggestion 2; the most severe level among its findings) for its first finding,
  and half that again for each further finding, counting at most 3:
  ``cost = penalty x (1 + (min(findings, 3) - 1) / 2)``. The score reflects how
  many different habits show up more than how often one repeats, and one habit
  repeated ten times cannot zero the score on its own.
- ``score = max(0, 100 - sum of all rule costs)``.
- Each category (discovery, listening, trust, clarity, follow-through) gets
  ``max(0, 100 - 2 x sum of the costs of its rules)``: a subscore says how that
  one area went, so it is twice as sensitive as the overall score.

Metric rules (talk ratio, monologue, questions, readability, ...) produce
findings like any other rule, so every lost point names a rule and a line.
Strengths are counted and shown but never change the score.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from cxcoach.model import CATEGORIES, LEVEL_RANK, Finding

PENALTY = {"error": 10, "warning": 6, "suggestion": 2}
MAX_COUNTED = 3
CATEGORY_FACTOR = 2


class Deduction:
    """What one rule cost. A plain class: a named tuple cannot have a ``count`` field
    (tuple.count), and a dataclass costs a millisecond of every cold start."""

    __slots__ = ("category", "count", "counted", "level", "line", "points", "rule")

    def __init__(
        self, rule: str, level: str, category: str, count: int, counted: int, points: int, line: int
    ) -> None:
        self.rule = rule
        self.level = level
        self.category = category
        self.count = count  # findings of the rule
        self.counted = counted  # findings that cost points (at most MAX_COUNTED)
        self.points = points
        self.line = line  # first finding's line

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deduction) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Deduction({self.to_dict()!r})"

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "level": self.level,
            "category": self.category,
            "count": self.count,
            "counted": self.counted,
            "points": self.points,
            "line": self.line,
        }


class Score(NamedTuple):
    total: int
    categories: dict[str, int]
    deductions: tuple[Deduction, ...]

    @property
    def lost(self) -> int:
        return sum(d.points for d in self.deductions)


def score(findings: Iterable[Finding]) -> Score:
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    deductions = []
    for rule, group in by_rule.items():
        level = max((f.level for f in group), key=LEVEL_RANK.__getitem__)
        counted = min(len(group), MAX_COUNTED)
        deductions.append(
            Deduction(
                rule=rule,
                level=level,
                category=group[0].category,
                count=len(group),
                counted=counted,
                points=PENALTY[level] * (1 + counted) // 2,
                line=min(f.line for f in group),
            )
        )
    deductions.sort(key=lambda d: (-d.points, d.rule))
    total = max(0, 100 - sum(d.points for d in deductions))
    categories = {
        category: max(
            0,
            100 - CATEGORY_FACTOR * sum(d.points for d in deductions if d.category == category),
        )
        for category in CATEGORIES
    }
    return Score(total, categories, tuple(deductions))


def explain(result: Score) -> list[str]:
    """The arithmetic, line by line; the last line is the score."""
    lines = ["  100  start"]
    for d in result.deductions:
        times = f" x {(1 + d.counted) / 2:g}" if d.counted > 1 else ""
        capped = f" ({d.count} found, {MAX_COUNTED} counted)" if d.count > d.counted else ""
        lines.append(
            f"- {d.points:>3}  {d.rule} ({d.level} {PENALTY[d.level]}{times}, {d.category}, "
            f"first on line {d.line}){capped}"
        )
    raw = 100 - result.lost
    if raw < 0:
        lines.append(f"= {raw:>3}  floored at 0")
    lines.append(f"= {result.total:>3}  score")
    for category in CATEGORIES:
        lost = sum(d.points for d in result.deductions if d.category == category)
        if lost:
            lines.append(
                f"  {category}: 100 - {CATEGORY_FACTOR} x {lost} = {result.categories[category]}"
            )
    return lines

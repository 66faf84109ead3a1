"""Precision and recall of the rules on labelled texts (``cxcoach rules eval``).

A label file (YAML, the format of ``../shared/corpus/labels.yaml``) lists, per
text file, the rules a careful reviewer ``expect`` to fire and those clearly
``absent``; rules in neither list are borderline and not counted. For each rule:

- precision = fired on `expect` / (fired on `expect` + fired on `absent`);
- recall = fired on `expect` / all `expect`.

A file may also give its ``situation`` (outreach | sales | service | other), which
is compared with the situation cxcoach decided.

To keep tuning honest, a corpus splits into two fixed halves by a hash of each
file name (:func:`half`): rules are changed by looking at ``tune`` only, and
``check`` measures them on texts they were not fitted to. New files land in a
stable half.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxcoach.engine import RuleSet, analyze
from cxcoach.inputs import read_path
from cxcoach.model import CxError
from cxcoach.parse import parse_document

HALVES = ("tune", "check")


def half(name: str) -> str:
    """The fixed half of a file: even first byte of SHA-256(name) -> tune."""
    return "tune" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0 else "check"


@dataclass
class Outcome:
    """What the rules did on one labelled file."""

    file: str
    fired: set[str]
    expect: list[str]
    absent: list[str]
    situation: str
    expected_situation: str | None
    levels: dict[str, int] = field(default_factory=dict)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        fired = self.tp + self.fp
        return self.tp / fired if fired else None

    @property
    def recall(self) -> float | None:
        positives = self.tp + self.fn
        return self.tp / positives if positives else None


def load_labels(path: Path) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise CxError(f"{path}: expected a list of label entries")
    return data


def label_reps(entry: dict[str, Any]) -> tuple[str, ...]:
    """The reps of a label entry: its ``rep`` as a list, one name, or none."""
    rep = entry.get("rep")
    return tuple(str(r) for r in rep) if isinstance(rep, list) else ((str(rep),) if rep else ())


def reps_by_file(label_file: Path) -> dict[str, tuple[str, ...]]:
    """Each labelled file's reps (empty when there is no label file)."""
    if not label_file.is_file():
        return {}
    return {str(entry["file"]): label_reps(entry) for entry in load_labels(label_file)}


def run(label_file: Path, ruleset: RuleSet, *, only: str | None = None) -> list[Outcome]:
    """Check every labelled file (of one half when ``only`` is tune/check)."""
    folder = label_file.parent
    out: list[Outcome] = []
    for entry in load_labels(label_file):
        name = str(entry["file"])
        if only in HALVES and half(name) != only:
            continue
        path = folder / name
        doc = parse_document(read_path(str(path)), rep_names=label_reps(entry), name=path.name)
        analysis = analyze(doc, ruleset)
        levels: dict[str, int] = defaultdict(int)
        for finding in analysis.findings:
            levels[finding.level] += 1
        out.append(
            Outcome(
                name,
                {f.rule for f in analysis.findings},
                list(entry.get("expect") or []),
                list(entry.get("absent") or []),
                analysis.situation,
                entry.get("situation"),
                dict(levels),
            )
        )
    return out


def score(outcomes: Iterable[Outcome]) -> dict[str, Counts]:
    counts: dict[str, Counts] = defaultdict(Counts)
    for outcome in outcomes:
        for rule in outcome.expect:
            if rule in outcome.fired:
                counts[rule].tp += 1
            else:
                counts[rule].fn += 1
        for rule in outcome.absent:
            if rule in outcome.fired:
                counts[rule].fp += 1
            else:
                counts[rule]
    return dict(counts)


def table(counts: dict[str, Counts], known: set[str]) -> list[str]:
    """The per-rule table as text lines."""
    lines = [f"{'rule':<28} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>7}"]
    for rule in sorted(counts):
        c = counts[rule]
        if rule not in known:
            lines.append(f"{rule:<28} (not a rule of these packs)")
            continue
        precision = "n/a" if c.precision is None else f"{c.precision:.2f}"
        recall = "n/a" if c.recall is None else f"{c.recall:.2f}"
        lines.append(f"{rule:<28} {c.tp:>3} {c.fp:>3} {c.fn:>3} {precision:>9} {recall:>7}")
    return lines

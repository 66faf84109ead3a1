"""How the reports show the aims of the metrics (``≤65%``, ``≤8``).

The numbers come from the rules that ran (:func:`cxcoach.checks.metric.aims`, in a
result's ``aims`` or the batch summary); this module only writes them, so
the terminal panel, the batch summary and the HTML report say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping

LABELS = {"talk_ratio": "talk ratio", "grade_level": "grade level"}


def shown(aims: Mapping[str, float]) -> dict[str, str]:
    """``{"talk_ratio": "≤65%", "grade_level": "≤8"}`` for the aims that are set."""
    out = {}
    if "talk_ratio" in aims:
        out["talk_ratio"] = f"≤{aims['talk_ratio'] * 100:.4g}%"
    if "grade_level" in aims:
        out["grade_level"] = f"≤{aims['grade_level']:.4g}"
    return out


def line(aims: Mapping[str, float]) -> str | None:
    """ "talk ratio ≤65%, grade level ≤8" (None when no aim is set)."""
    texts = shown(aims)
    return ", ".join(f"{LABELS[k]} {v}" for k, v in texts.items()) or None

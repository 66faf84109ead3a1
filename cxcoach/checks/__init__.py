"""Rule kinds: one module per kind, each with ``OPTIONS`` and ``compile()``.

The registry below is the whole plug-in mechanism (yamllint-style): a new kind is
a module with the same two names, added here. Kinds that share one compiled
matcher name it in ``GROUP`` (phrase and pattern rules share one RE2 scan).
"""

from __future__ import annotations

from types import ModuleType

from cxcoach.checks import answered, metric, pattern, phrase, sequence, tagged

KINDS: dict[str, ModuleType] = {
    "answered": answered,
    "metric": metric,
    "phrase": phrase,
    "pattern": pattern,
    "sequence": sequence,
    "tagged": tagged,
}


def group(kind: str) -> str:
    """The compile group of a kind: rules of one group are compiled together."""
    return str(getattr(KINDS[kind], "GROUP", kind))

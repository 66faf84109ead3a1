"""Rule kinds: one module per kind, each with ``OPTIONS`` and ``compile()``.

The registry below is the whole plug-in mechanism (yamllint-style): a new kind is
a module with the same two names, added here.
"""

from __future__ import annotations

from types import ModuleType

from cxcoach.checks import answered, metric, pattern, phrase, sequence

KINDS: dict[str, ModuleType] = {
    "answered": answered,
    "metric": metric,
    "phrase": phrase,
    "pattern": pattern,
    "sequence": sequence,
}

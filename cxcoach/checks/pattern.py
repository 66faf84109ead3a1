"""``kind: pattern`` — one or more regular expressions per rule.

Patterns are case-insensitive unless ``case-sensitive: true``. Each entry is a
regex string or a mapping ``{regex, level, message, fix, situations, in-signature}``
that overrides the rule's level, message, fix or situations for that entry
(placeholders in ``generic-outreach`` are errors everywhere while stock openers are
warnings in sales mail), or also searches signatures and disclaimers
(``in-signature: true``). ``{company}`` expands to the configured company names.

Matching is layout-proof and linear in the input (:mod:`cxcoach.matcher`): a space
means any whitespace, and a pattern runs on RE2 when RE2 can express it. A
pattern that needs Python's engine (lookaround, backreferences) is checked at load
time by :func:`cxcoach.matcher.python_risk`. The
matching itself is shared with ``kind: phrase`` (:mod:`cxcoach.checks.matching`).
"""

from __future__ import annotations

import re
from typing import Any

from cxcoach.checks import matching
from cxcoach.checks.base import BOOL, PATTERN_LIST, UNLESS_OPTIONS, Context, Option
from cxcoach.matcher import sre_parser
from cxcoach.model import Rule

OPTIONS = {
    "patterns": Option(PATTERN_LIST, required=True, help="regexes (or {regex, level, message})"),
    "case-sensitive": Option(BOOL, default=False),
    **UNLESS_OPTIONS,
}
ENTRY_KEYS = ("regex", "level", "message", "fix", "situations", "in-signature")


def compile(rules: list[Rule], context: Context) -> matching.CompiledMatches:
    return matching.compile(rules, context)


def required_literals(regex: str) -> list[list[str]]:
    """Lowercase words that any match of ``regex`` must contain, as clauses.

    The result is a conjunction of disjunctions (``[["policy"], ["we are", "we're"]]``):
    a text that lacks every alternative of some clause cannot match. It is a
    conservative prefilter: an empty list means "no cheap test, always run".
    """
    sre_parse, c = sre_parser()

    try:
        parsed = sre_parse.parse(regex)
    except re.error:
        return []
    min_len = 3

    def seq(items: Any) -> list[list[str]]:
        clauses: list[list[str]] = []
        run: list[str] = []

        def flush() -> None:
            word = "".join(run).lower()
            if len(word.strip()) >= min_len:
                clauses.append([word])
            run.clear()

        for op, av in items:
            if op == c.LITERAL:
                run.append(chr(av))
                continue
            flush()
            if op == c.SUBPATTERN and av[1] == 0 and av[2] == 0:  # a group without flags
                clauses.extend(seq(av[-1]))
            elif op == c.MAX_REPEAT or op == c.MIN_REPEAT:
                if av[0] >= 1:
                    clauses.extend(seq(av[2]))
            elif op == c.BRANCH:
                alternatives = []
                for branch in av[1]:
                    best = max((cl[0] for cl in seq(branch) if len(cl) == 1), key=len, default="")
                    if not best:
                        break
                    alternatives.append(best)
                else:
                    clauses.append(alternatives)
        flush()
        return clauses

    clauses = seq(parsed)
    clauses.sort(key=lambda cl: -min(len(w) for w in cl))
    return clauses[:3]


GROUP = "matching"

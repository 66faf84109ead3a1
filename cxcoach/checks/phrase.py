"""``kind: phrase`` — fixed phrases.

Matching is case-insensitive, on whole words, with any run of whitespace (line
breaks and the quote markers of a quoted reply included) between words, and
straight and curly apostrophes equal. Each phrase rule becomes one alternation
run on RE2 with leftmost-longest semantics ("thank you for your business" wins
over "thank you" in the same rule); phrases of different rules overlap freely.
All phrase and pattern rules of a run share one RE2 ``Set`` pass per document
(:mod:`cxcoach.checks.matching`), so the cost stays flat as packs grow.

A phrase may contain ``{company}``: it is expanded to each configured company
name (``--company``/config) and dropped when none is configured.
"""

from __future__ import annotations

from cxcoach.checks import matching
from cxcoach.checks.base import STR_LIST, UNLESS_OPTIONS, Context, Option
from cxcoach.model import Rule

OPTIONS = {
    "phrases": Option(STR_LIST, required=True, help="the phrases to find"),
    **UNLESS_OPTIONS,
}


def compile(rules: list[Rule], context: Context) -> matching.CompiledMatches:
    return matching.compile(rules, context)


GROUP = "matching"

"""``kind: pattern`` — one or more regular expressions per rule.

Patterns are case-insensitive unless ``case-sensitive: true``. Each entry is a
regex string or a mapping ``{regex, level, message}`` that overrides the rule's
level or message for that entry (placeholders in ``generic-outreach`` are errors
while stock openers are warnings). ``{company}`` expands to the configured
company names. Patterns are checked at load time by :func:`catastrophic`, which
rejects nested unbounded repeats such as ``(a+)+`` that can backtrack for ever.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cxcoach.checks.base import (
    BOOL,
    PATTERN_LIST,
    UNLESS_OPTIONS,
    Context,
    Hit,
    Option,
    Scopes,
    unless_blocks,
)
from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Rule, Turn

OPTIONS = {
    "patterns": Option(PATTERN_LIST, required=True, help="regexes (or {regex, level, message})"),
    "case-sensitive": Option(BOOL, default=False),
    **UNLESS_OPTIONS,
}


def entries(rule: Rule) -> list[dict[str, Any]]:
    out = []
    for entry in rule.options["patterns"]:
        out.append({"regex": entry} if isinstance(entry, str) else dict(entry))
    return out


def expand_company(regex: str, company: tuple[str, ...]) -> str | None:
    if "{company}" not in regex:
        return regex
    names = [re.escape(n.strip()) for n in company if n.strip()]
    if not names:
        return None
    return regex.replace("{company}", "(?:" + "|".join(names) + ")")


class CompiledPatterns:
    """Pattern rules of a run. Each regex is compiled only when a document passes its
    prefilter (literal words the regex cannot match without), since compiling all
    of them would dominate the start-up of a one-email check."""

    def __init__(self, rules: list[Rule], context: Context) -> None:
        self.items: list[tuple[Rule, LazyRegex, dict[str, Any], list[list[str]], int]] = []
        for rule in rules:
            flags = 0 if rule.options.get("case-sensitive") else re.IGNORECASE
            count = len(rule.options["patterns"])
            required = rule.options.get("_required") or [None] * count
            widths = rule.options.get("_width") or [None] * count
            for entry, needs, width in zip(entries(rule), required, widths, strict=True):
                regex = expand_company(entry["regex"], context.company)
                if regex is None:
                    continue
                if needs is None or regex != entry["regex"]:
                    needs, width = required_literals(regex), max_width(regex)
                item = (rule, LazyRegex(regex, flags | re.MULTILINE), entry, needs, width or 0)
                self.items.append(item)

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        text = scopes.text
        lowered = scopes.lowered
        same_length = len(lowered) == len(text)
        for rule, regex, entry, needs, width in self.items:
            if not all(any(word in lowered for word in clause) for clause in needs):
                continue
            anchors = needs[0] if needs and same_length and 0 < width <= _WINDOW else None
            for match, turn in _matches(regex.compiled, text, rule, scopes, anchors, lowered):
                if match.end() == match.start():
                    continue
                if unless_blocks(rule, doc, turn, match.start(), match.end()):
                    continue
                yield Hit(
                    rule,
                    match.start(),
                    match.end(),
                    turn,
                    level=entry.get("level"),
                    message=entry.get("message"),
                    fix=entry.get("fix", rule.fix) or None,
                )


_WINDOW = 300  # the longest match searched for around an anchor word


def _anchored(
    regex: re.Pattern[str], text: str, lowered: str, anchors: list[str]
) -> Iterator[re.Match[str]]:
    """Matches of ``regex`` searched only in windows around occurrences of its anchor
    words. Every match contains one of them and is at most ``_WINDOW`` long, so the
    window around that occurrence holds it whole; a match touching a window's edge
    is left to the window that holds it inside. A regex scan of a whole long call
    costs ~20 ms per MB per pattern; ``str.find`` for the anchors almost nothing."""
    seen: set[tuple[int, int]] = set()
    end = len(text)
    for position in sorted({i for word in anchors for i in _occurrences(lowered, word)}):
        lo, hi = max(0, position - _WINDOW), min(end, position + _WINDOW + 1)
        for match in regex.finditer(text, lo, hi):
            span = match.span()
            inside = (span[0] > lo or lo == 0) and (span[1] < hi or hi == end)
            if inside and span not in seen:
                seen.add(span)
                yield match


def _occurrences(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)


def _matches(
    regex: re.Pattern[str],
    text: str,
    rule: Rule,
    scopes: Scopes,
    anchors: list[str] | None = None,
    lowered: str = "",
) -> Iterator[tuple[re.Match[str], Turn]]:
    """Matches inside the rule's regions: for scope ``any``, around anchor words or
    in one scan of the whole text (cheaper than one scan per turn in a long call);
    region by region otherwise."""
    if rule.scope == "any":
        found = _anchored(regex, text, lowered, anchors) if anchors else regex.finditer(text)
        for match in found:
            turn = scopes.locate(rule.applies_to, "any", match.start(), match.end())
            if turn is not None:
                yield match, turn
        return
    for start, end, turn in scopes.regions(rule.applies_to, rule.scope):
        for match in regex.finditer(text, start, end):
            yield match, turn


def _sre() -> tuple[Any, Any]:
    """Python's regex parser and constants (private modules, stable in 3.11+), loaded
    only when a pack is validated: never on the cached hook path."""
    import re._parser as sre_parse  # type: ignore[import-not-found]
    from re import _constants as constants  # type: ignore[attr-defined]

    return sre_parse, constants


def max_width(regex: str) -> int:
    """The longest text ``regex`` can match (0 when unbounded or unknown)."""
    sre_parse, c = _sre()

    try:
        _low, high = sre_parse.parse(regex).getwidth()
    except (re.error, OverflowError):
        return 0
    return 0 if high >= c.MAXREPEAT else int(high)


def required_literals(regex: str) -> list[list[str]]:
    """Lowercase words that any match of ``regex`` must contain, as clauses.

    The result is a conjunction of disjunctions (``[["policy"], ["we are", "we're"]]``):
    a text that lacks every alternative of some clause cannot match. It is a
    conservative prefilter: an empty list means "no cheap test, always run".
    """
    sre_parse, c = _sre()

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


def compile(rules: list[Rule], context: Context) -> CompiledPatterns:
    return CompiledPatterns(rules, context)


def catastrophic(regex: str) -> str | None:
    """Why ``regex`` risks catastrophic backtracking, or None when it looks safe.

    Rejects an unbounded repeat whose body can itself repeat without bound
    (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``), the classic exponential shape.
    """
    sre_parse, c = _sre()

    try:
        parsed = sre_parse.parse(regex)
    except re.error:
        return None  # the compile step reports syntax errors

    def has_unbounded(items: Any) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                _lo, hi, sub = av
                if hi == c.MAXREPEAT or hi > 50 or has_unbounded(sub):
                    return True
            elif (op == c.SUBPATTERN and has_unbounded(av[-1])) or (
                op == c.BRANCH and any(has_unbounded(branch) for branch in av[1])
            ):
                return True
        return False

    def walk(items: Any) -> str | None:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                _lo, hi, sub = av
                if hi == c.MAXREPEAT and has_unbounded(sub):
                    return "nested unbounded repetition (like '(a+)+') can backtrack for ever"
                found = walk(sub)
                if found:
                    return found
            elif op == c.SUBPATTERN:
                found = walk(av[-1])
                if found:
                    return found
            elif op == c.BRANCH:
                for branch in av[1]:
                    found = walk(branch)
                    if found:
                        return found
        return None

    return walk(parsed)

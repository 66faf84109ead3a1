"""Run the enabled rules over a Document and return sorted Findings.

Pure: no files, no terminal, no clock. ``compile_rules`` builds the matchers once
per run (all phrase rules share one matcher); ``check_document`` is then cheap
per document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from cxcoach.checks import KINDS
from cxcoach.checks.base import Compiled, Context, Hit, Scopes
from cxcoach.metrics import Metrics
from cxcoach.metrics import compute as compute_metrics
from cxcoach.model import Document, Finding, LineIndex, Rule


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    compiled: tuple[Compiled, ...]
    context: Context

    @property
    def wants_readability(self) -> bool:
        return any(
            r.kind == "metric" and r.options.get("metric") == "readability" for r in self.rules
        )


def compile_rules(rules: Iterable[Rule], *, company: Iterable[str] = ()) -> RuleSet:
    """Group rules by kind and compile each group once."""
    context = Context(company=tuple(c for c in company if c.strip()))
    by_kind: dict[str, list[Rule]] = defaultdict(list)
    kept = tuple(rules)
    for rule in kept:
        by_kind[rule.kind].append(rule)
    compiled = tuple(KINDS[kind].compile(group, context) for kind, group in by_kind.items())
    return RuleSet(kept, compiled, context)


def check_document(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """All findings of ``ruleset`` on ``doc``, in reading order."""
    return analyze(doc, ruleset)[0]


def analyze(
    doc: Document, ruleset: RuleSet, *, readability: bool | None = None
) -> tuple[list[Finding], Metrics]:
    """Findings and metrics of ``doc`` (metrics computed once, shared with metric rules).

    ``readability`` (the Flesch-Kincaid grade of an email) costs a textstat import;
    by default it is computed only when a readability rule is enabled.
    """
    scopes = Scopes(doc)
    hits: list[Hit] = []
    if doc.turns:
        for compiled in ruleset.compiled:
            hits.extend(compiled.run(doc, scopes))
    index = LineIndex(doc.source)
    findings = [_finding(hit, doc, index) for hit in _dedupe(hits)]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    metrics = scopes.cache.get("metrics")
    if not isinstance(metrics, Metrics):
        wanted = ruleset.wants_readability if readability is None else readability
        metrics = compute_metrics(doc, readability=wanted)
    return findings, metrics


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One hit per rule and span: drop hits inside another hit of the same rule, and
    keep only the first hit of an opening/closing rule (the opening is one thing)."""
    hits.sort(key=lambda h: (h.rule.id, h.start, -h.end))
    kept: list[Hit] = []
    last: dict[str, Hit] = {}
    for hit in hits:
        previous = last.get(hit.rule.id)
        if previous is not None and (
            hit.rule.scope in ("opening", "closing") or hit.end <= previous.end
        ):
            continue
        kept.append(hit)
        last[hit.rule.id] = hit
    return kept


def _finding(hit: Hit, doc: Document, index: LineIndex) -> Finding:
    rule = hit.rule
    # the words as read (masked text: JSON escapes decoded, markup blanked)
    matched = " ".join(doc.text[hit.start : hit.end].split())
    line, column = index.position(hit.start)
    end_line, end_column = index.position(hit.end)
    template = hit.message or rule.message
    turn = hit.turn
    return Finding(
        rule=rule.id,
        level=hit.level or rule.level,
        category=rule.category,
        start=hit.start,
        end=hit.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        message=template.replace("{match}", matched),
        snippet=doc.source[hit.start : hit.end],
        instead=rule.instead,
        fix=hit.fix,
        speaker=turn.speaker if turn else None,
        time=turn.time_start if turn else None,
    )

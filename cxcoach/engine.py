"""Run the enabled rules over a Document and return sorted Findings.

Pure: no files, no terminal, no clock. ``compile_rules`` builds the matchers once
per run (all phrase and pattern rules share one RE2 scan, the tagger is built
from the packs' word classes); ``check_document`` is then cheap per document.
The tagging step (sentence tags, the situation) runs inside, on first use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from cxcoach.checks import KINDS, group
from cxcoach.checks.base import Compiled, Context, Hit, Problem, Scopes
from cxcoach.metrics import Metrics
from cxcoach.metrics import compute as compute_metrics
from cxcoach.model import Document, Finding, LineIndex, Rule
from cxcoach.tagging import DocTags, Tagger
from cxcoach.tagging.lexicon import EMPTY, Lexicon


class RuleSet(NamedTuple):
    rules: tuple[Rule, ...]
    compiled: tuple[Compiled, ...]
    context: Context
    tagger: Tagger
    situation: str | None = None  # forced (config ``kind:``); None: decided per document

    @property
    def wants_readability(self) -> bool:
        return any(
            r.kind == "metric" and r.options.get("metric") == "readability" for r in self.rules
        )


class Analysis(NamedTuple):
    """Everything the engine learned about one document."""

    findings: list[Finding]
    metrics: Metrics
    situation: str
    problems: tuple[Problem, ...] = ()
    tags: DocTags | None = None


def compile_rules(
    rules: Iterable[Rule],
    *,
    company: Iterable[str] = (),
    words: Lexicon | None = None,
    situation: str | None = None,
) -> RuleSet:
    """Group rules by kind and compile each group once.

    ``words`` is the packs' merged word classes; without it the bundled ones
    (the tagger needs them to tell a pitch from a question)."""
    if words is None:
        from cxcoach.packs import load_words

        words = load_words()
    context = Context(company=tuple(c for c in company if c.strip()), lexicon=words or EMPTY)
    by_group: dict[str, list[Rule]] = defaultdict(list)
    kept = tuple(rules)
    for rule in kept:
        by_group[group(rule.kind)].append(rule)
    compiled = tuple(KINDS[g[0].kind].compile(g, context) for g in by_group.values())
    tagger = Tagger(context.lexicon, context.company)
    forced = situation if situation not in (None, "auto") else None
    return RuleSet(kept, compiled, context, tagger, forced)


def fingerprint(
    rules: Iterable[Rule],
    *,
    words: Lexicon,
    company: Iterable[str] = (),
    situation: str | None = None,
) -> str:
    """A digest of everything that can change what ``compile_rules`` gives: every
    field of every rule (its options included, down to a threshold) except its
    examples and where it was written, the word classes of the packs (``words:``),
    the company names, the forced situation, and the cxcoach version (the code).

    What a cache of compiled rules (``check_text``) or of results (``batch --db``)
    must be keyed by: two rule sets with one option apart differ here. Computed
    only by those callers, never on the hook path (hashlib costs ~3 ms to import).
    """
    import hashlib
    import json

    from cxcoach.version import __version__

    digest = hashlib.blake2b(digest_size=16)
    forced = None if situation in (None, "auto") else situation
    head = [__version__, sorted(c for c in company if c.strip()), forced]
    digest.update(json.dumps(head).encode())
    for rule in rules:
        fields = rule._replace(fires=(), silent=(), origin="")
        digest.update(json.dumps(fields, sort_keys=True, default=repr).encode())
    digest.update(json.dumps(words.__getstate__(), sort_keys=True).encode())
    return digest.hexdigest()


def check_document(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """All findings of ``ruleset`` on ``doc``, in reading order."""
    return analyze(doc, ruleset).findings


def analyze(
    doc: Document,
    ruleset: RuleSet,
    *,
    readability: bool | None = None,
    prefilter: bool = True,
) -> Analysis:
    """Findings and metrics of ``doc`` (metrics computed once, shared with metric rules).

    ``readability`` (the Flesch-Kincaid grade of an email) costs a textstat import;
    by default it is computed only when a readability rule is enabled.
    ``prefilter=False`` runs every pattern without the one-scan prefilter (the
    plain engine the tests compare against).
    """
    scopes = Scopes(doc, ruleset.tagger, situation=ruleset.situation, prefilter=prefilter)
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
        metrics = compute_metrics(doc, readability=wanted, counter=ruleset.tagger.count_refs)
    situation = scopes.situation if doc.turns else "other"
    return Analysis(findings, metrics, situation, tuple(scopes.problems), scopes.tags)


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

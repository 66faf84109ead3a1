"""One text through the whole pipeline: parse, engine, suppressions, score.

``check_source`` is the one route from a decoded text to its results: ``cxcoach
check`` (each file and staged draft), the batch workers and the Python API all go
through it. Everything here is pure (text and compiled settings in, plain
picklable :class:`~cxcoach.results.DocumentResult` values out); reading inputs,
configs and packs is the application layer's (:mod:`cxcoach.run`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from cxcoach.checks.metric import aims
from cxcoach.engine import RuleSet, analyze, compile_rules
from cxcoach.model import Rule
from cxcoach.parse import parse_documents
from cxcoach.results import DocumentResult, DocumentTags, SentenceTags
from cxcoach.scoring import explain as explain_score
from cxcoach.scoring import score
from cxcoach.suppress import ignored_by_config, split_suppressed
from cxcoach.tagging import DocTags
from cxcoach.tagging.lexicon import Lexicon


class Settings(NamedTuple):
    """What a run applies to every text: compiled rules and who the rep is.
    (A named tuple: a dataclass costs a millisecond of every cold start.)"""

    ruleset: RuleSet
    rep_names: tuple[str, ...] = ()
    input_format: str | None = None
    ignore: tuple[tuple[str, str], ...] = ()
    ignore_base: str | None = None  # config ignore globs are relative to this folder


def make_settings(
    rules: Iterable[Rule],
    *,
    company: Iterable[str] = (),
    rep: Iterable[str] = (),
    input_format: str | None = None,
    ignore: Sequence[tuple[str, str]] = (),
    ignore_base: str | None = None,
    words: Lexicon | None = None,
    situation: str | None = None,
) -> Settings:
    return Settings(
        compile_rules(rules, company=company, words=words, situation=situation),
        tuple(rep),
        None if input_format in (None, "auto") else input_format,
        tuple(ignore),
        ignore_base,
    )


def check_source(
    source: str, name: str, settings: Settings, *, explain: bool = False, tags: bool = False
) -> list[DocumentResult]:
    """Results for every document in ``source`` (one, or one per mbox thread).
    ``explain``: with the score's arithmetic; ``tags``: with every sentence's tags."""
    results = []
    documents = parse_documents(
        source, input_format=settings.input_format, rep_names=settings.rep_names, name=name
    )
    for label, doc in documents:
        shown = name if label is None else f"{name}#{label}"
        analysis = analyze(doc, settings.ruleset)
        kept, suppressed = split_suppressed(analysis.findings, source)
        if settings.ignore:
            where = name
            if settings.ignore_base and name != "-":
                where = os.path.relpath(os.path.abspath(name), settings.ignore_base)
            kept, ignored = ignored_by_config(kept, where, settings.ignore)
            suppressed += ignored
        scored = score(kept)
        reps = [t.speaker for t in doc.turns if t.role == "rep" and t.speaker]
        results.append(
            DocumentResult(
                shown,
                tuple(kept),
                doc.notices,
                suppressed=tuple(suppressed),
                problems=tuple(p.message for p in analysis.problems),
                kind=doc.kind,
                situation=analysis.situation,
                format=doc.format,
                rep=reps[0] if reps else None,
                date=_date_header(source),
                score=scored.total,
                categories=scored.categories,
                deductions=scored.deductions,
                metrics=analysis.metrics,
                aims=aims(settings.ruleset.rules, analysis.situation),
                explanation=tuple(explain_score(scored)) if explain else None,
                tags=tag_view(analysis.tags) if tags and analysis.tags is not None else None,
            )
        )
    return results


def tag_view(doc_tags: DocTags) -> DocumentTags:
    """Every sentence with its tags, for ``cxcoach check --tags``: why a rule fired."""
    from cxcoach.tagging.situation import evidence

    doc = doc_tags.doc
    sentences = []
    for turn in doc.turns:
        for sentence in turn.sentences:
            found = doc_tags.of(sentence)
            cue = (
                doc.text[sentence.start + found.cue[0] : sentence.start + found.cue[1]]
                if found.cue
                else None
            )
            sentences.append(
                SentenceTags(
                    start=sentence.start,
                    role=turn.role,
                    speaker=turn.speaker,
                    text=sentence.text,
                    about=found.about,
                    acts=tuple(sorted(found.acts)),
                    cue=cue,
                )
            )
    return DocumentTags(doc_tags.situation, evidence(doc_tags), tuple(sentences))


_DATE = re.compile(r"^Date:[ \t]*(.+?)\r?$", re.MULTILINE | re.IGNORECASE)


def _date_header(source: str) -> str | None:
    """The ``Date:`` header of an email, as ISO date, when the text starts with headers."""
    match = _DATE.search(source, 0, 4000)
    if not match:
        return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(match.group(1)).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def settings_fingerprint(settings: Settings) -> str:
    """:func:`cxcoach.engine.fingerprint` of a run's compiled rules plus what else
    changes its results (rep names, input format, config ignores): what ``batch
    --db`` keys stored results by."""
    import hashlib
    import json

    from cxcoach.engine import fingerprint

    ruleset = settings.ruleset
    rules = fingerprint(
        ruleset.rules,
        words=ruleset.context.lexicon,
        company=ruleset.context.company,
        situation=ruleset.situation,
    )
    rest = [rules, settings.rep_names, settings.input_format, settings.ignore]
    return hashlib.blake2b(json.dumps(rest).encode(), digest_size=8).hexdigest()

"""The one-scan prefilter changes how fast the rules run, never what they find.

``analyze(..., prefilter=False)`` runs every phrase and pattern of the packs on
every document in full; the default runs one multi-pattern scan (an RE2 Set, or
literal words for a first small document) and the exact patterns only where it
says they can match. Both must give identical findings on the corpus, on every
rule example, on our labelled fixtures and on generated documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, EXAMPLES, FIXTURES, needs_corpus
from cxcoach.engine import RuleSet, analyze, compile_rules
from cxcoach.inputs import read_path
from cxcoach.packs import load_packs, load_words
from cxcoach.parse import parse_document

RULES = load_packs()
RULESET = compile_rules(RULES, words=load_words())


def _findings(text: str, name: str, ruleset: RuleSet, *, prefilter: bool) -> list[tuple]:
    doc = parse_document(text, name=name)
    found = analyze(doc, ruleset, prefilter=prefilter).findings
    return [(f.rule, f.start, f.end, f.level, f.message) for f in found]


def _same(text: str, name: str, ruleset: RuleSet = RULESET) -> None:
    plain = _findings(text, name, ruleset, prefilter=False)
    assert _findings(text, name, ruleset, prefilter=True) == plain


def _files() -> list[Path]:
    found = sorted(EXAMPLES.glob("*.txt"))
    for folder in ("fresh", "ordinary", "answers"):
        found += sorted(p for p in (FIXTURES / folder).glob("*") if p.name != "labels.yaml")
    return [p for p in found if p.suffix != ".md" or p.name != "README.md"]


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_identical_on_fixtures(path: Path) -> None:
    _same(read_path(str(path)), path.name)


@needs_corpus
def test_identical_on_the_corpus() -> None:
    files = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".md", ".eml", ".vtt"))
    assert files, f"{CORPUS} holds no texts"
    for path in files:
        _same(read_path(str(path)), path.name)


def test_identical_on_every_rule_example() -> None:
    for rule in RULES:
        for example in (*rule.fires, *rule.silent):
            ruleset = compile_rules(
                RULES, company=example.company, words=load_words(), situation=example.situation
            )
            _same(example.text, "example.txt", ruleset)


_PIECES = [
    example.text
    for rule in RULES
    for example in (*rule.fires, *rule.silent)
    if "\n" not in example.text
] + ["Thanks for your business.", "only 3 spots left", "{{first_name}}", "act now!", "our platform"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
    st.sampled_from(["\n", " ", "\n\n", "  "]),
    st.booleans(),
)
def test_identical_on_generated_documents(pieces: list[str], glue: str, transcript: bool) -> None:
    if transcript:
        text = "\n".join(
            f"{'REP' if i % 2 == 0 else 'PROSPECT'}: {p}" for i, p in enumerate(pieces)
        )
    else:
        text = "Hi Dana,\n\n" + glue.join(pieces) + "\n\nBest,\nSam"
    _same(text, "generated.txt")

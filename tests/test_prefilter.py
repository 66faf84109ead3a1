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


# ----------------------------------------------------------------------------- word classes

_WORDS = load_words()
_PATTERN_CLASSES = sorted(
    name for name, values in _WORDS.raw.items() if any(v in _WORDS.derived for v in values)
)


def _sentences() -> list[str]:
    out: list[str] = []
    for path in _files():
        doc = parse_document(read_path(str(path)), name=path.name)
        out += [s.text for turn in doc.turns for s in turn.sentences]
    for rule in RULES:
        out += [example.text for example in (*rule.fires, *rule.silent)]
    return out


def _same_verdicts(sentences: list[str]) -> None:
    for name in _PATTERN_CLASSES:
        combined = _WORDS.patterns(name)
        for text in sentences:
            alone = _WORDS._matches_one_by_one(name, text)
            assert alone == any(p.search(text) for p in combined), (name, text)


def test_word_class_patterns_one_by_one_agree_with_the_alternation() -> None:
    """A hook's first sentences try each word-class pattern alone, compiled only when
    the sentence holds its literal words; later ones search one alternation. Both
    must say the same of every sentence of the fixtures and every rule example."""
    assert _PATTERN_CLASSES and _WORDS.literals
    _same_verdicts(_sentences())


@given(st.lists(st.sampled_from(_sentences()[:400]), min_size=1, max_size=3), st.text(max_size=30))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_word_class_verdicts_agree_on_generated_sentences(parts: list[str], noise: str) -> None:
    _same_verdicts([" ".join(parts), noise + parts[0], parts[0].upper(), parts[0][:25]])


def test_pleasantry_alone_agrees_with_the_full_tags() -> None:
    """The prospect's questions are asked only whether they are a pleasantry
    (Tagger.is_pleasantry), not tagged in full: the answer must be the full tags'."""
    from cxcoach.tagging import Tagger

    tagger = Tagger(_WORDS)
    courtesies = ["Um, uh.", "This is Dana from Acme.", "Hi, is this Pat?", "Thanks so much!"]
    for text in [*_sentences(), *courtesies]:
        for call in (False, True):
            full = "pleasantry" in tagger.tag(text, None, call=call).acts
            assert tagger.is_pleasantry(text, call=call) == full, (text, call)

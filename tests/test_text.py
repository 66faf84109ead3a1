"""The shared text layer: folding, masking and offsets keep every offset valid."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cxcoach.engine import check_document, compile_rules
from cxcoach.model import Rule
from cxcoach.parse import parse_document
from cxcoach.parse.text import FOLDS, Mask, fold, is_blank, iter_lines, mask, trim


def test_fold_maps_one_character_to_one() -> None:
    assert all(len(k) == 1 and len(v) == 1 for k, v in FOLDS.items())
    text = "Don’t ‘quote’ “me” „here‟ ″x″ «a» it´s ʼn a\u00a0b\u202fc\u2009d\u3000e\u200bf\u200dg"
    text += " 3–5 a—b ‐ ‑ − ―"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == (
        'Don\'t \'quote\' "me" "here" "x" "a" it\'s \'n a b c d e f g 3-5 a-b - - - -'
    )


def test_fold_returns_plain_text_unchanged() -> None:
    text = "plain ASCII text, nothing to fold"
    assert fold(text) is text
    accented = "café résumé naïve"
    assert fold(accented) is accented


def test_fold_of_dense_text_uses_the_table() -> None:
    text = "word\u00a0" * 40_000  # every space a no-break space
    assert fold(text) == "word " * 40_000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*FOLDS, "a", " ", "\n", "é", "🙂"]), max_size=200))
def test_fold_is_the_table(text: str) -> None:
    assert fold(text) == "".join(FOLDS.get(c, c) for c in text)


def test_mask_keeps_length_and_line_breaks() -> None:
    source = "> quoted line\r\n> more\nkept"
    masker = Mask()
    masker.add(0, 2)
    masker.add(15, 17)
    masker.add(1, 5)  # overlapping spans are fine
    masked = masker.apply(source)
    assert len(masked) == len(source)
    assert masked == "     ted line\r\n  more\nkept"
    assert mask("a\nb\r\nc", [(0, 6)]) == " \n \r\n "


def test_mask_keep_unmasks_only_spans_added_before() -> None:
    source = "Subject: <!-- x --> hi\n"
    masker = Mask()
    masker.comments(source)
    masker.add(0, len(source) - 1)
    masker.keep(9, len(source) - 1)  # the subject value stays readable
    masker.add(20, 22)
    assert masker.apply(source) == "         <!-- x -->   \n"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80))))
def test_mask_is_a_per_character_blank(source: str, spans: list[tuple[int, int]]) -> None:
    chars = list(source)
    for a, b in spans:
        for i in range(a, min(b, len(source))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    assert mask(source, spans) == "".join(chars)


def test_line_and_space_helpers() -> None:
    text = "ab\n\ncd\n"
    assert list(iter_lines(text, 0, len(text))) == [(0, 2), (3, 3), (4, 6)]
    assert list(iter_lines(text, 3, 5)) == [(3, 3), (4, 5)]
    assert is_blank(" \t\n\u00a0", 0, 4) and not is_blank(" x ", 0, 3)
    assert trim("  ab \n", 0, 6) == (2, 4)
    assert trim("   ", 0, 3)[0] >= trim("   ", 0, 3)[1]


def test_document_text_is_masked_and_folded_and_findings_quote_the_source() -> None:
    source = "Hi Bo,\n\nDon’t miss out\u00a0— it’s a “limited time offer”.\n\nBest,\nSam\n"
    doc = parse_document(source)
    assert len(doc.text) == len(doc.source) == len(source)
    assert doc.source == source
    assert "Don't miss out - it's a \"limited time offer\"." in doc.text
    assert [s.text for s in doc.turns[0].sentences] == [
        "Don't miss out - it's a \"limited time offer\"."
    ]
    rule = Rule(
        "r", "phrase", "error", "trust", "rep", "any", "m {match}", "w", "i",
        options={"phrases": ["don't miss out", "limited time offer"]},
    )  # fmt: skip
    findings = check_document(doc, compile_rules([rule]))
    assert [f.snippet for f in findings] == ["Don’t miss out", "limited time offer"]
    assert all(f.snippet == source[f.start : f.end] for f in findings)


def test_folded_transcripts_and_detection() -> None:
    source = "0:42 – Dana Lee (Acme)\nWe’re ready\u00a0to start.\n\n1:05 – Sam Ortiz (Beta)\nOK.\n"
    doc = parse_document(source, rep_names=("Dana",))
    assert doc.format == "fathom"  # the en dash reads as the '-' of a Fathom header
    assert [t.speaker for t in doc.turns] == ["Dana Lee", "Sam Ortiz"]
    assert doc.turns[0].text == "We're ready to start."
    assert doc.source[doc.turns[0].start : doc.turns[0].end] == "We’re ready\u00a0to start."


def test_quote_markers_read_as_whitespace() -> None:
    source = "Sounds good.\n\nOn Mon, Mar 2, 2026 at 9:00 AM Sam <s@x.com> wrote:\n"
    source += (
        "> Thank you for\n> your business, see you Tuesday.\n>> Thank you for\n>> your order.\n"
    )
    doc = parse_document(source)
    at = source.index("Thank you for\n> your")
    segment = doc.text[at : at + len("Thank you for\n> your business")]
    assert re.fullmatch(r"Thank you for\s+your business", segment)
    assert segment == "Thank you for\n  your business"
    deeper = source.index("Thank you for\n>> your")
    assert doc.text[deeper : deeper + len("Thank you for\n>> your")] == "Thank you for\n   your"

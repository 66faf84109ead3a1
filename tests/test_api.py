"""The Python API: check_text reuses compiled rules only while nothing that changes a
result has changed (issue 11, point 6)."""

from __future__ import annotations

import pytest

from cxcoach.api import check_text
from cxcoach.engine import fingerprint
from cxcoach.model import Rule
from cxcoach.packs import load_packs, load_words

REP_TALKS = (
    "REP: " + " ".join(["We ship the whole platform in two weeks and it works."] * 15) + "\n"
    "PROSPECT: Sounds good, what next?\n"
    "REP: I will send the contract today.\n"
)


def tuned(rules: list[Rule], rule_id: str, **options: object) -> list[Rule]:
    return [r._replace(options={**r.options, **options}) if r.id == rule_id else r for r in rules]


def fired(rules: list[Rule], **kwargs: object) -> set[str]:
    return {f.rule for f in check_text(REP_TALKS, rules=rules, **kwargs)[0].findings}  # type: ignore[arg-type]


def test_a_changed_threshold_gives_the_new_result() -> None:
    rules = load_packs()
    assert "talk-ratio" in fired(rules)
    assert "talk-ratio" not in fired(tuned(rules, "talk-ratio", **{"max-share": 0.999}))
    assert "talk-ratio" in fired(rules)  # and back: the first set is still itself


def test_options_edited_in_place_are_seen() -> None:
    rules = load_packs()
    assert "talk-ratio" in fired(rules)
    options = next(r for r in rules if r.id == "talk-ratio").options
    before = options["max-share"]
    options["max-share"] = 0.999  # a notebook user's shortcut
    try:
        assert "talk-ratio" not in fired(rules)
    finally:
        options["max-share"] = before  # the loaded packs are shared by the other tests


def test_the_fingerprint_covers_what_changes_a_result() -> None:
    rules, words = load_packs(), load_words()
    base = fingerprint(rules, words=words)
    assert fingerprint(list(rules), words=words) == base
    moved = [r._replace(origin="elsewhere.yaml:1:1", fires=()) for r in rules]
    assert fingerprint(moved, words=words) == base  # where a rule is written does not count
    changed = [
        fingerprint(tuned(rules, "talk-ratio", **{"min-words": 101}), words=words),
        fingerprint(
            [r._replace(message="m") if r.id == "hedging" else r for r in rules], words=words
        ),
        fingerprint(rules, words=words, company=["Acme"]),
        fingerprint(rules, words=words, situation="service"),
        fingerprint(rules, words=type(words)({**words.raw, "pleasantries": ("hiya",)})),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def test_situation_and_words_reach_check_text() -> None:
    rules = load_packs()
    service = check_text(REP_TALKS, rules=rules, situation="service")[0]
    assert service.situation == "service"
    assert check_text(REP_TALKS, rules=rules)[0].situation != "service"


def test_results_are_typed_and_the_json_fields_come_from_them() -> None:
    """One result per document with typed fields; ``document_fields`` is what
    --format json writes; no untyped ``extra`` dict is left."""
    (result,) = check_text("Hi Ana,\n\nThank you for your business.\n", name="a.txt")
    assert (result.kind, result.format, result.rep) == ("email", "email", None)
    assert isinstance(result.score, int) and result.metrics is not None
    fields = result.document_fields()
    assert fields["score"] == result.score and fields["metrics"] == result.metrics.to_dict()
    assert fields["deductions"] == [d.to_dict() for d in result.deductions]
    assert not hasattr(result, "extra")
    assert "explain" not in fields and "tags" not in fields  # only when asked for


def test_the_bundled_rules_are_compiled_once_per_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without rules or words, check_text keeps the compiled bundled packs: later
    calls neither reload the packs nor fingerprint them, and give the same results."""
    import cxcoach.engine
    import cxcoach.packs

    text = "Hi Sam,\n\nI just wanted to check in. Does Tuesday work?\n\nBest,\nDana\n"
    first = check_text(text, rep=["Dana"], company=["Ledgerly"])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("reloaded")

    monkeypatch.setattr(cxcoach.packs, "load_packs", refuse)
    monkeypatch.setattr(cxcoach.engine, "fingerprint", refuse)
    assert check_text(text, rep=["Dana"], company=["Ledgerly"]) == first
    with pytest.raises(AssertionError, match="reloaded"):  # another setting compiles afresh
        check_text(text, rep=["Sam"], company=["Ledgerly"])

"""Transcript formats: speakers, roles, turn counts, and offsets that point at the right lines."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, FIXTURES, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcoach.parse import parse_document
from cxcoach.parse.detect import detect

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")


def speakers(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {t.speaker: t.role for t in doc.turns}


def assert_offsets(doc) -> None:  # type: ignore[no-untyped-def]
    assert len(doc.text) == len(doc.source)
    for turn in doc.turns:
        assert doc.text[turn.start : turn.end] == turn.text
        for sentence in turn.sentences:
            assert turn.start <= sentence.start < sentence.end <= turn.end
            assert doc.text[sentence.start : sentence.end] == sentence.text


@needs_corpus
@pytest.mark.parametrize(
    ("name", "rep", "expected_speakers", "turns"),
    [
        (
            "discovery-call-tribeai.md",
            (),
            {"Marcus": "rep", "Jennifer": "prospect", "David": "prospect"},
            46,
        ),
        (
            "demo-call-tribeai.md",
            (),
            {
                "Lisa": "rep",
                "Alex": "rep",
                "Robert": "prospect",
                "Amy": "prospect",
                "Tom": "prospect",
            },
            52,
        ),
        ("cold-call-unsuccessful-tribeai.md", (), {"Brian": "rep", "Patricia": "prospect"}, 12),
        ("rep-prospect-discovery-bigid.md", (), {"REP": "rep", "PROSPECT": "prospect"}, 11),
        (
            "speaker-lines-support-platform-call.txt",
            (),
            {"Sales Rep": "rep", "Customer": "prospect"},
            20,
        ),
        ("support-call-plan-upgrade.txt", (), {"AGENT": "rep", "CUSTOMER": "prospect"}, 45),
        ("timestamped-crm-followup-call.txt", ("Sarah",), {"Sarah": "rep", "Mike": "prospect"}, 46),
    ],
)
def test_corpus_transcripts(
    name: str, rep: tuple[str, ...], expected_speakers: dict[str, str], turns: int
) -> None:
    doc = parse_document((CORPUS / name).read_text(encoding="utf-8"), rep_names=rep, name=name)
    assert doc.kind == "transcript"
    assert speakers(doc) == expected_speakers
    assert len(doc.turns) == turns
    assert doc.notices == ()
    assert_offsets(doc)


@needs_corpus
def test_unknown_rep_is_said_not_guessed() -> None:
    text = (CORPUS / "timestamped-crm-followup-call.txt").read_text(encoding="utf-8")
    doc = parse_document(text)
    assert set(speakers(doc).values()) == {"unknown"}
    assert "pass --rep" in doc.notices[0]
    proc = run_cli("check", str(CORPUS / "timestamped-crm-followup-call.txt"))
    assert proc.stderr.count("could not tell who the rep is") == 1


@needs_corpus
def test_timestamps_and_continuation_lines() -> None:
    text = (CORPUS / "timestamped-crm-followup-call.txt").read_text(encoding="utf-8")
    doc = parse_document(text, rep_names=("sarah",))
    third = doc.turns[2]
    assert third.speaker == "Sarah" and third.time_start == 8.0 and third.time_end == 25.0
    assert "discuss how our platform could help with that." in " ".join(third.text.split())
    assert "[00:25]" not in third.text


@needs_corpus
def test_finding_lines_point_at_the_original_file() -> None:
    path = CORPUS / "cold-call-unsuccessful-tribeai.md"
    proc = run_cli("check", str(path), "-f", "json")
    lines = path.read_text(encoding="utf-8").split("\n")
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert findings
    for f in findings:
        assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == f["snippet"]
        assert f["speaker"] == "Brian"


def test_zoom_vtt() -> None:
    text = (FIXTURES / "zoom.vtt").read_text()
    assert detect(text) == "vtt"
    doc = parse_document(text, rep_names=("Dana",))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Dana Lee", "rep"),
        ("Sam Ortiz", "prospect"),
    ]
    assert doc.turns[0].time_start == 1.0 and doc.turns[0].time_end == 9.0
    assert doc.turns[0].sentences[-1].question == "open"
    assert (
        " ".join(doc.turns[1].text.split())
        == "Mostly manual reconciliations across forty bank accounts."
    )
    assert_offsets(doc)


def test_teams_vtt_voice_tags() -> None:
    doc = parse_document((FIXTURES / "teams.vtt").read_text(), rep_names=("dana lee",))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Dana Lee", "rep"),
        ("Sam Ortiz", "prospect"),
    ]
    assert " ".join(doc.turns[1].text.split()) == "By email, and it takes days. Sometimes a week."
    assert "<v" not in doc.text and "3f2a1b7c" not in doc.text
    assert_offsets(doc)


def test_srt_and_rules_apply_by_role() -> None:
    path = FIXTURES / "call.srt"
    doc = parse_document(path.read_text(), rep_names=("Dana",))
    assert detect(path.read_text()) == "srt"
    assert [t.speaker for t in doc.turns] == ["Dana", "Sam", "Dana"]
    proc = run_cli("check", str(path), "--rep", "Dana", "-f", "json")
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert {(f["rule"], f["line"], f["speaker"]) for f in findings} >= {
        ("thank-you-for-your-business", 3, "Dana"),
        ("vague-commitment", 11, "Dana"),
    }
    assert all(f["speaker"] == "Dana" for f in findings)  # never the prospect's words
    assert findings[0]["time"] == 1.0


def test_input_format_override_and_unknown_falls_back() -> None:
    text = "REP: Hi there, thanks for your business.\nPROSPECT: Sure.\nREP: Great.\n"
    assert parse_document(text).kind == "transcript"
    assert parse_document(text, input_format="email").kind == "email"
    assert parse_document("just some words without structure").kind == "email"


NAMES = st.sampled_from(["Dana", "Sam Ortiz", "REP", "PROSPECT", "Customer", "**Lee**"])
LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(NAMES, LINE, st.integers(0, 7200)), max_size=25),
    st.sampled_from(["lines", "stamped", "vtt", "srt"]),
)
def test_random_transcripts_parse_and_slice_back(cues, style) -> None:  # type: ignore[no-untyped-def]
    parts = ["WEBVTT\n"] if style == "vtt" else []
    for i, (name, line, t) in enumerate(cues):
        stamp = f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
        if style == "lines":
            parts.append(f"{name}: {line}")
        elif style == "stamped":
            parts.append(f"[{stamp}] {name}: {line}")
        else:
            sep = "." if style == "vtt" else ","
            parts.append(f"{i + 1}\n{stamp}{sep}000 --> {stamp}{sep}500\n{name}: {line}\n")
    text = "\n".join(parts)
    doc = parse_document(text, rep_names=("Dana",))
    assert_offsets(doc)

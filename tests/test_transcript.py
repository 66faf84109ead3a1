"""Transcript formats: speakers, roles, turn counts, and offsets that point at the right lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, FIXTURES, needs_corpus, run_cli
from cxcoach.parse import parse_document
from cxcoach.parse.detect import detect


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
    by_rule = {f["rule"]: f for f in findings}
    # rep rules never fire on the prospect's words; prospect rules only on them
    assert by_rule["prospect-had-to-chase"]["speaker"] == "Sam"
    prospect_rules = ("prospect-had-to-chase", "unanswered-question")
    assert all(f["speaker"] == "Dana" for f in findings if f["rule"] not in prospect_rules)
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


@pytest.mark.parametrize(
    ("name", "fmt", "turns", "times"),
    [
        (
            "otter.txt",
            "otter",
            [("Dana Lee", "rep"), ("Sam Ortiz", "prospect"), ("Dana Lee", "rep")],
            [3.0, 15.0, 31.0],
        ),
        (
            "fireflies.txt",
            "fireflies",
            [("Dana Lee", "rep"), ("Sam Ortiz", "prospect"), ("Dana Lee", "rep")],
            [3.0, 12.0, 25.0],
        ),
        (
            "fathom.txt",
            "fathom",
            [("Dana Lee", "rep"), ("Sam Ortiz", "prospect"), ("Dana Lee", "rep")],
            [2.0, 14.0, 25.0],
        ),
    ],
)
def test_headed_transcripts(
    name: str, fmt: str, turns: list[tuple[str, str]], times: list[float]
) -> None:
    text = (FIXTURES / name).read_text()
    assert detect(text) == fmt
    doc = parse_document(text, rep_names=("Dana",))
    assert [(t.speaker, t.role) for t in doc.turns] == turns
    assert [t.time_start for t in doc.turns] == times
    assert_offsets(doc)
    # consecutive cues of one speaker merge (Fireflies has two Sam cues)
    assert all(a.speaker != b.speaker for a, b in zip(doc.turns, doc.turns[1:], strict=False))


def test_otter_price_dodge_points_at_the_question() -> None:
    path = FIXTURES / "otter.txt"
    proc = run_cli("check", str(path), "--rep", "dana", "-f", "json")
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    dodge = [f for f in findings if f["rule"] == "unanswered-question"]
    assert len(dodge) == 1
    assert dodge[0]["line"] == 5 and dodge[0]["snippet"] == "How much does your tool cost?"
    assert "Dana Lee" in dodge[0]["message"]
    assert dodge[0]["speaker"] == "Sam Ortiz" and dodge[0]["time"] == 15.0


def test_gong_json_roles_from_parties_and_lines() -> None:
    path = FIXTURES / "gong.json"
    text = path.read_text()
    assert detect(text) == "gong"
    doc = parse_document(text)
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Dana Lee", "rep"),
        ("Sam Ortiz", "prospect"),
        ("Dana Lee", "rep"),
    ]
    assert doc.turns[0].time_start == 460.23
    proc = run_cli("check", str(path), "-f", "json")
    findings = {f["rule"]: f for f in json.loads(proc.stdout)["files"][0]["findings"]}
    assert findings["thank-you-for-your-business"]["line"] == 30
    assert findings["unanswered-question"]["line"] == 23
    assert '"price"' in findings["unanswered-question"]["message"]


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        ('{"callTranscripts": [{"transcript": [', "gong"),
        ("WEBVTT\n\nno cues here at all\n", "vtt"),
        ("Hello there, nothing like a transcript.", "otter"),
    ],
    ids=["truncated-gong", "empty-vtt", "forced-otter"],
)
def test_unrecognised_transcripts_fall_back_to_a_plain_draft(content: str, fmt: str) -> None:
    doc = parse_document(content, input_format=fmt)
    assert doc.kind == "email"
    assert doc.notices and "plain draft" in doc.notices[0]


def test_email_mbox_threads() -> None:
    from cxcoach.parse import parse_documents

    path = FIXTURES / "thread.mbox"
    docs = parse_documents(path.read_text(), name=path.name)
    assert len(docs) == 2
    thread = docs[0][1]
    assert [(t.speaker, t.role) for t in thread.turns] == [
        ("Sam Ortiz", "prospect"),
        ("Dana Lee", "rep"),
    ]
    assert "taken to be Dana Lee" in thread.notices[0]
    assert_offsets(thread)
    proc = run_cli("check", str(path), "-f", "json")
    files = json.loads(proc.stdout)["files"]
    assert [f["path"] for f in files] == [f"{path}#1", f"{path}#2"]
    rules = {(f["rule"], f["line"]) for f in files[0]["findings"]}
    assert {
        ("unanswered-question", 10),
        ("thank-you-for-your-business", 25),
        ("vague-commitment", 25),
    } <= rules
    assert all(f["line"] < 28 for f in files[0]["findings"])  # quoted history not coached


def test_eml_multipart_plain_part_only() -> None:
    doc = parse_document((FIXTURES / "reply.eml").read_text(), name="reply.eml")
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Sam Ortiz", "prospect"),
        ("Dana Lee", "rep"),
    ]
    assert "<p>" not in " ".join(t.text for t in doc.turns)  # the HTML part is not read
    assert_offsets(doc)


def test_outlook_and_inline_replies() -> None:
    outlook = parse_document((FIXTURES / "outlook-reply.txt").read_text())
    assert [(t.speaker, t.role) for t in outlook.turns] == [
        ("Sam Ortiz", "prospect"),
        (None, "rep"),
    ]
    inline = parse_document((FIXTURES / "inline-reply.txt").read_text())
    assert [t.role for t in inline.turns] == ["prospect", "rep", "prospect", "rep"]
    proc = run_cli("check", str(FIXTURES / "inline-reply.txt"), "-f", "json", "--kind", "sales")
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert ("unanswered-question", 5) in [(f["rule"], f["line"]) for f in findings]
    assert all(f["rule"] != "unanswered-question" or f["line"] == 5 for f in findings)


def test_nested_quotes_are_older_turns() -> None:
    text = (
        "Sounds good, Tuesday at 3pm then.\n\n"
        "On Mon, Mar 2, 2026 at 9:00 AM Sam Ortiz <sam@x.com> wrote:\n"
        "> Tuesday works. What time?\n>\n"
        "> On Sun, Mar 1, 2026 at 8:00 PM Dana Lee <dana@y.com> wrote:\n"
        ">> Could we meet Tuesday?\n"
    )
    doc = parse_document(text, rep_names=("Dana",))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Dana Lee", "rep"),
        ("Sam Ortiz", "prospect"),
        (None, "rep"),
    ]
    assert_offsets(doc)


THREAD_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=50
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), THREAD_LINE), max_size=20), st.booleans())
def test_random_threads_parse_and_slice_back(lines, outlook) -> None:  # type: ignore[no-untyped-def]
    parts = ["Thanks, see you Tuesday.", ""]
    for depth, line in lines:
        if outlook and depth == 3:
            parts += ["-----Original Message-----", "From: Sam", "Sent: Monday", "Subject: x", ""]
        elif depth == 2:
            parts.append("> On Mon, Mar 2, 2026 at 9:00 AM Sam <s@x.com> wrote:")
        parts.append(">" * depth + " " + line)
    text = "\n".join(parts)
    doc = parse_document(text)
    assert_offsets(doc)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Dana Lee", "Sam Ortiz"]), THREAD_LINE, st.integers(0, 5000)),
        max_size=15,
    ),
    st.sampled_from(["otter", "fireflies", "fathom", "gong"]),
)
def test_random_headed_and_gong_transcripts(cues, fmt) -> None:  # type: ignore[no-untyped-def]
    import json as _json

    if fmt == "gong":
        blocks = [
            {
                "speakerId": name,
                "sentences": [{"start": t * 1000, "end": t * 1000 + 500, "text": line}],
            }
            for name, line, t in cues
        ]
        text = _json.dumps({"callTranscripts": [{"transcript": blocks}]}, indent=1)
    else:
        out = []
        for name, line, t in cues:
            stamp = f"{t // 60}:{t % 60:02d}"
            head = {
                "otter": f"{name}  {stamp}",
                "fireflies": f"{name} ({stamp})",
                "fathom": f"{stamp} - {name} (Acme)",
            }[fmt]
            out += [head, line, ""]
        text = "\n".join(out)
    doc = parse_document(text, input_format=fmt, rep_names=("Dana",))
    assert_offsets(doc)


def test_label_lines_in_an_email_are_not_a_transcript() -> None:
    email = (
        "Hi Ana,\n\nHere's the summary:\nPricing: $1,500 a month\nTimeline: two weeks\n"
        "Owner: Dana on our side\n\nDoes Tuesday at 10am work?\n\nDana\n"
    )
    assert parse_document(email).kind == "email"
    # a speaker who comes back, role labels, or timestamps make it a conversation
    assert parse_document("Dana: Hi.\nSam: Hello.\nDana: How are you?\n").kind == "transcript"
    assert parse_document("REP: Hi.\nPROSPECT: Hello.\n").kind == "transcript"
    assert parse_document("[00:01] Dana: Hi.\n[00:05] Sam: Hello.\n").kind == "transcript"


def test_numbered_speaker_labels() -> None:
    text = (
        "Speaker 1: Hi, thanks for joining.\nSpeaker 2: Sure. What does it cost?\n"
        "Speaker 1: Great question, let me show you the dashboard first.\n"
    )
    doc = parse_document(text, rep_names=("Speaker 1",))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Speaker 1", "rep"),
        ("Speaker 2", "prospect"),
        ("Speaker 1", "rep"),
    ]

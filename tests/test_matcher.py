"""Regexes of a user pack run in linear time (RE2), or on Python's engine under a
time budget per rule and document whose overrun is a one-line error for that rule
and file (issue 11, point 3). No test here measures speed: the exponential shapes
are shown to run on RE2, and the runaway pattern cannot finish in any budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from cxcoach.api import check_text
from cxcoach.packs import PackError, load_pack_file, load_packs, pattern_engines

RULE = """\
  - id: {id}
    kind: {kind}
    level: warning
    category: trust
{body}
    message: "{id} {{match}}"
    why: "w"
    instead: "i"
"""
# (?=a) needs Python's engine; six a* in a row pass both static checks yet take
# O(n^6) steps on a line of a's: no machine finishes it within a budget
RUNAWAY = "(?=a)a*a*a*a*a*a*b"
LONG = "a" * 10_000


def pack(tmp_path: Path, *rules: tuple[str, str, str]) -> Path:
    path = tmp_path / "team.yaml"
    body = "".join(RULE.format(id=i, kind=k, body=b) for i, k, b in rules)
    path.write_text(f"pack: team\nrules:\n{body}", encoding="utf-8")
    return path


def email(body: str) -> str:
    return f"Hi Ana,\n\n{body}\n\nDana\n"


EXPONENTIAL = (
    ("alt-star", "pattern", "    patterns: ['(a|aa)*c']"),
    ("word-star", "pattern", "    patterns: ['(\\w+\\s?)*$x']"),
)
LOOKAROUND = ("look-alt", "pattern", "    patterns: ['(?<!not )(?:cheap|free)\\b']")


def test_exponential_shapes_run_on_re2_and_still_match(tmp_path: Path) -> None:
    path = pack(tmp_path, *EXPONENTIAL)
    engines = {e.where: e.engine for e in pattern_engines(load_pack_file(str(path)))}
    assert engines == {"alt-star patterns": "re2", "word-star patterns": "re2"}
    rules = load_packs([path], include_bundled=False)
    hits = check_text(email(f"It is {LONG}c, then {'word ' * 2000}"), rules=rules)[0]
    assert [f.rule for f in hits.findings] == ["alt-star"]
    assert hits.findings[0].snippet == LONG + "c"
    assert hits.problems == ()


def test_lookaround_with_alternation_falls_back_to_python_and_runs(tmp_path: Path) -> None:
    path = pack(tmp_path, LOOKAROUND)
    (engine,) = pattern_engines(load_pack_file(str(path)))
    assert engine.engine == "python" and engine.why
    rules = load_packs([path], include_bundled=False)
    result = check_text(email("It is cheap, not free, and free for you."), rules=rules)[0]
    assert [f.snippet for f in result.findings] == ["cheap", "free"]
    assert [f.column for f in result.findings] == [7, 28]


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("pattern", f"    patterns: ['{RUNAWAY}']"),
        ("pattern", f"    patterns: ['cheap']\n    unless: ['{RUNAWAY}']"),
        ("sequence", f"    pitch: ['{RUNAWAY}']"),
    ],
    ids=["pattern", "unless", "sequence-pitch"],
)
def test_runaway_is_a_problem_of_its_rule_only(tmp_path: Path, kind: str, body: str) -> None:
    path = pack(tmp_path, ("slow", kind, body), EXPONENTIAL[0])
    rules = load_packs([path], include_bundled=False)
    result = check_text(email(f"It is cheap {LONG}c"), rules=rules)[0]
    assert {f.rule for f in result.findings} == {"alt-star"}  # the other rule still reports
    (problem,) = result.problems
    assert problem.startswith("rule slow: ") and "budget" in problem and RUNAWAY in problem


def test_runaway_in_check_and_batch_is_one_line_and_exit_2(tmp_path: Path) -> None:
    pack(tmp_path, ("slow", "pattern", f"    patterns: ['{RUNAWAY}']"), LOOKAROUND)
    (tmp_path / "long.txt").write_text(email(f"It is cheap. {LONG}"))
    (tmp_path / "short.txt").write_text(email("Our plan is cheap, not free."))
    proc = run_cli("check", "long.txt", "short.txt", "--pack", "team.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 1, proc.stderr
    assert errors[0].startswith("cxcoach: error: long.txt: rule slow: ")
    assert "Traceback" not in proc.stderr
    assert "long.txt:3:7" in proc.stdout and "short.txt:3:13" in proc.stdout  # look-alt
    batch = run_cli(
        "batch", "long.txt", "short.txt", "--pack", "team.yaml", "--no-progress", cwd=tmp_path
    )
    assert batch.returncode == 2, batch.stderr
    assert "2 documents scored" in batch.stdout
    assert "rules that could not finish (1; findings missing):" in batch.stdout
    assert "  long.txt: rule slow: " in batch.stdout


def test_words_patterns_must_run_on_re2(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text("pack: w\nwords:\n  pleasantries: ['(?<=x)thanks']\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"words\.yaml:3:18: 'pleasantries' patterns must run"):
        load_pack_file(str(path))


def test_rules_validate_names_the_engine_of_each_pattern(tmp_path: Path) -> None:
    pack(tmp_path, *EXPONENTIAL, LOOKAROUND)
    proc = run_cli("rules", "validate", "team.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "team.yaml: ok (pack 'team', 3 rules)"
    assert lines[1].split()[:3] == ["alt-star", "patterns", "re2"]
    assert lines[2].split()[:3] == ["word-star", "patterns", "re2"]
    assert lines[3].split()[:3] == ["look-alt", "patterns", "python"]
    assert "(RE2: " in lines[3]
    assert "1 of 3 patterns need Python's engine" in lines[4]


# ----------------------------------------------------------------------------- RE2 stand-ins

LOOKAROUND_PATTERNS = [
    r"(?<!what )(?<!the )\b(?:sort|kind) of\b(?! (?:a|the) ?\w*)",
    r"\bjust (?=checking|following)\w+",
    r"(?<=[.!?] )we (?:can|could)\b(?![^.]*\?)",
    r"\bonly \d+ (?:spots|seats)(?= left)",
    r"(?i:(?<!not )\bguarantee[ds]?)\b",
    r"^(?!hi\b)\w+,$",
]
TEXT = st.text(alphabet="abcdeghijklnorstuwfykm ,.?!\n'0123", max_size=120)
WORDS = st.lists(
    st.sampled_from(
        [
            "sort of",
            "kind of",
            "what",
            "the",
            "just",
            "checking",
            "following",
            "we can",
            "we could",
            "only 3 spots",
            "left",
            "not",
            "guarantee",
            "guaranteed",
            "hi,",
            "Sam,",
            ".",
            "?",
            "\n",
            "a",
        ]
    ),
    max_size=25,
)


@given(st.one_of(TEXT, WORDS.map(" ".join)))
def test_lookaround_stand_ins_match_wherever_the_pattern_does(text: str) -> None:
    """A Python-engine pattern is skipped when its RE2 stand-in (the regex without
    its lookarounds) does not match: so the stand-in must match wherever it does."""
    from cxcoach.matcher import Pattern, PatternSet, TextView

    patterns = [Pattern(p) for p in LOOKAROUND_PATTERNS]
    assert {p.engine for p in patterns} == {"python"}
    skips = PatternSet(patterns).python_skips(TextView(text))
    squeezed = TextView(text).squeezed.text
    for position, pattern in enumerate(patterns):
        if pattern.compiled.search(squeezed):
            assert position not in skips, (pattern.source, text)


def test_stand_ins_skip_what_cannot_match() -> None:
    from cxcoach.matcher import Pattern, PatternSet, TextView, without_lookaround

    assert without_lookaround(r"(?<!a (?:b|c))x(?=[)(])y(?!z)?") == "xy"
    assert without_lookaround(r"[(?=]\(?=a\)") == r"[(?=]\(?=a\)"
    patterns = [Pattern(p) for p in LOOKAROUND_PATTERNS]
    skips = PatternSet(patterns).python_skips(TextView("Thanks, see you on the call."))
    assert skips == set(range(len(patterns)))
    # non-ASCII text: RE2's \b and \w differ from Python's there, so nothing is skipped
    assert PatternSet(patterns).python_skips(TextView("Merci, à bientôt.")) == set()


SCREENED = [
    r"\b(?:call|meeting|demo|follow[- ]up)\b",
    r"\b(?:today|tomorrow|\d{1,2}(?::\d{2})? ?(?:am|pm)|(?:jan|feb)[a-z]*\.? \d{1,2})\b",
    r"\bis there anything else (?:i|we) can (?:do|help)",
    r"\s{2}x",
    r"thanks$",  # '$' also before a final line break in Python: never screened
]


@given(st.one_of(TEXT, WORDS.map(" ".join), st.text(alphabet=" \t\n\x0b\x1caxThnks", max_size=12)))
def test_screen_answers_as_python_does(text: str) -> None:
    """The metrics' RE2 screen answers for a built-in regex only where its answer is
    Python's (None elsewhere: Python is asked)."""
    import re

    from cxcoach.matcher import Screen

    regexes = [re.compile(p, re.IGNORECASE) for p in SCREENED]
    for regex, found in zip(regexes, Screen(*regexes).found(text), strict=True):
        if found is not None:
            assert found == bool(regex.search(text)), (regex.pattern, text)


def test_screen_answers_on_ascii_text_only() -> None:
    import re

    from cxcoach.matcher import Screen

    regexes = [re.compile(p, re.IGNORECASE) for p in SCREENED]
    assert Screen(*regexes).found("Thanks!\n") == [False, False, False, False, None]
    assert Screen(*regexes).found("A DEMO tomorrow?") == [True, True, False, False, None]
    # non-ASCII text and odd spaces: RE2 and Python may differ there
    assert Screen(*regexes).found("Café?") == [None] * 5
    assert Screen(*regexes).found("a\x0b x") == [None] * 5


_RE2_SHAPES = [r"\bnext week\b", r"a*", r"(?i)pric(?:e|ing)", r"\d{1,2}(?::\d\d)? ?[ap]m", r"x?"]


@given(
    st.sampled_from(_RE2_SHAPES),
    st.text(alphabet="ab xNEXTweknpricg123:0m\n’é", max_size=60),
    st.integers(-2, 70),
    st.integers(-2, 70),
)
def test_re2_internals_and_the_public_api_agree(
    pattern: str, text: str, pos: int, endpos: int
) -> None:
    """re2_found / re2_spans ask google-re2's internals directly; without them (a
    future release) they fall back to the wrapper's search / finditer: same answers."""
    import cxcoach.matcher as matcher

    compiled = matcher._re2().compile(pattern, matcher._options())
    data = text.encode("utf-8")
    fast = (matcher.re2_found(compiled, text), matcher.re2_spans(compiled, data, pos, endpos))
    saved = matcher._UNANCHORED
    matcher._UNANCHORED = None
    try:
        public = (
            matcher.re2_found(compiled, text),
            matcher.re2_spans(compiled, data, pos, endpos),
        )
    finally:
        matcher._UNANCHORED = saved
    assert fast == public

"""Config discovery, keys, errors with file:line, and `cxcoach init`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from cxcoach.config import STARTER, discover, load_config


def rules_of(proc) -> set[str]:  # type: ignore[no-untyped-def]
    return {f["rule"] for file in json.loads(proc.stdout)["files"] for f in file["findings"]}


def test_init_writes_a_valid_starter(tmp_path: Path) -> None:
    proc = run_cli("init", cwd=tmp_path)
    assert proc.returncode == 0
    assert (tmp_path / ".cxcoach.yaml").read_text() == STARTER
    assert load_config(tmp_path / ".cxcoach.yaml").fail_on == "warning"
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


TEAM_CALL = """[00:00] Sarah: Hi Mike, this is Sarah from TechSolutions.
[00:04] Mike: Hi Sarah.
[00:06] Sarah: TechSolutions has helped 300 sales teams double their pipeline, and our platform
        automates every follow-up for you.
[00:20] Mike: Okay. We already have a CRM though.
[00:25] Sarah: Sure. Can we set up a demo next week?
"""


def test_discovered_upward_and_applied(tmp_path: Path) -> None:
    (tmp_path / ".cxcoach.yaml").write_text(
        "reps: [Sarah]\ncompany: [TechSolutions]\nlevel:\n  company-first-opening: error\n"
    )
    sub = tmp_path / "calls" / "2026"
    sub.mkdir(parents=True)
    call = sub / "call.txt"
    call.write_text(TEAM_CALL)
    assert discover(call) == tmp_path / ".cxcoach.yaml"
    proc = run_cli("check", str(call), "-f", "json", cwd=tmp_path)
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    levels = {f["rule"]: f["level"] for f in findings}
    assert levels["company-first-opening"] == "error"  # re-levelled, and the company counts
    assert "pitch-before-discovery" in levels  # reps: [Sarah] made role rules run
    assert "could not tell who the rep is" not in proc.stderr
    assert rules_of(run_cli("check", str(call), "-f", "json", "--no-config")) == set()


def test_pyproject_tool_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cxcoach]\ndisable = ["thank-you-for-your-business"]\n'
        'fail-on = "never"\n'
    )
    draft = tmp_path / "d.txt"
    draft.write_text("Thank you for your business. Act now!\n")
    proc = run_cli("check", str(draft), "-f", "json")
    assert "pushy-pressure" in rules_of(proc)
    assert "thank-you-for-your-business" not in rules_of(proc)
    assert proc.returncode == 0  # fail-on: never
    assert run_cli("check", str(draft), "--fail-on", "error").returncode == 1  # CLI wins


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "repz: [a]\n",
            r".cxcoach.yaml:1:1: unknown key 'repz' in the config, did you mean 'reps'?",
        ),
        (
            "disable: [hedgin]\n",
            r".cxcoach.yaml:1:11: cannot disable unknown rule 'hedgin', did you mean 'hedging'?",
        ),
        ("fail-on: sometimes\n", r".cxcoach.yaml:1:10: unknown fail-on 'sometimes'"),
        ("reps: 3\n", r".cxcoach.yaml:1:7: 'reps' must be a list, got a number"),
        (
            "thresholds:\n  hedging:\n    max: 3\n",
            r".cxcoach.yaml:3:5: rule 'hedging' has no numeric option 'max'",
        ),
    ],
)
def test_config_errors_are_one_line(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / ".cxcoach.yaml").write_text(content)
    draft = tmp_path / "d.txt"
    draft.write_text("Hello.\n")
    proc = run_cli("check", str(draft))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines


def test_each_file_gets_the_config_of_its_own_folder(tmp_path: Path) -> None:
    strict, relaxed = tmp_path / "strict", tmp_path / "relaxed"
    strict.mkdir()
    relaxed.mkdir()
    (strict / ".cxcoach.yaml").write_text("level:\n  hedging: error\n")
    (relaxed / ".cxcoach.yaml").write_text("disable: [hedging]\nfail-on: never\n")
    text = "Hi Ana,\n\nHopefully the pilot pricing helps. Does Tuesday at 10am work?\n"
    (strict / "a.txt").write_text(text)
    (relaxed / "b.txt").write_text(text)
    proc = run_cli("check", str(strict / "a.txt"), str(relaxed / "b.txt"), "-f", "json")
    files = {Path(f["path"]).parent.name: f for f in json.loads(proc.stdout)["files"]}
    assert [f["level"] for f in files["strict"]["findings"] if f["rule"] == "hedging"] == ["error"]
    assert "hedging" not in [f["rule"] for f in files["relaxed"]["findings"]]
    assert proc.returncode == 1  # the strict file fails at its config's levels
    alone = run_cli("check", str(relaxed / "b.txt"))
    assert alone.returncode == 0  # fail-on: never in its own folder


def test_tuned_thresholds_are_the_aims_the_reports_show(tmp_path: Path) -> None:
    """Issue 11, point 7: reports read the aims from the rules that ran."""
    from conftest import EXAMPLES

    (tmp_path / "call.txt").write_text(TEAM_CALL)  # Sarah's call: the test needs no corpus
    (tmp_path / "cold.txt").write_text((EXAMPLES / "cold-email.txt").read_text())
    tuned = tmp_path / "tuned.yaml"
    tuned.write_text("thresholds: {talk-ratio: {max-share: 0.8}, readability: {max-grade: 10}}\n")
    for config, talk, grade in (
        (("--no-config",), "≤65%", "≤8"),
        (("--config", str(tuned)), "≤80%", "≤10"),
    ):
        panel = run_cli("check", "call.txt", "cold.txt", "--rep", "Sarah", *config, cwd=tmp_path)
        assert f"of talk time (aim {talk}, best ~43%)" in panel.stdout
        assert f"(aim {grade}, best 3-5)" in panel.stdout
        report = run_cli(
            "batch",
            ".",
            "--rep",
            "Sarah",
            "--html",
            "r.html",
            "--no-progress",
            *config,
            cwd=tmp_path,
        )
        assert (
            f"aims (from the rules that ran): talk ratio {talk}, grade level {grade}"
            in report.stdout
        )
        html = (tmp_path / "r.html").read_text()
        assert (
            f'id="aim-talk-ratio">{talk}</b>' in html
            and f'id="aim-grade-level">{grade}</b>' in html
        )
        assert f"(dashed: aim {talk})" in html
    off = tmp_path / "off.yaml"
    off.write_text("disable: [talk-ratio, readability]\n")
    panel = run_cli(
        "check", "call.txt", "cold.txt", "--rep", "Sarah", "--config", str(off), cwd=tmp_path
    )
    assert "of talk time (best ~43%)" in panel.stdout  # no rule, no aim (and no grade)
    assert "(aim " not in panel.stdout and "grade level" not in panel.stdout

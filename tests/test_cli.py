from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, ROOT, run_cli

COLD = EXAMPLES / "cold-email.txt"
GOOD = EXAMPLES / "good-email.txt"


def test_cold_email_exits_1_with_at_least_five_rules() -> None:
    proc = run_cli("check", str(COLD), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert len(rules) >= 5, rules


def test_good_email_exits_0_without_warnings() -> None:
    proc = run_cli("check", str(GOOD), "--format", "json")
    assert proc.returncode == 0, proc.stdout
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["level"] in ("warning", "error")] == []


def test_stdin_gives_same_findings_as_path() -> None:
    by_path = json.loads(run_cli("check", str(COLD), "-f", "json").stdout)
    by_stdin = json.loads(run_cli("check", "-", "-f", "json", stdin=COLD.read_bytes()).stdout)
    assert by_stdin["files"][0]["path"] == "-"
    assert by_stdin["files"][0]["findings"] == by_path["files"][0]["findings"]


def test_json_matches_schema_and_points_at_the_words() -> None:
    proc = run_cli("check", str(COLD), "-f", "json")
    data = json.loads(proc.stdout)
    assert data["version"] == 1
    lines = COLD.read_text(encoding="utf-8").split("\n")
    keys = {
        "rule",
        "level",
        "category",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "snippet",
        "instead",
        "fix",
    }
    for finding in data["files"][0]["findings"]:
        assert keys <= set(finding)
        assert finding["level"] in ("suggestion", "warning", "error")
        if finding["line"] == finding["end_line"]:
            line = lines[finding["line"] - 1]
            assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["snippet"]


def test_text_output_names_file_line_rule_and_instead() -> None:
    proc = run_cli("check", str(COLD))
    assert proc.returncode == 1
    assert "cold-email.txt:17:1  warning" in proc.stdout
    assert "thank-you-for-your-business" in proc.stdout
    assert "instead:" in proc.stdout
    assert "^^^^" in proc.stdout
    assert "findings (" in proc.stdout


def test_fail_on_levels() -> None:
    assert run_cli("check", str(COLD), "--fail-on", "never").returncode == 0
    assert run_cli("check", str(COLD), "--fail-on", "error").returncode == 1
    assert run_cli("check", str(GOOD), "--fail-on", "suggestion").returncode == 0  # no finding
    bad = run_cli("check", str(COLD), "--fail-on", "sometimes")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_version_and_help_everywhere() -> None:
    assert run_cli("--version").stdout.startswith("cxcoach ")
    for args in (
        ["--help"],
        ["check", "--help"],
        ["rules", "--help"],
        ["rules", "list", "--help"],
        ["rules", "test", "--help"],
    ):
        proc = run_cli(*args)
        assert proc.returncode == 0, args
        assert "Usage" in proc.stdout


def test_rules_list() -> None:
    proc = run_cli("rules", "list")
    assert proc.returncode == 0
    assert "thank-you-for-your-business" in proc.stdout
    assert "core" in proc.stdout


def test_rules_test_passes_on_core() -> None:
    proc = run_cli("rules", "test")
    assert proc.returncode == 0, proc.stdout
    assert "0 failed" in proc.stdout


def test_rules_test_fails_when_a_silent_example_contains_the_phrase(tmp_path: Path) -> None:
    pack = tmp_path / "core-edited.yaml"
    text = (ROOT / "rules" / "core.yaml").read_text(encoding="utf-8")
    edited = text.replace(
        '- "We look forward to working with you on the rollout."',
        '- "Thank you for your business, see you at the rollout."',
    )
    assert edited != text
    pack.write_text(edited, encoding="utf-8")
    proc = run_cli("rules", "test", str(pack))
    assert proc.returncode == 1
    assert "thank-you-for-your-business" in proc.stdout
    assert "silent example fired" in proc.stdout


def test_installed_layout_finds_bundled_packs_elsewhere(tmp_path: Path) -> None:
    shutil.copy(COLD, tmp_path / "draft.txt")
    proc = run_cli("check", "draft.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert "generic-outreach" in proc.stdout


def test_company_name_counts_as_company_first(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Hi Jo,\n\nNorthwind has helped 300 retailers. Are you free Tuesday?\n")
    without = json.loads(run_cli("check", str(draft), "-f", "json").stdout)
    with_company = json.loads(
        run_cli("check", str(draft), "-f", "json", "--company", "Northwind").stdout
    )
    rules = lambda d: {f["rule"] for f in d["files"][0]["findings"]}  # noqa: E731
    assert "company-first-opening" not in rules(without)
    assert "company-first-opening" in rules(with_company)

"""Inline suppression (text, markdown, email), config ignores, and safe fixes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, exit_code_for, run_cli


def check_json(path: Path, *args: str) -> dict:
    proc = run_cli("check", str(path), "-f", "json", *args)
    report = json.loads(proc.stdout)
    assert proc.returncode == exit_code_for(report), proc.stderr
    return report["files"][0]


def rules(entry: dict) -> list[str]:
    return sorted(f["rule"] for f in entry["findings"])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "plain.txt",
            "Act now.\n# cxcoach: disable-next-line=pushy-pressure\nAct now, really.\n"
            "cxcoach: disable=pushy-pressure\nLast chance.\nAct now.\n"
            "cxcoach: enable=pushy-pressure\nSign today. Does Tuesday at 10am work?\n",
        ),
        (
            "draft.md",
            "Act now.\n<!-- cxcoach: disable-next-line=pushy-pressure -->\nAct now, really.\n"
            "<!-- cxcoach: disable=pushy-pressure -->\nLast chance.\nAct now.\n"
            "<!-- cxcoach: enable=pushy-pressure -->\nSign today. Does Tuesday at 10am work?\n",
        ),
        (
            "reply.eml",
            "From: Dana <d@x.com>\nSubject: Offer\n\nAct now.\n"
            "<!-- cxcoach: disable-next-line=pushy-pressure -->\nAct now, really.\n"
            "<!-- cxcoach: disable=pushy-pressure -->\nLast chance.\nAct now.\n"
            "<!-- cxcoach: enable=pushy-pressure -->\nSign today. Does Tuesday at 10am work?\n",
        ),
    ],
)
def test_inline_suppression(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    entry = check_json(path)
    pushy = [f for f in entry["findings"] if f["rule"] == "pushy-pressure"]
    offset = 3 if name.endswith(".eml") else 0
    assert [f["line"] for f in pushy] == [1 + offset, 8 + offset]  # first and last only
    assert len([f for f in entry["suppressed"] if f["rule"] == "pushy-pressure"]) == 3
    summary = run_cli("check", str(path)).stdout.strip().splitlines()[-1]
    assert "3 suppressed" in summary


def test_disable_all_and_config_ignore(tmp_path: Path) -> None:
    path = tmp_path / "campaign" / "a.txt"
    path.parent.mkdir()
    path.write_text("cxcoach: disable=all\nAct now. Thank you for your business.\n")
    entry = check_json(path)
    assert entry["findings"] == [] and len(entry["suppressed"]) >= 2
    other = tmp_path / "campaign" / "b.txt"
    other.write_text("Hi Ana,\n\nAct now. Does Tuesday at 10am work?\n")
    (tmp_path / ".cxcoach.yaml").write_text(
        "ignore:\n  - rule: pushy-pressure\n    files: 'campaign/*'\n"
    )
    entry = check_json(other)
    assert "pushy-pressure" not in rules(entry)
    assert [f["rule"] for f in entry["suppressed"]] == ["pushy-pressure"]


def test_fix_then_check_has_no_fixable_findings_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "cold.txt"
    shutil.copy(EXAMPLES / "cold-email.txt", path)
    before = check_json(path)
    assert any(f["fix"] for f in before["findings"])
    assert run_cli("check", str(path), "--fix").returncode == 1  # errors no fix can mend
    once = path.read_bytes()
    assert b"We look forward to working with you to make this project a success," in once
    after = check_json(path)
    assert not any(f["fix"] for f in after["findings"])
    run_cli("check", str(path), "--fix")
    assert path.read_bytes() == once


@pytest.mark.parametrize(
    ("prefix", "newline", "encoding"),
    [
        (b"", "\r\n", "utf-8"),
        (b"\xef\xbb\xbf", "\n", "utf-8"),
        (b"\xef\xbb\xbf", "\r\n", "utf-8"),
        (b"", "\n", "latin-1"),
    ],
)
def test_fix_keeps_encoding_and_line_endings(
    tmp_path: Path, prefix: bytes, newline: str, encoding: str
) -> None:
    text = newline.join(["Hi Zoë,", "", "thanks for your business!", "Does Tuesday work?", ""])
    path = tmp_path / "d.txt"
    path.write_bytes(prefix + text.encode(encoding))
    run_cli("check", str(path), "--fix")
    data = path.read_bytes()
    assert data.startswith(prefix)
    body = data[len(prefix) :].decode(encoding)
    assert body == text.replace(
        "thanks for your business",
        "we look forward to working with you to make this project a success",
    )
    assert body.count("\r\n") == text.count("\r\n")


def test_diff_prints_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("Thank you for your business! Does Tuesday work?\n")
    proc = run_cli("check", str(path), "--diff")
    assert proc.stdout.startswith(f"--- a/{path}")
    assert "+We look forward to working with you to make this project a success!" in proc.stdout
    assert path.read_text() == "Thank you for your business! Does Tuesday work?\n"


def test_fix_never_touches_quoted_text(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    text = "See you Tuesday at 3pm.\n\n> Thank you for your business!\n"
    path.write_text(text)
    run_cli("check", str(path), "--fix")
    assert path.read_text() == text


def test_rules_show_explain_and_validate(tmp_path: Path) -> None:
    shown = run_cli("rules", "show", "thank-you-for-your-business")
    assert shown.returncode == 0
    for part in ("warning", "trust", "why", "instead", "fires", "silent"):
        assert part in shown.stdout
    assert run_cli("explain", "thank-you-for-your-business").stdout == shown.stdout
    unknown = run_cli("explain", "thank-you")
    assert unknown.returncode == 2 and "did you mean" in unknown.stderr
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nrules:\n  - id: x\n    kind: phrase\n")
    bad = run_cli("rules", "validate", str(pack))
    assert bad.returncode == 2 and "p.yaml:3:5: rule is missing 'level'" in bad.stderr
    ok = run_cli("rules", "validate", str(Path(__file__).parent.parent / "rules" / "core.yaml"))
    assert ok.returncode == 0 and "ok" in ok.stdout

"""Git hooks in a real temporary repository, run by git itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
BAD = "Hi Ana,\n\nThank you for your business. Does Tuesday at 10am work?\n"
GOOD = "Hi Ana,\n\nYour kickoff is set. Does Tuesday at 10am work for the first review?\n"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="T",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="T",
        GIT_COMMITTER_EMAIL="t@example.com",
        PYTHONPATH=str(ROOT),  # the hook runs `python -m cxcoach` from this checkout
        NO_COLOR="1",
    )
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=check, env=env
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "commit.gpgsign", "false")
    (tmp_path / "README").write_text("drafts\n")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-q", "-m", "init", "--no-verify")
    return tmp_path


def test_pre_commit_blocks_a_bad_staged_draft(repo: Path) -> None:
    assert run_cli("hook", "install", cwd=repo).returncode == 0
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)
    (repo / "draft.txt").write_text(BAD)
    git(repo, "add", "draft.txt")
    commit = git(repo, "commit", "-m", "bad draft", check=False)
    assert commit.returncode != 0
    assert "thank-you-for-your-business" in commit.stdout + commit.stderr
    (repo / "draft.txt").write_text(GOOD)
    git(repo, "add", "draft.txt")
    assert git(repo, "commit", "-q", "-m", "good draft", check=False).returncode == 0


def test_unstaged_bad_edit_does_not_block_a_clean_staged_version(repo: Path) -> None:
    run_cli("hook", "install", cwd=repo)
    (repo / "draft.md").write_text(GOOD)
    git(repo, "add", "draft.md")
    (repo / "draft.md").write_text(BAD)  # working tree is bad, index is clean
    result = git(repo, "commit", "-q", "-m", "clean staged", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    # and the reverse: a bad staged version with a clean working tree is blocked
    git(repo, "add", "draft.md")
    (repo / "draft.md").write_text(GOOD)
    assert git(repo, "commit", "-q", "-m", "bad staged", check=False).returncode != 0


def test_hook_ignores_files_outside_the_globs(repo: Path) -> None:
    run_cli("hook", "install", cwd=repo)
    (repo / "notes.py").write_text("# Thank you for your business\n")
    git(repo, "add", "notes.py")
    assert git(repo, "commit", "-q", "-m", "code", check=False).returncode == 0


def test_sendemail_validate_aborts_on_a_bad_email(repo: Path) -> None:
    assert run_cli("hook", "install", "--type", "sendemail-validate", cwd=repo).returncode == 0
    hook = repo / ".git" / "hooks" / "sendemail-validate"
    bad = repo / "0001-offer.patch"
    bad.write_text("From: Dana <d@x.com>\nSubject: Offer\n\nAct now: only 3 spots left!\n")
    good = repo / "0002-followup.patch"
    good.write_text("From: Dana <d@x.com>\nSubject: Follow-up\n\n" + GOOD)
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    # git runs the hook with the email file as its only argument
    refused = subprocess.run(
        [str(hook), str(bad)], cwd=repo, capture_output=True, text=True, env=env
    )
    assert refused.returncode == 1
    assert "pushy-pressure" in refused.stdout
    accepted = subprocess.run(
        [str(hook), str(good)], cwd=repo, capture_output=True, text=True, env=env
    )
    assert accepted.returncode == 0, accepted.stdout


def test_core_hooks_path_foreign_hooks_and_uninstall(repo: Path) -> None:
    custom = repo / "githooks"
    git(repo, "config", "core.hooksPath", "githooks")
    custom.mkdir()
    foreign = custom / "pre-commit"
    foreign.write_text("#!/bin/sh\necho mine\n")
    refused = run_cli("hook", "install", cwd=repo)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert foreign.read_text() == "#!/bin/sh\necho mine\n"
    assert run_cli("hook", "install", "--type", "sendemail-validate", cwd=repo).returncode == 0
    assert (custom / "sendemail-validate").exists()
    assert run_cli("hook", "uninstall", cwd=repo).returncode == 0
    assert foreign.exists()  # not ours: left alone
    assert not (custom / "sendemail-validate").exists()
    assert run_cli("hook", "install", "--force", cwd=repo).returncode == 0
    assert "cxcoach-hook" in foreign.read_text()


def test_outside_a_repository(tmp_path: Path) -> None:
    for args in (("hook", "install"), ("check", "--staged")):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "not a git repository" in lines[0]


def test_pre_commit_framework_manifest() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "cxcoach"
    assert hooks[0]["language"] == "python"
    assert hooks[0]["types_or"] == ["text", "markdown"]
    assert sys.executable  # the hook scripts use the installing interpreter

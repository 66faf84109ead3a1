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


def git(
    repo: Path, *args: str, check: bool = True, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="T",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="T",
        GIT_COMMITTER_EMAIL="t@example.com",
        PYTHONPATH=str(ROOT),  # the hook runs `python -m cxcoach` from this checkout
        NO_COLOR="1",
        **(extra or {}),
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
    assert refused.returncode == 2
    assert "--chain" in refused.stderr and "--force" in refused.stderr  # both ways out
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


TEAM_HOOK = """#!/bin/sh
# the team's own pre-commit hook: leaves a trace, fails when asked to
echo ran >> "$(git rev-parse --git-dir)/team-hook-ran"
[ -z "$TEAM_HOOK_FAILS" ] || { echo "team hook says no"; exit 3; }
"""


def commit(repo: Path, name: str, text: str, **env: str) -> subprocess.CompletedProcess[str]:
    (repo / name).write_text(text)
    git(repo, "add", name)
    return git(repo, "commit", "-q", "-m", name, check=False, extra=env)


def test_chain_keeps_the_team_hook_runs_it_first_and_uninstall_restores_it(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(TEAM_HOOK)
    hook.chmod(0o750)
    trace = repo / ".git" / "team-hook-ran"
    installed = run_cli("hook", "install", "--chain", cwd=repo)
    assert installed.returncode == 0, installed.stderr
    assert "runs the earlier hook pre-commit.cxcoach-chained first" in installed.stdout
    assert "cxcoach-hook" in hook.read_text()
    # both pass: the commit goes in, and the team's hook ran
    assert commit(repo, "a.txt", GOOD).returncode == 0
    assert trace.read_text() == "ran\n"
    # the team's hook fails: blocked before cxcoach even runs
    blocked = commit(repo, "b.txt", GOOD, TEAM_HOOK_FAILS="1")
    assert blocked.returncode != 0 and "team hook says no" in blocked.stdout + blocked.stderr
    assert "thank-you" not in blocked.stdout + blocked.stderr
    # the team's hook passes, cxcoach finds a problem: blocked too
    bad = commit(repo, "c.txt", BAD)
    assert bad.returncode != 0 and "thank-you-for-your-business" in bad.stdout + bad.stderr
    assert trace.read_text() == "ran\n" * 3
    # installing again keeps the chain
    assert run_cli("hook", "install", cwd=repo).returncode == 0
    assert (repo / ".git" / "hooks" / "pre-commit.cxcoach-chained").read_text() == TEAM_HOOK
    removed = run_cli("hook", "uninstall", cwd=repo)
    assert "(the earlier hook is back)" in removed.stdout
    assert hook.read_text() == TEAM_HOOK and (hook.stat().st_mode & 0o777) == 0o750
    assert not (repo / ".git" / "hooks" / "pre-commit.cxcoach-chained").exists()


def test_chain_and_force_are_one_or_the_other(repo: Path) -> None:
    proc = run_cli("hook", "install", "--chain", "--force", cwd=repo)
    assert proc.returncode == 2 and "choose one" in proc.stderr


def test_pre_commit_framework_gets_the_entry_not_a_raw_hook(repo: Path) -> None:
    import yaml

    config = repo / ".pre-commit-config.yaml"
    config.write_text("repos: []\n")
    proc = run_cli("hook", "install", "--type", "both", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    assert (repo / ".git" / "hooks" / "sendemail-validate").exists()  # not the framework's
    entry = proc.stdout[proc.stdout.index("  - repo: local") : proc.stdout.index("installed")]
    (hook,) = yaml.safe_load(entry)[0]["hooks"]
    assert hook["id"] == "cxcoach" and hook["entry"] == "cxcoach check --staged --no-color"
    config.write_text("repos:\n" + entry)
    again = run_cli("hook", "install", cwd=repo)
    assert "already runs cxcoach" in again.stdout

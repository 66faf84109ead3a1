"""Git hooks: install/uninstall, and reading the staged content for ``check --staged``.

``cxcoach hook install`` writes small shell scripts into the repository's hooks
folder (``git rev-parse --git-path hooks``, which honours ``core.hooksPath``).
Each carries a marker line; an existing hook without it is someone else's and is
never overwritten without ``--force``, and ``hook uninstall`` removes only ours.

- ``pre-commit`` runs ``cxcoach check --staged``: the staged content (the index,
  not the working tree) of staged files matching the config's ``hook-files``
  globs (default ``*.txt *.md *.eml``). A finding at ``--fail-on`` blocks the
  commit (exit 1).
- ``sendemail-validate`` runs ``cxcoach check`` on the email file git passes as
  ``$1``; a finding at ``--fail-on`` aborts ``git send-email``.
"""

from __future__ import annotations

import fnmatch
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

from cxcoach.model import CxError

MARKER = "# cxcoach-hook"
TYPES = ("pre-commit", "sendemail-validate")


def _git(*args: str, cwd: str | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], capture_output=True, cwd=cwd, check=False)
    except FileNotFoundError:
        raise CxError("git: not found on PATH") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        reason = (fatal or lines or ["failed"])[0]
        raise CxError(f"git {args[0]}: {reason}")
    return proc.stdout


def hooks_dir(cwd: str | None = None) -> Path:
    _git("rev-parse", "--git-dir", cwd=cwd)  # a clear error outside a repository
    raw = _git("rev-parse", "--git-path", "hooks", cwd=cwd).decode().strip()
    path = Path(raw)
    if not path.is_absolute():
        path = Path(cwd or os.getcwd()) / path
    return path


def script(kind: str) -> str:
    python = shlex.quote(sys.executable)
    if kind == "pre-commit":
        command = "check --staged"
        args = ""
    else:
        command = "check --input-format email"
        args = ' -- "$1"'
    return (
        "#!/bin/sh\n"
        f"{MARKER}: {kind} (installed by `cxcoach hook install`; "
        "`cxcoach hook uninstall` removes it)\n"
        f"# Fail level: set CXCOACH_FAIL_ON=error|warning|suggestion|never.\n"
        f"PY={python}\n"
        'FAIL_ON="${CXCOACH_FAIL_ON:-}"\n'
        'if [ -n "$FAIL_ON" ]; then EXTRA="--fail-on $FAIL_ON"; else EXTRA=""; fi\n'
        f'if [ -x "$PY" ]; then exec "$PY" -m cxcoach {command} --no-color $EXTRA{args}; fi\n'
        f"exec cxcoach {command} --no-color $EXTRA{args}\n"
    )


def install(kinds: list[str], *, force: bool = False, cwd: str | None = None) -> list[Path]:
    folder = hooks_dir(cwd)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        target = folder / kind
        if target.exists() and MARKER not in target.read_text(errors="replace") and not force:
            raise CxError(
                f"{target}: a {kind} hook that cxcoach did not write is already there "
                "(use --force to replace it)"
            )
        target.write_text(script(kind), encoding="utf-8")
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(target)
    return written


def uninstall(kinds: list[str], cwd: str | None = None) -> list[Path]:
    folder = hooks_dir(cwd)
    removed = []
    for kind in kinds:
        target = folder / kind
        if target.exists() and MARKER in target.read_text(errors="replace"):
            target.unlink()
            removed.append(target)
    return removed


def staged_files(globs: tuple[str, ...], only: list[str] | None = None) -> list[tuple[str, bytes]]:
    """(path, staged bytes) of the staged files (added/copied/modified/renamed) that
    match ``globs`` (by file name or path), or only those in ``only`` when given."""
    _git("rev-parse", "--git-dir")  # a clear error outside a repository
    names = _git("diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR").decode(
        "utf-8", "surrogateescape"
    )
    wanted = {os.path.normpath(p) for p in only} if only else None
    out = []
    for name in filter(None, names.split("\0")):
        if wanted is not None and os.path.normpath(name) not in wanted:
            continue
        base = name.rsplit("/", 1)[-1]
        if wanted is None and not any(
            fnmatch.fnmatch(base, g) or fnmatch.fnmatch(name, g) for g in globs
        ):
            continue
        out.append((name, _git("show", f":{name}")))
    return out

"""Git hooks: install/uninstall, and reading the staged content for ``check --staged``.

``cxcoach hook install`` writes small shell scripts into the repository's hooks
folder (``git rev-parse --git-path hooks``, which honours ``core.hooksPath``).
Each carries a marker line; an existing hook without it is someone else's:

- ``--chain`` keeps it: it moves to ``<hook>.cxcoach-chained`` (a name git never
  runs by itself) and cxcoach's script runs it first, with the same arguments; the
  commit is blocked when either fails. ``hook uninstall`` puts it back.
- ``--force`` replaces it; without either, install refuses and names both.

``hook uninstall`` removes only ours. A repository that uses the pre-commit
framework (``.pre-commit-config.yaml`` at its top) gets no raw pre-commit hook
(``pre-commit install`` owns that file): ``hook install`` prints the entry to add
to the framework's config instead (:data:`FRAMEWORK_ENTRY`).

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
from typing import NamedTuple

from cxcoach.model import CxError

MARKER = "# cxcoach-hook"
TYPES = ("pre-commit", "sendemail-validate")
CHAINED = ".cxcoach-chained"  # suffix of a hook kept by --chain, run before cxcoach
FRAMEWORK_CONFIG = ".pre-commit-config.yaml"
FRAMEWORK_ENTRY = """\
  - repo: local
    hooks:
      - id: cxcoach
        name: cxcoach (sales coaching)
        entry: cxcoach check --staged --no-color
        language: system
        pass_filenames: false
"""


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
        "# A hook that was here before (`hook install --chain`) runs first; if it fails,\n"
        "# the commit stops there. `cxcoach hook uninstall` puts it back.\n"
        f'CHAINED="$(dirname "$0")/{kind}{CHAINED}"\n'
        'if [ -x "$CHAINED" ]; then "$CHAINED" "$@" || exit $?; fi\n'
        'FAIL_ON="${CXCOACH_FAIL_ON:-}"\n'
        'if [ -n "$FAIL_ON" ]; then EXTRA="--fail-on $FAIL_ON"; else EXTRA=""; fi\n'
        f'if [ -x "$PY" ]; then exec "$PY" -m cxcoach {command} --no-color $EXTRA{args}; fi\n'
        f"exec cxcoach {command} --no-color $EXTRA{args}\n"
    )


class Installed(NamedTuple):
    path: Path
    chained: Path | None  # the earlier hook it runs first (None: none kept)


def install(
    kinds: list[str], *, force: bool = False, chain: bool = False, cwd: str | None = None
) -> list[Installed]:
    if force and chain:
        raise CxError("--chain keeps the existing hook and --force replaces it: choose one")
    folder = hooks_dir(cwd)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        target = folder / kind
        kept = folder / f"{kind}{CHAINED}"
        if _foreign(target):
            if chain:
                if kept.exists() or kept.is_symlink():
                    raise CxError(f"{target}: cannot chain it: {kept.name} already holds a hook")
                target.rename(kept)  # mode, owner and content as they were
            elif not force:
                raise CxError(
                    f"{target}: a {kind} hook that cxcoach did not write is already there "
                    "(use --chain to keep it and run it before cxcoach, or --force to "
                    "replace it)"
                )
        if target.is_symlink():
            target.unlink()  # --force on a link: replace the link, not what it points at
        target.write_text(script(kind), encoding="utf-8")
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(Installed(target, kept if kept.exists() else None))
    return written


def _foreign(target: Path) -> bool:
    """A hook is there and cxcoach did not write it."""
    if not (target.exists() or target.is_symlink()):
        return False
    try:
        return MARKER not in target.read_text(errors="replace")
    except OSError:
        return True  # a dangling link or an unreadable file: still someone else's


def uninstall(kinds: list[str], cwd: str | None = None) -> list[Installed]:
    """Remove cxcoach's hooks; a hook kept by ``--chain`` goes back in its place."""
    folder = hooks_dir(cwd)
    removed = []
    for kind in kinds:
        target = folder / kind
        kept = folder / f"{kind}{CHAINED}"
        if target.exists() and not _foreign(target):
            target.unlink()
            restored = None
            if kept.exists() or kept.is_symlink():
                kept.rename(target)
                restored = target
            removed.append(Installed(target, restored))
    return removed


def framework_config(cwd: str | None = None) -> Path | None:
    """The pre-commit framework's config at the top of the repository, if any."""
    top = Path(_git("rev-parse", "--show-toplevel", cwd=cwd).decode().strip())
    path = top / FRAMEWORK_CONFIG
    return path if path.is_file() else None


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

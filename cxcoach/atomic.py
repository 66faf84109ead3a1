"""The one way cxcoach writes a file: beside its target, then renamed into place.

Whoever reads the target (another run, an editor, git, a spreadsheet) sees the old
file or the complete new one, never half of one, also when the run is killed. The
cache, ``check --fix`` and every ``batch`` output write through :class:`AtomicFile`.

The temporary file is ``.NAME.cxcoach-PID.tmp`` in the target's own folder: a
rename is atomic only within one file system, and the process id keeps two runs
writing the same target apart.
"""

from __future__ import annotations

import contextlib
import os
from types import TracebackType
from typing import IO, Any


class AtomicFile:
    """A file that appears at ``path`` only on :meth:`commit` (``with``: on success).

    ``encoding=None`` writes bytes; text is written with ``newline=""`` (line endings
    as given). ``keep_mode``: the new file gets the permissions of the one it
    replaces (``--fix`` must not make a script non-executable).
    """

    __slots__ = ("handle", "keep_mode", "path", "tmp")

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        encoding: str | None = "utf-8",
        keep_mode: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.keep_mode = keep_mode
        folder = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(folder, exist_ok=True)
        self.tmp = os.path.join(folder, f".{os.path.basename(self.path)}.cxcoach-{os.getpid()}.tmp")
        if encoding is None:
            self.handle: IO[Any] = open(self.tmp, "wb")  # noqa: SIM115 - closed by commit/discard
        else:
            self.handle = open(self.tmp, "w", encoding=encoding, newline="")  # noqa: SIM115

    def commit(self) -> None:
        """Flush to disk and rename into place."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            if self.keep_mode:
                with contextlib.suppress(OSError):
                    os.chmod(self.tmp, os.stat(self.path).st_mode & 0o7777)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    encoding: str = "utf-8",
    keep_mode: bool = False,
) -> None:
    """Replace ``path`` with ``data`` (text in ``encoding``, or bytes) in one step."""
    binary = isinstance(data, bytes)
    with AtomicFile(path, encoding=None if binary else encoding, keep_mode=keep_mode) as target:
        target.handle.write(data)

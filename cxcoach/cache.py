"""The user cache folder, for derived data that is expensive to rebuild per run.

``$CXCOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/cxcoach``, else ``~/.cache/cxcoach``;
``CXCOACH_NO_CACHE=1`` turns caching off. Entries are written atomically
(:mod:`cxcoach.atomic`) and any I/O problem just means "no cache": a read-only
home must never break a check.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("CXCOACH_NO_CACHE"):
        return None
    explicit = os.environ.get("CXCOACH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "cxcoach"


def read(name: str) -> bytes | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    folder = cache_dir()
    if folder is None:
        return
    from cxcoach.atomic import write_atomic  # only on a cache miss: not on every run

    with contextlib.suppress(OSError):
        write_atomic(folder / name, data)

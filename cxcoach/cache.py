"""The user cache folder, for derived data that is expensive to rebuild per run.

``$CXCOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/cxcoach``, else ``~/.cache/cxcoach``;
``CXCOACH_NO_CACHE=1`` turns caching off. Entries are written atomically (temp
file + rename) and any I/O problem just means "no cache": a read-only home must
never break a check.
"""

from __future__ import annotations

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
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)
    except OSError:
        pass

"""Reading inputs: files and stdin -> text, with one-line errors for bad input.

Decoding: UTF-8 (with or without BOM), UTF-16 with a BOM, then cp1252/latin-1
as a fallback. NUL bytes mean a binary file. Line endings are kept as they are
so that offsets, lines and columns match the file on disk.
"""

from __future__ import annotations

import os
import sys

from cxcoach.model import CxError

MAX_BYTES = 50 * 1024 * 1024


def decode(data: bytes, name: str) -> str:
    """Decode the bytes of ``name``; raise CxError for binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CxError(f"{name}: cannot decode UTF-16 text") from None
    if b"\x00" in data[:8192] or b"\x00" in data[-8192:]:
        raise CxError(f"{name}: binary file, expected text (an email or a transcript)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_path(path: str) -> str:
    """Read and decode one input; ``-`` is standard input."""
    if path == "-":
        return decode(sys.stdin.buffer.read(), "-")
    if os.path.isdir(path):
        raise CxError(f"{path}: is a directory, expected a file")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise CxError(
                f"{path}: too large ({size // 1048576} MB; the limit is "
                f"{MAX_BYTES // 1048576} MB per file)"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise CxError(f"{path}: no such file") from None
    except PermissionError:
        raise CxError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CxError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, path)

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
    return decode_with_encoding(data, name)[0]


def decode_with_encoding(data: bytes, name: str) -> tuple[str, str]:
    """(text, the codec that reproduces ``data`` when the text is encoded again)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise CxError(f"{name}: cannot decode UTF-16 text") from None
    if b"\x00" in data[:8192] or b"\x00" in data[-8192:]:
        raise CxError(f"{name}: binary file, expected text (an email or a transcript)")
    try:
        return data.decode("utf-8-sig"), (
            "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        )
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_bytes(path: str) -> bytes:
    """The bytes of one input (``-`` is standard input), with one-line errors."""
    if path == "-":
        return sys.stdin.buffer.read()
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
            return handle.read()
    except FileNotFoundError:
        raise CxError(f"{path}: no such file") from None
    except PermissionError:
        raise CxError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CxError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_path(path: str) -> str:
    """Read and decode one input; ``-`` is standard input."""
    return decode(read_bytes(path), path)

"""Regexes compiled on first use.

Python compiles regexes in pure Python (~0.1-2 ms each); a hook-speed CLI cannot
pay for every pattern of every module at import. ``LazyRegex`` defers the cost to
the first call, so inputs that never reach a code path never pay for its regexes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

_MAX = sys.maxsize


class LazyRegex:
    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def split(self, string: str) -> list[str]:
        return self.compiled.split(string)

    def findall(self, string: str) -> list[Any]:
        return self.compiled.findall(string)

    def sub(self, repl: str, string: str) -> str:
        return self.compiled.sub(repl, string)

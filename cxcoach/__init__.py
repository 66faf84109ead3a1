"""cxcoach: a command-line sales coach.

Importing the package must stay cheap (the CLI runs in git hooks), so this module
only holds the version; the public API is loaded on first use:

    from cxcoach import check_text, load_packs
"""

from __future__ import annotations

from typing import Any

from cxcoach.version import __version__

__all__ = ["__version__", "check_text", "load_packs"]


def __getattr__(name: str) -> Any:
    if name == "check_text":
        from cxcoach.api import check_text

        return check_text
    if name == "load_packs":
        from cxcoach.packs import load_packs

        return load_packs
    raise AttributeError(f"module 'cxcoach' has no attribute {name!r}")

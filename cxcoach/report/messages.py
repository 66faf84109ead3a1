"""A command's messages on the terminal while it runs: notes and errors on stderr,
``--diff`` patches on stdout (:class:`cxcoach.run.Listener`).

Paths, names and reasons come from the inputs: each line is shown with visible
escapes for control, bidi and invisible characters. A patch is written exactly in
a pipe (for ``git apply``) and escaped only for a terminal, where it is read.
"""

from __future__ import annotations

import sys

from cxcoach.report.escape import visible


class Messages:
    """The CLI's listener: ``cxcoach: ...`` lines on stderr, patches on stdout."""

    def note(self, message: str) -> None:
        sys.stderr.write(f"cxcoach: {visible(message)}\n")

    def error(self, message: str) -> None:
        self.note(f"error: {message}")

    def patch(self, text: str) -> None:
        if sys.stdout.isatty():  # for reading: no raw control characters
            text = visible(text, keep="\n\t")
        sys.stdout.write(text)  # in a pipe: the exact patch

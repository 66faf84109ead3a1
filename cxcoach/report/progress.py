"""The progress bar of ``cxcoach batch`` on stderr: documents, MB/s and time left.

rich is imported here only: a run without a terminal never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(total_bytes: int) -> Iterator[Callable[[int, int], None]]:
    """A bar over ``total_bytes`` of input; the run calls the yielded ``tick(items,
    size)`` as chunks finish. It disappears when the run ends."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("scoring"),
        BarColumn(),
        TextColumn("{task.fields[docs]} docs"),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("batch", total=total_bytes or None, docs=0)
        count = 0

        def tick(items: int, size: int) -> None:
            nonlocal count
            count += items
            bar.update(task, advance=size, docs=count)

        yield tick

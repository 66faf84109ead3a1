"""Human output: findings grouped by file, the offending line underlined, what to do instead.

The layout is built once as lines of ``(text, style)`` segments; ``render_plain``
writes them as plain text (pipes, NO_COLOR, hooks) and ``render_rich`` through
rich (a colour TTY). rich is imported only in the latter, because importing it
costs ~50 ms and the hook path must stay fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from cxcoach.model import LEVELS, FileResult, Finding

Segment = tuple[str, str]  # (text, rich style; "" for none)
Line = list[Segment]

_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}


def layout(results: Sequence[FileResult], sources: dict[str, str]) -> list[Line]:
    lines: list[Line] = []
    for result in results:
        if result.error:
            continue
        source = sources.get(result.path, "")
        for finding in result.findings:
            lines.extend(_finding_lines(result.path, finding, source))
    lines.append(_summary(results))
    return lines


def _finding_lines(path: str, f: Finding, source: str) -> list[Line]:
    head: Line = [
        (f"{path}:{f.line}:{f.column}", "bold"),
        ("  ", ""),
        (f"{f.level:<10}", _LEVEL_STYLE[f.level]),
        (f"  {f.rule}", "magenta"),
    ]
    if f.speaker:
        when = f" {_clock(f.time)}" if f.time is not None else ""
        head.append((f"  [{f.speaker}{when}]", "blue"))
    head.append((f"  {f.message}", ""))
    out = [head]
    src_lines = source.split("\n")
    if 0 < f.line <= len(src_lines):
        text = src_lines[f.line - 1].rstrip("\r").expandtabs(1)
        gutter = f"{f.line:>6} | "
        start = f.column - 1
        stop = f.end_column - 1 if f.end_line == f.line else len(text)
        stop = max(stop, start + 1)
        out.append(
            [
                (gutter, "dim"),
                (text[:start], ""),
                (text[start:stop], "underline " + _LEVEL_STYLE[f.level]),
                (text[stop:], ""),
            ]
        )
        out.append(
            [
                (" " * (len(gutter) - 2) + "| ", "dim"),
                (" " * start + "^" * (stop - start), _LEVEL_STYLE[f.level]),
            ]
        )
    out.append([("         instead: ", "green"), (" ".join(f.instead.split()), "")])
    return out


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _summary(results: Sequence[FileResult]) -> Line:
    counts = Counter(f.level for r in results for f in r.findings)
    total = sum(counts.values())
    files = sum(1 for r in results if not r.error)
    failed = sum(1 for r in results if r.error)
    noun = "file" if files == 1 else "files"
    if total == 0:
        line: Line = [(f"No findings in {files} {noun}.", "bold green")]
    else:
        parts = [
            f"{counts[lv]} {lv}{'s' if counts[lv] != 1 else ''}"
            for lv in reversed(LEVELS)
            if counts[lv]
        ]
        line = [
            (f"{total} finding{'s' if total != 1 else ''}", "bold"),
            (f" ({', '.join(parts)}) in {files} {noun}.", ""),
        ]
    if failed:
        line.append((f" {failed} input{'s' if failed != 1 else ''} could not be read.", "bold red"))
    return line


def render_plain(lines: list[Line], stream: TextIO) -> None:
    stream.write("\n".join("".join(text for text, _ in line).rstrip() for line in lines) + "\n")


def render_rich(lines: list[Line], stream: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for line in lines:
        text = Text()
        for chunk, style in line:
            text.append(chunk, style=style or None)
        console.print(text)


def write(
    results: Sequence[FileResult], sources: dict[str, str], stream: TextIO, *, color: bool
) -> None:
    lines = layout(results, sources)
    if color:
        render_rich(lines, stream)
    else:
        render_plain(lines, stream)

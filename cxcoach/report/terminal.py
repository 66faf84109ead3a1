"""Human output: findings grouped by file, the offending line underlined, what to do instead.

The layout is built once as lines of ``(text, style)`` segments; ``render_plain``
writes them as plain text (pipes, NO_COLOR, hooks) and ``render_rich`` through
rich (a colour TTY). rich is imported only in the latter, because importing it
costs ~50 ms and the hook path must stay fast.

Text from the input (paths, speakers, messages, the snippet lines) never reaches
the terminal raw: control, bidi and invisible characters are shown as escapes
(:mod:`cxcoach.report.escape`). The snippet line is escaped piece by piece, so the
carets sit under the escaped text; a tab there becomes one space, as before, so
columns stay one to one with the file. Both renderers escape every segment once
more (``visible`` is idempotent), so a segment added later cannot leak either.
Line and column numbers always count characters of the original text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TextIO

from cxcoach.model import LEVELS, Finding
from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.aims import shown
from cxcoach.report.escape import visible
from cxcoach.results import DocumentResult

Segment = tuple[str, str]  # (text, rich style; "" for none)
Line = list[Segment]

_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}


def layout(results: Sequence[DocumentResult], sources: Mapping[str, str]) -> list[Line]:
    """Findings with their lines, each document's panel (and the score's arithmetic
    when the results carry it: ``--explain``), then the one-line summary."""
    lines: list[Line] = []
    for result in results:
        if result.error:
            continue
        src_lines = sources.get(result.path, "").split("\n")  # once per file, not per finding
        for finding in result.findings:
            lines.extend(_finding_lines(result.path, finding, src_lines))
        if result.score is not None:
            lines.extend(panel(result))
            lines.extend([[(f"    {row}", "")] for row in result.explanation or ()])
    lines.append(_summary(results))
    return lines


def _bar(share: float, width: int = 20) -> tuple[str, str]:
    filled = round(share * width)
    return "█" * filled, "░" * (width - filled)


def _score_style(value: int) -> str:
    return "bold green" if value >= 80 else ("bold yellow" if value >= 60 else "bold red")


def panel(result: DocumentResult) -> list[Line]:
    """The metrics panel of one document: score, subscores, talk ratio, questions..."""
    # the metrics as the JSON report gives them (rounded), so both show the same numbers
    m = result.metrics.to_dict() if result.metrics is not None else {}
    aim_values = result.aims  # from the rules that ran: never our own constants
    aim = shown(aim_values)
    total = result.score or 0
    head: Line = [
        ("  ", ""),
        (f"{result.path}", "bold"),
        ("  score ", ""),
        (f"{total}/100", _score_style(total)),
        ("  ", ""),
    ]
    for name, value in result.categories.items():
        head.append((f" {name} {value}", _score_style(value) if value < 100 else "dim"))
    out = [head]
    share = m.get("rep_share")
    if share is not None:
        rep_bar, rest = _bar(share)
        basis = "talk time" if m.get("rep_share_basis") == "time" else "words"
        over = share > aim_values.get("talk_ratio", 1.0)
        target = f"aim {aim['talk_ratio']}, " if "talk_ratio" in aim else ""
        out.append(
            [
                ("    talk ratio  rep ", ""),
                (rep_bar, "red" if over else "green"),
                (rest, "dim"),
                (f" {share * 100:.0f}% of {basis} ({target}best ~43%)", ""),
            ]
        )
    questions = m.get("rep_questions", 0)
    out.append(
        [
            (
                f"    questions   {questions} asked by the rep "
                f"({m.get('open_questions', 0)} open, {m.get('closed_questions', 0)} closed)",
                "",
            )
        ]
    )
    if result.kind == "transcript":
        seconds = m.get("longest_monologue_seconds")
        timing = f", {seconds:.0f} s" if seconds is not None else ""
        out.append(
            [
                (
                    f"    monologue   longest rep turn "
                    f"{m.get('longest_monologue_words', 0)} words{timing}",
                    "",
                )
            ]
        )
        duration = m.get("duration_seconds")
        length = f" · {duration / 60:.1f} min" if duration else ""
        out.append(
            [
                (
                    f"    words       {m.get('words', 0)} (rep {m.get('rep_words', 0)}, "
                    f"prospect {m.get('prospect_words', 0)}){length}",
                    "",
                )
            ]
        )
    else:
        grade = m.get("grade_level")
        target = f"aim {aim['grade_level']}, " if "grade_level" in aim else ""
        grade_text = f" · grade level {grade:.1f} ({target}best 3-5)" if grade is not None else ""
        out.append([(f"    words       {m.get('rep_words', 0)}{grade_text}", "")])
    strengths = result.metrics.strengths if result.metrics is not None else {}
    if strengths:
        out.append(
            [
                ("    strengths   ", ""),
                (" · ".join(f"{name} {count}" for name, count in strengths.items()), "green"),
            ]
        )
    return out


def _finding_lines(path: str, f: Finding, src_lines: list[str]) -> list[Line]:
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
    if 0 < f.line <= len(src_lines):
        text = src_lines[f.line - 1].rstrip("\r").expandtabs(1)
        gutter = f"{f.line:>6} | "
        start = f.column - 1
        stop = f.end_column - 1 if f.end_line == f.line else len(text)
        stop = max(stop, start + 1)
        # escaped piece by piece: the carets go under what is shown
        before, marked, after = visible(text[:start]), visible(text[start:stop]), text[stop:]
        out.append(
            [
                (gutter, "dim"),
                (before, ""),
                (marked, "underline " + _LEVEL_STYLE[f.level]),
                (visible(after), ""),
            ]
        )
        out.append(
            [
                (" " * (len(gutter) - 2) + "| ", "dim"),
                (" " * len(before) + "^" * max(len(marked), 1), _LEVEL_STYLE[f.level]),
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


def _summary(results: Sequence[DocumentResult]) -> Line:
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
    suppressed = sum(len(r.suppressed) for r in results)
    if suppressed:
        line.append((f" {suppressed} suppressed.", "dim"))
    if failed:
        line.append((f" {failed} input{'s' if failed != 1 else ''} could not be read.", "bold red"))
    return line


def render_plain(lines: list[Line], stream: TextIO) -> None:
    stream.write(
        "\n".join("".join(visible(text) for text, _ in line).rstrip() for line in lines) + "\n"
    )


def render_rich(lines: list[Line], stream: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for line in lines:
        text = Text()
        for chunk, style in line:
            text.append(visible(chunk), style=style or None)
        console.print(text)


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    lines = layout(results, options.sources)
    if options.color:
        render_rich(lines, stream)
    else:
        render_plain(lines, stream)

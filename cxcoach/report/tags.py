"""``cxcoach check --tags``: every sentence with its tags, and the situation.

A debugging view for a user who wants to see why a rule fired (or did not): who
each sentence is about (seller / prospect / neither), what it does (pitch,
claim, intro, question, request, ...), the words that decided it, and the
situation the conversation was judged to be (with the evidence counted).

Sentences and speaker names come from the input: each line is shown through
:func:`cxcoach.report.escape.visible` (control and bidi characters as escapes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from cxcoach.model import FileResult, LineIndex
from cxcoach.report.escape import visible


def lines(results: Sequence[FileResult], sources: dict[str, str]) -> list[str]:
    out: list[str] = []
    for result in results:
        rows = result.extra.get("tags")
        if not rows:
            continue
        head, *sentences = rows
        evidence = ", ".join(f"{k} {v}" for k, v in dict(head["evidence"]).items())
        out.append(f"{result.path}: situation {head['situation']} ({evidence})")
        index = LineIndex(sources.get(result.path.split("#")[0], ""))
        for row in sentences:
            line, column = index.position(int(row["start"]))
            who = row["speaker"] or row["role"]
            acts = ",".join(row["acts"]) or "-"
            cue = f"  [{' '.join(str(row['cue']).split())}]" if row.get("cue") else ""
            text = " ".join(str(row["text"]).split())
            if len(text) > 90:
                text = text[:87] + "..."
            where = f"{line:>4}:{column:<3}"
            out.append(f"  {where} {str(who)[:12]:<12} {row['about']:<8} {acts:<28} {text}{cue}")
    return out


def write(results: Sequence[FileResult], sources: dict[str, str], stream: TextIO) -> None:
    found = lines(results, sources)
    if found:
        stream.write("\n".join(visible(line) for line in found) + "\n")

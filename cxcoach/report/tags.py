"""``cxcoach check --tags``: every sentence with its tags, and the situation.

A debugging view for a user who wants to see why a rule fired (or did not): who
each sentence is about (seller / prospect / neither), what it does (pitch,
claim, intro, question, request, ...), the words that decided it, and the
situation the conversation was judged to be (with the evidence counted).

Sentences and speaker names come from the input: each line is shown through
:func:`cxcoach.report.escape.visible` (control and bidi characters as escapes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TextIO

from cxcoach.model import LineIndex
from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.escape import visible
from cxcoach.results import DocumentResult


def lines(results: Sequence[DocumentResult], sources: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for result in results:
        tags = result.tags
        if tags is None:
            continue
        evidence = ", ".join(f"{k} {v}" for k, v in tags.evidence.items())
        out.append(f"{result.path}: situation {tags.situation} ({evidence})")
        index = LineIndex(sources.get(result.path.split("#")[0], ""))
        for row in tags.sentences:
            line, column = index.position(row.start)
            who = row.speaker or row.role
            acts = ",".join(row.acts) or "-"
            cue = f"  [{' '.join(row.cue.split())}]" if row.cue else ""
            text = " ".join(row.text.split())
            if len(text) > 90:
                text = text[:87] + "..."
            where = f"{line:>4}:{column:<3}"
            out.append(f"  {where} {who[:12]:<12} {row.about:<8} {acts:<28} {text}{cue}")
    return out


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    found = lines(results, options.sources)
    if found:
        stream.write("\n".join(visible(line) for line in found) + "\n")

"""Batch outputs: streaming row writers (CSV / JSONL / findings), a bounded-memory
summary, the terminal summary and the self-contained HTML report.

Every output file is an :class:`cxcoach.atomic.AtomicFile`, committed only when
the run ends (also after Ctrl-C, with the rows that finished), so a killed run
leaves either no file or the previous complete one.
"""

from __future__ import annotations

import heapq
import io
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from cxcoach.atomic import AtomicFile, write_atomic
from cxcoach.batch import DOC_COLUMNS, Row
from cxcoach.model import CATEGORIES, DocKind, Finding
from cxcoach.report import aims as aim_text
from cxcoach.report import cells
from cxcoach.report.escape import json_text, visible

FINDING_COLUMNS = (
    "id",
    "rule",
    "level",
    "category",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "snippet",
    "speaker",
    "time",
)
HTML_MAX_DOCS = 500
WORST = 10


class RowWriters:
    """``--csv`` / ``--jsonl`` (one row per document) and ``--findings`` (one per finding)."""

    def __init__(
        self,
        csv_path: str | None,
        jsonl_path: str | None,
        findings_path: str | None,
        rules: Sequence[str],
    ) -> None:
        self.files: list[AtomicFile] = []
        self.rules = sorted(rules)
        self.doc_columns = [*DOC_COLUMNS, *(f"rule:{r}" for r in self.rules)]
        self.csv = self._open(csv_path)
        self.jsonl = self._open(jsonl_path)
        self.findings = self._open(findings_path)
        self.findings_csv = findings_path is not None and not findings_path.endswith(".jsonl")
        if self.csv:
            self._csv_writer = cells.writer(self.csv.handle)
            self._csv_writer.writerow(self.doc_columns)
        if self.findings and self.findings_csv:
            self._findings_writer = cells.writer(self.findings.handle)
            self._findings_writer.writerow(FINDING_COLUMNS)

    def _open(self, path: str | None) -> AtomicFile | None:
        if not path:
            return None
        target = AtomicFile(path)
        self.files.append(target)
        return target

    def write(self, rows: list[Row]) -> None:
        """Write one chunk of rows. They reach the temp files at once (one flush per
        chunk): what a long run has done is on disk while it runs, which also gives
        a watcher (a test) something to wait for instead of a clock."""
        self._write(rows)
        for target in self.files:
            target.handle.flush()

    def _write(self, rows: list[Row]) -> None:
        for row in rows:
            if row.status != "ok":
                continue  # error rows are reported, not written as document rows
            counts = row.rule_counts()
            if self.csv or self.jsonl:
                columns = row.values()
            if self.csv:
                self._csv_writer.writerow(
                    [_cell(columns[c]) for c in DOC_COLUMNS]
                    + [counts.get(r, 0) for r in self.rules]
                )
            if self.jsonl:
                record = {c: columns[c] for c in DOC_COLUMNS}
                record["rule_counts"] = counts
                self.jsonl.handle.write(json_text(json.dumps(record, ensure_ascii=False)) + "\n")
            if self.findings:
                for finding in row.findings:
                    values = {"id": row.id, **finding.to_dict()}
                    if self.findings_csv:
                        self._findings_writer.writerow(
                            [_cell(values.get(c)) for c in FINDING_COLUMNS]
                        )
                    else:
                        record = {c: values.get(c) for c in FINDING_COLUMNS}
                        self.findings.handle.write(
                            json_text(json.dumps(record, ensure_ascii=False)) + "\n"
                        )

    def commit(self) -> None:
        for target in self.files:
            target.commit()

    def discard(self) -> None:
        for target in self.files:
            target.discard()


def _cell(value: Any) -> Any:
    """Floats rounded for CSV (the writer makes every cell safe)."""
    return round(value, 4) if isinstance(value, float) else value


class ShownDocument(NamedTuple):
    """A document the summary keeps to show: the worst ten on the terminal, the
    lowest-scoring on the HTML page (with its first findings: bounded memory)."""

    id: str
    rep: str | None
    score: int
    kind: DocKind | None
    rep_share: float | None
    finding_count: int
    findings: tuple[Finding, ...]  # the first FINDINGS_SHOWN


FINDINGS_SHOWN = 50
_Ranked = tuple[float, int, ShownDocument]  # (-score, -order seen, document): a heap entry


@dataclass
class Summary:
    """Everything the terminal summary and the HTML report need, in bounded memory."""

    documents: int = 0
    failed: int = 0
    score_sum: float = 0.0
    score_bins: list[int] = field(default_factory=lambda: [0] * 10)
    talk_bins: list[int] = field(default_factory=lambda: [0] * 10)
    rule_docs: Counter[str] = field(default_factory=Counter)
    rule_findings: Counter[str] = field(default_factory=Counter)
    reps: dict[str, dict[str, Any]] = field(default_factory=dict)
    worst: list[_Ranked] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    # (document, rule problem): a rule that could not finish there (a pattern out of time)
    problems: list[tuple[str, str]] = field(default_factory=list)
    problem_count: int = 0
    shown_docs: list[_Ranked] = field(default_factory=list)
    seen: int = 0
    skipped: int = 0
    aims: dict[str, float] = field(default_factory=dict)  # of the rules that ran

    def add(self, rows: list[Row]) -> None:
        for row in rows:
            self.seen += 1
            if row.status == "skipped":
                self.skipped += 1
                continue
            if row.status != "ok":
                self.failed += 1
                if len(self.errors) < 1000:
                    self.errors.append((row.id, row.error or ""))
                continue
            self.documents += 1
            for problem in row.problems:
                self.problem_count += 1
                if len(self.problems) < 1000:
                    self.problems.append((row.id, problem))
            score = float(row.score or 0)
            self.score_sum += score
            self.score_bins[min(int(score // 10), 9)] += 1
            share = row.values()["rep_share"]  # rounded, as the rows hold it
            if share is not None:
                self.talk_bins[min(int(share * 10), 9)] += 1
            counts = row.rule_counts()
            for rule, n in counts.items():
                self.rule_docs[rule] += 1
                self.rule_findings[rule] += n
            rep = self.reps.setdefault(
                row.rep or "(unknown)",
                {"documents": 0, "score_sum": 0.0, "rules": Counter()},
            )
            rep["documents"] += 1
            rep["score_sum"] += score
            rep["rules"].update(counts.keys())
            shown = ShownDocument(
                row.id,
                row.rep,
                row.score or 0,
                row.kind,
                share,
                len(row.findings),
                row.findings[:FINDINGS_SHOWN],
            )
            entry = (-score, -self.seen, shown)
            _push(self.worst, entry, WORST)
            _push(self.shown_docs, entry, HTML_MAX_DOCS)

    @property
    def average(self) -> float | None:
        return self.score_sum / self.documents if self.documents else None

    def rep_table(self) -> list[dict[str, Any]]:
        table = []
        for name, rep in sorted(self.reps.items()):
            top = ", ".join(rule for rule, _ in rep["rules"].most_common(3))
            table.append(
                {
                    "rep": name,
                    "documents": rep["documents"],
                    "average": round(rep["score_sum"] / rep["documents"], 1),
                    "top_issues": top,
                }
            )
        return table


def _push(heap: list[_Ranked], entry: _Ranked, limit: int) -> None:
    """Keep the ``limit`` lowest-scoring documents. Entries are (-score, -seen, doc), so
    the heap's top is the highest score kept (the latest seen among equals): the one
    a lower-scoring newcomer replaces."""
    if len(heap) < limit:
        heapq.heappush(heap, entry)
    elif entry[:2] > heap[0][:2]:
        heapq.heapreplace(heap, entry)


def sorted_docs(heap: list[_Ranked]) -> list[ShownDocument]:
    """Lowest score first; among equal scores, input order."""
    return [doc for _, _, doc in sorted(heap, key=lambda e: (-e[0], -e[1]))]


# --------------------------------------------------------------------------- terminal


def terminal_lines(
    summary: Summary, *, elapsed: float, megabytes: float, interrupted: bool
) -> list[str]:
    out = []
    average = summary.average
    speed = f", {megabytes:.2f} MB at {megabytes / elapsed:.2f} MB/s" if elapsed > 0 else ""
    out.append(
        f"{summary.documents} documents scored, {summary.failed} failed"
        + (
            f", {summary.skipped} skipped (unchanged in --db, or not a rep's)"
            if summary.skipped
            else ""
        )
        + f" in {elapsed:.1f} s{speed}"
        + (" (interrupted: partial results)" if interrupted else "")
    )
    if average is not None:
        out.append(f"average score {average:.1f}")
    targets = aim_text.line(summary.aims)
    if targets:
        out.append(f"aims (from the rules that ran): {targets}")
    if summary.worst:
        out.append("worst documents:")
        for doc in sorted_docs(summary.worst):
            out.append(f"  {doc.score:>3}  {visible(doc.id)}  ({visible(str(doc.rep))})")
    if summary.rule_docs:
        out.append("most frequent rules (documents):")
        for rule, n in summary.rule_docs.most_common(8):
            out.append(f"  {n:>6}  {visible(rule)}")
    table = summary.rep_table()
    if table:
        names = [visible(r["rep"]) for r in table]
        width = max(len(name) for name in names)
        out.append(f"{'rep':<{width}}  documents  average  top issues")
        for name, row in zip(names, table, strict=True):
            numbers = f"{row['documents']:>9}  {row['average']:>7}"
            out.append(f"{name:<{width}}  {numbers}  {visible(row['top_issues'])}")
    if summary.errors:
        out.append(f"failed inputs ({summary.failed}):")
        for item_id, reason in summary.errors[:20]:
            out.append(f"  {visible(item_id)}: {visible(reason)}")
        if summary.failed > 20:
            out.append(f"  ... and {summary.failed - 20} more")
    if summary.problems:
        out.append(f"rules that could not finish ({summary.problem_count}; findings missing):")
        for item_id, problem in summary.problems[:20]:
            out.append(f"  {item_id}: {problem}")
        if summary.problem_count > 20:
            out.append(f"  ... and {summary.problem_count - 20} more")
    return out


def write_terminal(summary: Summary, stream: IO[str], **kwargs: Any) -> None:
    """The summary; text from the inputs (ids, reps, reasons) shown with visible
    escapes for control and bidi characters (``visible`` again on each line is a
    no-op for what was escaped, and catches any line added later)."""
    stream.write("\n".join(visible(line) for line in terminal_lines(summary, **kwargs)) + "\n")


# --------------------------------------------------------------------------- HTML


def write_html(summary: Summary, path: str, *, title: str = "cxcoach batch report") -> None:
    """A self-contained HTML page: inline SVG charts (matplotlib), no network needed."""
    try:
        import jinja2
    except ImportError:
        from cxcoach.model import CxError

        raise CxError("--html needs the html extra: pip install 'cxcoach[html]'") from None
    charts = _charts(summary)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_shown)
    template_path = os.path.join(os.path.dirname(__file__), "batch_report.html.j2")
    with open(template_path, encoding="utf-8") as handle:
        template = env.from_string(handle.read())
    docs = sorted_docs(summary.shown_docs)
    html = template.render(
        title=title,
        summary=summary,
        average=summary.average,
        charts=charts,
        reps=summary.rep_table(),
        rules=summary.rule_docs.most_common(),
        docs=docs,
        shown=len(docs),
        categories=CATEGORIES,
        aims=aim_text.shown(summary.aims),
    )
    write_atomic(path, html)


def _shown(value: Any) -> Any:
    """Every ``{{ value }}`` of the page: text from the inputs with visible escapes for
    control and bidi characters (Jinja then HTML-escapes it); markup we made
    ourselves (the SVG charts, marked safe) passes as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return visible(value)
    return value


def _charts(summary: Summary) -> dict[str, str]:
    """name -> inline SVG markup."""
    try:
        import matplotlib

        matplotlib.use("svg")
        import matplotlib.pyplot as plt
    except ImportError:
        from cxcoach.model import CxError

        raise CxError("--html needs the html extra: pip install 'cxcoach[html]'") from None
    # text.parse_math off: a rep called "$x$" is a name, not mathtext (an unbalanced
    # "$" would even stop the report)
    plt.rcParams.update(
        {"svg.fonttype": "none", "font.size": 10, "figure.dpi": 72, "text.parse_math": False}
    )
    out = {}

    def save(name: str, fig: Any) -> None:
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight")
        plt.close(fig)
        svg = buffer.getvalue()
        svg = svg[svg.index("<svg") :]
        # drop the RDF metadata block (a timestamp and namespace URLs): deterministic output
        start, end = svg.find("<metadata>"), svg.find("</metadata>")
        if start != -1 and end != -1:
            svg = svg[:start] + svg[end + len("</metadata>") :]
        out[name] = svg

    labels = [f"{i * 10}-{i * 10 + 9}" if i < 9 else "90-100" for i in range(10)]
    fig, ax = plt.subplots(figsize=(6, 2.6))
    ax.bar(labels, summary.score_bins, color="#4c78a8")
    ax.set_xlabel("score")
    ax.set_ylabel("documents")
    ax.set_title("Score distribution")
    save("score_distribution", fig)

    table = summary.rep_table()
    fig, ax = plt.subplots(figsize=(6, max(1.6, 0.35 * len(table) + 0.8)))
    ax.barh(
        [visible(r["rep"]) for r in table] or ["(none)"],
        [r["average"] for r in table] or [0],
        color="#59a14f",
    )
    ax.set_xlim(0, 100)
    ax.set_xlabel("average score")
    ax.set_title("Per-rep average score")
    save("rep_scores", fig)

    common = summary.rule_docs.most_common(12)
    fig, ax = plt.subplots(figsize=(6, max(1.6, 0.35 * len(common) + 0.8)))
    ax.barh(
        [visible(r) for r, _ in reversed(common)] or ["(none)"],
        [n for _, n in reversed(common)] or [0],
        color="#e15759",
    )
    ax.set_xlabel("documents")
    ax.set_title("Rule frequency")
    save("rule_frequency", fig)

    fig, ax = plt.subplots(figsize=(6, 2.6))
    ax.bar([f"{i * 10}%" for i in range(10)], summary.talk_bins, color="#f28e2b")
    title = "Talk-ratio distribution"
    limit = summary.aims.get("talk_ratio")
    if limit is not None:  # bar i holds shares from 10i% to 10(i+1)%, centred on i
        ax.axvline(limit * 10 - 0.5, color="#333", linestyle="--", linewidth=1)
        title += f" (dashed: aim {aim_text.shown(summary.aims)['talk_ratio']})"
    ax.set_xlabel("rep share of the talk (calls)")
    ax.set_ylabel("calls")
    ax.set_title(title)
    save("talk_ratio", fig)
    return out

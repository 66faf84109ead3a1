"""Batch scoring: many inputs in, one row per document and per-rep insight out.

The pipeline is the same as ``cxcoach check`` (``pipeline.check_source``) mapped over
work items by worker processes:

- **Inputs** stream: directories (recursive, ``--include``/``--exclude``
  globs), globs, plain files, ``.mbox`` archives (read message by message, never
  whole; each message is a document ``file.mbox#N``) and ``.jsonl`` exports (one
  document per line: ``text`` required; ``id``, ``rep``, ``format``, ``deal``,
  ``date`` optional; a bad line is an error row for that line only).
- **Workers** (``--jobs``, default the CPU count) get chunks of items; at most
  ``2 x jobs`` chunks are in flight, so memory stays bounded whatever the input
  size. Rows are emitted in input order, so ``--jobs 1`` and ``--jobs 2`` give the
  same output.
- **Never lose a result**: an unreadable, binary, empty, huge or malformed input
  becomes an error row with its reason and the run goes on.

Each document gives one :class:`Row` (typed; :meth:`Row.values` gives the
:data:`DOC_COLUMNS` the CSV, JSONL and ``--db`` outputs hold); the outputs and the
summary live in ``report/batch.py``, the database in ``history.py``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import IO, Any, Literal, NamedTuple

from cxcoach.inputs import MAX_BYTES, decode_with_encoding
from cxcoach.metrics import Metrics
from cxcoach.model import CATEGORIES, CxError, DocKind, Finding
from cxcoach.pipeline import Settings, check_source
from cxcoach.results import DocumentResult

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.eml", "*.mbox", "*.jsonl", "*.vtt", "*.srt", "*.json")
CHUNK_ITEMS = 64
CHUNK_BYTES = 2 * 1024 * 1024
METRIC_COLUMNS = (
    "words",
    "rep_words",
    "prospect_words",
    "rep_share",
    "rep_share_basis",
    "duration_seconds",
    "rep_questions",
    "open_questions",
    "closed_questions",
    "longest_monologue_words",
    "longest_monologue_seconds",
    "me_words",
    "you_words",
    "grade_level",
)
DOC_COLUMNS = (
    "id",
    "source",
    "status",
    "error",
    "kind",
    "format",
    "rep",
    "deal",
    "date",
    "month",
    "content_hash",
    "score",
    *CATEGORIES,
    *METRIC_COLUMNS,
    "findings",
    "suppressed",
    "errors",
    "warnings",
    "suggestions",
)


RowStatus = Literal["ok", "error", "skipped"]


class Row(NamedTuple):
    """One document of a batch run, or one input that could not be scored.

    ``status``: ``ok``; ``error`` (``error`` says why; no document fields); or
    ``skipped`` (an mbox message not sent by a rep: scored, but not the reps'
    writing, so neither written nor summarised). A named tuple: rows cross from
    the workers to the parent by the thousand.
    """

    id: str
    source: str  # the input it came from (file path, or path:line for JSONL)
    status: RowStatus
    error: str | None = None
    kind: DocKind | None = None
    format: str | None = None
    rep: str | None = None
    deal: str | None = None
    date: str | None = None
    month: str | None = None  # YYYY-MM of ``date``, for trends
    content_hash: str | None = None
    score: int | None = None
    categories: dict[str, int] = {}  # noqa: RUF012 - never mutated
    metrics: Metrics | None = None
    findings: tuple[Finding, ...] = ()
    suppressed: int = 0  # findings suppressed inline or by config
    problems: tuple[str, ...] = ()  # rules that could not finish (out of time)

    def values(self) -> dict[str, Any]:
        """The row's :data:`DOC_COLUMNS`, as the CSV, JSONL and ``--db`` outputs hold them."""
        metrics = self.metrics.to_dict() if self.metrics is not None else {}
        levels = {"error": 0, "warning": 0, "suggestion": 0}
        for finding in self.findings:
            levels[finding.level] += 1
        scored = self.status != "error"
        return {
            "id": self.id,
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "kind": self.kind,
            "format": self.format,
            "rep": self.rep,
            "deal": self.deal,
            "date": self.date,
            "month": self.month,
            "content_hash": self.content_hash,
            "score": self.score,
            **{c: self.categories.get(c) for c in CATEGORIES},
            **{c: metrics.get(c) for c in METRIC_COLUMNS},
            "findings": len(self.findings) if scored else None,
            "suppressed": self.suppressed if scored else None,
            "errors": levels["error"] if scored else None,
            "warnings": levels["warning"] if scored else None,
            "suggestions": levels["suggestion"] if scored else None,
        }

    def rule_counts(self) -> dict[str, int]:
        """Findings per rule, in the order the rules first fire."""
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return counts


@dataclass(frozen=True)
class Item:
    """One document to score: its text (or a file to read) and what we know of it."""

    id: str
    source: str  # the input it came from (file path, or path:line for JSONL)
    path: str | None = None  # a file the worker reads itself
    data: bytes | None = None
    text: str | None = None
    rep: str | None = None
    input_format: str | None = None
    deal: str | None = None
    date: str | None = None
    error: str | None = None  # known bad before scoring (a bad JSONL line)
    size: int = 0
    mbox: bool = False  # one message of an mbox: scored as its sender's email


@dataclass
class Scan:
    """What enumeration found: items stream lazily; sizes are known up front."""

    items: Iterator[Item]
    total_bytes: int
    inputs: int


# --------------------------------------------------------------------------- inputs


def expand_paths(
    paths: Sequence[str], include: Sequence[str], exclude: Sequence[str]
) -> list[tuple[str, int]]:
    """Files to read, with their sizes: directories are walked, globs expanded."""
    import glob

    out: list[tuple[str, int]] = []
    for spec in paths:
        if os.path.isdir(spec):
            for root, dirs, files in os.walk(spec):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, spec)
                    if _wanted(name, rel, include, exclude):
                        out.append((full, _size(full)))
        elif any(ch in spec for ch in "*?["):
            for full in sorted(glob.glob(spec, recursive=True)):
                if os.path.isfile(full) and not _excluded(full, exclude):
                    out.append((full, _size(full)))
        else:
            out.append((spec, _size(spec)))
    return out


def _wanted(name: str, rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    inc = any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in include)
    return inc and not _excluded(rel, exclude)


def _excluded(rel: str, exclude: Sequence[str]) -> bool:
    name = rel.replace("\\", "/").rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in exclude)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def scan(
    paths: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
) -> Scan:
    files = expand_paths(paths, include, exclude)
    return Scan(_items(files), sum(size for _, size in files), len(files))


def _items(files: list[tuple[str, int]]) -> Iterator[Item]:
    for path, size in files:
        lower = path.lower()
        if lower.endswith(".jsonl"):
            yield from jsonl_items(path)
        elif lower.endswith(".mbox"):
            yield from mbox_items(path)
        else:
            yield Item(id=path, source=path, path=path, size=size)


def _open_stream(path: str) -> IO[bytes] | Item:
    """The file opened for streaming, or an error item saying why it cannot be."""
    try:
        return open(path, "rb")
    except OSError as exc:
        return Item(id=path, source=path, error=f"cannot read ({exc.strerror or exc})")


def jsonl_items(path: str) -> Iterator[Item]:
    """One item per line of a JSONL export; a bad line is an error item, alone."""
    handle = _open_stream(path)
    if isinstance(handle, Item):
        yield handle
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                yield Item(id=where, source=where, error=f"invalid JSON: {exc}", size=len(raw))
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield Item(
                    id=where, source=where, error="each line needs a 'text' string", size=len(raw)
                )
                continue

            yield Item(
                id=_opt(record, "id") or where,
                source=where,
                text=record["text"],
                rep=_opt(record, "rep"),
                input_format=_opt(record, "format"),
                deal=_opt(record, "deal"),
                date=_opt(record, "date"),
                size=len(raw),
            )


def _opt(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def mbox_items(path: str) -> Iterator[Item]:
    """One item per message of an mbox, read incrementally (never the whole file)."""
    handle = _open_stream(path)
    if isinstance(handle, Item):
        yield handle
        return
    with handle:
        buffer: list[bytes] = []
        size = 0
        number = 0
        previous_blank = True
        for line in handle:
            if line.startswith(b"From ") and previous_blank and buffer:
                number += 1
                yield _mbox_item(path, number, buffer, size)
                buffer, size = [], 0
            if size <= MAX_BYTES:
                buffer.append(line)
            size += len(line)
            previous_blank = not line.strip()
        if buffer:
            number += 1
            yield _mbox_item(path, number, buffer, size)


def _mbox_item(path: str, number: int, lines: list[bytes], size: int) -> Item:
    item_id = f"{path}#{number}"
    if size > MAX_BYTES:
        return Item(id=item_id, source=item_id, error="message too large", size=size)
    body = b"".join(lines[1:]) if lines and lines[0].startswith(b"From ") else b"".join(lines)
    return Item(id=item_id, source=item_id, data=body, input_format="email", size=size, mbox=True)


# --------------------------------------------------------------------------- scoring

_SETTINGS: Settings | None = None
_JSON_START = re.compile(r"\s*[\[{]\s*[\"\[{}\]]")


def _init_worker(settings: Settings) -> None:
    global _SETTINGS  # one compiled rule set per worker process
    _SETTINGS = settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _exit_with_parent(os.getppid())


def _exit_with_parent(parent: int) -> None:
    """A worker must not outlive its run. When the parent is killed (SIGKILL, the OOM
    killer) nobody tells the pool's workers, which then wait for work for ever; so a
    daemon thread checks once a second that the parent is still there."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="cxcoach-parent-watch", daemon=True).start()


def score_chunk(items: list[Item], settings: Settings | None = None) -> list[Row]:
    settings = settings or _SETTINGS
    assert settings is not None
    rows: list[Row] = []
    for item in items:
        rows.extend(score_item(item, settings))
    return rows


def score_item(item: Item, settings: Settings) -> list[Row]:
    """Rows for one item: one per document, or one error row."""
    if item.error:
        return [_error_row(item, item.error)]
    try:
        if item.text is not None:
            text = item.text
            digest = _hash(text.encode("utf-8", "surrogatepass"))
        else:
            data = item_bytes(item)
            digest = _hash(data)
            text = decode_with_encoding(data, item.id)[0]
        if not text.strip():
            return [_error_row(item, "empty input")]
        fmt = item.input_format
        if fmt is None and _looks_like_json(text, item.path or item.id):
            fmt = _json_format(text)
        local = settings
        if item.rep or fmt:
            local = settings._replace(
                rep_names=(item.rep,) if item.rep else settings.rep_names,
                input_format=fmt or settings.input_format,
            )
        results = check_source(text, item.id, local)
    except CxError as exc:
        return [_error_row(item, _reason(str(exc), item.id))]
    except Exception as exc:  # never lose the run to one bad input
        return [_error_row(item, f"internal error: {type(exc).__name__}: {exc}")]
    rows = [_doc_row(item, result, digest) for result in results]
    if item.mbox and settings.rep_names:
        # an mbox message is scored as its sender's email: with the reps known,
        # the prospects' messages are not the reps' writing to coach
        rows = [
            row
            if _sent_by(row, settings.rep_names)
            else row._replace(status="skipped", error="not sent by a rep")
            for row in rows
        ]
    return rows


def _sent_by(row: Row, rep_names: tuple[str, ...]) -> bool:
    sender = str(row.rep).lower()
    return any(name.lower() in sender or sender in name.lower() for name in rep_names)


def _looks_like_json(text: str, name: str) -> bool:
    return name.lower().endswith(".json") or bool(_JSON_START.match(text))


def _json_format(text: str) -> str:
    """JSON input must be a transcript export we understand; anything else is an error."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CxError(f"x: invalid JSON ({exc})") from None
    if isinstance(data, dict) and "callTranscripts" in data:
        return "gong"
    raise CxError("x: JSON that is not a known transcript export (Gong 'callTranscripts')")


def _reason(message: str, item_id: str) -> str:
    prefix = f"{item_id}: "
    if message.startswith(prefix):
        return message[len(prefix) :]
    return message.split(": ", 1)[1] if message.startswith("x: ") else message


def item_bytes(item: Item) -> bytes:
    """The raw bytes of a file or mbox item (CxError when the file cannot be read)."""
    if item.data is not None:
        return item.data
    from cxcoach.inputs import read_bytes

    return read_bytes(item.path or item.id)


def item_digest(item: Item) -> tuple[Item, str]:
    """(the item with its bytes loaded, its content hash) — what ``--db`` keys on."""
    if item.text is not None:
        return item, _hash(item.text.encode("utf-8", "surrogatepass"))
    data = item_bytes(item)
    if item.data is None:
        from dataclasses import replace

        item = replace(item, data=data)
    return item, _hash(data)


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _mtime_date(path: str | None) -> str | None:
    if not path:
        return None
    try:
        import time

        return time.strftime("%Y-%m-%d", time.gmtime(os.path.getmtime(path)))
    except OSError:
        return None


def _month(date: str | None) -> str | None:
    if not date:
        return None
    if len(date) >= 7 and date[4] == "-":
        return date[:7]
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(date).strftime("%Y-%m")
    except (TypeError, ValueError, IndexError):
        return None


def _error_row(item: Item, reason: str) -> Row:
    return Row(item.id, item.source, "error", error=reason)


def _doc_row(item: Item, result: DocumentResult, digest: str) -> Row:
    date = item.date or result.date or _mtime_date(item.path)
    return Row(
        id=result.path,
        source=item.source,
        status="ok",
        kind=result.kind,
        format=result.format,
        rep=item.rep or result.rep or "(unknown)",
        deal=item.deal,
        date=date,
        month=_month(date),
        content_hash=digest,
        score=result.score,
        categories=result.categories,
        metrics=result.metrics,
        findings=result.findings,
        suppressed=len(result.suppressed),
        problems=result.problems,
    )


# --------------------------------------------------------------------------- running


def _chunks(items: Iterator[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += item.size
        if len(chunk) >= CHUNK_ITEMS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


@dataclass
class RunState:
    interrupted: bool = False
    done_bytes: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "error": 0})


def run(
    items: Iterator[Item],
    settings: Settings,
    jobs: int,
    on_rows: Callable[[list[Row]], None],
    *,
    skip: Callable[[list[Item]], tuple[list[Item], int]] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunState:
    """Score ``items`` with ``jobs`` workers; ``on_rows`` gets each chunk's rows in
    input order. ``skip`` may drop already-scored items from a chunk (``--db``).
    Ctrl-C stops dispatching, waits for nothing more, and returns what finished."""
    state = RunState()

    def deliver(rows: list[Row], size: int, count: int) -> None:
        for row in rows:
            state.counts[row.status] = state.counts.get(row.status, 0) + 1
        on_rows(rows)
        state.done_bytes += size
        if on_progress:
            on_progress(count, size)

    chunks = _chunks(items)
    try:
        if jobs <= 1:
            for chunk in chunks:
                size = sum(i.size for i in chunk)
                todo, skipped = skip(chunk) if skip else (chunk, 0)
                state.skipped += skipped
                deliver(score_chunk(todo, settings), size, len(chunk))
            return state
        _run_pool(chunks, settings, jobs, deliver, skip, state)
    except KeyboardInterrupt:
        state.interrupted = True
    return state


def _run_pool(
    chunks: Iterator[list[Item]],
    settings: Settings,
    jobs: int,
    deliver: Callable[[list[Row], int, int], None],
    skip: Callable[[list[Item]], tuple[list[Item], int]] | None,
    state: RunState,
) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(settings,)
    )
    pending: dict[Future[list[Row]], int] = {}
    finished: dict[int, tuple[list[Row], int, int]] = {}
    sizes: dict[int, tuple[int, int]] = {}
    next_out = 0
    index = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < 2 * jobs:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                todo, skipped = skip(chunk) if skip else (chunk, 0)
                state.skipped += skipped
                sizes[index] = (sum(i.size for i in chunk), len(chunk))
                pending[pool.submit(score_chunk, todo)] = index
                index += 1
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                position = pending.pop(future)
                try:
                    rows = future.result()
                except Exception as exc:  # a worker died: keep going, report it
                    where = f"chunk {position}"
                    rows = [Row(where, where, "error", error=f"worker failed: {exc}")]
                finished[position] = (rows, *sizes.pop(position))
            while next_out in finished:
                deliver(*finished.pop(next_out))
                next_out += 1
    except KeyboardInterrupt:
        state.interrupted = True
        for future in pending:
            future.cancel()
        # deliver what finished, in order, up to the first gap
        while next_out in finished:
            deliver(*finished.pop(next_out))
            next_out += 1
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    except BaseException:  # an output failed (the --db database stayed locked): stop
        pool.shutdown(wait=True, cancel_futures=True)  # at most 2 chunks a worker: short
        raise
    pool.shutdown(wait=True)


def pack_version(settings: Settings) -> str:
    """What ``--db`` stores results under: a short digest of everything that changes
    a result (:func:`cxcoach.pipeline.settings_fingerprint`), so changed rules, thresholds,
    word classes or reps score every document again."""
    from cxcoach.pipeline import settings_fingerprint

    return settings_fingerprint(settings)


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )

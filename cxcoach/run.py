"""The application layer: given inputs and options, produce results and an exit status.

``cxcoach check`` (files, standard input, ``--staged``, ``--fix``/``--diff``),
``cxcoach batch`` and the Python API (:func:`check_text`) take one route:

    options + config  ->  Plan: compiled rules, who the rep is, the level that fails
    input bytes       ->  text (decoded; an unreadable input is an error result)
    text + Plan       ->  one DocumentResult per document (pipeline.check_source)
    results + Plans   ->  the exit status (EXIT_*)

This module reads inputs, configs and packs and writes fixed files and batch
outputs; it prints nothing. Notes, errors and patches go to a :class:`Listener`
while the run goes (the CLI's writes them to the terminal); results go back to
the caller, who hands them to ``report/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from cxcoach.config import KINDS
from cxcoach.model import FAIL_ON, CxError, FailOn, Rule, level_at_least
from cxcoach.pipeline import Settings, check_source, make_settings

if TYPE_CHECKING:
    from cxcoach.batch import Row
    from cxcoach.config import Config
    from cxcoach.report.batch import Summary
    from cxcoach.results import DocumentResult
    from cxcoach.tagging.lexicon import Lexicon

EXIT_OK = 0
EXIT_FINDINGS = 1  # a finding at or above the fail-on level
EXIT_INPUT = 2  # an input could not be read or a rule could not finish (a user error too)
EXIT_INTERRUPTED = 130  # Ctrl-C in a batch run: partial results were kept


class Options(NamedTuple):
    """What a run is asked for: the options shared by ``check`` and ``batch``."""

    packs: tuple[str, ...] = ()  # --pack, on top of the config's packs
    company: tuple[str, ...] = ()  # empty: the config's
    rep: tuple[str, ...] = ()  # empty: the config's reps
    input_format: str = "auto"
    kind: str | None = None  # None: the config's, else decided per message
    config: str | None = None  # --config FILE
    no_config: bool = False
    fail_on: str | None = None  # None: the config's, else warning
    explain: bool = False  # results carry the score's arithmetic
    tags: bool = False  # results carry every sentence's tags


class Plan(NamedTuple):
    """What a run applies to an input: compiled settings, the rules, the failing level."""

    settings: Settings
    rules: list[Rule]
    fail_on: FailOn


class Listener(Protocol):
    """Where a run's messages go while it runs (text from the inputs, unescaped)."""

    def note(self, message: str) -> None: ...

    def error(self, message: str) -> None: ...

    def patch(self, text: str) -> None:
        """A unified diff of the safe fixes of one file (``check --diff``)."""


_Choice = TypeVar("_Choice", bound=str)


def choice(value: str, choices: tuple[_Choice, ...], option: str) -> _Choice:
    """``value`` if it is one of ``choices``; else a one-line error naming ``option``."""
    for known in choices:
        if value == known:
            return known
    raise CxError(f"{option}: invalid value '{value}' (expected {' | '.join(choices)})")


def validate(options: Options) -> None:
    """The choices of ``options`` (each a one-line error naming its option)."""
    from cxcoach.parse import FORMATS as INPUT_FORMATS

    if options.kind is not None:
        choice(options.kind, KINDS, "--kind")
    choice(options.input_format, INPUT_FORMATS, "--input-format")


# --------------------------------------------------------------------------- plans


class Plans:
    """The plans of one run, one per distinct config file: the rules of a config are
    loaded and compiled once however many inputs it applies to."""

    __slots__ = ("_configs", "_plans", "options")

    def __init__(self, options: Options) -> None:
        self.options = options
        self._configs: dict[str | None, Config] = {}
        self._plans: dict[str | None, Plan] = {}

    def config_file(self, start: str | None, *, whole_run: bool = False) -> str | None:
        """The config file for an input at ``start`` (``None`` or ``-``: the current
        folder): ``--config``, else the nearest one found upward, none with
        ``--no-config``. With both ``--config`` and ``--no-config``, an input's own
        lookup (``check``) reads the named file and a whole run's (``batch``, the
        globs of ``check --staged``) reads none, as they always have."""
        if self.options.no_config and (whole_run or not self.options.config):
            return None
        if self.options.config:
            return self.options.config
        from cxcoach.config import discover

        found = discover(start if start and start != "-" else None)
        return str(found) if found else None

    def config(self, key: str | None) -> Config:
        if key not in self._configs:
            from cxcoach.config import Config, load_config

            self._configs[key] = load_config(key) if key else Config()
        return self._configs[key]

    def for_input(self, path: str | None) -> Plan:
        """The plan of one input: the config found from its own folder."""
        return self._plan(self.config_file(path))

    def for_run(self, paths: Sequence[str]) -> Plan:
        """One plan for a whole run: the config found from its first input."""
        first = next((p for p in paths if p != "-"), None)
        return self._plan(self.config_file(first, whole_run=True))

    def rules(self) -> list[Rule]:
        """Every rule of every plan made so far, once per id (what SARIF describes)."""
        return list({r.id: r for plan in self._plans.values() for r in plan.rules}.values())

    def made(self) -> bool:
        """Whether any plan was made (no input could be read: none was)."""
        return bool(self._plans)

    def _plan(self, key: str | None) -> Plan:
        if key not in self._plans:
            from cxcoach.config import apply
            from cxcoach.packs import load_packs, load_words

            conf = self.config(key)
            options = self.options
            packs = [*conf.packs, *options.packs]
            rules = apply(conf, load_packs(packs))
            fail_on = choice(options.fail_on or conf.fail_on or "warning", FAIL_ON, "fail-on")
            settings = make_settings(
                rules,
                company=options.company or conf.company,
                rep=options.rep or conf.reps,
                input_format=options.input_format,
                ignore=conf.ignore,
                ignore_base=os.path.dirname(os.path.abspath(conf.path)) if conf.path else None,
                words=load_words(packs),
                situation=options.kind or conf.kind,
            )
            self._plans[key] = Plan(settings, rules, fail_on)
        return self._plans[key]


# --------------------------------------------------------------------------- check


class CheckRun(NamedTuple):
    """What ``check`` produced: the results to report and how the command ends."""

    results: list[DocumentResult]
    sources: dict[str, str]  # the checked text by result path (snippet lines)
    rules: list[Rule]  # the rules that ran
    exit_code: int
    report: bool = True  # False after --diff: the patches were the output


def check(
    paths: Sequence[str],
    options: Options,
    listener: Listener,
    *,
    staged: bool = False,
    fix: bool = False,
    diff: bool = False,
) -> CheckRun:
    """Check files (``-``: standard input) or the staged drafts, each with the config
    found from its own folder; apply (``fix``) or show (``diff``) the safe fixes."""
    from cxcoach.inputs import decode_with_encoding
    from cxcoach.results import DocumentResult

    validate(options)
    if not paths and not staged:
        raise CxError("check: give one or more files, '-' for standard input, or --staged")
    if staged and (fix or diff):
        raise CxError("--fix/--diff change the working tree; they cannot be used with --staged")
    if options.fail_on is not None:
        choice(options.fail_on, FAIL_ON, "--fail-on")
    plans = Plans(options)
    inputs = _staged_inputs(paths, plans, listener) if staged else _file_inputs(paths)
    results: list[DocumentResult] = []
    sources: dict[str, str] = {}
    encodings: dict[str, str] = {}
    levels: dict[str, FailOn] = {}
    bad_input = False
    for path, data in inputs:
        try:
            if isinstance(data, CxError):
                raise data
            source, encodings[path] = decode_with_encoding(data, path)
        except CxError as exc:
            listener.error(str(exc))
            results.append(DocumentResult(path, error=str(exc)))
            bad_input = True
            continue
        plan = plans.for_input(path)
        for result in check_source(
            source, path, plan.settings, explain=options.explain, tags=options.tags
        ):
            for notice in result.notices:
                listener.note(f"{result.path}: note: {notice}")
            for problem in result.problems:
                listener.error(f"{result.path}: {problem}")
                bad_input = True
            sources[result.path] = source
            levels[result.path] = plan.fail_on
            results.append(result)
    if fix or diff:
        results = _fix(results, sources, encodings, plans, listener, write=fix, show=diff)
        if diff:
            return CheckRun(results, sources, [], EXIT_OK, report=False)
    if not plans.made():
        plans.for_input(None)  # no input could be read: the rules of the current folder
    rules = plans.rules()
    default: FailOn = choice(options.fail_on or "warning", FAIL_ON, "--fail-on")
    failing = any(
        level_at_least(f.level, levels.get(r.path, default)) for r in results for f in r.findings
    )
    code = EXIT_INPUT if bad_input else (EXIT_FINDINGS if failing else EXIT_OK)
    return CheckRun(results, sources, rules, code)


def _file_inputs(paths: Sequence[str]) -> list[tuple[str, bytes | CxError]]:
    """Each path's bytes, or the error that says why it cannot be read."""
    from cxcoach.inputs import read_bytes

    inputs: list[tuple[str, bytes | CxError]] = []
    for path in paths:
        try:
            inputs.append((path, read_bytes(path)))
        except CxError as exc:
            inputs.append((path, exc))
    return inputs


def _staged_inputs(
    paths: Sequence[str], plans: Plans, listener: Listener
) -> list[tuple[str, bytes | CxError]]:
    """The staged content of the staged drafts (the config's ``hook-files``, or
    only ``paths`` when given)."""
    from cxcoach.hooks import staged_files

    globs = plans.config(plans.config_file(None, whole_run=True)).hook_files
    inputs: list[tuple[str, bytes | CxError]] = list(staged_files(globs, list(paths) or None))
    if not inputs:
        listener.note("no staged drafts to check")
    return inputs


def _fix(
    results: list[DocumentResult],
    sources: dict[str, str],
    encodings: dict[str, str],
    plans: Plans,
    listener: Listener,
    *,
    write: bool,
    show: bool,
) -> list[DocumentResult]:
    """Apply (``write``) or show (``show``) the safe fixes, file by file; a fixed file
    is checked again, so the results are those of what is now on disk."""
    from cxcoach.atomic import write_atomic
    from cxcoach.fixes import apply_fixes, unified_diff

    out: list[DocumentResult] = []
    for result in results:
        path = result.path
        if result.error or path == "-" or path not in encodings:
            if path == "-" and write:
                listener.note("-: note: standard input cannot be fixed in place")
            out.append(result)
            continue
        fixed, count = apply_fixes(sources[path], result.findings)
        if count and show:
            listener.patch(unified_diff(path, sources[path], fixed))
        if count and write:
            try:
                write_atomic(path, fixed, encoding=encodings[path], keep_mode=True)
            except OSError as exc:
                raise CxError(f"{path}: cannot write ({exc.strerror or exc})") from None
            listener.note(f"{path}: applied {count} fix(es)")
            sources[path] = fixed
            out.extend(check_source(fixed, path, plans.for_input(path).settings))
        else:
            out.append(result)
    return out


# --------------------------------------------------------------------------- batch


class BatchOutputs(NamedTuple):
    """What ``batch`` reads and writes besides the options it shares with ``check``."""

    include: tuple[str, ...] = ()  # empty: batch.DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    jobs: int | None = None  # None: the CPU count
    csv: str | None = None
    jsonl: str | None = None
    findings: str | None = None
    html: str | None = None
    db: str | None = None
    progress: bool = False  # a progress bar on stderr


class BatchRun(NamedTuple):
    """What ``batch`` produced: the summary to show and how the command ends."""

    summary: Summary
    elapsed: float
    megabytes: float
    interrupted: bool
    exit_code: int


def batch(paths: Sequence[str], options: Options, outputs: BatchOutputs) -> BatchRun:
    """Score every document under ``paths`` with worker processes, one config for the
    whole run (found from the first input); rows go to the outputs as chunks finish."""
    import time

    from cxcoach.batch import DEFAULT_INCLUDE, default_jobs, pack_version, run, scan
    from cxcoach.checks.metric import aims
    from cxcoach.report.batch import RowWriters, Summary, write_html

    fail_on = choice(options.fail_on or "never", FAIL_ON, "--fail-on")
    validate(options)
    workers = outputs.jobs if outputs.jobs is not None else default_jobs()
    if workers < 1:
        raise CxError("--jobs must be at least 1")
    plan = Plans(options._replace(fail_on=fail_on)).for_run(paths)
    for path in paths:
        if not any(ch in path for ch in "*?[") and not os.path.exists(path):
            raise CxError(f"{path}: no such file or folder")
    found = scan(paths, outputs.include or DEFAULT_INCLUDE, outputs.exclude)
    history = None
    if outputs.db:
        from cxcoach.history import History

        history = History(outputs.db, pack_version(plan.settings))
    writers = RowWriters(outputs.csv, outputs.jsonl, outputs.findings, [r.id for r in plan.rules])
    summary = Summary(aims=aims(plan.rules))
    failing = False

    def on_rows(rows: list[Row]) -> None:
        nonlocal failing
        writers.write(rows)
        summary.add(rows)
        if history is not None:
            history.store(rows)
        if any(level_at_least(f.level, fail_on) for row in rows for f in row.findings):
            failing = True

    skip = history.skip_known if history else None
    started = time.perf_counter()
    try:
        if outputs.progress:
            from cxcoach.report.progress import progress_bar

            with progress_bar(found.total_bytes) as tick:
                state = run(
                    found.items, plan.settings, workers, on_rows, skip=skip, on_progress=tick
                )
        else:
            state = run(found.items, plan.settings, workers, on_rows, skip=skip)
    except BaseException:
        writers.discard()
        raise
    summary.skipped += state.skipped
    writers.commit()
    if outputs.html:
        write_html(summary, outputs.html)
    if history is not None:
        history.close()
    if state.interrupted:
        code = EXIT_INTERRUPTED
    elif (summary.documents == 0 and summary.failed > 0) or summary.problem_count:
        code = EXIT_INPUT  # nothing scored, or a rule could not finish somewhere
    else:
        code = EXIT_FINDINGS if failing else EXIT_OK
    elapsed = time.perf_counter() - started
    return BatchRun(summary, elapsed, state.done_bytes / 1e6, state.interrupted, code)


# --------------------------------------------------------------------------- the API


def check_text(
    text: str,
    *,
    rules: Iterable[Rule] | None = None,
    rep: Iterable[str] = (),
    company: Iterable[str] = (),
    input_format: str | None = None,
    name: str = "-",
    words: Lexicon | None = None,
    situation: str | None = None,
) -> list[DocumentResult]:
    """Check one text with the bundled rules (or ``rules``); plain, picklable results.

    With the bundled rules (neither ``rules`` nor ``words`` given) the compiled set
    is kept per company, rep, input format and situation: after the first call,
    only the text's own work remains. Rules passed in are fingerprinted on every
    call (about a millisecond), so a copy or an in-place edit is seen. ``words``:
    the packs' word classes (:func:`cxcoach.packs.load_words`; the bundled ones by
    default). ``situation``: outreach | sales | service | other, instead of
    deciding it per text.

    Compiled rule sets are reused across calls, keyed by
    :func:`cxcoach.engine.fingerprint` of everything that changes a result (every
    rule with all its options, the word classes, company, situation) plus the rep
    names and input format: a copy of the rules with one threshold changed, or a
    rule's options edited in place, compiles afresh.
    """
    from cxcoach.engine import fingerprint

    defaults = None
    if rules is None and words is None:
        # the bundled packs: nobody else holds these rules, so they cannot be edited
        # in place; skip reloading them and the fingerprint (~2 ms a call)
        defaults = (tuple(company), tuple(rep), input_format, situation)
        settings = _DEFAULT_SETTINGS.get(defaults)
        if settings is not None:
            return check_source(text, name, settings)
    if rules is None:
        from cxcoach.packs import load_packs

        rules = load_packs()
    if words is None:
        from cxcoach.packs import load_words

        words = load_words()
    rules, company, rep = tuple(rules), tuple(company), tuple(rep)
    key = (
        fingerprint(rules, words=words, company=company, situation=situation),
        rep,
        input_format,
    )
    settings = _SETTINGS.get(key)
    if settings is None:
        settings = make_settings(
            rules,
            company=company,
            rep=rep,
            input_format=input_format,
            words=words,
            situation=situation,
        )
        _keep(_SETTINGS, key, settings)
    if defaults is not None:
        _keep(_DEFAULT_SETTINGS, defaults, settings)
    return check_source(text, name, settings)


def _keep(
    cache: dict[tuple[object, ...], Settings], key: tuple[object, ...], settings: Settings
) -> None:
    """Remember ``settings`` under ``key``; a cache past 16 entries starts over."""
    if len(cache) > 16:
        cache.clear()
    cache[key] = settings


# compiled rule sets reused across check_text calls in one process (a Dask worker)
_SETTINGS: dict[tuple[object, ...], Settings] = {}
# ... and those of the bundled packs, by company, rep, input format and situation
_DEFAULT_SETTINGS: dict[tuple[object, ...], Settings] = {}

"""The ``cxcoach`` command line: option declarations and wiring only.

Each command turns its options into a call of the application layer
(:mod:`cxcoach.run`: the run itself, its results and exit status) and hands the
results to ``report/``; nothing here parses, checks or scores (an import-linter
contract keeps it so). Heavy modules (yaml, rich, textstat) are imported inside
the commands that need them, so ``cxcoach check`` in a git hook starts about as
fast as Python does.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cxcoach.model import CxError
from cxcoach.report import FORMATS
from cxcoach.version import __version__

if TYPE_CHECKING:
    from cxcoach.model import Rule

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="cxcoach: a sales coach for your emails and call transcripts.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    no_args_is_help=True,
    help="List, show, test, validate and document rule packs.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_app, name="rules")

_FORMATS_HELP = (
    "auto | email | mbox | speaker-lines | vtt | srt | otter | fireflies | fathom | gong"
)
PackOpt = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer 0.28 needs Optional here
    typer.Option(
        "--pack",
        "-p",
        help="A bundled pack by name (core always runs; naming sales, email, calls or "
        "support runs only those) or a pack file to add. Repeatable.",
    ),
]
CompanyOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--company", "-c", help="Your own company name (repeatable)."),
]
RepOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--rep", "-r", help="Who the rep is: a speaker's first or full name."),
]
ConfigOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--config", help="Config file (default: .cxcoach.yaml found upward)."),
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Ignore config files.")]
InputFormatOpt = Annotated[
    str, typer.Option(help="Input format (default: detected). " + _FORMATS_HELP)
]
KindOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--kind",
        help="What the messages are: auto | outreach | sales | service | other "
        "(default: decided per message, or the config's kind).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cxcoach {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """cxcoach: find where a sales email or call loses the customer's trust."""


@app.command()
def check(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help="Files to check; '-' reads standard input.", show_default=False),
    ] = None,
    pack: PackOpt = None,
    company: CompanyOpt = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: " + " | ".join(FORMATS) + ".")
    ] = "text",
    fail_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Exit 1 on a finding at or above: suggestion | warning | error | never."),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Plain text even on a terminal.")
    ] = False,
    rep: RepOpt = None,
    input_format: InputFormatOpt = "auto",
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each score was computed.")
    ] = False,
    staged: Annotated[
        bool,
        typer.Option("--staged", help="Check the staged content of staged drafts (git index)."),
    ] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the safe fixes as a unified diff.")
    ] = False,
    kind: KindOpt = None,
    tags: Annotated[
        bool,
        typer.Option(
            "--tags", help="Show every sentence's tags and the situation (why rules fired)."
        ),
    ] = False,
) -> None:
    """Check drafts and transcripts and show what to do instead."""
    from cxcoach.report import ReportOptions, reporter
    from cxcoach.report.messages import Messages
    from cxcoach.run import Options, choice
    from cxcoach.run import check as run_check

    choice(output_format, tuple(FORMATS), "--format")
    options = Options(
        packs=tuple(pack or ()),
        company=tuple(company or ()),
        rep=tuple(rep or ()),
        input_format=input_format,
        kind=kind,
        config=config,
        no_config=no_config,
        fail_on=fail_on,
        explain=explain,
        tags=tags,
    )
    done = run_check(paths or [], options, Messages(), staged=staged, fix=fix, diff=diff)
    if not done.report:
        return  # --diff: the patches were the output
    out = sys.stdout
    color = not no_color and "NO_COLOR" not in os.environ and out.isatty()
    shown = ReportOptions(done.sources, done.rules, color=color)
    if tags:
        from cxcoach.report import tags as tags_report

        tags_report.write(done.results, out, shown)
    reporter(output_format)(done.results, out, shown)
    raise typer.Exit(done.exit_code)


@app.command()
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(help="Folders, files, globs, .mbox and .jsonl exports.", show_default=False),
    ],
    include: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--include", help="Globs of files to read in folders (repeatable)."),
    ] = None,
    exclude: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--exclude", help="Globs of files to skip (repeatable)."),
    ] = None,
    jobs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--jobs", "-j", help="Worker processes (default: CPU count)."),
    ] = None,
    csv_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--csv", help="Write one row per document (CSV)."),
    ] = None,
    jsonl_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--jsonl", help="Write one row per document (JSON lines)."),
    ] = None,
    findings_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--findings", help="Write one row per finding (.csv or .jsonl)."),
    ] = None,
    html_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--html", help="Write a self-contained HTML report with charts."),
    ] = None,
    db_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--db", help="SQLite history: skip unchanged documents, query trends."),
    ] = None,
    pack: PackOpt = None,
    company: CompanyOpt = None,
    rep: RepOpt = None,
    input_format: InputFormatOpt = "auto",
    fail_on: Annotated[
        str,
        typer.Option(help="Exit 1 when a document has a finding at or above this level."),
    ] = "never",
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    kind: KindOpt = None,
    progress: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
) -> None:
    """Score many emails and transcripts: per-document rows, per-rep and per-rule summaries."""
    from cxcoach.report.batch import write_terminal
    from cxcoach.run import BatchOutputs, Options
    from cxcoach.run import batch as run_batch

    options = Options(
        packs=tuple(pack or ()),
        company=tuple(company or ()),
        rep=tuple(rep or ()),
        input_format=input_format,
        kind=kind,
        config=config,
        no_config=no_config,
        fail_on=fail_on,
    )
    outputs = BatchOutputs(
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        jobs=jobs,
        csv=csv_path,
        jsonl=jsonl_path,
        findings=findings_path,
        html=html_path,
        db=db_path,
        progress=progress if progress is not None else sys.stderr.isatty(),
    )
    done = run_batch(paths, options, outputs)
    write_terminal(
        done.summary,
        sys.stdout,
        elapsed=done.elapsed,
        megabytes=done.megabytes,
        interrupted=done.interrupted,
    )
    raise typer.Exit(done.exit_code)


@rules_app.command("list")
def rules_list(pack: PackOpt = None) -> None:
    """List the rules pack by pack, in load order: id, level, category."""
    from cxcoach.packs import CORE, bundled_packs, load_pack_file, load_packs, pack_files

    rules = load_packs(pack or [])
    files = pack_files(pack or [])
    names = [load_pack_file(f).name for f in files]
    width = max((len(r.id) for r in rules), default=10)
    for name in names:
        group = sorted((r for r in rules if r.pack == name), key=lambda r: r.id)
        note = ", always on" if name == CORE else ""
        typer.echo(f"{name} ({len(group)} rule{'' if len(group) == 1 else 's'}{note})")
        for rule in group:
            typer.echo(f"  {rule.id:<{width}}  {rule.level:<10}  {rule.category}")
    unused = [n for n in bundled_packs() if n not in names]
    if unused:
        typer.echo(f"not loaded: {', '.join(unused)} (add with --pack NAME)")


@rules_app.command("test")
def rules_test(
    packs: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Packs to test: bundled names or files (default: every bundled pack).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run every rule's examples; exit 1 if one 'fires' example is silent or 'silent' one fires."""
    from cxcoach.packs import load_pack_file, load_packs, load_words, pack_files
    from cxcoach.ruletest import run_examples

    if packs:
        loaded = [load_pack_file(p) for p in pack_files(packs, include_bundled=False)]
        extends = any(p.extends for p in loaded)
        rules = load_packs(packs, include_bundled=extends)
        names = {p.name for p in loaded}
        rules = [r for r in rules if r.pack in names]
        words = load_words(packs)
    else:
        rules = load_packs([])
        words = load_words([])
    count, failures = run_examples(rules, words)
    for failure in failures:
        typer.echo(failure.describe())
    typer.echo(
        f"{_rules(len(rules))}, {count} examples: "
        f"{count - len(failures)} passed, {len(failures)} failed"
    )
    raise typer.Exit(1 if failures else 0)


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter .cxcoach.yaml in the current folder."""
    from pathlib import Path

    from cxcoach.config import STARTER

    target = Path(".cxcoach.yaml")
    if target.exists() and not force:
        raise CxError(f"{target}: already exists (use --force to overwrite)")
    target.write_text(STARTER, encoding="utf-8")
    typer.echo(f"wrote {target}")


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id, as in check output.")],
    pack: PackOpt = None,
) -> None:
    """Show a rule: level, category, why, what to do instead, examples."""
    from cxcoach.packs import load_packs

    _show_rule(rule_id, load_packs(pack or []))


@app.command("explain")
def explain_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id, as in check output.")],
    pack: PackOpt = None,
) -> None:
    """Explain a rule (same as `cxcoach rules show ID`)."""
    from cxcoach.packs import load_packs

    _show_rule(rule_id, load_packs(pack or []))


def _show_rule(rule_id: str, rules: list[Rule]) -> None:
    import textwrap

    from cxcoach.packs import _hint

    found = {r.id: r for r in rules}
    rule = found.get(rule_id)
    if rule is None:
        hint = _hint(rule_id, found)
        if not hint:
            near = sorted(r for r in found if r.startswith(rule_id) or rule_id in r)
            hint = f", did you mean {' or '.join(repr(r) for r in near[:3])}?" if near else ""
        raise CxError(f"unknown rule '{rule_id}'{hint}")

    def para(label: str, text: str) -> None:
        body = textwrap.fill(" ".join(text.split()), width=88, subsequent_indent=" " * 10)
        typer.echo(f"{label:<10}{body}")

    typer.echo(f"{rule.id}  ({rule.level}, {rule.category}, pack {rule.pack}, {rule.kind})")
    typer.echo(f"applies to the {rule.applies_to}'s words, scope {rule.scope}")
    para("message", rule.message)
    para("why", rule.why)
    para("instead", rule.instead)
    if rule.fix:
        para("fix", rule.fix)
    options = {k: v for k, v in rule.options.items() if not k.startswith("_")}
    for key, value in options.items():
        shown = value if not isinstance(value, list) else f"{len(value)} entries"
        typer.echo(f"{'option':<10}{key}: {shown}")
    for label, examples in (("fires", rule.fires), ("silent", rule.silent)):
        for example in examples:
            text = " ".join(example.text.split())
            typer.echo(f"{label:<10}{text[:100] + ('…' if len(text) > 100 else '')}")


@rules_app.command("validate")
def rules_validate(
    packs: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Packs to validate: files or bundled names (default: every bundled pack).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check packs (keys, types, regexes, ids) without running them, and say
    which engine runs each regex: RE2 (linear time) or Python's (lookaround,
    backreferences; under a time budget per document)."""
    from cxcoach.matcher import DEFAULT_BUDGET
    from cxcoach.packs import (
        bundled_packs,
        load_pack_file,
        load_packs,
        pack_files,
        pattern_engines,
    )

    packs = packs or list(bundled_packs())
    loaded = [load_pack_file(p) for p in pack_files(packs, include_bundled=False)]
    load_packs(packs, include_bundled=any(p.extends for p in loaded))
    for pack in loaded:
        typer.echo(f"{pack.path}: ok (pack '{pack.name}', {_rules(len(pack.rules))})")
        engines = pattern_engines(pack)
        width = max((len(e.where) for e in engines), default=0)
        for e in engines:
            why = f"  (RE2: {e.why})" if e.why else ""
            typer.echo(f"  {e.where:<{width}}  {e.engine:<6}  {e.source}{why}")
        slow = sum(1 for e in engines if e.engine == "python")
        if slow:
            typer.echo(
                f"  {slow} of {len(engines)} patterns need Python's engine: each runs under a "
                f"{DEFAULT_BUDGET:g} s budget per rule and document (a runaway is an error "
                "for that rule and file)"
            )


@rules_app.command("docs")
def rules_docs(
    pack: PackOpt = None,
    out: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--out", "-o", help="Write to this file (default: standard output)."),
    ] = None,
) -> None:
    """Write the rule reference (Markdown): each rule's why, instead, options, examples."""
    from pathlib import Path

    from cxcoach.packs import load_pack_file, pack_files
    from cxcoach.report.ruledocs import render

    data = render([load_pack_file(f) for f in pack_files(pack or [])]).encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(data)
        return
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise CxError(f"{out}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out}", err=True)


hook_app = typer.Typer(
    no_args_is_help=True,
    help="Install or remove git hooks (pre-commit, sendemail-validate).",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(hook_app, name="hook")

HookType = Annotated[str, typer.Option("--type", help="pre-commit | sendemail-validate | both.")]


def _rules(count: int) -> str:
    return f"{count} rule" if count == 1 else f"{count} rules"


def _hook_kinds(kind: str) -> list[str]:
    from cxcoach.run import choice

    choice(kind, ("pre-commit", "sendemail-validate", "both"), "--type")
    return ["pre-commit", "sendemail-validate"] if kind == "both" else [kind]


@hook_app.command("install")
def hook_install(
    kind: HookType = "pre-commit",
    force: Annotated[
        bool, typer.Option("--force", help="Replace a hook cxcoach did not write.")
    ] = False,
    chain: Annotated[
        bool,
        typer.Option(
            "--chain", help="Keep a hook cxcoach did not write and run it before cxcoach."
        ),
    ] = False,
) -> None:
    """Write cxcoach's git hook(s) into this repository (honours core.hooksPath); with
    the pre-commit framework, print the entry for its config instead."""
    from cxcoach.hooks import FRAMEWORK_ENTRY, framework_config, install

    kinds = _hook_kinds(kind)
    config = framework_config() if "pre-commit" in kinds else None
    if config is not None:
        kinds.remove("pre-commit")
        if "id: cxcoach" in config.read_text(encoding="utf-8", errors="replace"):
            typer.echo(f"{config}: already runs cxcoach (the pre-commit framework); nothing to do")
        else:
            typer.echo(
                f"{config}: this repository uses the pre-commit framework, so no raw "
                "pre-commit hook was written. Add this entry to its 'repos:' list "
                "(then `pre-commit install`):\n"
            )
            typer.echo(FRAMEWORK_ENTRY, nl=False)
    for done in install(kinds, force=force, chain=chain):
        also = f" (runs the earlier hook {done.chained.name} first)" if done.chained else ""
        typer.echo(f"installed {done.path}{also}")


@hook_app.command("uninstall")
def hook_uninstall(kind: HookType = "both") -> None:
    """Remove cxcoach's git hook(s) and put back a hook kept by --chain; other hooks
    are left alone."""
    from cxcoach.hooks import uninstall

    removed = uninstall(_hook_kinds(kind))
    for done in removed:
        typer.echo(f"removed {done.path}" + (" (the earlier hook is back)" if done.chained else ""))
    if not removed:
        typer.echo("no cxcoach hook to remove")


def _error(message: str) -> None:
    from cxcoach.report.messages import Messages

    Messages().error(message)


# `cxcoach check` runs in git hooks on every commit: typer builds the click command
# of every registered command at start-up (~7 ms for the whole tree), so for
# `check` we hand typer an app that holds that one command only.
_check_app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_check_app.command()(check)


def main() -> None:
    """Console-script entry point: user errors become one line and exit code 2."""
    try:
        if sys.argv[1:2] == ["check"]:
            _check_app(args=sys.argv[2:], prog_name="cxcoach check")
        else:
            app()
    except CxError as exc:
        _error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("cxcoach: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, unless debugging
        if os.environ.get("CXCOACH_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (CXCOACH_DEBUG=1 shows the traceback)")
        sys.exit(2)

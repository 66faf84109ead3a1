"""The ``cxcoach`` command line: argument parsing and wiring only.

Heavy modules (yaml, rich, textstat) are imported inside the commands that need
them, so ``cxcoach check`` in a git hook starts about as fast as Python does.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cxcoach import __version__
from cxcoach.model import CxError

if TYPE_CHECKING:
    from cxcoach.config import Config
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
    help="List and test rule packs.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_app, name="rules")

FAIL_ON = ("suggestion", "warning", "error", "never")
_FORMATS_HELP = (
    "auto | email | mbox | speaker-lines | vtt | srt | otter | fireflies | fathom | gong"
)
FORMATS = ("text", "json")

PackOpt = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer 0.28 needs Optional here
    typer.Option("--pack", "-p", help="Add a rule pack (YAML file). Repeatable."),
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
        list[str],
        typer.Argument(help="Files to check; '-' reads standard input.", show_default=False),
    ],
    pack: PackOpt = None,
    company: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--company", "-c", help="Your own company name (repeatable)."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text | json.")
    ] = "text",
    fail_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Exit 1 on a finding at or above: suggestion | warning | error | never."),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Plain text even on a terminal.")
    ] = False,
    rep: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--rep", "-r", help="Who the rep is: a speaker's first or full name."),
    ] = None,
    input_format: Annotated[
        str, typer.Option(help="Input format (default: detected). " + _FORMATS_HELP)
    ] = "auto",
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config", help="Config file (default: .cxcoach.yaml found upward)."),
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore config files.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how each score was computed.")
    ] = False,
) -> None:
    """Check drafts and transcripts and show what to do instead."""
    from cxcoach.engine import analyze, compile_rules
    from cxcoach.inputs import read_path
    from cxcoach.model import FileResult, level_at_least
    from cxcoach.packs import load_packs
    from cxcoach.parse import parse_documents
    from cxcoach.scoring import score

    _choice(output_format, FORMATS, "--format")
    from cxcoach.parse import FORMATS as INPUT_FORMATS

    _choice(input_format, INPUT_FORMATS, "--input-format")
    settings = _settings(paths, config, no_config)
    fail_on = fail_on or settings.fail_on or "warning"
    _choice(fail_on, FAIL_ON, "--fail-on")
    rules = _apply_config(settings, load_packs([*settings.packs, *(pack or [])]))
    ruleset = compile_rules(rules, company=company or settings.company)
    rep = rep or list(settings.reps)
    results: list[FileResult] = []
    sources: dict[str, str] = {}
    bad_input = False
    for path in paths:
        try:
            source = read_path(path)
        except CxError as exc:
            _error(str(exc))
            results.append(FileResult(path, error=str(exc)))
            bad_input = True
            continue
        documents = parse_documents(
            source, input_format=input_format, rep_names=tuple(rep or ()), name=path
        )
        sources[path] = source
        for label, doc in documents:
            shown = path if label is None else f"{path}#{label}"
            for notice in doc.notices:
                sys.stderr.write(f"cxcoach: {shown}: note: {notice}\n")
            findings, metrics = analyze(doc, ruleset)
            scored = score(findings)
            sources[shown] = source
            extra = {
                "kind": doc.kind,
                "score": scored.total,
                "categories": scored.categories,
                "deductions": [d.to_dict() for d in scored.deductions],
                "metrics": metrics.to_dict(),
                "strengths": metrics.strengths,
            }
            if explain:
                from cxcoach.scoring import explain as explain_score

                extra["explain"] = explain_score(scored)
            results.append(FileResult(shown, tuple(findings), doc.notices, extra=extra))
    if output_format == "json":
        from cxcoach.report import json as json_report

        json_report.write(results, sys.stdout)
    else:
        from cxcoach.report import terminal

        color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
        terminal.write(results, sources, sys.stdout, color=color, explain=explain)
    if bad_input:
        raise typer.Exit(2)
    failing = any(level_at_least(f.level, fail_on) for r in results for f in r.findings)
    raise typer.Exit(1 if failing else 0)


@rules_app.command("list")
def rules_list(pack: PackOpt = None) -> None:
    """List the rules: id, level, category, pack."""
    from cxcoach.packs import load_packs

    rules = load_packs(pack or [])
    width = max((len(r.id) for r in rules), default=10)
    for rule in sorted(rules, key=lambda r: (r.pack, r.id)):
        typer.echo(f"{rule.id:<{width}}  {rule.level:<10}  {rule.category:<14}  {rule.pack}")


@rules_app.command("test")
def rules_test(
    packs: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help="Pack files to test (default: the bundled packs).", show_default=False),
    ] = None,
) -> None:
    """Run every rule's examples; exit 1 if one 'fires' example is silent or 'silent' one fires."""
    from cxcoach.packs import load_pack_file, load_packs
    from cxcoach.ruletest import run_examples

    if packs:
        loaded = [load_pack_file(p) for p in packs]
        extends = any(p.extends for p in loaded)
        rules = load_packs(packs, include_bundled=extends)
        names = {p.name for p in loaded}
        rules = [r for r in rules if r.pack in names]
    else:
        rules = load_packs([])
    count, failures = run_examples(rules)
    for failure in failures:
        typer.echo(failure.describe())
    typer.echo(
        f"{len(rules)} rules, {count} examples: "
        f"{count - len(failures)} passed, {len(failures)} failed"
    )
    raise typer.Exit(1 if failures else 0)


def _settings(paths: list[str], explicit: str | None, disabled: bool) -> Config:
    """The run's Config: --config, else discovered from the first file's folder."""
    from cxcoach.config import Config, discover, load_config

    if disabled:
        return Config()
    if explicit:
        return load_config(explicit)
    first = next((p for p in paths if p != "-"), None)
    found = discover(first)
    return load_config(found) if found else Config()


def _apply_config(settings: Config, rules: list[Rule]) -> list[Rule]:
    from cxcoach.config import apply

    return apply(settings, rules)


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


def _choice(value: str, choices: tuple[str, ...], option: str) -> None:
    if value not in choices:
        raise CxError(f"{option}: invalid value '{value}' (expected {' | '.join(choices)})")


def _error(message: str) -> None:
    sys.stderr.write(f"cxcoach: error: {message}\n")


def main() -> None:
    """Console-script entry point: user errors become one line and exit code 2."""
    try:
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

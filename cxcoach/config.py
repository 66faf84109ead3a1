"""Team configuration: ``.cxcoach.yaml`` or ``[tool.cxcoach]`` in ``pyproject.toml``.

Discovered from the folder of the first checked file (the current folder for
stdin) upward to the filesystem root; the nearest file wins. Keys::

    reps: [Dana Lee, Sam]        # who the rep is in transcripts and threads
    company: [Ledgerly]          # your own company names (company-first-opening)
    packs: [email, team.yaml]    # bundled packs by name (core + these; default: all),
                                 # and pack files, relative to the config file
    disable: [hedging]           # rule ids to switch off
    level: {generic-outreach: error}          # re-level rules
    thresholds: {talk-ratio: {max-share: 0.6}}  # numeric options of rules
    fail-on: warning             # suggestion | warning | error | never
    ignore: [{rule: email-length, files: "newsletters/*"}]
    hook-files: ["*.txt", "*.md", "*.eml"]   # what `check --staged` looks at
    kind: auto                   # outreach | sales | service | other: force what the messages are

Unknown keys, wrong types and unknown rule ids are one-line errors naming
``file:line:col``. Command-line options win over the file.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from cxcoach import cache
from cxcoach.model import FAIL_ON, LEVELS, CxError, Level, Rule
from cxcoach.packs import PackError, _cache_key, _compose, _hint, _Validator, bundled_rule, pack_ref

CONFIG_NAMES = (".cxcoach.yaml", ".cxcoach.yml")
KEYS = (
    "reps",
    "company",
    "packs",
    "disable",
    "level",
    "thresholds",
    "fail-on",
    "ignore",
    "hook-files",
    "kind",
)
KINDS = ("auto", "outreach", "sales", "service", "other")
DEFAULT_HOOK_FILES = ("*.txt", "*.md", "*.eml")

STARTER = """\
# cxcoach configuration (see docs/configuration.md in the cxcoach repository).
# Found from the checked file's folder upward; command-line options win.

# Who sells: speaker names (first or full) in transcripts and email threads.
reps: []
#  - Dana Lee

# Your own company names: mentioning them in the opening is company talk.
company: []
#  - Ledgerly

# Rule packs. Bundled packs by name: core always runs; naming situation packs
# (sales, email, calls, support) runs only those, none named runs them all.
# Pack files (paths relative to this file) add to that. See `cxcoach rules list`.
packs: []
#  - sales
#  - email
#  - sales-team.yaml

# Rules to switch off, and rules to re-level (suggestion | warning | error).
disable: []
#  - hedging
level: {}
#  generic-outreach: error

# Numeric options of rules (see `cxcoach rules show ID` for each rule's options).
thresholds: {}
#  talk-ratio:
#    max-share: 0.6

# Exit 1 when a finding is at or above this level: suggestion | warning | error | never.
fail-on: warning

# Findings to ignore in some files (they are still counted as suppressed).
ignore: []
#  - rule: email-length
#    files: "newsletters/*"

# Files the pre-commit hook checks (`cxcoach check --staged`).
hook-files: ["*.txt", "*.md", "*.eml"]

# What the messages are: auto (decided per message) | outreach | sales | service | other.
# Outreach rules run on outreach and sales; service rules on service and sales;
# other mail gets only the rules that hold everywhere.
kind: auto
"""


class Config(NamedTuple):
    path: str | None = None
    reps: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()
    disable: tuple[tuple[str, str], ...] = ()  # (rule id, where)
    levels: dict[str, tuple[Level, str]] = {}  # noqa: RUF012 - never mutated
    thresholds: dict[str, tuple[dict[str, Any], str]] = {}  # noqa: RUF012 - never mutated
    fail_on: str | None = None
    ignore: tuple[tuple[str, str], ...] = ()  # (rule id or "all", file glob)
    hook_files: tuple[str, ...] = DEFAULT_HOOK_FILES
    kind: str | None = None


def discover(start: str | os.PathLike[str] | None) -> Path | None:
    """The nearest ``.cxcoach.yaml`` or pyproject.toml with ``[tool.cxcoach]``."""
    folder = Path(start or ".").resolve()
    if folder.is_file() or not folder.exists():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                if b"[tool.cxcoach]" in pyproject.read_bytes():
                    return pyproject
            except OSError:
                continue
    return None


def load_config(path: str | os.PathLike[str]) -> Config:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CxError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    if path.name == "pyproject.toml":
        return _from_toml(data, str(path))
    digest = _cache_key(data, sys.modules[__name__])  # this validator's code too
    key = f"config-{digest}-{zlib.crc32(str(path.resolve()).encode()):08x}.bin"
    cached = cache.read(key)
    if cached is not None:
        try:
            return _from_marshal(marshal.loads(cached))
        except (ValueError, EOFError, TypeError, KeyError):
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CxError(f"{path}:1:1: config is not UTF-8 text") from None
    if not text.strip():
        return Config(path=str(path))
    node = _compose(text, str(path))
    config = _ConfigValidator(str(path)).config(node)
    cache.write(key, marshal.dumps(_to_marshal(config)))
    return config


def _to_marshal(config: Config) -> dict[str, Any]:
    """A valid config as plain data, so a warm run need not import yaml (~10 ms)."""
    return {
        "path": config.path,
        "reps": config.reps,
        "company": config.company,
        "packs": config.packs,
        "disable": config.disable,
        "levels": config.levels,
        "thresholds": config.thresholds,
        "fail_on": config.fail_on,
        "ignore": config.ignore,
        "hook_files": config.hook_files,
        "kind": config.kind,
    }


def _from_marshal(data: dict[str, Any]) -> Config:
    return Config(
        path=data["path"],
        reps=tuple(data["reps"]),
        company=tuple(data["company"]),
        packs=tuple(data["packs"]),
        disable=tuple((d[0], d[1]) for d in data["disable"]),
        levels={k: (v[0], v[1]) for k, v in data["levels"].items()},
        thresholds={k: (dict(v[0]), v[1]) for k, v in data["thresholds"].items()},
        fail_on=data["fail_on"],
        ignore=tuple((i[0], i[1]) for i in data["ignore"]),
        hook_files=tuple(data["hook_files"]),
        kind=data.get("kind"),
    )


class _ConfigValidator(_Validator):
    def packs(self, entry: tuple[Any, Any] | None, base: Path) -> tuple[str, ...]:
        """``packs:``: bundled pack names kept as names, files made relative to the
        config's folder (:func:`cxcoach.packs.pack_ref`); an unknown name is an error
        at its line."""
        if entry is None:
            return ()
        node = entry[1]
        items = [node] if node.tag == "tag:yaml.org,2002:str" else self.seq(node, "packs")
        return tuple(
            _pack_ref(_where_node(self.path, item), self.string(item, "packs"), base)
            for item in items
        )

    def config(self, root: Any) -> Config:
        fields = self.mapping(root, "the config")
        for key, (key_node, _) in fields.items():
            if key not in KEYS:
                raise self.unknown_key(key_node, key, KEYS, "the config")
        base = Path(self.path).parent

        def names(key: str) -> tuple[str, ...]:
            if key not in fields:
                return ()
            node = fields[key][1]
            if node.tag == "tag:yaml.org,2002:str":
                return (self.string(node, key),)
            items = self.seq(node, key)
            return tuple(self.string(item, key) for item in items)

        disable: tuple[tuple[str, str], ...] = ()
        if "disable" in fields:
            disable = tuple(
                (self.string(item, "disable"), _where_node(self.path, item))
                for item in self.seq(fields["disable"][1], "disable")
            )
        levels: dict[str, tuple[Level, str]] = {}
        if "level" in fields:
            for rule_id, (key_node, value) in self.mapping(fields["level"][1], "level").items():
                levels[rule_id] = (
                    self.choice(value, "level", LEVELS),
                    _where_node(self.path, key_node),
                )
        thresholds: dict[str, tuple[dict[str, Any], str]] = {}
        if "thresholds" in fields:
            for rule_id, (key_node, value) in self.mapping(
                fields["thresholds"][1], "thresholds"
            ).items():
                options = {}
                for option, (opt_key, opt_value) in self.mapping(
                    value, f"thresholds of {rule_id}"
                ).items():
                    options[option] = (
                        self.number(opt_value, option),
                        _where_node(self.path, opt_key),
                    )
                thresholds[rule_id] = (options, _where_node(self.path, key_node))
        fail_on = (
            self.choice(fields["fail-on"][1], "fail-on", FAIL_ON) if "fail-on" in fields else None
        )
        ignore: list[tuple[str, str]] = []
        if "ignore" in fields:
            for item in self.seq(fields["ignore"][1], "ignore"):
                entry = self.mapping(item, "an ignore entry")
                for key, (key_node, _) in entry.items():
                    if key not in ("rule", "files"):
                        raise self.unknown_key(key_node, key, ("rule", "files"), "an ignore entry")
                if "rule" not in entry or "files" not in entry:
                    raise self.fail(item, "an ignore entry needs 'rule' and 'files'")
                ignore.append(
                    (self.string(entry["rule"][1], "rule"), self.string(entry["files"][1], "files"))
                )
        return Config(
            path=self.path,
            reps=names("reps"),
            company=names("company"),
            packs=self.packs(fields.get("packs"), base),
            disable=disable,
            levels=levels,
            thresholds=thresholds,
            fail_on=fail_on,
            ignore=tuple(ignore),
            hook_files=names("hook-files") or DEFAULT_HOOK_FILES,
            kind=self.choice(fields["kind"][1], "kind", KINDS) if "kind" in fields else None,
        )


def _pack_ref(where: str, ref: str, base: Path) -> str:
    """:func:`cxcoach.packs.pack_ref`, its error prefixed with ``where`` in the config."""
    try:
        return pack_ref(ref, base)
    except PackError as exc:
        raise PackError(f"{where}: {exc}") from None


def _where_node(path: str, node: Any) -> str:
    return f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _from_toml(data: bytes, path: str) -> Config:
    """``[tool.cxcoach]`` in pyproject.toml (tomllib gives no line numbers: we find them)."""
    import tomllib

    try:
        table = tomllib.loads(data.decode("utf-8")).get("tool", {}).get("cxcoach", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CxError(f"{path}: invalid TOML: {exc}") from None
    text = data.decode("utf-8", errors="replace")
    section = text.find("[tool.cxcoach]")
    section_line = text.count("\n", 0, section) + 1

    def where(key: str) -> str:
        for offset, line in enumerate(text[section:].splitlines()):
            if line.strip().startswith((key, f'"{key}"')):
                return f"{path}:{section_line + offset}:1"
        return f"{path}:{section_line}:1"

    for key in table:
        if key not in KEYS:
            raise CxError(f"{where(key)}: unknown key '{key}' in [tool.cxcoach]{_hint(key, KEYS)}")

    def names(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CxError(f"{where(key)}: '{key}' must be a list of strings")
        return tuple(value)

    levels = {}
    for rule_id, level in (table.get("level") or {}).items():
        if level not in LEVELS:
            raise CxError(f"{where('level')}: unknown level '{level}' for {rule_id}")
        levels[rule_id] = (level, where("level"))
    thresholds = {}
    for rule_id, options in (table.get("thresholds") or {}).items():
        if not isinstance(options, dict):
            raise CxError(f"{where('thresholds')}: thresholds of {rule_id} must be a table")
        thresholds[rule_id] = (
            {k: (v, where("thresholds")) for k, v in options.items()},
            where("thresholds"),
        )
    kind = table.get("kind")
    if kind is not None and kind not in KINDS:
        raise CxError(f"{where('kind')}: unknown kind '{kind}' (expected {' | '.join(KINDS)})")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise CxError(f"{where('fail-on')}: unknown fail-on '{fail_on}'")
    ignore = []
    for entry in table.get("ignore") or []:
        if not isinstance(entry, dict) or not {"rule", "files"} <= entry.keys():
            raise CxError(f"{where('ignore')}: an ignore entry needs 'rule' and 'files'")
        ignore.append((str(entry["rule"]), str(entry["files"])))
    base = Path(path).parent
    return Config(
        path=path,
        ignore=tuple(ignore),
        hook_files=names("hook-files") or DEFAULT_HOOK_FILES,
        reps=names("reps"),
        company=names("company"),
        packs=tuple(_pack_ref(where("packs"), p, base) for p in names("packs")),
        disable=tuple((r, where("disable")) for r in names("disable")),
        levels=levels,
        thresholds=thresholds,
        fail_on=fail_on,
        kind=kind,
    )


def apply(config: Config, rules: list[Rule]) -> list[Rule]:
    """Disable, re-level and tune ``rules`` as the config says.

    An entry about a rule of a bundled pack that this run does not load (the
    config's ``disable: [talk-ratio]`` in a run of ``--pack email``) is checked
    against that rule and has no effect, so one config serves every selection of
    packs; an id no pack defines is an error."""
    by_id = {r.id: r for r in rules}

    def known(rule_id: str, where: str, action: str) -> Rule:
        """The rule: in this run, else in a bundled pack the run does not load."""
        rule = by_id.get(rule_id) or bundled_rule(rule_id)
        if rule is None:
            raise CxError(
                f"{where}: cannot {action} unknown rule '{rule_id}'{_hint(rule_id, by_id)}"
            )
        return rule

    for rule_id, where in config.disable:
        known(rule_id, where, "disable")
    for rule_id, _glob in config.ignore:
        if rule_id != "all":
            known(rule_id, config.path or "config", "ignore")
    for rule_id, (level, where) in config.levels.items():
        rule = known(rule_id, where, "re-level")
        if rule_id in by_id:
            by_id[rule_id] = rule._replace(level=level)
    for rule_id, (options, where) in config.thresholds.items():
        rule = _tuned(known(rule_id, where, "tune"), options)  # checked even if not run
        if rule_id in by_id:
            by_id[rule_id] = rule
    disabled = {rule_id for rule_id, _ in config.disable}
    return [by_id[r.id] for r in rules if r.id not in disabled]


def _tuned(rule: Rule, options: dict[str, tuple[Any, str]]) -> Rule:
    """``rule`` with the config's numeric ``options``; an option it does not have
    as a number is an error."""
    merged = dict(rule.options)
    for option, (value, opt_where) in options.items():
        current = rule.options.get(option)
        if not isinstance(current, int | float) or isinstance(current, bool):
            numeric = sorted(
                k
                for k, v in rule.options.items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            )
            raise PackError(
                f"{opt_where}: rule '{rule.id}' has no numeric option '{option}'"
                + (f" (it has: {', '.join(numeric)})" if numeric else " (it has none)")
            )
        merged[option] = value
    return rule._replace(options=merged)

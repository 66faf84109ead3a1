"""Rule packs: YAML files -> validated :class:`~cxcoach.model.Rule` objects.

Loading is strict: unknown keys, wrong types, unknown kinds or levels,
duplicate ids or keys, bad or catastrophic regexes, empty packs, non-YAML files
and YAML anchors/aliases (the "billion laughs" bomb) are each a one-line
:class:`PackError` naming ``file:line:col``, with a "did you mean" hint where
one helps. Only safe YAML is used (libyaml's ``CSafeLoader`` when available).

The bundled packs (``rules/*.yaml``) are split by situation: ``core`` (always
loaded; it also holds the tagger's word classes) and the situation packs
``sales``, ``email``, ``calls`` and ``support``. :func:`pack_files` turns what a
run names (``--pack``, a config's ``packs:``: bundled names or file paths) into
the files to load: core plus the named situation packs, all of them when none is
named, then the pack files.

Validated packs are cached (marshal), one entry per pack file, keyed by the
file's content checksum, the cxcoach and Python versions and the validating
code, under the user cache folder, so a warm ``cxcoach check`` does not even
import ``yaml``. Set ``CXCOACH_NO_CACHE=1`` to bypass the cache.
"""

from __future__ import annotations

import functools
import marshal
import os
import re
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from cxcoach import cache
from cxcoach.checks import KINDS
from cxcoach.checks.base import (
    ACTS,
    BOOL,
    INT,
    NUMBER,
    PATTERN_LIST,
    REGEX_LIST,
    STR,
    STR_LIST,
    TAG_LIST,
    Option,
)
from cxcoach.checks.matching import phrase_regex
from cxcoach.checks.pattern import ENTRY_KEYS, required_literals
from cxcoach.matcher import Pattern, python_risk
from cxcoach.model import CATEGORIES, LEVELS, AppliesTo, CxError, Example, Rule, Scope
from cxcoach.tagging.lexicon import CLASSES, Lexicon
from cxcoach.tagging.situation import SITUATIONS
from cxcoach.version import __version__

PACK_KEYS = ("pack", "version", "description", "extends", "disable", "levels", "words", "rules")
RULE_KEYS = (
    "id",
    "kind",
    "level",
    "category",
    "applies-to",
    "scope",
    "message",
    "why",
    "instead",
    "fix",
    "examples",
    "description",
    "situations",
)
REQUIRED_RULE_KEYS = ("id", "kind", "level", "category", "message", "why", "instead")
APPLIES_TO: tuple[AppliesTo, ...] = ("rep", "prospect", "any")
SCOPES: tuple[Scope, ...] = ("any", "opening", "closing", "first-touch", "after-call-reason")
EXAMPLE_KEYS = ("text", "company", "rep", "format", "situation")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CORE = "core"  # the bundled pack every run loads
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # a --pack value that is a name, not a path
MAX_NODES = 100_000
CACHE_FORMAT = 4


class PackError(CxError):
    """A rule pack problem, formatted ``file:line:col: message``."""


class Pack(NamedTuple):
    name: str
    path: str
    rules: list[Rule]
    extends: list[str] = []  # noqa: RUF012 - never mutated
    disable: list[tuple[str, int]] = []  # noqa: RUF012 - never mutated
    levels: dict[str, tuple[str, int]] = {}  # noqa: RUF012 - never mutated
    version: str = ""
    words: dict[str, list[str]] = {}  # noqa: RUF012 - never mutated
    words_derived: dict[str, list[Any]] = {}  # noqa: RUF012 - pattern -> [regex, engine, literals]


@functools.cache
def bundled_dir() -> Path:
    """The bundled ``rules/`` folder: inside the wheel, or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


def bundled_packs() -> dict[str, Path]:
    """The bundled packs by name (each file is named after its ``pack:``): ``core``
    first, then the situation packs in alphabetical order, which is the order a run
    loads them in. One directory listing; no pack is read."""
    folder = bundled_dir()
    try:
        names = sorted(n[:-5] for n in os.listdir(folder) if n.endswith(".yaml"))
    except OSError:
        names = []
    return {name: folder / f"{name}.yaml" for name in sorted(names, key=lambda n: n != CORE)}


def bundled_paths() -> list[Path]:
    return list(bundled_packs().values())


# --------------------------------------------------------------------------- selecting


def pack_ref(ref: str, base: str | Path | None = None) -> str:
    """One ``--pack`` value or config ``packs:`` entry as :func:`pack_files` takes it:
    a bundled pack's name (also for the path of a bundled pack's file), else a file
    path (relative to ``base``, the config file's folder, when given).

    A bundled name always means the bundled pack (write ``./email`` for a file
    called ``email``). A bare word that is neither a bundled name nor an existing
    file is a :class:`PackError` naming it and listing the bundled packs: a typo
    in a name must not read as a missing file, nor be skipped.
    """
    bundled = bundled_packs()
    if ref in bundled:
        return ref
    path = Path(base) / ref if base is not None else Path(ref)
    if _NAME.fullmatch(ref) and not path.exists():
        raise PackError(
            f"unknown pack '{ref}'{_hint(ref, bundled)} (bundled packs: "
            f"{', '.join(bundled)}; a pack file is a path such as ./{ref}.yaml)"
        )
    for name, bundled_path in bundled.items():
        if path.name == bundled_path.name and path.resolve() == bundled_path.resolve():
            return name
    return str(path)


def pack_files(refs: Iterable[str] = (), *, include_bundled: bool = True) -> list[str]:
    """The files a run loads, in load order, for ``refs``: ``--pack`` values and a
    config's ``packs:``, each a bundled pack's name or a pack file (see
    :func:`pack_ref`).

    The bundled packs of a run are ``core``, always, plus the situation packs that
    ``refs`` names; naming none means all of them (the default set). Naming packs
    replaces the default set, it does not add to it: ``--pack email`` runs core and
    email. Pack files come after the bundled packs, in the order given, and never
    change which bundled packs load. ``include_bundled=False``: only what ``refs``
    names, core included only when named (``rules test``/``validate`` of given packs).
    """
    bundled = bundled_packs()
    named: set[str] = set()
    files: list[str] = []
    for ref in refs:
        resolved = pack_ref(str(ref))
        if resolved in bundled:
            named.add(resolved)
        else:
            files.append(resolved)
    if include_bundled:
        named = {CORE, *(named or bundled)}
    return [str(path) for name, path in bundled.items() if name in named] + files


def bundled_rule(rule_id: str) -> Rule | None:
    """The bundled rule ``rule_id``, in whichever bundled pack (reads every bundled
    pack, from the cache: only asked when a run lacks the rule, to tell a rule of
    a pack the run does not load from an unknown id)."""
    for path in bundled_paths():
        for rule in load_pack_file(str(path)).rules:
            if rule.id == rule_id:
                return rule
    return None


# --------------------------------------------------------------------------- loading


def load_packs(refs: Iterable[str] = (), *, include_bundled: bool = True) -> list[Rule]:
    """The effective rules of the packs ``refs`` selects (see :func:`pack_files`):
    by default every bundled pack; ``["email"]``: core and email; ``["team.yaml"]``:
    every bundled pack and team.yaml.

    Later packs may ``extends:`` earlier ones to ``disable`` or re-``level`` their
    rules; ids must be unique across all packs.
    """
    packs = [load_pack_file(f) for f in pack_files(refs, include_bundled=include_bundled)]
    return resolve(packs)


def load_words(refs: Iterable[str] = (), *, include_bundled: bool = True) -> Lexicon:
    """The merged word classes (``words:``) of the packs ``refs`` selects (see
    :func:`pack_files`): later packs add words to the classes of earlier ones.
    The bundled classes live in ``core``, which every default run loads."""
    merged: dict[str, list[str]] = {}
    derived: dict[str, list[str]] = {}
    for f in pack_files(refs, include_bundled=include_bundled):
        pack = load_pack_file(f)
        for name, values in pack.words.items():
            merged.setdefault(name, []).extend(values)
        derived.update(pack.words_derived)
    return Lexicon(merged, derived)


def resolve(packs: list[Pack]) -> list[Rule]:
    """The rules of ``packs`` after each pack's ``disable:`` and ``levels:``.

    A pack that ``extends:`` a bundled pack the run does not load, or disables or
    re-levels one of its rules, is accepted: that rule is not running anyway, so one
    team pack serves every selection of bundled packs. Unknown names are errors.
    """
    rules: dict[str, Rule] = {}
    owner: dict[str, str] = {}
    paths: dict[str, str] = {}
    for pack in packs:
        if pack.name in paths:
            raise PackError(
                f"{pack.path}:1:1: pack name '{pack.name}' is already used by {paths[pack.name]}"
            )
        for base in pack.extends:
            if base not in paths and base not in bundled_packs():
                raise PackError(
                    f"{pack.path}:1:1: extends unknown pack '{base}'{_hint(base, paths)}"
                )
        for rule in pack.rules:
            if rule.id in rules:
                raise PackError(
                    f"{rule.origin}: duplicate rule id '{rule.id}' (already in pack "
                    f"'{owner[rule.id]}')"
                )
            rules[rule.id] = rule
            owner[rule.id] = pack.name
        for rule_id, line in pack.disable:
            if rule_id in rules:
                del rules[rule_id]
            elif bundled_rule(rule_id) is None:
                raise PackError(
                    f"{pack.path}:{line}:1: cannot disable unknown rule '{rule_id}'"
                    f"{_hint(rule_id, rules)}"
                )
        for rule_id, (level, line) in pack.levels.items():
            if rule_id in rules:
                rules[rule_id] = _replace(rules[rule_id], level=level)
            elif bundled_rule(rule_id) is None:
                raise PackError(
                    f"{pack.path}:{line}:1: cannot re-level unknown rule '{rule_id}'"
                    f"{_hint(rule_id, rules)}"
                )
        paths[pack.name] = pack.path
    return list(rules.values())


def _replace(rule: Rule, **changes: Any) -> Rule:

    return rule._replace(**changes)


# (resolved path, content key): packs read in this process. Keyed by the content, not
# the modification time: a pack rewritten within one tick of the file system's clock
# (a script tuning a threshold) still differs here.
_LOADED: dict[tuple[str, str], Pack] = {}


def load_pack_file(path: str) -> Pack:
    """The validated pack in ``path``. A run loads several packs, twice (rules and
    words), so a pack this process already has costs one read and a checksum."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PackError(f"{path}: no such rule pack file") from None
    except OSError as exc:
        if Path(path).is_dir():
            raise PackError(f"{path}: is a directory, expected a YAML rule pack file") from None
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    digest = _cache_key(data)
    key = (os.path.abspath(path), digest)
    pack = _LOADED.get(key)
    if pack is None:
        pack = _load_pack(data, digest, path)
        _LOADED[key] = pack
    return pack


def _load_pack(data: bytes, digest: str, path: str) -> Pack:
    """The validated pack of ``data``: from the disk cache, or validated and cached."""
    cached = _cache_read(digest)
    if cached is not None:
        try:
            return _pack_from_json(cached, path)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a cache entry of another shape: validate the file again
    if b"\x00" in data:
        raise PackError(f"{path}:1:1: not a YAML file (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}:1:1: not a UTF-8 YAML file ({exc.reason})") from None
    pack = parse_pack(text, path)
    _cache_write(digest, _pack_to_json(pack))
    return pack


def parse_pack(text: str, path: str) -> Pack:
    """Validate the YAML text of a pack (``path`` is only used in messages)."""
    tree = _compose(text, path)
    return _Validator(path).pack(tree)


# --------------------------------------------------------------------------- YAML nodes


def _compose(text: str, path: str) -> Any:
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or exc.context or "invalid YAML"
            raise PackError(f"{path}:{line}:{col}: invalid YAML: {problem}") from None
        except yaml.YAMLError as exc:
            raise PackError(f"{path}:1:1: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise PackError(f"{path}:1:1: empty rule pack (expected 'pack:' and 'rules:')")
    _check_no_aliases(node, path)
    return node


def _check_no_aliases(root: Any, path: str) -> None:
    """Reject shared nodes (anchors/aliases): they are the YAML bomb vector."""
    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        if id(node) in seen:
            m = node.start_mark
            raise PackError(
                f"{path}:{m.line + 1}:{m.column + 1}: YAML anchors and aliases are not "
                "allowed in rule packs"
            )
        seen.add(id(node))
        if count > MAX_NODES:
            raise PackError(f"{path}:1:1: rule pack too large (over {MAX_NODES} YAML nodes)")
        value = node.value
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)


def _where(path: str, node: Any) -> str:
    m = node.start_mark
    return f"{path}:{m.line + 1}:{m.column + 1}"


def _hint(word: str, choices: Any) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f", did you mean '{close[0]}'?" if close else ""


_TYPE_NAMES = {
    "tag:yaml.org,2002:str": "a string",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "empty (null)",
    "tag:yaml.org,2002:seq": "a list",
    "tag:yaml.org,2002:map": "a mapping",
}


_Choice = TypeVar("_Choice", bound=str)


class _Validator:
    def __init__(self, path: str) -> None:
        self.path = path
        # regex as written -> [layout-proof regex, engine, literal prefilter]: cached
        # with the pack so a run neither rewrites nor trial-compiles its patterns
        self.derived: dict[str, list[Any]] = {}

    def fail(self, node: Any, message: str) -> PackError:
        return PackError(f"{_where(self.path, node)}: {message}")

    # -- primitive readers
    def mapping(self, node: Any, what: str) -> dict[str, tuple[Any, Any]]:
        if node.tag != "tag:yaml.org,2002:map":
            raise self.fail(node, f"{what} must be a mapping, got {self._type(node)}")
        out: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            if key_node.tag != "tag:yaml.org,2002:str":
                raise self.fail(key_node, f"keys in {what} must be strings")
            key = key_node.value
            if key in out:
                raise self.fail(key_node, f"duplicate key '{key}' in {what}")
            out[key] = (key_node, value_node)
        return out

    def _type(self, node: Any) -> str:
        return str(_TYPE_NAMES.get(node.tag, node.tag))

    def string(self, node: Any, what: str, *, allow_empty: bool = False) -> str:
        if node.tag != "tag:yaml.org,2002:str":
            raise self.fail(node, f"'{what}' must be a string, got {self._type(node)}")
        if not allow_empty and not node.value.strip():
            raise self.fail(node, f"'{what}' must not be empty")
        return str(node.value)

    def seq(self, node: Any, what: str) -> list[Any]:
        if node.tag != "tag:yaml.org,2002:seq":
            raise self.fail(node, f"'{what}' must be a list, got {self._type(node)}")
        return list(node.value)

    def string_list(self, node: Any, what: str) -> list[str]:
        items = self.seq(node, what)
        if not items:
            raise self.fail(node, f"'{what}' must not be empty")
        return [self.string(item, what) for item in items]

    def boolean(self, node: Any, what: str) -> bool:
        if node.tag != "tag:yaml.org,2002:bool":
            raise self.fail(node, f"'{what}' must be true or false, got {self._type(node)}")
        return node.value.lower() in ("true", "yes", "on")

    def number(self, node: Any, what: str, *, integer: bool = False) -> float | int:
        tags = (
            ("tag:yaml.org,2002:int",)
            if integer
            else (
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:float",
            )
        )
        if node.tag not in tags:
            kind = "a whole number" if integer else "a number"
            raise self.fail(node, f"'{what}' must be {kind}, got {self._type(node)}")
        return int(node.value) if node.tag.endswith("int") else float(node.value)

    def choice(self, node: Any, what: str, choices: tuple[_Choice, ...]) -> _Choice:
        """One of ``choices``, typed as they are (a Literal for levels and scopes)."""
        value = self.string(node, what)
        if value not in choices:
            raise self.fail(
                node,
                f"unknown {what} '{value}' (expected {' | '.join(choices)})"
                + _hint(value, choices),
            )
        return value

    def regex(self, node: Any, what: str, *, re2_only: bool = False) -> str:
        """A user regex: valid for RE2 (which runs it in linear time) or, when it needs
        lookaround or backreferences, for Python's engine and free of the shapes that
        backtrack catastrophically there (it then runs under a time budget per
        document). ``re2_only``: patterns that run outside any rule's budget (the
        tagger's word classes, on every sentence) must run on RE2."""
        value = self.string(node, what)
        probe = Pattern(value.replace("{company}", "acme"))
        if "{company}" not in value:
            self.derived[value] = [probe.regex, probe.engine, required_literals(probe.regex)]
        if probe.engine == "re2":
            return value
        if re2_only:
            raise self.fail(
                node,
                f"'{what}' patterns must run on RE2 (they tag every sentence, in linear "
                f"time): {probe.why_python}; write it without lookaround or backreferences",
            )
        try:
            re.compile(probe.regex)
        except re.error as exc:
            raise self.fail(
                node, f"bad regex in '{what}': {exc.msg} at position {exc.pos}"
            ) from None
        danger = python_risk(probe.regex)
        if danger:
            raise self.fail(node, f"unsafe regex in '{what}': {danger}")
        return value

    def unknown_key(
        self, key_node: Any, key: str, allowed: tuple[str, ...] | list[str], what: str
    ) -> PackError:
        return self.fail(key_node, f"unknown key '{key}' in {what}{_hint(key, allowed)}")

    # -- pack
    def pack(self, root: Any) -> Pack:
        top = self.mapping(root, "the pack")
        for key, (key_node, _) in top.items():
            if key not in PACK_KEYS:
                raise self.unknown_key(key_node, key, PACK_KEYS, "the pack")
        if "pack" not in top:
            raise self.fail(root, "missing 'pack:' (the pack's name)")
        name = self.string(top["pack"][1], "pack")
        extends: list[str] = []
        if "extends" in top:
            node = top["extends"][1]
            extends = (
                [self.string(node, "extends")]
                if node.tag == "tag:yaml.org,2002:str"
                else self.string_list(node, "extends")
            )
        disable: list[tuple[str, int]] = []
        if "disable" in top:
            for item in self.seq(top["disable"][1], "disable"):
                disable.append((self.string(item, "disable"), item.start_mark.line + 1))
        levels: dict[str, tuple[str, int]] = {}
        if "levels" in top:
            for rule_id, (key_node, value_node) in self.mapping(top["levels"][1], "levels").items():
                levels[rule_id] = (
                    self.choice(value_node, "level", LEVELS),
                    key_node.start_mark.line + 1,
                )
        if (disable or levels) and not extends:
            node = top["disable" if disable else "levels"][0]
            raise self.fail(node, "'disable'/'levels' need 'extends:' naming the pack they change")
        rules: list[Rule] = []
        if "rules" in top:
            rule_nodes = self.seq(top["rules"][1], "rules")
            seen: dict[str, int] = {}
            for rule_node in rule_nodes:
                rule = self.rule(rule_node, name)
                if rule.id in seen:
                    raise self.fail(
                        rule_node,
                        f"duplicate rule id '{rule.id}' (first defined on line {seen[rule.id]})",
                    )
                seen[rule.id] = rule_node.start_mark.line + 1
                rules.append(rule)
        if not rules and not (extends and (disable or levels)) and "words" not in top:
            raise self.fail(top.get("rules", (root, root))[1], "empty rule pack: no rules")
        version = ""
        if "version" in top:
            version = str(top["version"][1].value)
        self.derived = {}
        words = self.words(top["words"][1]) if "words" in top else {}
        words_derived = {k: v[:3] for k, v in self.derived.items()}  # regex, engine, literals
        if not rules and words and not (disable or levels):
            pass  # a pack may only add words to the tagger
        return Pack(name, self.path, rules, extends, disable, levels, version, words, words_derived)

    def words(self, node: Any) -> dict[str, list[str]]:
        """``words:``: word classes for the tagger (see cxcoach.tagging.lexicon)."""
        out: dict[str, list[str]] = {}
        for name, (key_node, value) in self.mapping(node, "words").items():
            if name not in CLASSES:
                raise self.unknown_key(key_node, name, list(CLASSES), "words")
            kind = CLASSES[name][0]
            if kind == "patterns":
                out[name] = [
                    self.regex(item, name, re2_only=True) for item in self.seq(value, name)
                ]
            else:
                out[name] = self.string_list(value, name)
        return out

    # -- rule
    def rule(self, node: Any, pack: str) -> Rule:
        fields = self.mapping(node, "a rule")
        if "kind" in fields:
            kind = self.choice(fields["kind"][1], "kind", tuple(KINDS))
        else:
            raise self.fail(node, "rule is missing 'kind'")
        kind_options: dict[str, Option] = KINDS[kind].OPTIONS
        allowed = list(RULE_KEYS) + list(kind_options)
        for key, (key_node, _) in fields.items():
            if key not in allowed:
                raise self.unknown_key(key_node, key, allowed, f"a '{kind}' rule")
        for key in REQUIRED_RULE_KEYS:
            if key not in fields:
                raise self.fail(node, f"rule is missing '{key}'")
        rule_id = self.string(fields["id"][1], "id")
        if not ID_RE.match(rule_id):
            raise self.fail(fields["id"][1], f"rule id '{rule_id}' must be lowercase-with-dashes")
        options: dict[str, Any] = {}
        for key, option in kind_options.items():
            if key in fields:
                options[key] = self.option(fields[key][1], key, option)
            elif option.required:
                raise self.fail(node, f"'{kind}' rule '{rule_id}' is missing '{key}'")
            elif option.default is not None:
                options[key] = option.default
        if kind == "phrase":
            regex = phrase_regex(options["phrases"], ())
            if regex is not None and not any("{company}" in p for p in options["phrases"]):
                probe = Pattern(regex, longest=True)
                self.derived[regex] = [probe.regex, probe.engine, required_literals(probe.regex)]
        if self.derived:
            options["_derived"] = self.derived
            self.derived = {}
        fires, silent = self.examples(fields.get("examples"))

        def text(key: str, default: str = "") -> str:
            return self.string(fields[key][1], key) if key in fields else default

        return Rule(
            id=rule_id,
            kind=kind,
            level=self.choice(fields["level"][1], "level", LEVELS),
            category=self.choice(fields["category"][1], "category", CATEGORIES),
            applies_to=(
                self.choice(fields["applies-to"][1], "applies-to", APPLIES_TO)
                if "applies-to" in fields
                else "rep"
            ),
            scope=(
                self.choice(fields["scope"][1], "scope", SCOPES) if "scope" in fields else "any"
            ),
            message=text("message"),
            why=text("why"),
            instead=text("instead"),
            fix=text("fix") if "fix" in fields else None,
            situations=self.situations(fields["situations"][1]) if "situations" in fields else (),
            fires=fires,
            silent=silent,
            pack=pack,
            origin=_where(self.path, node),
            options=options,
        )

    def situations(self, node: Any) -> tuple[str, ...]:
        items = self.seq(node, "situations")
        if not items:
            raise self.fail(node, "'situations' must not be empty")
        return tuple(self.choice(item, "situation", SITUATIONS) for item in items)

    def option(self, node: Any, key: str, option: Option) -> Any:
        if option.type == STR:
            return (
                self.choice(node, key, option.choices) if option.choices else self.string(node, key)
            )
        if option.type == STR_LIST:
            return self.string_list(node, key)
        if option.type == TAG_LIST:
            items = self.seq(node, key)
            if not items:
                raise self.fail(node, f"'{key}' must not be empty")
            return [self.choice(item, "tag", ACTS) for item in items]
        if option.type == REGEX_LIST:
            items = self.seq(node, key)
            return [self.regex(item, key) for item in items]
        if option.type == PATTERN_LIST:
            out: list[Any] = []
            for item in self.seq(node, key):
                if item.tag == "tag:yaml.org,2002:str":
                    out.append(self.regex(item, key))
                    continue
                entry = self.mapping(item, f"a '{key}' entry")
                allowed = ENTRY_KEYS
                for name, (key_node, _) in entry.items():
                    if name not in allowed:
                        raise self.unknown_key(key_node, name, allowed, f"a '{key}' entry")
                if "regex" not in entry:
                    raise self.fail(item, f"'{key}' entry is missing 'regex'")
                value: dict[str, Any] = {"regex": self.regex(entry["regex"][1], "regex")}
                if "level" in entry:
                    value["level"] = self.choice(entry["level"][1], "level", LEVELS)
                if "message" in entry:
                    value["message"] = self.string(entry["message"][1], "message")
                if "fix" in entry:  # "" means: this entry has no safe fix
                    value["fix"] = self.string(entry["fix"][1], "fix", allow_empty=True)
                if "situations" in entry:
                    value["situations"] = list(self.situations(entry["situations"][1]))
                if "in-signature" in entry:
                    value["in-signature"] = self.boolean(entry["in-signature"][1], "in-signature")
                out.append(value)
            if not out:
                raise self.fail(node, f"'{key}' must not be empty")
            return out
        if option.type == BOOL:
            return self.boolean(node, key)
        if option.type == INT:
            return self.number(node, key, integer=True)
        if option.type == NUMBER:
            return self.number(node, key)
        raise AssertionError(f"unknown option type {option.type}")  # pragma: no cover

    def examples(
        self, entry: tuple[Any, Any] | None
    ) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        if entry is None:
            return (), ()
        fields = self.mapping(entry[1], "examples")
        out: dict[str, tuple[Example, ...]] = {"fires": (), "silent": ()}
        for key, (key_node, value_node) in fields.items():
            if key not in out:
                raise self.unknown_key(key_node, key, ("fires", "silent"), "examples")
            out[key] = tuple(self.example(item) for item in self.seq(value_node, key))
        return out["fires"], out["silent"]

    def example(self, node: Any) -> Example:
        line = node.start_mark.line + 1
        if node.tag == "tag:yaml.org,2002:str":
            return Example(self.string(node, "example"), line)
        fields = self.mapping(node, "an example")
        for key, (key_node, _) in fields.items():
            if key not in EXAMPLE_KEYS:
                raise self.unknown_key(key_node, key, EXAMPLE_KEYS, "an example")
        if "text" not in fields:
            raise self.fail(node, "example is missing 'text'")

        def names(key: str) -> tuple[str, ...]:
            if key not in fields:
                return ()
            value = fields[key][1]
            if value.tag == "tag:yaml.org,2002:str":
                return (self.string(value, key),)
            return tuple(self.string_list(value, key))

        return Example(
            self.string(fields["text"][1], "text"),
            line,
            company=names("company"),
            rep=names("rep"),
            input_format=self.string(fields["format"][1], "format") if "format" in fields else None,
            situation=(
                self.choice(fields["situation"][1], "situation", SITUATIONS)
                if "situation" in fields
                else None
            ),
        )


# --------------------------------------------------------------------------- engines


class PatternEngine(NamedTuple):
    """Where a pack regex runs: ``rules validate`` lists one per pattern."""

    where: str  # rule id and option ("hedging patterns"), or "words pleasantries"
    source: str  # the regex as written
    engine: str  # "re2" | "python"
    why: str | None  # why RE2 cannot run it (None on RE2)


def pattern_engines(pack: Pack) -> list[PatternEngine]:
    """Every regex the pack writes (rule ``patterns``, ``unless``, ``pitch``, ... and
    the ``words:`` pattern classes) with the engine it runs on: RE2 (linear time)
    or, for lookaround and backreferences, Python's (under the time budget)."""
    found: list[tuple[str, str]] = []
    for rule in pack.rules:
        for key, spec in KINDS[rule.kind].OPTIONS.items():
            if spec.type not in (REGEX_LIST, PATTERN_LIST):
                continue
            for entry in rule.options.get(key) or ():
                source = entry if isinstance(entry, str) else entry["regex"]
                found.append((f"{rule.id} {key}", source))
    for name, values in pack.words.items():
        if CLASSES[name][0] == "patterns":
            found.extend((f"words {name}", source) for source in values)
    out = []
    for where, source in found:
        probe = Pattern(source.replace("{company}", "acme"))
        out.append(PatternEngine(where, source, probe.engine, probe.why_python))
    return out


# --------------------------------------------------------------------------- cache


def _cache_key(data: bytes, *code: Any) -> str:
    """Content checksum + size, the cxcoach and Python versions (marshal is
    version-specific), and the stamp of the code that validates it (this module's
    and those of :func:`_validating_modules`, plus ``code``).

    CRC-32 plus the exact length is plenty for telling edits of a pack apart, and
    zlib is already loaded by Python, unlike hashlib (~3 ms to import).
    """
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    stamp = code_stamp((*_validating_modules(), *code))
    return f"{zlib.crc32(data):08x}-{len(data)}-{__version__}-py{py}-{stamp}"


def _validating_modules() -> list[Any]:
    """The modules whose code shapes a validated pack: the validator, the option
    specs of every rule kind, the matcher that derives each regex and picks its
    engine, and the word classes."""
    import cxcoach.checks as checks_package
    from cxcoach import matcher
    from cxcoach.checks import base
    from cxcoach.tagging import lexicon

    return [sys.modules[__name__], matcher, lexicon, base, checks_package, *KINDS.values()]


_STAMPS: dict[tuple[str, ...], str] = {}


def code_stamp(modules: Any) -> str:
    """Size and modification time of the modules' files, as one checksum. A release
    changes ``__version__``; an editable install changes its code in place, and a
    cache entry written by the old code must not be read by the new one. One
    ``stat`` per module, once per process."""
    names = tuple(module.__name__ for module in modules)
    found = _STAMPS.get(names)
    if found is None:
        crc = 0
        for module in modules:
            try:
                info = Path(str(module.__file__)).stat()
            except (OSError, TypeError):
                continue  # a frozen or zipped install: the version says it all
            crc = zlib.crc32(f"{module.__name__}:{info.st_size}:{info.st_mtime_ns};".encode(), crc)
        found = _STAMPS[names] = f"{crc:08x}"
    return found


def _cache_read(digest: str) -> dict[str, Any] | None:
    raw = cache.read(f"pack-{digest}.bin")
    if raw is None:
        return None
    try:
        data = marshal.loads(raw)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else None


def _cache_write(digest: str, data: dict[str, Any]) -> None:
    cache.write(f"pack-{digest}.bin", marshal.dumps(data))


def _example_to_json(e: Example) -> list[Any]:
    return [e.text, e.line, list(e.company), list(e.rep), e.input_format, e.situation]


def _pack_to_json(pack: Pack) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "name": pack.name,
        "extends": pack.extends,
        "disable": [list(d) for d in pack.disable],
        "levels": {k: list(v) for k, v in pack.levels.items()},
        "version": pack.version,
        "words": pack.words,
        "words_derived": pack.words_derived,
        "rules": [
            {
                "id": r.id,
                "kind": r.kind,
                "level": r.level,
                "category": r.category,
                "applies_to": r.applies_to,
                "scope": r.scope,
                "message": r.message,
                "why": r.why,
                "instead": r.instead,
                "fix": r.fix,
                "situations": list(r.situations),
                "fires": [_example_to_json(e) for e in r.fires],
                "silent": [_example_to_json(e) for e in r.silent],
                "pack": r.pack,
                "origin": r.origin[len(pack.path) + 1 :],
                "options": r.options,
            }
            for r in pack.rules
        ],
    }


def _pack_from_json(data: dict[str, Any], path: str) -> Pack:
    def example(raw: list[Any]) -> Example:
        return Example(raw[0], raw[1], tuple(raw[2]), tuple(raw[3]), raw[4], raw[5])

    rules = [
        Rule(
            id=r["id"],
            kind=r["kind"],
            level=r["level"],
            category=r["category"],
            applies_to=r["applies_to"],
            scope=r["scope"],
            message=r["message"],
            why=r["why"],
            instead=r["instead"],
            fix=r["fix"],
            situations=tuple(r["situations"]),
            fires=tuple(example(e) for e in r["fires"]),
            silent=tuple(example(e) for e in r["silent"]),
            pack=r["pack"],
            origin=f"{path}:{r['origin']}",
            options=r["options"],
        )
        for r in data["rules"]
    ]
    return Pack(
        data["name"],
        path,
        rules,
        list(data["extends"]),
        [(d[0], d[1]) for d in data["disable"]],
        {k: (v[0], v[1]) for k, v in data["levels"].items()},
        data["version"],
        {k: list(v) for k, v in data["words"].items()},
        {k: list(v) for k, v in data["words_derived"].items()},
    )

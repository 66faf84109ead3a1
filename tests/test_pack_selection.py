"""Bundled packs by situation: core always on, situation packs selected by name or
path (``--pack``, the config's ``packs:``), the default set unchanged, and
``rules list`` grouped by pack."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT, run_cli
from cxcoach import packs
from cxcoach.packs import (
    CORE,
    PackError,
    bundled_packs,
    load_pack_file,
    load_packs,
    load_words,
    pack_files,
)
from cxcoach.pipeline import check_source, make_settings

SITUATION_PACKS = ("calls", "email", "sales", "support")
COLD = EXAMPLES / "cold-email.txt"


def pack_names(rules: list) -> set[str]:  # type: ignore[type-arg]
    return {r.pack for r in rules}


def test_bundled_packs_are_core_first_then_the_situation_packs() -> None:
    bundled = bundled_packs()
    assert list(bundled) == [CORE, *SITUATION_PACKS]
    for name, path in bundled.items():
        assert load_pack_file(str(path)).name == name  # a file is named after its pack
    # the word classes live in core, which every run loads
    assert all(not load_pack_file(str(p)).words for n, p in bundled.items() if n != CORE)
    assert load_words(["support"]).raw == load_words().raw


def test_the_default_set_is_every_bundled_pack_with_every_rule_once() -> None:
    rules = load_packs()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) == 19
    assert pack_names(rules) == set(bundled_packs())
    assert {r.id for r in load_packs([CORE, *SITUATION_PACKS])} == set(ids)


@pytest.mark.parametrize("name", SITUATION_PACKS)
def test_naming_a_pack_replaces_the_default_set(name: str) -> None:
    rules = load_packs([name])
    assert pack_names(rules) == {CORE, name}
    assert {r.id for r in rules} == {r.id for r in load_packs() if r.pack in (CORE, name)}


def test_core_alone_and_core_named_twice() -> None:
    assert pack_names(load_packs([CORE])) == {CORE}
    assert pack_names(load_packs(["email", "email", "core"])) == {CORE, "email"}


def test_a_bundled_pack_by_path_is_that_pack() -> None:
    path = str(bundled_packs()["email"])
    assert pack_files([path]) == pack_files(["email"])
    assert packs.pack_ref("rules/email.yaml", ROOT) == "email"
    assert pack_names(load_packs([path])) == {CORE, "email"}


TEAM = """\
pack: team
extends: core
rules:
  - id: circle-the-wagons
    kind: phrase
    level: warning
    category: trust
    phrases: ["circle the wagons"]
    message: "m"
    why: "w"
    instead: "i"
"""


def test_a_pack_file_adds_to_the_selection(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(TEAM, encoding="utf-8")
    assert pack_names(load_packs([str(team)])) == {*bundled_packs(), "team"}
    assert pack_names(load_packs(["calls", str(team)])) == {CORE, "calls", "team"}
    assert pack_files(["calls", str(team)])[-1] == str(team)  # files load last


def test_unknown_name_is_one_line_listing_the_packs() -> None:
    with pytest.raises(PackError, match=r"unknown pack 'emial', did you mean 'email'\?"):
        pack_files(["emial"])
    proc = run_cli("check", "--pack", "emial", str(COLD))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "'emial'" in lines[0]
    for name in bundled_packs():
        assert name in lines[0]
    assert run_cli("rules", "list", "--pack", "nope").returncode == 2


def test_a_bare_word_that_is_a_file_is_a_path(tmp_path: Path) -> None:
    (tmp_path / "team").write_text(TEAM.replace("pack: team", "pack: myteam"), encoding="utf-8")
    proc = run_cli("rules", "list", "--pack", "team", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "myteam (1 rule)" in proc.stdout


def test_a_copy_named_like_a_bundled_pack_is_one_clear_error(tmp_path: Path) -> None:
    copy = tmp_path / "my-email.yaml"
    copy.write_text(bundled_packs()["email"].read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PackError, match=r"my-email\.yaml:1:1: pack name 'email' is already used"):
        load_packs([str(copy)])
    # selecting the other packs by name and the copy by path works
    rules = load_packs(["sales", "calls", "support", str(copy)])
    assert {r.id for r in rules} == {r.id for r in load_packs()}


def test_extending_or_changing_a_pack_the_run_does_not_load(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(
        "pack: team\nextends: [core, calls]\ndisable: [talk-ratio]\nlevels: {hedging: error}\n",
        encoding="utf-8",
    )
    rules = {r.id: r for r in load_packs(["email", str(team)])}
    assert "talk-ratio" not in rules and rules["hedging"].level == "error"
    assert "monologue" not in rules  # extends does not load calls
    typo = tmp_path / "typo.yaml"
    typo.write_text("pack: typo\nextends: emial\nlevels: {hedging: error}\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"extends unknown pack 'emial'"):
        load_packs([str(typo)])
    typo.write_text("pack: typo\nextends: core\ndisable: [talk-ratiox]\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"cannot disable unknown rule 'talk-ratiox'"):
        load_packs(["email", str(typo)])


def findings(text: str, refs: list[str] | None) -> list[tuple[str, int, int, str]]:
    refs = refs or []
    settings = make_settings(load_packs(refs), words=load_words(refs))
    out = []
    for result in check_source(text, "input.txt", settings):
        out.extend((f.rule, f.start, f.end, f.level) for f in result.findings)
    return out


def subset_inputs() -> list[Path]:
    folders = [EXAMPLES, FIXTURES / "fresh", FIXTURES / "ordinary"]
    files = [p for folder in folders for p in sorted(folder.glob("*.txt"))]
    return files + sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.vtt"))


@pytest.mark.slow
def test_a_subset_gives_exactly_the_subset_of_the_findings() -> None:
    """Rules do not depend on each other: a selection's findings are the default
    set's findings of its rules, on every example and fixture."""
    rule_pack = {r.id: r.pack for r in load_packs()}
    fired: set[str] = set()
    for path in subset_inputs():
        text = path.read_text(encoding="utf-8", errors="replace")
        everything = findings(text, None)
        fired.update(f[0] for f in everything)
        for name in SITUATION_PACKS:
            kept = [f for f in everything if rule_pack[f[0]] in (CORE, name)]
            assert findings(text, [name]) == kept, (path.name, name)
    assert {rule_pack[r] for r in fired} == set(bundled_packs())  # every pack was exercised


def test_config_selects_packs_by_name_and_by_path(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(TEAM, encoding="utf-8")
    (tmp_path / ".cxcoach.yaml").write_text(
        "packs: [email, team.yaml]\ndisable: [talk-ratio]\n", encoding="utf-8"
    )
    draft = tmp_path / "draft.txt"
    draft.write_text(
        COLD.read_text(encoding="utf-8").replace("I'll send", "Let's circle the wagons. I'll send")
    )
    proc = run_cli("check", str(draft), "-f", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    fired = {f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]}
    allowed = {r.id for r in load_packs(["email"])} | {"circle-the-wagons"}
    assert "circle-the-wagons" in fired and "generic-outreach" in fired
    assert fired <= allowed  # no sales rule: naming email replaced the default set
    everything = run_cli("check", str(draft), "-f", "json", "--no-config")
    assert {f["rule"] for f in json.loads(everything.stdout)["files"][0]["findings"]} - allowed


def test_config_unknown_pack_name_is_located(tmp_path: Path) -> None:
    (tmp_path / ".cxcoach.yaml").write_text("reps: [Dan]\npacks:\n  - emial\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(COLD.read_text(encoding="utf-8"))
    proc = run_cli("check", "draft.txt", cwd=tmp_path)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert ".cxcoach.yaml:3:5: unknown pack 'emial', did you mean 'email'?" in line
    assert "\n" not in line


def test_pyproject_selects_packs_by_name(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cxcoach]\npacks = ["calls"]\n')
    (tmp_path / "draft.txt").write_text(COLD.read_text(encoding="utf-8"))
    proc = run_cli("check", "draft.txt", "-f", "json", cwd=tmp_path)
    fired = {f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]}
    assert fired and {r.pack for r in load_packs() if r.id in fired} <= {CORE, "calls"}
    (tmp_path / "pyproject.toml").write_text('[tool.cxcoach]\npacks = ["cals"]\n')
    bad = run_cli("check", "draft.txt", cwd=tmp_path)
    assert bad.returncode == 2 and "unknown pack 'cals', did you mean 'calls'?" in bad.stderr


def test_config_about_a_rule_of_an_unloaded_pack_is_accepted(tmp_path: Path) -> None:
    (tmp_path / ".cxcoach.yaml").write_text(
        "disable: [talk-ratio]\nlevel: {monologue: error}\n"
        "thresholds: {readability: {max-grade: 9}}\n",
        encoding="utf-8",
    )
    (tmp_path / "draft.txt").write_text(COLD.read_text(encoding="utf-8"))
    for selection in ("support", "email"):
        proc = run_cli("check", "draft.txt", "--pack", selection, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
    (tmp_path / ".cxcoach.yaml").write_text("thresholds: {talk-ratio: {max-shar: 0.5}}\n")
    bad = run_cli("check", "draft.txt", "--pack", "email", cwd=tmp_path)
    assert bad.returncode == 2 and "no numeric option 'max-shar'" in bad.stderr


def test_rules_list_groups_by_pack_in_load_order() -> None:
    proc = run_cli("rules", "list")
    assert proc.returncode == 0
    heads = [line.split(" (")[0] for line in proc.stdout.splitlines() if not line.startswith(" ")]
    assert heads == list(bundled_packs())
    assert proc.stdout.startswith("core (7 rules, always on)\n")
    group = ""
    for line in proc.stdout.splitlines():
        if line.startswith("  "):
            rule_id = line.split()[0]
            assert next(r for r in load_packs() if r.id == rule_id).pack == group
        else:
            group = line.split(" (")[0]
    email = run_cli("rules", "list", "--pack", "email")
    assert "sales (" not in email.stdout and "email (3 rules)" in email.stdout
    assert "not loaded: calls, sales, support" in email.stdout


def test_rules_test_and_validate_cover_every_bundled_pack() -> None:
    tested = run_cli("rules", "test")
    assert tested.returncode == 0 and "19 rules" in tested.stdout
    one = run_cli("rules", "test", "support")
    assert one.returncode == 0 and one.stdout.strip().splitlines()[-1].startswith("1 rule,")
    validated = run_cli("rules", "validate")
    assert validated.returncode == 0, validated.stderr
    for name in bundled_packs():
        assert f"(pack '{name}'," in validated.stdout


def test_rules_docs_documents_the_selection() -> None:
    proc = run_cli("rules", "docs", "--pack", "email")
    assert proc.returncode == 0, proc.stderr
    sections = [line for line in proc.stdout.splitlines() if line.startswith("## Pack ")]
    assert sections == ["## Pack core", "## Pack email"]


def test_each_pack_has_its_own_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_CACHE_DIR", str(tmp_path))
    packs._LOADED.clear()
    first = load_packs()
    entries = sorted(tmp_path.glob("pack-*.bin"))
    assert len(entries) == len(bundled_packs())
    assert all(marshal.loads(e.read_bytes())["name"] in bundled_packs() for e in entries)
    # a warm process reads every pack from the cache: yaml is never imported
    code = (
        "import sys; from cxcoach.packs import load_packs, load_words; "
        "n = len(load_packs()); load_words(); "
        "print(n, 'yaml' in sys.modules)"
    )
    env = {"CXCOACH_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == [str(len(first)), "False"]
    assert sorted(tmp_path.glob("pack-*.bin")) == entries  # nothing rewritten


def test_editing_one_pack_revalidates_only_that_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXCOACH_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    folder.mkdir()
    for path in bundled_packs().values():
        (folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(packs, "bundled_dir", lambda: folder)
    packs._LOADED.clear()
    load_packs()
    parsed: list[str] = []
    real = packs.parse_pack

    def counting(text: str, where: str) -> packs.Pack:
        parsed.append(Path(where).name)
        return real(text, where)

    monkeypatch.setattr(packs, "parse_pack", counting)
    calls = folder / "calls.yaml"
    calls.write_text(calls.read_text().replace("max-share: 0.65", "max-share: 0.6"))
    packs._LOADED.clear()
    rules = {r.id: r for r in load_packs()}
    assert parsed == ["calls.yaml"]
    assert rules["talk-ratio"].options["max-share"] == 0.6
    packs._LOADED.clear()

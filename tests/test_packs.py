"""Malformed packs: each is one line naming file:line:col, exit 2, never a traceback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli
from cxcoach import packs
from cxcoach.packs import PackError, load_pack_file, load_packs, parse_pack

GOOD_RULE = """\
  - id: my-rule
    kind: phrase
    level: warning
    category: trust
    phrases: ["circle the wagons"]
    message: "m"
    why: "w"
    instead: "i"
"""


def pack(body: str, rules: str = GOOD_RULE) -> str:
    return f"pack: mine\nrules:\n{rules}{body}"


BAD_PACKS = {
    "unknown-key": (
        GOOD_RULE.replace("phrases:", "phrase:"),
        r"pack\.yaml:7:5: unknown key 'phrase' in a 'phrase' rule, did you mean 'phrases'\?",
    ),
    "wrong-type": (
        GOOD_RULE.replace('phrases: ["circle the wagons"]', "phrases: 12"),
        r"pack\.yaml:7:14: 'phrases' must be a list, got a number",
    ),
    "unknown-kind": (
        GOOD_RULE.replace("kind: phrase", "kind: phrasee"),
        r"pack\.yaml:4:11: unknown kind 'phrasee' .*did you mean 'phrase'\?",
    ),
    "unknown-level": (
        GOOD_RULE.replace("level: warning", "level: warn"),
        r"pack\.yaml:5:12: unknown level 'warn' \(expected suggestion \| warning \| error\)",
    ),
    "duplicate-id": (
        GOOD_RULE + GOOD_RULE,
        r"pack\.yaml:11:5: duplicate rule id 'my-rule' \(first defined on line 3\)",
    ),
    "bad-regex": (
        GOOD_RULE.replace("kind: phrase", "kind: pattern").replace(
            'phrases: ["circle the wagons"]', "patterns: ['(unclosed']"
        ),
        r"pack\.yaml:7:16: bad regex in 'patterns': missing \), unterminated subpattern",
    ),
    "catastrophic-regex": (
        GOOD_RULE.replace("kind: phrase", "kind: pattern").replace(
            'phrases: ["circle the wagons"]', "patterns: ['(?<=x)(a+)+b']"
        ),
        r"pack\.yaml:7:16: unsafe regex in 'patterns': nested unbounded repetition",
    ),
    "missing-key": (
        GOOD_RULE.replace('    why: "w"\n', ""),
        r"pack\.yaml:3:5: rule is missing 'why'",
    ),
    "bad-category": (
        GOOD_RULE.replace("category: trust", "category: trusty"),
        r"pack\.yaml:6:15: unknown category 'trusty'.*did you mean 'trust'\?",
    ),
    "duplicate-key": (
        GOOD_RULE.replace('    why: "w"\n', '    why: "w"\n    why: "x"\n'),
        r"pack\.yaml:10:5: duplicate key 'why' in a rule",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PACKS))
def test_bad_rule_is_one_line_error(tmp_path: Path, name: str) -> None:
    rules, expected = BAD_PACKS[name]
    path = tmp_path / "pack.yaml"
    path.write_text(f"pack: mine\nrules:\n{rules}", encoding="utf-8")
    assert_pack_error(path, expected)


def assert_pack_error(path: Path, expected: str) -> None:
    proc = run_cli("check", "--pack", str(path), str(EXAMPLES / "good-email.txt"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0]
    assert re.search(expected, lines[0]), lines[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", r"pack\.yaml:1:1: empty rule pack"),
        ("pack: mine\nrules: []\n", r"pack\.yaml:2:8: empty rule pack: no rules"),
        ("pack: mine\nrules:\n  - id: [unclosed\n", r"pack\.yaml:\d+:\d+: invalid YAML"),
        ("just some prose, not a pack\n", r"pack\.yaml:1:1: the pack must be a mapping"),
        (
            "pack: mine\nrulez: []\n",
            r"pack\.yaml:2:1: unknown key 'rulez' in the pack, did you mean 'rules'\?",
        ),
        (
            "pack: mine\nx: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            "y: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "z: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nrules: [*c]\n",
            r"pack\.yaml:\d+:\d+: YAML anchors and aliases are not allowed",
        ),
    ],
    ids=[
        "empty-file",
        "empty-rules",
        "invalid-yaml",
        "not-a-mapping",
        "unknown-pack-key",
        "alias-bomb",
    ],
)
def test_bad_pack_files(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(content, encoding="utf-8")
    assert_pack_error(path, expected)


def test_binary_pack(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert_pack_error(path, r"pack\.yaml:1:1: not a YAML file \(binary content\)")


def test_missing_pack(tmp_path: Path) -> None:
    assert_pack_error(tmp_path / "pack.yaml", r"pack\.yaml: no such rule pack file")


def test_directory_as_pack(tmp_path: Path) -> None:
    folder = tmp_path / "pack.yaml"
    folder.mkdir()
    assert_pack_error(folder, r"pack\.yaml: is a directory")


def test_extends_core_disables_and_relevels(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        "pack: team\nextends: core\ndisable: [hedging]\nlevels:\n  generic-outreach: suggestion\n"
        "rules:\n" + GOOD_RULE,
        encoding="utf-8",
    )
    rules = {r.id: r for r in load_packs([str(path)])}
    assert "hedging" not in rules
    assert rules["generic-outreach"].level == "suggestion"
    assert rules["my-rule"].pack == "team"
    assert "thank-you-for-your-business" in rules


def test_extends_unknown_rule_has_hint(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("pack: team\nextends: core\ndisable: [hedgin]\n", encoding="utf-8")
    assert_pack_error(
        path, r"pack\.yaml:3:1: cannot disable unknown rule 'hedgin', did you mean 'hedging'\?"
    )


def test_disable_without_extends(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text("pack: team\ndisable: [hedging]\n", encoding="utf-8")
    assert_pack_error(path, r"pack\.yaml:2:1: 'disable'/'levels' need 'extends:'")


def test_duplicate_id_across_packs(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(pack("", GOOD_RULE.replace("my-rule", "hedging")), encoding="utf-8")
    assert_pack_error(
        path, r"pack\.yaml:3:5: duplicate rule id 'hedging' \(already in pack 'core'\)"
    )


def test_cache_round_trip_is_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCOACH_CACHE_DIR", str(tmp_path))
    from cxcoach.packs import bundled_paths

    core = str(bundled_paths()[0])
    packs._LOADED.clear()  # forget what this process already read
    first = load_pack_file(core)  # parses YAML, writes the cache
    assert list(tmp_path.glob("pack-*.bin"))
    packs._LOADED.clear()
    second = load_pack_file(core)  # from the cache
    assert first is not second
    assert first.rules == second.rules
    assert first.words == second.words


def test_parse_pack_raises_pack_error() -> None:
    with pytest.raises(PackError):
        parse_pack("pack: x\n", "x.yaml")


def test_a_pack_rewritten_in_the_same_clock_tick_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "tuned.yaml"
    text = "pack: tuned\nextends: core\nlevels: {{talk-ratio: {level}}}\n"
    path.write_text(text.format(level="warning"))
    stamp = path.stat().st_mtime_ns
    assert load_pack_file(str(path)).levels["talk-ratio"][0] == "warning"
    path.write_text(text.format(level="error  "))  # same size, same time
    os.utime(path, ns=(stamp, stamp))
    assert load_pack_file(str(path)).levels["talk-ratio"][0] == "error"


def test_the_disk_cache_is_keyed_by_the_code_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"pack: mine\nrules:\n{GOOD_RULE}")
    parsed: list[str] = []
    real = packs.parse_pack

    def counting(text: str, where: str) -> packs.Pack:
        parsed.append(where)
        return real(text, where)

    monkeypatch.setattr(packs, "parse_pack", counting)
    for stamp in ("old-code", "old-code", "new-code"):
        monkeypatch.setattr(packs, "code_stamp", lambda modules, stamp=stamp: stamp)
        packs._LOADED.clear()
        load_pack_file(str(path))
    assert len(parsed) == 2  # the old code's entry served the second load, not the third


def test_pack_fingerprint_is_the_same_in_every_process(tmp_path: Path) -> None:
    """batch --db and check_text key their caches by the packs' fingerprint: it must
    not depend on the hash seed of the process that rebuilt the pack cache."""
    import subprocess
    import sys

    code = (
        "from cxcoach.packs import load_packs, load_words\n"
        "from cxcoach.pipeline import make_settings, settings_fingerprint\n"
        "print(settings_fingerprint(make_settings(load_packs(), words=load_words())))\n"
    )
    prints = set()
    for seed in ("1", "2", "3"):
        cache = tmp_path / f"cache-{seed}"  # a fresh pack cache: derived regexes rebuilt
        env = dict(os.environ, PYTHONHASHSEED=seed, CXCOACH_CACHE_DIR=str(cache))
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        prints.add(run.stdout.strip())
    assert len(prints) == 1, prints

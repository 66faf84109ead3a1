"""docs/: the generated rule reference is current, safe against hostile packs, and
the hand-written pages link to pages that exist.

``test_rule_reference_is_current`` is how CI fails when a pack changes and
docs/rules.md was not regenerated.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import ROOT, run_cli
from cxcoach.checks import KINDS
from cxcoach.packs import bundled_paths, load_pack_file, parse_pack
from cxcoach.report.ruledocs import render

DOCS = ROOT / "docs"
REFERENCE = DOCS / "rules.md"


def _bundled_reference() -> str:
    return render([load_pack_file(str(p)) for p in bundled_paths()])


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _plain(inline: Token) -> str:
    """The text an inline token renders to, markup left out."""
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def test_rule_reference_is_current() -> None:
    current = REFERENCE.read_bytes() if REFERENCE.is_file() else b""
    if current != _bundled_reference().encode("utf-8"):
        pytest.fail(
            "docs/rules.md is out of date: run `cxcoach rules docs --out docs/rules.md`",
            pytrace=False,
        )


def test_reference_documents_every_rule_and_example() -> None:
    """Each bundled rule has its section with level, category, why, instead, and
    every one of its examples verbatim in a code block of its own."""
    text = _bundled_reference()
    tokens = _markdown().parse(text)
    blocks = [t.content for t in tokens if t.type == "fence"]
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h3"
    ]
    packs = [load_pack_file(str(p)) for p in bundled_paths()]
    rules = [r for pack in packs for r in pack.rules]
    assert rules
    for rule in rules:
        assert rule.id in headings
        section = text.split(f"\n### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
        assert f"- **Level:** {rule.level}" in section
        assert f"- **Category:** {rule.category}" in section
        assert "**Why.** " in section and "**Instead.** " in section
        for example in (*rule.fires, *rule.silent):
            assert example.text + "\n" in blocks, (rule.id, example.text)
    for kind in KINDS:
        assert f"\n### kind: {kind}\n" in text
    assert text == _bundled_reference(), "two runs differ"


def test_cli_writes_the_same_reference(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    written = run_cli("rules", "docs", "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert out.read_bytes() == _bundled_reference().encode("utf-8")
    printed = run_cli("rules", "docs")
    assert printed.returncode == 0
    assert printed.stdout == out.read_text(encoding="utf-8")


HOSTILE = r"""
pack: "evil | <b>pack</b> #"
rules:
  - id: evil
    kind: phrase
    level: warning
    category: trust
    phrases: ["act fast"]
    message: "'{match}' <script>alert(1)</script> | *bold* [x](http://e.com) $1 and $2"
    why: "Line one\n# not a heading\n```\n<img src=x onerror=alert(1)>\u202e"
    instead: "Use `code` and ~~strike~~ &amp; _under_ \\ backslash"
    fix: "a ``` b"
    examples:
      fires:
        - "x ``` y\n````\nact fast\n```\n# heading?\n<script>alert(1)</script>"
        - text: "act fast\u001b[2J"
          company: "Ac`me"
      silent:
        - "````````"
"""


def test_hostile_pack_text_stays_inert(tmp_path: Path) -> None:
    pack = parse_pack(HOSTILE.replace("\\u202e", "\u202e"), "evil.yaml")
    text = render([pack])
    tokens = _markdown().parse(text)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    # no HTML, no link, no emphasis, no heading but ours: pack text never becomes markup
    html = [t.content for t in flat if t.type in ("html_block", "html_inline")]
    assert html == [text.splitlines()[2] + "\n"]  # our own "generated" comment only
    assert not [t for t in flat if t.type == "em_open"]
    headings = [_plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    ours = headings[: headings.index("Rule kinds")]
    assert ours == ["Rule reference", "Pack evil | <b>pack</b> #", "evil"]
    links = [t.attrGet("href") for t in flat if t.type == "link_open"]
    assert links == ["#evil"]
    # every example comes back exactly (hidden characters as visible escapes)
    blocks = [t.content for t in tokens if t.type == "fence"]
    assert pack.rules[0].fires[0].text + "\n" in blocks
    assert "act fast\\x1b[2J\n" in blocks
    assert "````````\n" in blocks
    assert "\u202e" not in text and "\x1b" not in text
    # prose is one line whose rendered text is the pack's text
    why = next(line for line in text.splitlines() if line.startswith("**Why.**"))
    rendered = "".join(_plain(t) for t in _markdown().parse(why) if t.type == "inline")
    assert rendered == "Why. Line one # not a heading ``` <img src=x onerror=alert(1)>\\u202e"
    message = next(line for line in text.splitlines() if line.startswith("- **Message:**"))
    rendered = "".join(_plain(t) for t in _markdown().parse(message) if t.type == "inline")
    assert rendered == "Message: " + pack.rules[0].message
    # the company of an example is an exact code span
    spans = [t.content for t in flat if t.type == "code_inline"]
    assert "Ac`me" in spans and "a ``` b" in spans


def test_packs_in_load_order_with_their_changes(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(
        "pack: team\nextends: core\ndisable: [hedging]\nlevels: {readability: error}\n"
        "rules:\n  - id: discount-talk\n    kind: phrase\n    level: warning\n"
        "    category: trust\n    phrases: [rock-bottom price]\n"
        "    message: \"'{match}' invites haggling.\"\n    why: Price becomes the talk.\n"
        "    instead: Anchor on the outcome.\n    examples:\n"
        '      fires: ["It is our rock-bottom price."]\n'
        '      silent: ["The price covers support."]\n',
        encoding="utf-8",
    )
    done = run_cli("rules", "docs", "--pack", str(team))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.index("## Pack core") < text.index("## Pack team")
    assert "| [discount-talk](#discount-talk) | warning | trust | team |" in text
    assert "\n### hedging\n" not in text
    assert "Disabled by a later pack: `hedging`" in text
    assert "- **Level:** error (set by pack team; suggestion in its own pack)" in text
    assert str(tmp_path) not in text  # only file names: the output does not depend on where


def test_bad_pack_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: bad\nrules:\n  - id: x\n    kind: phrase\n    phrase: [a]\n")
    done = run_cli("rules", "docs", "--pack", str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "did you mean 'phrases'?" in done.stderr
    assert "Traceback" not in done.stderr


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run_cli("rules", "docs", "--out", str(tmp_path / "missing" / "rules.md"))
    assert done.returncode == 2
    assert done.stderr.startswith("cxcoach: error: ") and "cannot write" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_at_files(page: Path) -> None:
    """Every relative link of README and docs/ names a file of the repository."""
    tokens = _markdown().parse(page.read_text(encoding="utf-8"))
    hrefs = [c.attrGet("href") for t in tokens for c in (t.children or []) if c.type == "link_open"]
    for href in hrefs:
        assert isinstance(href, str)
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            continue
        path, _, anchor = href.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.name}: link to {href}: no such file"
        if anchor and target.suffix == ".md":
            assert anchor in _anchors(target), f"{page.name}: link to {href}: no such heading"


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the headings of ``page`` (lowercase, punctuation
    dropped, spaces as dashes, a repeated one numbered)."""
    tokens = _markdown().parse(page.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        slug = re.sub(r"[^\w\- ]", "", _plain(tokens[i + 1]).lower()).replace(" ", "-")
        out.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return out


def test_readme_quick_start_is_what_ci_runs() -> None:
    """README's Quick start keeps its two commands, and .ci/run installs and tests
    the way the second one says; README stays short (the reference is in docs/)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.DOTALL)
    assert commands == [
        "python -m pip install . && cxcoach check examples/cold-email.txt --fail-on never",
        "python -m pip install '.[test]' && python -m pytest -q",
    ]
    assert "python -m pip install -q '.[test]'\n" in ci
    assert "\npython -m pytest -q\n" in ci
    assert len(readme.splitlines()) < 200
    assert "(docs/rules.md)" in readme

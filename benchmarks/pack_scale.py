"""Time per document with the bundled packs and with ten times as many pattern rules.

Run by hand: ``python benchmarks/pack_scale.py [--docs 400] [--rounds 3]``.

A team's own pack adds rules of the same shapes as ours. This benchmark writes a
user pack holding nine variants of every bundled ``pattern`` and ``phrase`` rule
(so the run has ten times the patterns and phrases), each variant with its own
id and a different required last word (``... for your business`` becomes
``... for your business today``, ``... team``, ``... price`` ...): the variants
look like real rules, share the originals' prefixes (so the one-scan prefilter
cannot reject them cheaply) and fire now and then. It then times
``analyze`` in this process on documents of the synthetic batch corpus (built as
``benchmarks/batch.py`` builds it), best of ``--rounds``, with the bundled packs
alone and with the extra pack, and prints ms per document and the ratio (target:
10x patterns costs <= 1.3x the time). ``--plain`` adds the same two timings
without the one-scan prefilter, to show what it saves.

Nothing is asserted: machines are noisy; the figures go in docs and closing notes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch as corpus_builder  # benchmarks/batch.py

from cxcoach.engine import analyze, compile_rules
from cxcoach.inputs import read_path
from cxcoach.packs import bundled_paths, load_packs, load_words
from cxcoach.parse import parse_document

TAILS = ["today", "team", "price", "call", "next", "week", "help", "time", "deal"]


def _vary(pattern: object, tail: str) -> object:
    """``pattern`` (a string or a ``{regex: ...}`` entry) needing one more word."""
    if isinstance(pattern, dict):
        return {**pattern, "regex": f"(?:{pattern['regex']})\\s+{tail}\\b"}
    return f"(?:{pattern})\\s+{tail}\\b"


def tenfold_pack(path: Path) -> tuple[int, int]:
    """Write the extra pack to ``path``; return (pattern rules, phrase rules) added."""
    rules: list[dict[str, object]] = []
    for pack in bundled_paths():
        data = yaml.safe_load(Path(pack).read_text(encoding="utf-8"))
        for rule in data.get("rules", []):
            if rule.get("kind") not in ("pattern", "phrase"):
                continue
            for tail in TAILS:
                copy = {k: v for k, v in rule.items() if k not in ("examples", "fix")}
                copy["id"] = f"{rule['id']}-{tail}"
                if rule["kind"] == "pattern":
                    copy["patterns"] = [_vary(p, tail) for p in rule["patterns"]]
                    for entry in copy["patterns"]:
                        if isinstance(entry, dict):
                            entry.pop("fix", None)
                else:
                    copy["phrases"] = [f"{p} {tail}" for p in rule["phrases"]]
                rules.append(copy)
    doc = {"pack": "tenfold", "version": "1", "rules": rules}

    class NoAliases(yaml.SafeDumper):  # packs refuse anchors; the copies share lists
        def ignore_aliases(self, data: object) -> bool:
            return True

    path.write_text(yaml.dump(doc, Dumper=NoAliases, sort_keys=False), encoding="utf-8")
    kinds = [r["kind"] for r in rules]
    return kinds.count("pattern"), kinds.count("phrase")


def per_doc(texts: list[str], packs: list[str], rounds: int, prefilter: bool) -> float:
    """Best-of-``rounds`` ms per document for parse + analyze with ``packs`` added."""
    ruleset = compile_rules(load_packs(packs), words=load_words(packs))
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for i, text in enumerate(texts):
            analyze(parse_document(text, name=f"doc-{i}"), ruleset, prefilter=prefilter)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="also time without the prefilter")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus_builder.build(root / "corpus", args.docs * 3.2 / 1000 / 0.6)  # 70% single files
        files = sorted(p for p in (root / "corpus").rglob("*.txt"))[: args.docs]
        texts = [read_path(str(p)) for p in files]
        extra = root / "tenfold.yaml"
        patterns, phrases = tenfold_pack(extra)
        print(
            f"{len(texts)} documents ({sum(map(len, texts)) / len(texts) / 1000:.1f} KB on "
            f"average); the extra pack adds {patterns} pattern and {phrases} phrase rules"
        )
        modes = [True, False] if args.plain else [True]
        for prefilter in modes:
            base = per_doc(texts, [], args.rounds, prefilter)
            more = per_doc(texts, [str(extra)], args.rounds, prefilter)
            label = "one-scan prefilter" if prefilter else "plain (no prefilter)"
            print(
                f"  {label:22} bundled {base:6.2f} ms/doc   10x patterns {more:6.2f} ms/doc"
                f"   ratio {more / base:.2f}x"
            )


if __name__ == "__main__":
    main()

"""Per-rule precision and recall on ../shared/corpus against its labels.yaml.

Run by hand: ``python benchmarks/eval_corpus.py [--corpus DIR] [--verbose]``.
Precision = fired on `expect` / (fired on `expect` + fired on `absent`);
recall = fired on `expect` / all `expect` (see the corpus README). Rules in
neither list for a file are borderline and not counted. The rep named in the
labels is passed as ``--rep`` would be (null: a plain draft, all rep).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import yaml

from cxcoach.engine import check_document, compile_rules
from cxcoach.inputs import read_path
from cxcoach.packs import load_packs
from cxcoach.parse import parse_document

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def evaluate(corpus: Path, verbose: bool = False) -> dict[str, dict[str, int]]:
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    rules = load_packs()
    ruleset = compile_rules(rules)
    known = {r.id for r in rules}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    for entry in labels:
        rep = entry.get("rep")
        reps = tuple(rep) if isinstance(rep, list) else ((rep,) if rep else ())
        path = corpus / entry["file"]
        doc = parse_document(read_path(str(path)), rep_names=reps, name=path.name)
        fired = {f.rule for f in check_document(doc, ruleset)}
        for rule in entry.get("expect") or []:
            key = "tp" if rule in fired else "fn"
            counts[rule][key] += 1
            if verbose and key == "fn" and rule in known:
                print(f"  missed     {rule:<28} {entry['file']}")
        for rule in entry.get("absent") or []:
            counts[rule]
            if rule in fired:
                counts[rule]["fp"] += 1
                if verbose:
                    print(f"  false hit  {rule:<28} {entry['file']}")
    return {rule: dict(c) | {"implemented": int(rule in known)} for rule, c in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    results = evaluate(args.corpus, args.verbose)
    print(f"{'rule':<28} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>7}")
    for rule in sorted(results):
        c = results[rule]
        if not c["implemented"]:
            print(f"{rule:<28} {'':>3} {'':>3} {'':>3} {'not implemented yet':>17}")
            continue
        fired = c["tp"] + c["fp"]
        positives = c["tp"] + c["fn"]
        precision = f"{c['tp'] / fired:.2f}" if fired else "n/a"
        recall = f"{c['tp'] / positives:.2f}" if positives else "n/a"
        print(f"{rule:<28} {c['tp']:>3} {c['fp']:>3} {c['fn']:>3} {precision:>9} {recall:>7}")


if __name__ == "__main__":
    main()

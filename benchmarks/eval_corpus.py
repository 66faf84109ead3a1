"""Per-rule precision and recall on labelled texts, by half of the corpus.

Run by hand::

    python benchmarks/eval_corpus.py                       # ../shared/corpus, both halves
    python benchmarks/eval_corpus.py --half check          # only the half we do not tune on
    python benchmarks/eval_corpus.py --labels tests/fixtures/fresh/labels.yaml
    python benchmarks/eval_corpus.py --labels benchmarks/heldout/labels.yaml --quiet

The shared corpus splits into ``tune`` and ``check`` halves by a fixed hash of the
file name (``cxcoach.evaluate.half``). Rules are changed by looking at ``tune``
(and our own fixtures) only; ``check`` and the held-out set measure them. The rep
named in each label entry is passed as ``--rep`` would be (null: a plain draft).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from cxcoach.engine import compile_rules
from cxcoach.evaluate import HALVES, run, score, table
from cxcoach.packs import load_packs, load_words

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "labels.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels", type=Path, action="append")
    parser.add_argument("--half", choices=(*HALVES, "all"), default=None)
    parser.add_argument("--verbose", "-v", action="store_true", help="list each miss and false hit")
    parser.add_argument("--quiet", "-q", action="store_true", help="figures only, no file names")
    args = parser.parse_args()
    rules = load_packs()
    ruleset = compile_rules(rules, words=load_words())
    known = {r.id for r in rules}
    label_files = args.labels or [DEFAULT]
    halves = [args.half] if args.half else (["tune", "check"] if args.labels is None else ["all"])
    for label_file in label_files:
        for which in halves:
            outcomes = run(label_file, ruleset, only=which)
            print(f"\n== {label_file} ({which}: {len(outcomes)} files)")
            for line in table(score(outcomes), known):
                print(line)
            situations = [o for o in outcomes if o.expected_situation]
            if situations:
                right = sum(o.situation == o.expected_situation for o in situations)
                print(f"situation right on {right} of {len(situations)} files")
                confusion = Counter(
                    (o.expected_situation, o.situation)
                    for o in situations
                    if o.situation != o.expected_situation
                )
                for (want, got), n in sorted(confusion.items()):
                    print(f"  labelled {want:<8} decided {got:<8} {n}")
            levels: Counter[str] = Counter()
            for o in outcomes:
                levels.update(o.levels)
            per = ", ".join(
                f"{k} {v / max(len(outcomes), 1):.2f}" for k, v in sorted(levels.items())
            )
            print(f"findings per file: {per or 'none'}")
            if args.verbose and not args.quiet:
                for o in outcomes:
                    for rule in o.expect:
                        if rule not in o.fired and rule in known:
                            print(f"  missed     {rule:<28} {o.file}")
                    for rule in o.absent:
                        if rule in o.fired:
                            print(f"  false hit  {rule:<28} {o.file}")
                    if o.expected_situation and o.expected_situation != o.situation:
                        print(
                            f"  situation  {o.situation} (labelled {o.expected_situation}) {o.file}"
                        )


if __name__ == "__main__":
    main()

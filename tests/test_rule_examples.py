"""Every bundled rule's examples: `fires` must fire and `silent` must not."""

from __future__ import annotations

import pytest

from cxcoach.packs import load_packs
from cxcoach.ruletest import example_fires

RULES = load_packs()
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{expected}-{i}")
    for rule in RULES
    for expected, examples in (("fires", rule.fires), ("silent", rule.silent))
    for i, example in enumerate(examples)
]


def test_every_rule_has_three_of_each() -> None:
    for rule in RULES:
        assert len(rule.fires) >= 3, rule.id
        assert len(rule.silent) >= 3, rule.id
        assert rule.why.strip() and rule.instead.strip(), rule.id


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
def test_example(rule, example, expected) -> None:  # type: ignore[no-untyped-def]
    assert example_fires(rule, example) == (expected == "fires"), example.text

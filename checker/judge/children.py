"""A parent's children counted whole and in part.

"Okafor, a father of three" counts his children; "one of Okafor's four daughters" counts some of
them: four daughters cannot be among three children. The figures have different units and
different heads ("father", "daughters"), so the typed alignment never pairs them. Sons and
daughters fewer than the children, or children counted twice, are left to the other rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.judge.alignment import AlignedPair, both_ways, same_named
from checker.model import Claim, ValueKind

WHOLE = "child"  # "father of three", "three children" (checker.values.extract)
PARTS = frozenset({"son", "daughter", "boy", "girl"})


def _exceeding(wholes: Claim, parts: Claim) -> Iterator[AlignedPair]:
    """Counts of children in `wholes` with counts of sons or daughters in `parts` that exceed
    them, of the same named parent ("Mr Okafor is a father of three" / "Mr Okafor's four
    daughters")."""
    for whole, whole_anchor in zip(wholes.values, wholes.anchors, strict=True):
        if whole.kind is not ValueKind.NUMBER or whole.unit != WHOLE:
            continue
        parents = whole_anchor.subjects | whole_anchor.objects
        for part, part_anchor in zip(parts.values, parts.anchors, strict=True):
            if part.kind is ValueKind.NUMBER and part.unit in PARTS and part.low > whole.high \
                    and same_named(parents, part_anchor.subjects | part_anchor.objects):
                yield AlignedPair(whole, whole_anchor, part, part_anchor, 0.7)


def children_conflicts(a: Claim, b: Claim) -> list[AlignedPair]:
    """Each count of a parent's children with a count of their sons or daughters that exceeds it."""
    return both_ways(a, b, _exceeding)

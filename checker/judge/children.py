"""A parent's children counted whole and in part.

"Okafor, a father of three" counts his children; "one of Okafor's four daughters" counts some of
them: four daughters cannot be among three children. The figures have different units and
different heads ("father", "daughters"), so the typed alignment never pairs them. Sons and
daughters fewer than the children, or children counted twice, are left to the other rules.
"""

from __future__ import annotations

from checker.judge.alignment import AlignedPair
from checker.lexicon.stems import shared_fillers
from checker.model import Anchor, Claim, ValueKind

WHOLE = "child"  # "father of three", "three children" (checker.values.extract)
PARTS = frozenset({"son", "daughter", "boy", "girl"})


def _same_parent(a: Anchor, b: Anchor) -> bool:
    """A name in both: "Mr Okafor is a father of three" / "Mr Okafor's four daughters"."""
    return any(f.proper for f in shared_fillers(a.subjects | a.objects, b.subjects | b.objects))


def children_conflicts(a: Claim, b: Claim) -> list[AlignedPair]:
    """Each count of a parent's children with a count of their sons or daughters that exceeds it."""
    found = []
    for first, second, flipped in ((a, b, False), (b, a, True)):
        for whole, whole_anchor in zip(first.values, first.anchors, strict=True):
            if whole.kind is not ValueKind.NUMBER or whole.unit != WHOLE:
                continue
            for part, part_anchor in zip(second.values, second.anchors, strict=True):
                if part.kind is ValueKind.NUMBER and part.unit in PARTS and part.low > whole.high \
                        and _same_parent(whole_anchor, part_anchor):
                    found.append(AlignedPair(part, part_anchor, whole, whole_anchor, 0.7) if flipped
                                 else AlignedPair(whole, whole_anchor, part, part_anchor, 0.7))
    return found

"""Pure functions that align two claims: do two values speak of the same event or attribute?

Embeddings only say two sentences are *about* similar things. Two values conflict
only when they fill the same slot: the same head word (compared by stem, so
"annexation" matches "annexed"), at least one shared neighbour word ("Crimea"),
and no different proper noun in the same role ("born in Hamburg" vs "born in Bonn"
is the same slot; "Putin was elected" vs "Zelenskyy was elected" is not).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.analysis import same_stem
from checker.model import Anchor, Claim, Span, Value, ValueKind


@dataclass(frozen=True, slots=True)
class Relation:
    """Two aligned statements of one slot; `agree` says whether both can be true."""

    rule: str
    kind: str
    agree: bool
    a_span: Span
    b_span: Span
    a_text: str
    b_text: str
    subject: str
    confidence: float


def shared_stems(a: frozenset[str], b: frozenset[str]) -> set[str]:
    return {x for x in a if any(same_stem(x, y) for y in b)}


def alignment(a: Anchor, b: Anchor) -> float:
    """0 when the anchors name different slots; up to 1 the more their neighbourhoods agree."""
    if not a.head or not b.head or not same_stem(a.head, b.head):
        return 0.0
    # A different participant in the same role makes it a different event.
    for mine, theirs in ((a.subjects, b.subjects), (a.objects, b.objects)):
        if mine and theirs and not shared_stems(frozenset(mine), frozenset(theirs)):
            return 0.0
    shared = shared_stems(a.context, b.context)
    if not shared and not (a.fillers & b.fillers):
        return 0.0
    return min(1.0, 0.55 + 0.15 * len(shared) + (0.15 if a.fillers & b.fillers else 0.0))


def aligned_values(a: Claim, b: Claim, kind: ValueKind) -> list[tuple[Value, Anchor, Value, Anchor, float]]:
    """Every pair of values of `kind` (one from each claim) that fill the same slot."""
    pairs = []
    for va, aa in zip(a.values, a.anchors, strict=True):
        if va.kind is not kind:
            continue
        for vb, ab in zip(b.values, b.anchors, strict=True):
            if vb.kind is not kind:
                continue
            score = alignment(aa, ab)
            if score > 0:
                pairs.append((va, aa, vb, ab, score))
    return pairs


def phrase(value: Value, anchor: Anchor) -> Span:
    return anchor.phrase if anchor.phrase is not None else value.span


def subject_of(a: Anchor, b: Anchor) -> str:
    """A readable name for the slot, preferring a noun phrase ("the annexation of Crimea")."""
    for anchor in (a, b):
        if anchor.subject.startswith("the "):
            return anchor.subject
    return a.subject or b.subject

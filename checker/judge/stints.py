"""A stint in a post and the dates it began or ended.

"Brandt served as mayor between 2006 and 2013" fixes when she became mayor (2006) and when she
left (2013): "Brandt became mayor in 2008" or "Brandt resigned as mayor in 2010" contradicts it,
though the verbs differ and the typed alignment never pairs them. A start or an end before or
after the span may be another stint (a first term before, a comeback after), so only a start or
an end strictly inside the span is a conflict.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from functools import cache

from checker.judge.alignment import AlignedPair, both_ways
from checker.judge.measures import name_stems
from checker.lexicon.stems import same_stem, shared_fillers, shared_stems, stem
from checker.lexicon.words import word_groups
from checker.model import Anchor, Claim, Value, ValueKind


@cache
def _groups() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    holding, starting, ending, office = (frozenset(stem(w) for w in g) for g in word_groups("stint-verbs"))
    return holding, starting, ending, office


def _year(ordinal: float) -> int:
    return date.fromordinal(int(ordinal)).year


def _edge(anchor: Anchor) -> str | None:
    """"start" or "end" when the value dates taking up or leaving a post, else None."""
    _, starting, ending, office = _groups()
    if anchor.head == stem("take"):
        taken = {stem(f.word) for f in anchor.objects}
        return "start" if taken & office else None
    if any(same_stem(anchor.head, s) for s in starting):
        return "start"
    if any(same_stem(anchor.head, e) for e in ending):
        return "end"
    return None


def _same_post(span: Anchor, edge: Anchor, names: frozenset[str]) -> bool:
    """The same person (a name in both) and the same post (a word of both neighbourhoods that is
    neither a word of a name nor a word of the stint)."""
    people = shared_fillers(span.subjects | span.objects, edge.subjects | edge.objects)
    named = {f for f in people if f.proper}
    if not named:
        return False
    holding, starting, ending, office = _groups()
    ignore = names | {stem(f.word) for f in named} | holding | starting | ending | office
    # The post is said best by the complement ("as mayor", "became governor"), where both have one.
    posts_span = {stem(f.word) for f in span.complements} - ignore
    posts_edge = {stem(f.word) for f in edge.complements} - ignore
    if posts_span and posts_edge:
        return bool(shared_stems(posts_span, posts_edge))
    return bool(shared_stems(span.context - ignore, edge.context - ignore))


def _inside(span: Value, edge: Value, which: str) -> bool:
    if not all(math.isfinite(x) for x in (span.low, span.high, edge.low, edge.high)):
        return False  # "after 2008", "before 2013": open on one side, inside nothing for sure
    first, last = _year(span.low), _year(span.high)
    low, high = _year(edge.low), _year(edge.high)
    if which == "start":
        return first < low and high <= last
    return first <= low and high < last


def _edges_inside(spans: Claim, edges: Claim) -> Iterator[AlignedPair]:
    """Spans of a stint in `spans` with a start or end of it that `edges` dates inside the span."""
    holding = _groups()[0]
    names = name_stems(spans) | name_stems(edges)
    for span, span_anchor in zip(spans.values, spans.anchors, strict=True):
        if span.kind is not ValueKind.DATE or span.unit != "range" or span_anchor.head not in holding:
            continue
        for edge, edge_anchor in zip(edges.values, edges.anchors, strict=True):
            which = _edge(edge_anchor) if edge.kind is ValueKind.DATE and edge.unit != "range" else None
            if which and _same_post(span_anchor, edge_anchor, names) and _inside(span, edge, which):
                yield AlignedPair(span, span_anchor, edge, edge_anchor, 0.7)


def stint_conflicts(a: Claim, b: Claim) -> list[AlignedPair]:
    """Each span of a stint in one claim with a start or end of it the other dates inside the span."""
    return both_ways(a, b, _edges_inside)

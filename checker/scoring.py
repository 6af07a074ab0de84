"""A small learned score over the alignment of two claims' dates or numbers.

The typed rules (`checker/detectors/`) say *where* two values could conflict; whether
two sentences that state different values really contradict each other depends on many
weak signals at once (how well the slots align, whether the predicate recurs, how much
else the sentences share). A logistic regression over those signals, trained by
`training/train_scorer.py` on openly licensed labelled data and stored as plain JSON
(`checker/data/scorer.json`: feature names, weights, threshold), turns them into one
calibrated probability. Nothing here is evaluation-specific: the pipeline calls
`value_conflict` for every candidate pair.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import cache, partial
from importlib import resources

from checker.analysis import same_stem, stem
from checker.compare import (
    RECURRING,
    Relation,
    alignment,
    different_events,
    is_unique,
    listed_with,
    phrase,
    same_event,
    shared_stems,
    subject_of,
)
from checker.model import Anchor, Claim, Value, ValueKind
from checker.values import MONTH_OF_YEAR, compatible

FEATURES = (
    "bias", "kind_date", "similarity", "best_conflict_alignment", "best_agreement_alignment", "same_head_conflict",
    "different_event_conflict", "unmatched_a", "unmatched_b", "value_count", "stem_overlap", "name_overlap",
    "name_substitution", "unique_event", "recurring_event", "both_measure", "reference", "shared_predicate",
    "reference_predicate_in_claim", "magnitude", "approximate", "single_values", "open_subject", "rate_mismatch",
    "different_times", "rule_fired",
)

RATE = re.compile(r"\b(per|a|each|every)\s+(year|month|week|day|capita|annum)\b|\bannual(ly)?\b|\byearly\b",
                  re.IGNORECASE)


def rate_mismatch(a: Claim, b: Claim) -> bool:
    """One sentence states a rate ("$3 billion per year"), the other a total."""
    return bool(RATE.search(a.text)) != bool(RATE.search(b.text))


def same_time(a: Claim, b: Claim) -> bool:
    """Figures are comparable unless both sentences are dated and no dates agree."""
    ta = [v for v in a.values if v.kind is ValueKind.DATE]
    tb = [v for v in b.values if v.kind is ValueKind.DATE]
    return not ta or not tb or any(compatible(x, y) for x in ta for y in tb)


@dataclass(frozen=True, slots=True)
class Conflict:
    """The best-aligned pair of differing values and the features of the whole pair."""

    a_value: Value
    a_anchor: Anchor
    b_value: Value
    b_anchor: Anchor
    features: tuple[float, ...]


def _agree(kind: ValueKind, a: Value, b: Value) -> bool:
    if kind is ValueKind.DATE and a.unit == b.unit == "range":
        return a.low == b.low and a.high == b.high
    if kind is ValueKind.NUMBER and a.unit and b.unit and a.unit != b.unit:
        return True  # different units measure different things
    return compatible(a, b)


_WIDE = frozenset({"range", "decade"})


def _unmatched(kind: ValueKind, mine: list[tuple[Value, Anchor]], theirs: list[tuple[Value, Anchor]]) -> float:
    """The share of my values that no value of theirs agrees with. A span of years ("the
    1990-91 season", "the 1990s") holds many dates, so it matches none of them here."""
    points = [w for w, _ in theirs if not (kind is ValueKind.DATE and w.unit in _WIDE)]
    return sum(1 for v, _ in mine if not any(_agree(kind, v, w) for w in points)) / len(mine)


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x | y) if x or y else 0.0


def _magnitude(kind: ValueKind, a: Value, b: Value) -> float:
    if kind is ValueKind.DATE:
        if MONTH_OF_YEAR in (a.unit, b.unit):
            return 0.0  # a month of no year: months apart, years unknown
        gap_days = max(a.low - b.high, b.low - a.high, 0.0)
        return min(1.0, gap_days / 3650.0)
    x, y = abs(a.low) + abs(a.high), abs(b.low) + abs(b.high)
    if not (math.isfinite(x) and math.isfinite(y)) or x == 0 or y == 0:
        return 1.0
    return min(1.0, abs(math.log(x / y)))


def times_a_measurement(claim: Claim) -> bool:
    """A date that says when a figure was measured: the figure hangs on the date's word or
    next to it ("sales grew 10% in 2023", "the army had 200,000 soldiers in 2022"). An age
    ("died in 1996 at the age of 82") or a figure elsewhere in the sentence ("built in 2006
    and has a capacity of 20,000 people") leaves the date an event's."""
    text = claim.document.text
    # A glued count ("a two-story house") or a rank describes a thing; it measures nothing.
    figures = {an.head for v, an in zip(claim.values, claim.anchors, strict=True)
               if v.kind is ValueKind.NUMBER and v.unit != "age" and not v.unit.startswith("#") and an.head
               and text[v.span.end:v.span.end + 1] != "-"}
    return any(v.kind is ValueKind.DATE and an.head and not _dates_its_noun(text, v, an.head)
               and any(same_stem(an.head, h) or h in an.context for h in figures)
               for v, an in zip(claim.values, claim.anchors, strict=True))


_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


def _dates_its_noun(text: str, value: Value, head: str) -> bool:
    """"a 1940 comedy in three acts": a date right before its noun dates the thing, not a count."""
    word = _NEXT_WORD.match(text, value.span.end)
    return word is not None and same_stem(stem(word[1].lower()), head)


def value_conflict(a: Claim, b: Claim, kind: ValueKind, similarity: float, *, rule_fired: bool) -> Conflict | None:
    """The features of two claims whose `kind` values differ somewhere; None when none differ."""
    va = [(v, an) for v, an in zip(a.values, a.anchors, strict=True) if v.kind is kind]
    vb = [(v, an) for v, an in zip(b.values, b.anchors, strict=True) if v.kind is kind]
    if not va or not vb:
        return None
    conflicts: list[tuple[float, Value, Anchor, Value, Anchor]] = []
    best_agreement = 0.0
    for x, ax in va:
        for y, ay in vb:
            score = alignment(ax, ay)
            if _agree(kind, x, y):
                best_agreement = max(best_agreement, score)
            else:
                conflicts.append((score, x, ax, y, ay))
    if not conflicts:
        return None
    score, x, ax, y, ay = max(conflicts, key=lambda c: c[0])
    same_head = [c for c in conflicts if c[2].head and c[4].head and same_event(c[2].head, c[4].head)]
    names_a = frozenset(e.text.lower() for e in a.entities)
    names_b = frozenset(e.text.lower() for e in b.entities)
    heads = {h for _, _, an1, _, an2 in conflicts for h in (an1.head, an2.head) if h}
    features = (
        1.0,
        1.0 if kind is ValueKind.DATE else 0.0,
        similarity,
        score,
        best_agreement,
        1.0 if same_head else 0.0,
        1.0 if any(different_events(c[2], c[4]) for c in same_head) else 0.0,
        _unmatched(kind, va, vb),
        _unmatched(kind, vb, va),
        math.log1p(len(va) + len(vb)) / 3.0,
        _jaccard(a.stems, b.stems),
        _jaccard(names_a, names_b),
        1.0 if (names_a - names_b) and (names_b - names_a) else 0.0,
        1.0 if any(is_unique(h) for h in heads) else 0.0,
        # Recurring predicates matter for dates only: "worked there for 40 years" / "for 50 years" differ.
        1.0 if kind is ValueKind.DATE and heads and all(any(same_stem(h, r) for r in RECURRING) for h in heads)
        else 0.0,
        1.0 if kind is ValueKind.DATE and times_a_measurement(a) and times_a_measurement(b) else 0.0,
        1.0 if a.reference_id or b.reference_id else 0.0,
        # A predicate in common, or for figures the same thing counted ("over 300 scientific
        # papers" / "over 400 research articles"; "at the age of 12" / "of 13").
        1.0 if (ax.head and shared_stems(frozenset({ax.head}), b.stems))
        or (ay.head and shared_stems(frozenset({ay.head}), a.stems))
        or (kind is ValueKind.NUMBER and x.unit != "" and x.unit == y.unit) else 0.0,
        # What the fact dates or counts must be named in the claim ("held referendums in 2022"
        # says nothing of an annexation "in 2014").
        1.0 if (b.reference_id and ay.head and shared_stems(frozenset({ay.head}), a.stems))
        or (a.reference_id and ax.head and shared_stems(frozenset({ax.head}), b.stems)) else 0.0,
        _magnitude(kind, x, y),
        1.0 if x.approximate or y.approximate else 0.0,
        1.0 if len(va) == len(vb) == 1 else 0.0,
        1.0 if ax.open_subject or ay.open_subject else 0.0,
        1.0 if kind is ValueKind.NUMBER and rate_mismatch(a, b) else 0.0,
        1.0 if kind is ValueKind.NUMBER and not same_time(a, b) else 0.0,
        1.0 if rule_fired else 0.0,
    )
    return Conflict(x, ax, y, ay, features)


# What the typed rules know for certain outranks any score: the parse names different
# participants for one predicate ("annexed Crimea" / "annexed Donetsk"), both dates time a
# measurement ("grew 10% in 2023" / "in 2024"), every differing date hangs on a recurring
# predicate ("visited"), or the figures are a rate and a total, or of different times.
VETOES = ("different_event_conflict", "both_measure", "recurring_event", "rate_mismatch", "different_times")
_VETO_INDEX = tuple(FEATURES.index(name) for name in VETOES)
_F = {name: i for i, name in enumerate(FEATURES)}


def vetoed(features: tuple[float, ...]) -> bool:
    """Whether a conflict the typed rule did not report must stay unreported.

    Besides VETOES: no predicate in common ("founded on 4 April 1949" / "entered into force
    on 24 August 1949"); against a reference fact, a claim that does not name what the fact
    dates or counts (a reference set holds many facts about neighbouring events, which the
    training texts never showed: "annexed in 2014" / "held annexation referendums in 2022");
    or every date of one side agrees with one on the other (a list of years and one of them).
    """
    if any(features[i] for i in _VETO_INDEX):
        return True
    if not features[_F["same_head_conflict"]]:
        if not features[_F["shared_predicate"]]:
            return True
        if features[_F["reference"]] and not features[_F["reference_predicate_in_claim"]]:
            return True
    listed = min(features[_F["unmatched_a"]], features[_F["unmatched_b"]]) == 0
    return bool(features[_F["kind_date"]]) and listed


@dataclass(frozen=True, slots=True)
class Model:
    """One kind's logistic regression: weights aligned with its feature names, and a threshold."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    threshold: float

    def probability(self, features: tuple[float, ...]) -> float:
        z = sum(w * f for w, f in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def _shipped() -> dict[str, Model]:
    try:
        data = json.loads(resources.files("checker").joinpath("data/scorer.json").read_text(encoding="utf-8"))
        return {kind: Model(tuple(data["features"][kind]), tuple(float(w) for w in weights),
                            float(data["thresholds"][kind])) for kind, weights in data["weights"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def load_model(kind: str, features: tuple[str, ...]) -> Model | None:
    """The shipped model of `kind`, or None when it is missing or was trained on other features."""
    model = _shipped().get(kind)
    return model if model is not None and model.features == features else None


def _restated(value: Value, claim: Claim, other: Claim) -> bool:
    """The other sentence gives the very figure too, and the claim dates nothing: "its seventh
    season" against "began its seventh and final season, having finished its sixth". (A dated
    claim may restate an old figure for a new time: "1,951,269 in 2015" against "1,951,269 in
    2010, an estimated 2,114,801 in 2015".)"""
    if any(v.kind is ValueKind.DATE for v in claim.values):
        return False
    return any(v.kind is value.kind and v.unit == value.unit and (v.low, v.high) == (value.low, value.high)
               for v in other.values)


def judged(a: Claim, b: Claim, similarity: float, kind: ValueKind, rule: str,
           typed: list[Relation]) -> list[Relation]:
    """The typed rule's relations, with the learned score deciding the conflicts.

    Agreements pass through. Conflicts stand when the probability reaches the kind's
    threshold (the rule's own conflicts, or else the best-aligned differing values) and
    carry it as their confidence; below it, none is reported. Without shipped weights
    the typed rule decides alone.
    """
    model = load_model(kind.value, FEATURES)
    fired = [r for r in typed if not r.agree]
    conflict = value_conflict(a, b, kind, similarity, rule_fired=bool(fired)) if model is not None else None
    if model is None or conflict is None:
        return typed
    probability = model.probability(conflict.features)
    agreements = [r for r in typed if r.agree]
    if probability < model.threshold:
        return agreements
    confidence = round(probability, 3)
    if fired:
        return agreements + [replace(r, confidence=confidence) for r in fired]
    va, aa, vb, ab = conflict.a_value, conflict.a_anchor, conflict.b_value, conflict.b_anchor
    # Nor does it oppose one value of a list another of which agrees ("the early 1970s"
    # against "the late 1960s and early 1970s").
    if vetoed(conflict.features) or _restated(va, a, b) or listed_with(vb, b, partial(compatible, va)) \
            or listed_with(va, a, partial(compatible, vb)):
        return agreements
    return [*agreements, Relation(rule=rule, kind=kind.value, agree=False, a_span=phrase(va, aa),
                                  b_span=phrase(vb, ab), a_text=va.text, b_text=vb.text,
                                  subject=subject_of(aa, ab), confidence=confidence)]

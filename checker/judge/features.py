"""The signals the learned score weighs, for two claims whose dates or numbers differ somewhere.

Each signal is a named field of `Features`; the shipped weights (`checker/judge/data/scorer.json`)
name the features they were trained on, and `Features.vector` lays them out in that order.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass, fields

from checker.judge.alignment import RECURRING, alignment, different_events, is_unique, same_event
from checker.judge.instances import restates_once_fact
from checker.judge.measures import rate_mismatch, same_time, times_a_measurement
from checker.lexicon.stems import same_stem, shared_stems
from checker.lexicon.words import word_list
from checker.model import Anchor, Claim, Value, ValueKind
from checker.values import NO_YEAR, compatible, same_dates


@dataclass(frozen=True, slots=True)
class Features:
    """One pair's signals, each between 0 and 1."""

    bias: float
    kind_date: float  # the values are dates (else numbers)
    similarity: float  # cosine similarity of the two sentences
    best_conflict_alignment: float  # how well the best-aligned differing values align
    best_agreement_alignment: float  # how well the best-aligned agreeing values align
    same_head_conflict: float  # differing values hang on one predicate
    different_event_conflict: float  # ... whose participants make it two events
    unmatched_a: float  # share of a's values that no value of b agrees with
    unmatched_b: float
    value_count: float  # log of the number of values compared
    stem_overlap: float  # Jaccard overlap of the content stems
    name_overlap: float  # Jaccard overlap of the names
    name_substitution: float  # each names someone the other does not
    unique_event: float  # a predicate that happens once (born, founded)
    recurring_event: float  # every differing date hangs on a recurring predicate (visited)
    both_measure: float  # both dates time a measurement
    reference: float  # one side is a reference fact
    shared_predicate: float  # a predicate in common, or for figures the same thing counted
    reference_predicate_in_claim: float  # the claim names what the fact dates or counts
    magnitude: float  # how far apart the values are
    approximate: float  # a value is hedged ("about")
    single_values: float  # each side states one value of the kind
    open_subject: float  # a doer is a pronoun or missing
    rate_mismatch: float  # a rate against a total
    different_times: float  # figures of different dates
    rule_fired: float  # the typed rule reported a conflict

    def vector(self, names: tuple[str, ...] | None = None) -> tuple[float, ...]:
        """The values in the order of `names` (default: the fields' order)."""
        if names is None:
            return astuple(self)
        return tuple(float(getattr(self, name)) for name in names)


FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Features))

# Verbs that report speech or thought (stems).
REPORTING = word_list("reporting-verbs")


@dataclass(frozen=True, slots=True)
class Conflict:
    """The best-aligned pair of differing values and the features of the whole pair."""

    a_value: Value
    a_anchor: Anchor
    b_value: Value
    b_anchor: Anchor
    features: Features


def _agree(kind: ValueKind, a: Value, b: Value) -> bool:
    if kind is ValueKind.DATE:
        return same_dates(a, b)
    if a.unit and b.unit and a.unit != b.unit:
        return True  # different units measure different things
    return compatible(a, b)


_WIDE = frozenset({"range", "decade"})


def _unmatched(kind: ValueKind, mine: list[tuple[Value, Anchor]], theirs: list[tuple[Value, Anchor]]) -> float:
    """The share of my values that no value of theirs agrees with. A span of years ("the
    1990-91 season", "the 1990s") holds many dates, so it matches none of them here."""
    points = [w for w, _ in theirs if not (kind is ValueKind.DATE and w.unit in _WIDE)]
    return sum(1 for v, _ in mine if not any(_agree(kind, v, w) for w in points)) / len(mine)


def _whole_clause(anchor: Anchor) -> bool:
    return bool(anchor.subjects and anchor.objects)


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x | y) if x or y else 0.0


def _magnitude(kind: ValueKind, a: Value, b: Value) -> float:
    if kind is ValueKind.DATE:
        if a.unit in NO_YEAR or b.unit in NO_YEAR:
            return 0.0  # a month or day of no year: years unknown
        gap_days = max(a.low - b.high, b.low - a.high, 0.0)
        return min(1.0, gap_days / 3650.0)
    x, y = abs(a.low) + abs(a.high), abs(b.low) + abs(b.high)
    if not (math.isfinite(x) and math.isfinite(y)) or x == 0 or y == 0:
        return 1.0
    return min(1.0, abs(math.log(x / y)))


def _flag(condition: object) -> float:
    return 1.0 if condition else 0.0


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
    # Against a `once` fact, the dates of the recurring verb itself (see recurring_event below).
    compared_heads = ({h for _, _, an1, _, an2 in same_head for h in (an1.head, an2.head)} or heads) \
        if a.once or b.once else heads
    dates = kind is ValueKind.DATE
    numbers = kind is ValueKind.NUMBER
    features = Features(
        bias=1.0,
        kind_date=_flag(dates),
        similarity=similarity,
        best_conflict_alignment=score,
        best_agreement_alignment=best_agreement,
        same_head_conflict=_flag(same_head),
        # Where the typed rule found nothing to compare, two whole clauses (a doer and an
        # undergoer each) with different named participants date two events even on two
        # predicates ("Ferrand declared martial law on 2 May" / "Holt declared the annexation of
        # Varn on 9 June").
        different_event_conflict=_flag(any(different_events(c[2], c[4]) for c in same_head)
                                       or (not rule_fired and _whole_clause(ax) and _whole_clause(ay)
                                           and different_events(ax, ay))),
        unmatched_a=_unmatched(kind, va, vb),
        unmatched_b=_unmatched(kind, vb, va),
        value_count=math.log1p(len(va) + len(vb)) / 3.0,
        stem_overlap=_jaccard(a.stems, b.stems),
        name_overlap=_jaccard(names_a, names_b),
        name_substitution=_flag((names_a - names_b) and (names_b - names_a)),
        unique_event=_flag(any(is_unique(h) for h in heads)),
        # Recurring predicates matter for dates only: "worked there for 40 years" / "for 50 years" differ.
        # A fact marked `once` says its event is one of a kind that recurs: a claim that does not
        # restate it speaks of another occurrence, whatever other dates it holds ("voted to amend
        # the 2004 constitution on 21 May" / "voted on 22 May to remove ...": the vote is compared);
        # one that restates it all speaks of that one.
        recurring_event=_flag(dates and heads and all(any(same_stem(h, r) for r in RECURRING) for h in compared_heads)
                              and not restates_once_fact(a, b)),
        both_measure=_flag(dates and times_a_measurement(a) and times_a_measurement(b)),
        reference=_flag(a.reference_id or b.reference_id),
        # A predicate in common, or for figures the same thing counted ("over 300 scientific
        # papers" / "over 400 research articles"; "at the age of 12" / "of 13").
        # A verb of reporting is no predicate of the value ("several papers suggest the wedding
        # date could be 20 April": the date is of what is reported).
        shared_predicate=_flag((ax.head and ax.head not in REPORTING and shared_stems(frozenset({ax.head}), b.stems))
                               or (ay.head and ay.head not in REPORTING and shared_stems(frozenset({ay.head}), a.stems))
                               or (numbers and x.unit != "" and x.unit == y.unit)),
        # What the fact dates or counts must be named in the claim ("held referendums in 2022"
        # says nothing of an annexation "in 2014").
        reference_predicate_in_claim=_flag(
            (b.reference_id and ay.head and shared_stems(frozenset({ay.head}), a.stems))
            or (a.reference_id and ax.head and shared_stems(frozenset({ax.head}), b.stems))),
        magnitude=_magnitude(kind, x, y),
        approximate=_flag(x.approximate or y.approximate),
        single_values=_flag(len(va) == len(vb) == 1),
        open_subject=_flag(ax.open_subject or ay.open_subject),
        rate_mismatch=_flag(numbers and rate_mismatch(a, b)),
        different_times=_flag(numbers and not same_time(a, b)),
        rule_fired=_flag(rule_fired),
    )
    return Conflict(x, ax, y, ay, features)

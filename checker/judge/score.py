"""A small learned score over the alignment of two claims' dates or numbers.

The typed rules (`checker/judge/detectors/`) say *where* two values could conflict; whether
two sentences that state different values really contradict each other depends on many
weak signals at once (`checker/judge/features.py`). A logistic regression over those
signals, trained by `training/train_scorer.py` on openly licensed labelled data and stored
as plain JSON (`checker/judge/data/scorer.json`: feature names, weights, threshold), turns
them into one calibrated probability. Nothing here is evaluation-specific: the detectors call
`judged` for every candidate pair. Weights that cannot be read, or that were trained on other
features, leave the typed rules to decide alone and are reported by `problems()`, which the
pipeline turns into a report warning: quality never changes silently.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cache, partial
from importlib import resources

from checker.judge.alignment import AlignedPair, comparable_figures, listed_with, pair_relation
from checker.judge.features import FEATURES, Features, value_conflict
from checker.judge.instances import other_instance
from checker.judge.measures import figures_apart, restated
from checker.lexicon.stems import same_stem, shared_fillers, shared_stems
from checker.model import Claim, Relation, ValueKind
from checker.values import compatible

SCORER = "judge/data/scorer.json"
KINDS = ("date", "number")


def vetoed(features: Features) -> bool:
    """Whether a conflict the typed rule did not report must stay unreported.

    What the typed rules know for certain outranks any score: the parse names different
    participants for one predicate ("annexed Crimea" / "annexed Donetsk"), both dates time a
    measurement ("grew 10% in 2023" / "in 2024"), every differing date hangs on a recurring
    predicate ("visited"), or the figures are a rate and a total, or of different times.
    Besides: no predicate in common ("founded on 4 April 1949" / "entered into force on 24
    August 1949"); against a reference fact, a claim that does not name what the fact dates
    or counts (a reference set holds many facts about neighbouring events, which the
    training texts never showed: "annexed in 2014" / "held annexation referendums in 2022");
    or every date of one side agrees with one on the other (a list of years and one of them).
    """
    if (features.different_event_conflict or features.both_measure or features.recurring_event
            or features.rate_mismatch or features.different_times):
        return True
    if not features.same_head_conflict:
        if not features.shared_predicate:
            return True
        if features.reference and not features.reference_predicate_in_claim:
            return True
    listed = min(features.unmatched_a, features.unmatched_b) == 0
    return bool(features.kind_date) and listed


@dataclass(frozen=True, slots=True)
class Model:
    """One kind's logistic regression: weights by feature name, and a threshold."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    threshold: float

    def probability(self, features: Features) -> float:
        z = sum(w * f for w, f in zip(self.weights, features.vector(self.features), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Scorer:
    """The shipped models by kind, and what kept any from loading."""

    models: dict[str, Model] = field(default_factory=dict)
    problem: str | None = None


def read_scorer(text: str) -> Scorer:
    """The models in a scorer.json text; a model whose features are not exactly FEATURES is left out."""
    try:
        data = json.loads(text)
        models = {kind: Model(tuple(data["features"][kind]), tuple(float(w) for w in weights),
                              float(data["thresholds"][kind])) for kind, weights in data["weights"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return Scorer(problem=f"cannot read the learned score ({type(exc).__name__}: {exc})")
    usable = {kind: m for kind, m in models.items() if m.features == FEATURES and len(m.weights) == len(FEATURES)}
    missing = [kind for kind in KINDS if kind not in usable]
    if missing:
        return Scorer(usable, f"the learned score has no usable weights for {', '.join(missing)} "
                              "(trained on other features?)")
    return Scorer(usable)


@cache
def shipped() -> Scorer:
    try:
        text = resources.files("checker").joinpath(SCORER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Scorer(problem=f"cannot read the learned score ({exc})")
    return read_scorer(text)


def problems() -> tuple[str, ...]:
    """Why the learned score is not used in full, as report warnings (none when it loads)."""
    problem = shipped().problem
    return (f"{problem}; dates and numbers are judged by the typed rules alone",) if problem else ()


def load_model(kind: str, features: tuple[str, ...]) -> Model | None:
    """The shipped model of `kind`, or None when it is missing or was trained on other features."""
    model = shipped().models.get(kind)
    return model if model is not None and model.features == features else None


# Sentences this close say one thing twice, whatever words their figures hang on.
CLOSE_PARAPHRASE = 0.65


def _related_figures(pair: AlignedPair, similarity: float) -> bool:
    """Two figures of an article count one thing only when their words meet: the same head
    ("debts of £21,200" / "the debt ... averages £22,100"), a word around both ("the cap saved
    £600m" / "the cap has knocked £400m off"), a shared participant, or sentences that are
    close paraphrases. A unit alone ("seven feet" from the first hole, "45 feet" from the
    sixth; "11 per cent more" near one shop, "8 per cent more" near another) says only what
    kind of figure it is."""
    x, y = pair.a_anchor, pair.b_anchor
    return bool((x.head and y.head and same_stem(x.head, y.head)) or shared_stems(x.context, y.context)
                or shared_fillers(x.fillers, y.fillers) or similarity >= CLOSE_PARAPHRASE)


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
    va, vb = conflict.a_value, conflict.b_value
    pair = AlignedPair(va, conflict.a_anchor, vb, conflict.b_anchor, conflict.features.best_conflict_alignment)
    # It proposes only figures the typed rule would compare: a count of troops is no sum of
    # money, a bare "three" against "45" needs slots that align firmly, an age one person.
    against_fact = bool(a.reference_id or b.reference_id)
    if kind is ValueKind.NUMBER and not (comparable_figures(pair, against_fact=against_fact)
                                         and (against_fact or _related_figures(pair, similarity))):
        return agreements
    # Nor figures that measure different things (measures.figures_apart, restated ones included).
    if kind is ValueKind.NUMBER and figures_apart(a, va, b, vb):
        return agreements
    # Nor does it oppose one value of a list another of which agrees ("the early 1890s"
    # against "the late 1880s and early 1890s"), nor a date the other sentence gives too.
    # Nor, against a reference fact, figures of something else done the same way.
    if vetoed(conflict.features) or other_instance(a, b, conflict.a_anchor, conflict.b_anchor) \
            or (kind is ValueKind.DATE and (restated(va, a, b) or restated(vb, b, a))) \
            or listed_with(vb, b, partial(compatible, va)) \
            or listed_with(va, a, partial(compatible, vb)):
        return agreements
    return [*agreements, pair_relation(rule, kind, pair, agree=False, confidence=confidence)]

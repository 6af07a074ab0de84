"""From relations to findings: which side of a disagreement is reported, and what its message says.

A finding's confidence is the calibrated probability that it is real, and its severity
follows from it (`checker/judge/calibration.py`), up to the rule's configured severity.

When two claims disagree, the one reported is the one the evidence goes against:
the side a reference fact contradicts, else the side fewer other claims support,
else the later one (the first mention sets the record). All claims and facts that
disagree with one position join one finding, grouped by the value they state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from checker.inputs.review import overdue, today_of
from checker.judge.calibration import Cuts, shipped
from checker.judge.detectors import RULES
from checker.model import (
    Claim,
    Document,
    Evidence,
    Finding,
    Location,
    Polarity,
    ReferenceFact,
    Relation,
    Severity,
    Span,
)
from checker.settings import Settings

# A position is one value slot in one claim: (claim index, span of the flagged words).
Position = tuple[int, Span]


@dataclass
class _Side:
    evidence: Evidence
    value: str
    order: tuple[str, int]


@dataclass
class _Flag:
    relation: Relation
    others: list[_Side] = field(default_factory=list)
    scores: list[tuple[float, bool]] = field(default_factory=list)  # each relation's score, against a fact?


def _claim_evidence(claim: Claim) -> Evidence:
    return Evidence(location=claim.location, text=claim.text, span=claim.span)


def _fact_evidence(fact: ReferenceFact) -> Evidence:
    end = fact.column + len(fact.statement)
    return Evidence(location=Location(fact.path, fact.line, fact.column, fact.line, end), text=fact.statement,
                    reference_id=fact.id, source=fact.sources[0] if fact.sources else None, as_of=fact.as_of)


def findings(claims: Sequence[Claim], relations: Sequence[tuple[int, int | None, Relation]],
              fact_relations: Sequence[tuple[int, Claim, Relation]], facts: Mapping[str, ReferenceFact],
              settings: Settings) -> list[Finding]:
    support: dict[Position, int] = defaultdict(int)
    refuted: set[Position] = set()
    flags: dict[tuple[Position, str], _Flag] = {}

    def flag(pos: Position, relation: Relation, side: _Side) -> None:
        entry = flags.setdefault((pos, relation.rule), _Flag(relation))
        entry.scores.append((relation.confidence, side.evidence.reference_id is not None))
        if all(s.evidence != side.evidence for s in entry.others):
            entry.others.append(side)

    for i, claim_fact, rel in fact_relations:
        pos = (i, rel.a_span)
        if rel.agree:
            support[pos] += 2
            continue
        refuted.add(pos)
        fact = facts[claim_fact.reference_id or ""]
        flag(pos, rel, _Side(_fact_evidence(fact), rel.b_text, ("\uffff", 0)))
    for a, b, rel in relations:
        if rel.agree and b is not None:
            support[(a, rel.a_span)] += 1
            support[(b, rel.b_span)] += 1
    for a, b, rel in relations:
        if rel.agree or b is None:
            continue
        pa, pb = (a, rel.a_span), (b, rel.b_span)
        # Report the side the evidence goes against; on a tie the later claim (b, as a < b).
        report_a = (pa in refuted and pb not in refuted) or \
            (not (pb in refuted and pa not in refuted) and support[pa] < support[pb])
        if report_a:
            flag(pa, rel, _Side(_claim_evidence(claims[b]), rel.b_text, _order(claims[b])))
        else:
            flag(pb, rel.mirrored(), _Side(_claim_evidence(claims[a]), rel.a_text, _order(claims[a])))

    calibration = shipped()
    cuts = cuts_of(settings, calibration.cuts)
    today = today_of(settings.today)
    findings = []
    for ((index, span), rule_id), entry in flags.items():
        claim = claims[index]
        others = sorted(entry.others, key=lambda s: s.order)
        # A finding is as sure as its surest evidence.
        confidence, score = max((calibration.confidence(rule_id, fact, raw), raw) for raw, fact in entry.scores)
        severity = cuts.severity(confidence, settings.severities.get(rule_id, RULES[rule_id].severity))
        if severity is None:
            continue  # below the info cut: too unsure to say
        message = _message(claim, entry.relation, others)
        due = _due_facts(others, facts, today)
        if due is not None:
            # The finding rests on facts nobody has reviewed since they were due: say less.
            severity = Severity(max(Severity.INFO, severity - 1))
            message += f" (reference {due.id} was due for review by {due.review_by})"
        valued = entry.relation.a_polarity is None  # a negation states no value on either side
        related = tuple(dataclasses.replace(s.evidence, value=s.value) if valued else s.evidence for s in others)
        findings.append(Finding(rule=rule_id, severity=severity, message=message,
                                document=claim.document, span=span, related=related,
                                kind=entry.relation.kind, confidence=confidence, score=score,
                                sentence=claim.span, stated=entry.relation.a_text if valued else ""))
    findings.sort(key=lambda f: (f.document.path, f.span.start, f.rule))
    return findings


def cuts_of(settings: Settings, measured: Cuts) -> Cuts:
    """The measured cuts, with those the configuration sets instead."""
    return Cuts(error=measured.error if settings.error_confidence is None else settings.error_confidence,
                warning=measured.warning if settings.warning_confidence is None else settings.warning_confidence,
                info=measured.info if settings.info_confidence is None else settings.info_confidence)


def _order(claim: Claim) -> tuple[str, int]:
    return claim.document.path, claim.span.start


def _where(side: _Side, here: Document) -> str:
    ev = side.evidence
    if ev.reference_id is not None:
        return f"reference {ev.reference_id}"
    if ev.location.path == here.path:
        return f"line {ev.location.line}"
    return f"{ev.location.path}:{ev.location.line}"


def _due_facts(others: Sequence[_Side], facts: Mapping[str, ReferenceFact], today: dt.date) -> ReferenceFact | None:
    """The first fact of the evidence when every piece of it is a reference fact past its
    `review_by`; else None (another claim or a current fact backs the finding)."""
    ids = [s.evidence.reference_id for s in others]
    if not ids or any(i is None or not overdue(facts[i], today) for i in ids):
        return None
    return facts[ids[0] or ""]


def _message(claim: Claim, relation: Relation, others: Sequence[_Side]) -> str:
    """"the annexation of Crimea: 2022 here, 2014 at line 23 and line 54, March 2014 in reference x"."""
    if relation.a_polarity is not None:
        negated = relation.a_polarity is Polarity.NEGATED
        here = "negated here" if negated else "affirmed here"
        there = "affirmed" if negated else "negated"
        return f"{here}, {there} at " + _join([_where(s, claim.document) for s in others])
    by_value: dict[str, list[str]] = defaultdict(list)
    for side in others:
        place = _where(side, claim.document)
        if place not in by_value[side.value]:
            by_value[side.value].append(place)
    parts = [f"{value} {'in' if places[0].startswith('reference') else 'at'} {_join(places)}"
             for value, places in by_value.items()]
    subject = f"{relation.subject}: " if relation.subject else ""
    return f"{subject}{relation.a_text} here, " + ", ".join(parts)


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

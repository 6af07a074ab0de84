"""negation: the same statement made once positively and once negatively.

What it does
    Flags a claim that says the opposite of a nearly identical claim or reference
    fact: "Ukraine has joined NATO" against "Ukraine has not joined NATO".

Why
    A dropped or added "not" reverses a sentence's meaning while leaving it looking
    like its neighbour, so readers and editors skim past it.

How it decides
    The two sentences must be near paraphrases (embedding similarity of at least 0.6, or
    0.4 against a reference fact, and three quarters of the content words shared by stem,
    a name counting once however fully it is written), one negated ("not", "never", "no",
    "refused to", "unable to", "has yet to") and the other not, and what the negation
    denies (the verb, or what "is not" denies the subject is) must be said by the other
    sentence, with no dates or numbers that disagree. A denial limited in time ("never
    toured Japan after the split") is not compared. It reports a warning: negation is
    subtle and a human should look.

Example
    Russia has recognised the annexation as legal.
    Russia has never recognised the annexation as legal.
"""

from __future__ import annotations

import re

from checker.analysis import stem
from checker.compare import Relation, shared_stems
from checker.model import Claim, Severity
from checker.values import values_differ

RULE_ID = "negation"
SEVERITY = Severity.WARNING
SUMMARY = "The same statement made once positively and once negatively."

MIN_SIMILARITY = 0.6
MIN_REFERENCE_SIMILARITY = 0.4
MIN_OVERLAP = 0.75
_LIMITED = re.compile(r"(?i)\b(?:before|after|prior to)\b")
_DENIALS = frozenset({stem(w) for w in ("refuse", "refused", "fail", "failed", "decline", "declined", "unable",
                                         "incapable", "never")})


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    floor = MIN_REFERENCE_SIMILARITY if a.reference_id or b.reference_id else MIN_SIMILARITY
    if a.negated == b.negated or similarity < floor or not a.stems or not b.stems:
        return []
    # A reference fact is usually longer than the claim it is checked against: then what
    # counts is how much of the claim the fact repeats.
    # The denying words themselves ("refused", "unable") are no content.
    stems_a, stems_b = _content(a, b.stems), _content(b, a.stems)
    if not stems_a or not stems_b:
        return []
    if b.reference_id is not None:
        overlap = len(shared_stems(stems_a, stems_b)) / len(stems_a)
    else:
        overlap = len(shared_stems(stems_a, stems_b)) / max(len(stems_a), len(stems_b))
    if overlap < MIN_OVERLAP:
        return []
    if any(values_differ(x, y) for x in a.values for y in b.values):
        return []
    # What is denied must be what the other sentence says: "Cruz refused to model for L'Oréal"
    # against "Cruz modelled for L'Oréal", not "never beaten Al-Zawraa" against "won the cup".
    negative, positive = (a, b) if a.negated else (b, a)
    if not shared_stems(negative.denied, positive.stems):
        return []
    # A denial limited in time ("never appeared in a film before 1986", "no dynasties after
    # the Lagids") leaves the rest of time open.
    if _LIMITED.search(negative.text):
        return []
    subject = " ".join(a.text.split()[:8])
    return [Relation(rule=RULE_ID, kind="negation", agree=False, a_span=a.span, b_span=b.span,
                     a_text="not" if a.negated else "affirms", b_text="not" if b.negated else "affirms",
                     subject=subject, confidence=round(min(1.0, similarity * overlap), 3))]


def _content(claim: Claim, other: frozenset[str]) -> frozenset[str]:
    """The claim's content stems, without denying words, and with a name counted once: "Cruz"
    in the other sentence stands for "Penélope Cruz" here."""
    drop = set(_DENIALS)
    for entity in claim.entities:
        words = {stem(w) for w in entity.text.split()}
        if len(words) > 1 and shared_stems(frozenset(words), other):
            drop |= {w for w in words if not shared_stems(frozenset({w}), other)}
    return claim.stems - drop

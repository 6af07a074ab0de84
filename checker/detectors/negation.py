"""negation: the same statement made once positively and once negatively.

What it does
    Flags a claim that says the opposite of a nearly identical claim or reference
    fact: "Ukraine has joined NATO" against "Ukraine has not joined NATO".

Why
    A dropped or added "not" reverses a sentence's meaning while leaving it looking
    like its neighbour, so readers and editors skim past it.

How it decides
    The two sentences must be near paraphrases (embedding similarity of at least 0.6
    and three quarters of the content words shared by stem), one negated ("not", "never", "no",
    "refused to", "unable to", "has yet to") and
    the other not, with no dates or numbers that disagree. It reports a warning:
    negation is subtle and a human should look.

Example
    Russia has recognised the annexation as legal.
    Russia has never recognised the annexation as legal.
"""

from __future__ import annotations

from checker.compare import Relation, shared_stems
from checker.model import Claim, Severity
from checker.values import values_differ

RULE_ID = "negation"
SEVERITY = Severity.WARNING
SUMMARY = "The same statement made once positively and once negatively."

MIN_SIMILARITY = 0.6
MIN_OVERLAP = 0.75


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    if a.negated == b.negated or similarity < MIN_SIMILARITY or not a.stems or not b.stems:
        return []
    # A reference fact is usually longer than the claim it is checked against: then what
    # counts is how much of the claim the fact repeats.
    if b.reference_id is not None:
        overlap = len(shared_stems(a.stems, b.stems)) / len(a.stems)
    else:
        overlap = len(shared_stems(a.stems, b.stems)) / max(len(a.stems), len(b.stems))
    if overlap < MIN_OVERLAP:
        return []
    if any(values_differ(x, y) for x in a.values for y in b.values):
        return []
    subject = " ".join(a.text.split()[:8])
    return [Relation(rule=RULE_ID, kind="negation", agree=False, a_span=a.span, b_span=b.span,
                     a_text="not" if a.negated else "affirms", b_text="not" if b.negated else "affirms",
                     subject=subject, confidence=round(min(1.0, similarity * overlap), 3))]

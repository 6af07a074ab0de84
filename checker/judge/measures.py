"""What a date or a figure measures: rates, the time a figure holds at, dates that time a measurement.

Two figures contradict each other only if they count the same thing at the same time, and
two dates only if they date the same event; these checks, shared by the typed rules and
the learned score, tell when they do not.
"""

from __future__ import annotations

import re

from checker.lexicon.stems import same_stem, stem
from checker.model import Claim, Value, ValueKind
from checker.values import MAX_PROSE_VALUES, compatible

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


def times_a_measurement(claim: Claim) -> bool:
    """A date that says when a figure was measured: the figure hangs on the date's word or
    next to it ("sales grew 10% in 2023", "the army had 200,000 soldiers in 2022"). An age
    ("retired in 1988 at the age of 64") or a figure elsewhere in the sentence ("built in 2006
    and has a capacity of 20,000 people") leaves the date an event's."""
    text = claim.document.text
    # A glued count ("a two-story house") or a rank describes a thing; it measures nothing.
    figures = {an.head for v, an in zip(claim.values, claim.anchors, strict=True)
               if v.kind is ValueKind.NUMBER and v.unit != "age" and not v.unit.startswith("#") and an.head
               and text[v.span.end:v.span.end + 1] != "-"}
    return any(v.kind is ValueKind.DATE and an.head and not _dates_its_noun(text, v, an.head)
               and any(same_stem(an.head, h) or h in an.context for h in figures)
               for v, an in zip(claim.values, claim.anchors, strict=True))


_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")


def _dates_its_noun(text: str, value: Value, head: str) -> bool:
    """"a 1911 opera in four acts": a date right before its noun dates the thing, not a count."""
    word = _WORD_AFTER.match(text, value.span.end)
    return word is not None and same_stem(stem(word[1].lower()), head)


def listing(claim: Claim) -> bool:
    """A "sentence" holding more dates and figures than prose does: a table row run together."""
    return len(claim.values) > MAX_PROSE_VALUES


# Below this cosine similarity two sentences that share no name are not even loosely about one
# thing (measured on the dev news: no contradiction in them fell below it).
LOOSE_SIMILARITY = 0.4


def unrelated(a: Claim, b: Claim, similarity: float) -> bool:
    """Two sentences of an article that share no name and are not even loosely similar speak of
    different things ("Last year 20 people died in the Ardle floods" / "About 300 homes lost power
    when the storm reached the coast"): their figures are different figures. A reference fact is
    never set apart this way; it names what the claim must match."""
    if a.reference_id or b.reference_id or similarity >= LOOSE_SIMILARITY:
        return False
    return not name_stems(a) & name_stems(b)


def name_stems(claim: Claim) -> frozenset[str]:
    """Stems of every word of the names a claim mentions ("Angela Merkel" -> angela, merkel)."""
    return frozenset(stem(w) for e in claim.entities for w in e.text.lower().split())

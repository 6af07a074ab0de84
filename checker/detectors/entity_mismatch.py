"""entity-mismatch: a different person, place or thing in the same role of the same event.

What it does
    Flags a claim that puts another name in a slot that holds only one: "Merkel was
    born in Hamburg" against "Merkel was born in Bonn", or "Kyiv is the capital of
    Ukraine" against "Kyiv is the capital of Russia".

Why
    Swapped names and places survive spell-checkers and read naturally, so they reach
    print. A reporter copying from two sources is the usual cause.

How it decides
    Both sentences use the same predicate (compared by stem) about the same doer (a
    shared name, or a pronoun standing for the text's subject), and a role that admits
    one filler holds different names in each: the place of a one-time event (born, died,
    founded, built ...), or the named thing something is ("the capital of France").
    Roles that admit many fillers ("visited Paris" / "visited London"; "became CEO of
    Pizza Hut" / "became CEO of TracyLocke") are never flagged.
    It reports a warning: names can have variants the checker does not know.

Example
    Angela Merkel was born in Hamburg in 1954.
    Angela Merkel was born in Bonn.
"""

from __future__ import annotations

import re

from checker.compare import UNIQUE_EVENTS, Relation, disjoint, shared_stems
from checker.model import Anchor, Claim, Severity

RULE_ID = "entity-mismatch"
SEVERITY = Severity.WARNING
SUMMARY = "A different person, place or thing in the same role of the same event."

# Predicates whose named complement says what the subject is: "X is the capital of France".
# Roles people hold one after another (became, elected, appointed, worked as) are left out:
# "elected Secretary-General" and "elected Chancellor" are both true of Merkel.
IDENTITY = frozenset({"be"})
# Prepositions of place and origin: a one-time event happens in one place.
PLACE = frozenset({"in", "at", "from", "near"})
MIN_SIMILARITY = 0.6


def _same_doer(a: Anchor, b: Anchor) -> bool:
    """A shared participant, or a pronoun that can stand for the other's."""
    if a.fillers and b.fillers:
        return bool(shared_stems(a.fillers, b.fillers))
    return a.open_subject or b.open_subject


def _by_prep(anchor: Anchor) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for item in anchor.modifiers:
        prep, _, word = item.partition(":")
        found.setdefault(prep, set()).add(word)
    return {prep: frozenset(words) for prep, words in found.items()}


def _names(words: frozenset[str]) -> str:
    return " ".join(sorted(w.lstrip("^") for w in words if w.startswith("^"))) or \
        " ".join(sorted(w.lstrip("^") for w in words))


def _surface(words: str, text: str) -> str:
    """The words as the sentence writes them: "bonn" -> "Bonn", "social worker" when adjacent."""
    found = [re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words.split()]
    spans = sorted((m.start(), m.end()) for m in found if m)
    if not spans:
        return words
    return text[spans[0][0]:spans[-1][1]] if spans[-1][1] - spans[0][0] < 60 else " ".join(
        text[s:e] for s, e in spans)


def _clash(a: Anchor, b: Anchor) -> tuple[str, str] | None:
    """The differing fillers (a's, b's) of a one-filler role, if any."""
    unique = a.head in UNIQUE_EVENTS or any(a.head.startswith(u) for u in UNIQUE_EVENTS)
    if a.head in IDENTITY and disjoint(a.complements, b.complements):
        return _names(a.complements), _names(b.complements)
    if unique:
        mods_a, mods_b = _by_prep(a), _by_prep(b)
        for prep in PLACE & mods_a.keys() & mods_b.keys():
            if disjoint(mods_a[prep], mods_b[prep]) and all(w.startswith("^") for w in mods_a[prep] | mods_b[prep]):
                return _names(mods_a[prep]), _names(mods_b[prep])
    return None


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    if similarity < MIN_SIMILARITY or a.negated or b.negated:
        return []
    text_a, text_b = a.text.lower(), b.text.lower()
    for fa in a.frames:
        for fb in b.frames:
            if fa.head != fb.head or not _same_doer(fa, fb):
                continue
            clash = _clash(fa, fb)
            # Both names in both sentences means a list or a comparison, not a swap.
            if clash is None or clash[0] in text_b or clash[1] in text_a:
                continue
            assert fa.phrase is not None and fb.phrase is not None
            clash = (_surface(clash[0], a.text), _surface(clash[1], b.text))
            subject = f"{fa.subject}" if fa.subject else fa.head
            return [Relation(rule=RULE_ID, kind="entity", agree=False, a_span=fa.phrase, b_span=fb.phrase,
                             a_text=clash[0], b_text=clash[1], subject=subject,
                             confidence=round(similarity, 3))]
    return []

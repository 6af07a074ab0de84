"""Pure functions that align two claims: do two values speak of the same event or attribute?

Embeddings only say two sentences are *about* similar things. Two values conflict
only when they fill the same slot: the same head word (compared by stem, so
"annexation" matches "annexed"), at least one shared neighbour word ("Crimea"),
and no different proper noun in the same role ("born in Hamburg" vs "born in Bonn"
is the same slot; "Putin was elected" vs "Zelenskyy was elected" is not).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

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


# Events that happen once to their participant: other phrases ("born in Hamburg" vs "in Bonn")
# do not make them different events, they make them contradict twice.
UNIQUE_EVENTS = frozenset({
    "bear", "born", "birth", "die", "death", "found", "establish", "annex", "invad", "invas", "assassin",
    "incorpor", "inaugur", "independ", "build", "built", "construct", "abolish", "dissolv", "disband",
    "demolish", "creat", "form", "launch", "sink", "sank", "marri", "graduat", "retir", "resign", "execut",
    "locat", "situat", "headquart", "base",  # states with one place at a time
})


# Events that can happen many times to the same participants: different dates are no conflict.
RECURRING = frozenset({
    "visit", "win", "meet", "host", "hold", "grow", "rise", "fall", "increas", "decreas", "drop", "declin",
    "attend", "play", "perform", "tour", "travel", "speak", "say", "talk", "discuss", "vote", "reelect",
    "elect", "appear", "score", "record", "serv", "work",
})


# Events whose undergoer is made by them: one thing, made once, by whoever made it.
CREATION_EVENTS = frozenset({
    "found", "establish", "build", "built", "construct", "creat", "design", "invent", "discov", "write",
    "wrote", "compos", "direct", "produc", "paint", "sculpt", "develop", "publish", "releas", "record",
})


# Words that end names of many different things: "Concordia College", "Immanuel College".
GENERIC_NAME_WORDS = frozenset({
    "college", "university", "school", "institute", "academy", "church", "cathedral", "hospital", "company",
    "corporation", "party", "river", "lake", "mountain", "mount", "island", "islands", "street", "park", "hall",
    "house", "museum", "bridge", "station", "airport", "club", "team", "band", "group", "league", "association",
    "society", "council", "committee", "ministry", "department", "bank", "stadium", "theatre", "theater",
    "center", "centre", "county", "city", "state", "province", "district", "republic", "kingdom", "award",
    "awards", "cup", "championship", "festival", "prize", "library", "records", "entertainment",
})


def disjoint(x: frozenset[str], y: frozenset[str], *, names_only: bool = True) -> bool:
    """Both name participants, and none in common.

    Names are compared with names. Common nouns alone rarely prove two participants
    differ ("the home" / "the house"), so they count only where asked (complements:
    "squadron leader" / "commander").
    """
    if not x or not y or "?" in x or "?" in y:
        return False
    x_names = frozenset(w for w in x if w.startswith("^"))
    y_names = frozenset(w for w in y if w.startswith("^"))
    if x_names and y_names:
        return not shared_stems(x_names, y_names)
    if names_only:
        return False
    return not shared_stems(frozenset(w.lstrip("^") for w in x), frozenset(w.lstrip("^") for w in y))


def _modifiers_clash(a: Anchor, b: Anchor) -> bool:
    """The same preposition with different nouns: "injured in a flying accident" / "in a car accident"."""
    by_prep_a: dict[str, set[str]] = {}
    by_prep_b: dict[str, set[str]] = {}
    for mods, into in ((a.modifiers, by_prep_a), (b.modifiers, by_prep_b)):
        for item in mods:
            prep, _, word = item.partition(":")
            into.setdefault(prep, set()).add(word)
    return any(disjoint(frozenset(words), frozenset(by_prep_b[prep]))
               for prep, words in by_prep_a.items() if prep in by_prep_b)


def _same_named(x: frozenset[str], y: frozenset[str]) -> bool:
    names_x = frozenset(w for w in x if w.startswith("^"))
    names_y = frozenset(w for w in y if w.startswith("^"))
    return bool(names_x and names_y and shared_stems(names_x, names_y))


def different_events(a: Anchor, b: Anchor) -> bool:
    """A different participant in the same role makes it a different event."""
    # The undergoer identifies an event best ("founded Google"); complements too ("became CEO").
    if disjoint(a.complements, b.complements, names_only=False) or disjoint(a.objects, b.objects):
        return True
    # Different doers make different events ("Finland joined NATO" / "Sweden joined NATO"),
    # except for making something, where the thing made is the event ("built by Bailey" /
    # "built by Nichols" is one house with two builders: a conflict, not two houses).
    if disjoint(a.subjects, b.subjects) and not (
            (a.objects or b.objects) and any(same_stem(a.head, c) for c in CREATION_EVENTS)) and not (
            # "Sequeira was replaced by Albuquerque in 1510" / "by Diogo in 1511": one undergoer,
            # one replacement, told twice.
            a.passive and b.passive and _same_named(a.objects, b.objects)
            and not any(same_stem(a.head, r) for r in RECURRING)):
        return True
    return not is_unique(a.head) and _modifiers_clash(a, b)


@lru_cache(maxsize=1 << 14)  # called for every candidate pair; heads repeat
def is_unique(head: str) -> bool:
    return any(same_stem(head, u) for u in UNIQUE_EVENTS)


# A noun of an event whose verb has another stem: "his death in 1987" / "died in 1982".
_EVENT_NOUNS = {"death": "die", "birth": "bear", "born": "bear"}


def same_event(a: str, b: str) -> bool:
    """The two head stems name one kind of event: "annex"/"annex", "death"/"die"."""
    return same_stem(_EVENT_NOUNS.get(a, a), _EVENT_NOUNS.get(b, b))


def alignment(a: Anchor, b: Anchor) -> float:
    """0 when the anchors name different slots; up to 1 the more their neighbourhoods agree."""
    if not a.head or not b.head or not same_event(a.head, b.head) or different_events(a, b):
        return 0.0
    shared = shared_stems(a.context, b.context)
    named = bool(a.fillers & b.fillers) or bool(shared_stems(a.subjects | a.objects, b.subjects | b.objects))
    if not shared and not named:
        # "He was born in 1912" in a biography: the pronoun stands for its subject.
        open_slot = a.open_subject or b.open_subject or "?" in a.objects or "?" in b.objects
        return 0.5 if open_slot and is_unique(a.head) else 0.0
    return min(1.0, 0.55 + 0.15 * len(shared) + (0.15 if named else 0.0))


_NOT_UNTIL = re.compile(r"(?i)\b(?:not|n't|never)\b[^.;]*\buntil\b")


def asserted(claim: Claim) -> Claim:
    """The claim without the values of what it denies: "did not die in 1966" says no date of a
    death, so it cannot contradict "died in 1965"."""
    if not claim.denied or _NOT_UNTIL.search(claim.text):
        return claim  # "was not signed until 1998" dates the signing
    keep = [i for i, anchor in enumerate(claim.anchors) if not (anchor.head and anchor.head in claim.denied)]
    if len(keep) == len(claim.values):
        return claim
    return replace(claim, values=tuple(claim.values[i] for i in keep), anchors=tuple(claim.anchors[i] for i in keep))


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


_LIST_GAP = re.compile(r"(?i)\s*(?:,\s*)?(?:and|or|,)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?")


def listed_with(value: Value, claim: Claim, agrees: Callable[[Value], bool]) -> bool:
    """A value listed next to this one in the claim agrees: "in the late 1960s and early
    1970s" against "in the early 1970s"."""
    text = claim.document.text
    for other in claim.values:
        if other is value or other.kind is not value.kind or other.unit != value.unit:
            continue
        first, second = sorted((value, other), key=lambda v: v.span.start)
        if _LIST_GAP.fullmatch(text, first.span.end, second.span.start) and agrees(other):
            return True
    return False


# Near-paraphrases may say the same thing with another word ("succeeded ... as Duke in 1854"
# / "became Duke in 1853"; "the finale ended in 2013" / "the finale aired on May 14, 2012").
# When each sentence states exactly one value of a kind and they share a participant, the two
# values are taken to fill the same slot. A reference fact is retrieved for the claim it is
# compared with, so a looser similarity suffices there.
PARAPHRASE_SIMILARITY = 0.75
REFERENCE_PARAPHRASE_SIMILARITY = 0.6


def paraphrase_pair(a: Claim, b: Claim, kind: ValueKind, similarity: float,
                    skip: frozenset[str] = frozenset()) -> list[tuple[Value, Anchor, Value, Anchor, float]]:
    floor = REFERENCE_PARAPHRASE_SIMILARITY if b.reference_id or a.reference_id else PARAPHRASE_SIMILARITY
    if similarity < floor:
        return []
    found_a = [(v, an) for v, an in zip(a.values, a.anchors, strict=True) if v.kind is kind]
    found_b = [(v, an) for v, an in zip(b.values, b.anchors, strict=True) if v.kind is kind]
    if len(found_a) != 1 or len(found_b) != 1:
        return []
    (va, aa), (vb, ab) = found_a[0], found_b[0]
    if aa.head in skip or ab.head in skip or different_events(aa, ab):
        return []
    # Below the paraphrase floor the predicate must reappear on the other side: "founded
    # on 4 April 1949" is not "entered into force on 24 August 1949".
    if similarity < PARAPHRASE_SIMILARITY and not (shared_stems(frozenset({aa.head}), b.stems)
                                                   or shared_stems(frozenset({ab.head}), a.stems)):
        return []
    names_a = {e.text.lower() for e in a.entities}
    names_b = {e.text.lower() for e in b.entities}
    shared_words = shared_stems(a.stems, b.stems)
    if not names_a & names_b and not ((a.reference_id or b.reference_id) and len(shared_words) >= 2):
        return []
    return [(va, aa, vb, ab, 0.5)]


def phrase(value: Value, anchor: Anchor) -> Span:
    return anchor.phrase if anchor.phrase is not None else value.span


def subject_of(a: Anchor, b: Anchor) -> str:
    """A readable name for the slot, preferring a noun phrase ("the annexation of Crimea")."""
    for anchor in (a, b):
        if anchor.subject.startswith("the "):
            return anchor.subject
    # A name reads better than the pronoun standing for it ("It built").
    named = [x.subject for x in (a, b) if x.subject and x.subject.split()[0].lower() not in _PRONOUNS]
    return named[0] if named else a.subject or b.subject


_PRONOUNS = frozenset({"it", "he", "she", "they", "this", "that", "these", "those", "its", "his", "her", "their"})

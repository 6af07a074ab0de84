"""Pure functions that align two claims: do two values speak of the same event or attribute?

Embeddings only say two sentences are *about* similar things. Two values conflict
only when they fill the same slot: the same head word (compared by stem, so
"annexation" matches "annexed"), at least one shared neighbour word ("Crimea"),
and no different proper noun in the same role ("born in Hamburg" vs "born in Bonn"
is the same slot; "Putin was elected" vs "Zelenskyy was elected" is not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from checker.judge.instances import event_modifiers, event_qualifiers, other_instance
from checker.lexicon.stems import same_stem, shared_fillers, shared_stems, stem, words
from checker.lexicon.wordnet import names_event, opposites
from checker.lexicon.words import word_list
from checker.model import UNNAMED, Anchor, Claim, Filler, Relation, Span, Value, ValueKind
from checker.values import compatible


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """One value of each claim, filling the same slot, and how well the slots align (0 to 1)."""

    a_value: Value
    a_anchor: Anchor
    b_value: Value
    b_anchor: Anchor
    score: float


# Events that happen once to their participant: other phrases ("born in Hamburg" vs "in Bonn")
# do not make them different events, they make them contradict twice.
UNIQUE_EVENTS = word_list("unique-events")


# Events that can happen many times to the same participants: different dates are no conflict.
RECURRING = word_list("recurring-events")


# Events whose undergoer is made by them: one thing, made once, by whoever made it.
CREATION_EVENTS = word_list("creation-events")


# Words that end names of many different things: "Concordia College", "Immanuel College".
GENERIC_NAME_WORDS = word_list("generic-name-words")


def names(fillers: frozenset[Filler]) -> frozenset[Filler]:
    return frozenset(f for f in fillers if f.proper)


def disjoint(x: frozenset[Filler], y: frozenset[Filler], *, names_only: bool = True) -> bool:
    """Both name participants, and none in common.

    Names are compared with names. Common nouns alone rarely prove two participants
    differ ("the home" / "the house"), so they count only where asked (complements:
    "squadron leader" / "commander").
    """
    if not x or not y or UNNAMED in x or UNNAMED in y:
        return False
    x_names, y_names = names(x), names(y)
    if x_names and y_names:
        # A word that ends names of many things proves no match: "the Football League" is not
        # "League One", nor "Tarvik University" "Osterby University".
        x_own, y_own = _own_words(x_names), _own_words(y_names)
        if x_own and y_own:
            return not shared_fillers(x_own, y_own)
        return not shared_fillers(x_names, y_names)
    if names_only:
        return False
    return not shared_stems(words(x), words(y))


def _own_words(fillers: frozenset[Filler]) -> frozenset[Filler]:
    return frozenset(f for f in fillers if f.word not in GENERIC_NAME_WORDS)


def _named_apart(x: frozenset[Filler], y: frozenset[Filler]) -> bool:
    """One thing of a kind named, the other described by another word: "a minerals agreement"
    is not "the Minsk II agreement", nor "the Tarvik accord" "a trade accord". Both share only
    common nouns (the kind), each keeps a word of its own, and one of those is a name (a shared
    name is one participant: "Gollob's career" / "Gordon Gollob")."""
    if UNNAMED in x or UNNAMED in y:
        return False
    shared = shared_fillers(x, y)
    own_x, own_y = x - shared, y - shared_fillers(y, x)
    return bool(shared and not names(frozenset(shared)) and own_x and own_y and names(own_x | own_y))


def _modifiers_clash(a: Anchor, b: Anchor) -> bool:
    """The same preposition with different nouns: "hurt in a riding accident" / "in a boating accident"."""
    by_prep_a, by_prep_b = a.by_preposition(), b.by_preposition()
    return any(disjoint(fillers, by_prep_b[prep]) for prep, fillers in by_prep_a.items() if prep in by_prep_b)


def same_named(x: frozenset[Filler], y: frozenset[Filler]) -> bool:
    """A name in both sets, the same participant: "Mr Okafor" / "Okafor"."""
    names_x, names_y = names(x), names(y)
    return bool(names_x and names_y and shared_fillers(names_x, names_y))


def different_events(a: Anchor, b: Anchor) -> bool:
    """A different participant in the same role makes it a different event."""
    # The undergoer identifies an event best ("founded Google"); complements too ("became CEO").
    if disjoint(a.complements, b.complements, names_only=False) or disjoint(a.objects, b.objects) \
            or _named_apart(a.objects, b.objects):
        return True
    # Different doers make different events ("Finland joined NATO" / "Sweden joined NATO"),
    # except for making something, where the thing made is the event ("built by Bailey" /
    # "built by Nichols" is one house with two builders: a conflict, not two houses).
    if disjoint(a.subjects, b.subjects) and not (
            (a.objects or b.objects) and any(same_stem(a.head, c) for c in CREATION_EVENTS)) and not (
            # "Sequeira was replaced by Albuquerque in 1510" / "by Diogo in 1511": one undergoer,
            # one replacement, told twice.
            a.passive and b.passive and same_named(a.objects, b.objects)
            and not any(same_stem(a.head, r) for r in RECURRING)):
        return True
    return _events_apart(a, b) or (not is_unique(a.head) and (_modifiers_clash(a, b) or _occurrences_apart(a, b)))


def _events_apart(a: Anchor, b: Anchor) -> bool:
    """Different nouns of events as the doers of one verb are different events: "the occupation
    of Corvia began on 3 May" / "the war in Tessel began in June" (WordNet's kinds of event)."""
    events_a = {f.word for f in a.subjects if not f.proper and names_event(f.word)}
    events_b = {f.word for f in b.subjects if not f.proper and names_event(f.word)}
    return bool(events_a and events_b and not shared_stems(frozenset(stem(w) for w in events_a),
                                                           frozenset(stem(w) for w in events_b)))


def _occurrences_apart(a: Anchor, b: Anchor) -> bool:
    """Two occurrences of an event that recurs, told apart by the words that pick them out:
    "her first wedding took place in 1994" / "her last wedding took place in 2012", "a second
    attack happened on 9 May" / "the attack happened on 3 May". Which occurrence the bare noun
    means is unknown, so a qualifier on one side only sets them apart too. So do opposite
    modifiers (WordNet's antonyms): "the opening ceremony" / "the closing ceremony", "the
    summer session" / "the winter session"."""
    if event_qualifiers(a) != event_qualifiers(b):
        return True
    mine, theirs = event_modifiers(a), event_modifiers(b)
    return any(opposites(m) & theirs for m in mine)


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
    named = bool(a.fillers & b.fillers) or bool(shared_fillers(a.subjects | a.objects, b.subjects | b.objects))
    if not shared and not named:
        # "He was born in 1912" in a biography: the pronoun stands for its subject.
        open_slot = a.open_subject or b.open_subject or UNNAMED in a.objects or UNNAMED in b.objects
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


def both_ways(a: Claim, b: Claim, pairs: Callable[[Claim, Claim], Iterable[AlignedPair]]) -> list[AlignedPair]:
    """The `pairs` one claim makes with the other, each way round, every pair with `a`'s value
    first: for relations that are not symmetric (a span and a date inside it, a whole and a part)."""
    turned = (replace(p, a_value=p.b_value, a_anchor=p.b_anchor, b_value=p.a_value, b_anchor=p.a_anchor)
              for p in pairs(b, a))
    return [*pairs(a, b), *turned]


def aligned_values(a: Claim, b: Claim, kind: ValueKind) -> list[AlignedPair]:
    """Every pair of values of `kind` (one from each claim) that fill the same slot."""
    pairs = []
    for va, aa in zip(a.values, a.anchors, strict=True):
        if va.kind is not kind:
            continue
        for vb, ab in zip(b.values, b.anchors, strict=True):
            if vb.kind is not kind:
                continue
            score = alignment(aa, ab)
            if score > 0 and not other_instance(a, b, aa, ab):
                pairs.append(AlignedPair(va, aa, vb, ab, score))
    return pairs


_LIST_GAP = re.compile(r"(?i)\s*(?:,\s*)?(?:and|or|,)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?")


def listed_with(value: Value, claim: Claim, agrees: Callable[[Value], bool]) -> bool:
    """A value listed next to this one in the claim agrees: "in the late 1880s and early
    1890s" against "in the early 1890s"."""
    text = claim.document.text
    for other in claim.values:
        if other is value or other.kind is not value.kind or other.unit != value.unit:
            continue
        first, second = sorted((value, other), key=lambda v: v.span.start)
        if _LIST_GAP.fullmatch(text, first.span.end, second.span.start) and agrees(other):
            return True
    return False


# Near-paraphrases may say the same thing with another word ("succeeded ... as Earl in 1722"
# / "became Earl in 1721"; "the last episode closed the show in 2009" / "the last episode aired on
# 3 June 2008").
# When each sentence states exactly one value of a kind and they share a participant, the two
# values are taken to fill the same slot. A reference fact is retrieved for the claim it is
# compared with, so a looser similarity suffices there.
PARAPHRASE_SIMILARITY = 0.75
REFERENCE_PARAPHRASE_SIMILARITY = 0.6


def paraphrase_pair(a: Claim, b: Claim, kind: ValueKind, similarity: float,
                    skip: frozenset[str] = frozenset()) -> list[AlignedPair]:
    floor = REFERENCE_PARAPHRASE_SIMILARITY if b.reference_id or a.reference_id else PARAPHRASE_SIMILARITY
    if similarity < floor:
        return []
    found_a = [(v, an) for v, an in zip(a.values, a.anchors, strict=True) if v.kind is kind]
    found_b = [(v, an) for v, an in zip(b.values, b.anchors, strict=True) if v.kind is kind]
    if len(found_a) != 1 or len(found_b) != 1:
        return []
    (va, aa), (vb, ab) = found_a[0], found_b[0]
    if aa.head in skip or ab.head in skip or different_events(aa, ab) or other_instance(a, b, aa, ab):
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
    return [AlignedPair(va, aa, vb, ab, 0.5)]


def phrase(value: Value, anchor: Anchor) -> Span:
    return anchor.phrase if anchor.phrase is not None else value.span


def subject_of(a: Anchor, b: Anchor) -> str:
    """A readable name for the slot, preferring a noun phrase ("the annexation of Crimea"); "" when
    neither side has one (a bare verb "is" or a pronoun names nothing, and a message is clearer
    without a label than with one that says nothing)."""
    for anchor in (a, b):
        if anchor.subject.startswith("the "):
            return anchor.subject
    # A name reads better than the pronoun standing for it ("It built").
    named = [x.subject for x in (a, b) if _readable(x.subject)]
    return named[0] if named else ""


def _readable(subject: str) -> bool:
    """Words that name something: not empty, not opening with a pronoun, not a lone auxiliary or
    reporting verb (what is left of "X is 40" once the parser missed X)."""
    words = subject.split()
    return bool(words) and words[0].lower() not in _SUBJECT_PRONOUNS and not (len(words) == 1 and words[0] in _EMPTY)


_EMPTY = frozenset({"is", "was", "are", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does",
                    "did", "said", "says", "say", "will", "would", "can", "could", "may", "might", "must", "should"})


_SUBJECT_PRONOUNS = word_list("subject-pronouns")


# A bare figure ("three", "45") says nothing of what it counts: two compare only when their
# slots align this firmly.
FIRM_ALIGNMENT = 0.7


def comparable_figures(pair: AlignedPair, *, against_fact: bool = False) -> bool:
    """Two figures count the same thing: the same unit, and a bare pair only when firmly aligned.

    People differ in age: in an article, two ages compare only when both are said of the same
    named person, or one of a person the sentence does not name ("He was 19").
    """
    a, b = pair.a_value, pair.b_value
    if a.unit != b.unit or (a.unit == "" and pair.score < FIRM_ALIGNMENT):
        return False
    if a.unit != "age" or against_fact:
        return True
    x, y = pair.a_anchor, pair.b_anchor
    return bool(shared_fillers(x.fillers, y.fillers)) or x.open_subject or y.open_subject


def agreed_elsewhere(pair: AlignedPair, pairs: list[AlignedPair]) -> bool:
    """Another aligned value agrees with one of the pair's: with lists ("re-elected in 1994, 1998
    and 2002", "its fifth and last series, after its fourth") a value conflicts only
    when no aligned value on the other side agrees with it."""
    # The pair itself is no other value: two stints "from 2000 to 2008" and "from 2000 to 2010"
    # overlap, yet disagree.
    return any(compatible(pair.a_value, p.b_value) for p in pairs if p.a_value is pair.a_value and p is not pair) \
        or any(compatible(p.a_value, pair.b_value) for p in pairs if p.b_value is pair.b_value and p is not pair)


def pair_relation(rule: str, kind: ValueKind, pair: AlignedPair, *, agree: bool, confidence: float) -> Relation:
    """The relation of an aligned pair of values: both phrases, both values, the slot's name."""
    return Relation(rule=rule, kind=kind.value, agree=agree, a_span=phrase(pair.a_value, pair.a_anchor),
                    b_span=phrase(pair.b_value, pair.b_anchor), a_text=pair.a_value.text, b_text=pair.b_value.text,
                    subject=subject_of(pair.a_anchor, pair.b_anchor), confidence=round(confidence, 3))

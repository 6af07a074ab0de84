"""negation: the same statement made once positively and once negatively.

What it does
    Flags a claim that says the opposite of a nearly identical claim or reference
    fact: "Ukraine has joined NATO" against "Ukraine has not joined NATO", or "The
    Cretaceous began with a mass extinction" against "The Cretaceous ended with ...".

Why
    A dropped or added "not" reverses a sentence's meaning while leaving it looking
    like its neighbour, so readers and editors skim past it.

How it decides
    The two sentences must be near paraphrases (embedding similarity of at least 0.6, or
    0.35 against a reference fact, and three quarters of the content words shared by stem,
    a name counting once however fully it is written), one negated ("not", "never", "no",
    "refused to", "unable to", "has yet to", "a lack of", "childless", "avoided", "turned
    down") and the other not, and what the negation
    denies must be said by the other sentence: the verb ("never managed to write", "does
    not know how to play": the second verb), what "is not" or "refused to be" denies the
    subject is (with its qualifiers: "not an American series" denies nothing of "a French
    series"), what "does not have" denies it has. No dates or numbers may disagree.
    A name shared only by its generic word ("Concordia College", "Immanuel College") is
    two names; a sentence that begins "She ..." or "He ..." stands for the person the other
    begins with. An alternative set aside ("produced by X, not Y") is no negation, and a
    denial limited in time ("never toured Japan after the split") is not compared, nor is a
    sentence with a condition ("will stay up if Rovers win" / "will go down if Rovers fail to
    win"): it asserts neither. Where the sentences as wholes share too little, the clause of the
    denied predicate may restate a clause of the other: the same predicate, a named doer in
    common, something else in common (what is done, or where), no different participants, and
    three quarters of the two clauses' words shared ("Halvard Mining has returned to profit this
    year and is slowly being sold ..." / "Halvard Mining, which the government also bailed out,
    has yet to return to profit").
    The same holds for a word replaced by its opposite (WordNet's antonyms: "began" /
    "ended", "largest" / "smallest"; and a verb of approval against one of disapproval:
    "welcomed" / "condemned"), not part of a name ("North West England"); opposite
    verbs must have the same doer, since "Brazil exports to Angola" and "Angola imports
    from Brazil" agree. It reports a warning: negation is subtle and a human should look.

Example
    Russia has recognised the annexation as legal.
    Russia has never recognised the annexation as legal.
"""

from __future__ import annotations

import re
from functools import cache

from checker.judge.alignment import GENERIC_NAME_WORDS, different_events, same_named
from checker.judge.measures import name_stems
from checker.lexicon.stems import same_stem, shared_fillers, shared_stems, stem, words
from checker.lexicon.wordnet import opposite_verbs, opposites, word
from checker.lexicon.words import word_groups
from checker.model import Anchor, Claim, Polarity, Relation, Severity
from checker.values import values_differ

RULE_ID = "negation"
SEVERITY = Severity.WARNING
SUMMARY = "The same statement made once positively and once negatively."

MIN_SIMILARITY = 0.6
MIN_REFERENCE_SIMILARITY = 0.35
MIN_OVERLAP = 0.75
_LIMITED = re.compile(r"(?i)\b(?:before|after|prior to)\b")
_DENIALS = frozenset({stem(w) for w in ("refuse", "refused", "fail", "failed", "decline", "declined", "unable",
                                         "incapable", "never", "lack")})


_PERSONAL = re.compile(r"^(?:He|She)\b")  # "It" and "They" often stand for the text's own topic


def _by_pronoun(claim: Claim) -> bool:
    """The sentence begins with a pronoun: it is about someone it does not name."""
    return _PERSONAL.match(claim.text) is not None


@cache
def _stances() -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the verbs of approval and of disapproval (lists/opposite-stances.txt)."""
    approval, disapproval = word_groups("opposite-stances")
    return frozenset(stem(w) for w in approval), frozenset(stem(w) for w in disapproval)


@cache
def _stance_verbs() -> frozenset[str]:
    approval, disapproval = _stances()
    return approval | disapproval


def _opposite(word_stem: str) -> frozenset[str]:
    """WordNet's opposites of a stem, and for a verb of stance the other pole's verbs."""
    approval, disapproval = _stances()
    poles = disapproval if word_stem in approval else approval if word_stem in disapproval else frozenset()
    return opposites(word_stem) | poles


def _opposite_words(a: Claim, b: Claim) -> tuple[str, str] | None:
    """A word of one sentence whose opposite the other uses instead: "began" / "ended"."""
    only_a, only_b = a.stems - b.stems, b.stems - a.stems
    found = [(mine, opposite) for mine in sorted(only_a) for opposite in sorted(_opposite(mine) & only_b)]
    if not found:
        return None
    # Words of names are no opposites: "North West England" says nothing against "south".
    names_a, names_b = name_stems(a), name_stems(b)
    return next(((x, y) for x, y in found if x not in names_a and y not in names_b), None)


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    floor = MIN_REFERENCE_SIMILARITY if a.reference_id or b.reference_id else MIN_SIMILARITY
    if similarity < floor or not a.stems or not b.stems:
        return []
    # A condition asserts nothing: "will stay up if Rovers win" / "will go down if Rovers fail to win".
    if _CONDITIONAL.search(a.text) or _CONDITIONAL.search(b.text):
        return []
    if a.negated == b.negated:
        return _antonyms(a, b, similarity)
    # A reference fact is usually longer than the claim it is checked against: then what
    # counts is how much of the claim the fact repeats.
    # The denying words themselves ("refused", "unable") are no content.
    stems_a = _content(a, b.stems, other_by_pronoun=_by_pronoun(b))
    stems_b = _content(b, a.stems, other_by_pronoun=_by_pronoun(a))
    if not stems_a or not stems_b:
        return []
    overlap = _overlap(stems_a, stems_b, against_fact=b.reference_id is not None)
    if overlap < MIN_OVERLAP:
        overlap = _denied_clause(a, b)
        if overlap < MIN_OVERLAP:
            return []
    if any(values_differ(x, y) for x in a.values for y in b.values):
        return []
    # What is denied must be what the other sentence says: "Vance refused to sing for Halcyon"
    # against "Vance sang for Halcyon", not "never beaten Rovers" against "won the cup".
    negative, positive = (a, b) if a.negated else (b, a)
    qualifiers = negative.denied_qualifiers
    if not shared_stems(negative.denied, positive.stems) or \
            len(shared_stems(qualifiers, positive.stems)) < len(qualifiers):
        return []
    # A denial limited in time ("had never acted on stage before 1971", "no kings after the
    # Orvans") leaves the rest of time open.
    if _LIMITED.search(negative.text):
        return []
    subject = " ".join(a.text.split()[:8])
    return [Relation(rule=RULE_ID, kind="negation", agree=False, a_span=a.span, b_span=b.span,
                     a_text="", b_text="", subject=subject, confidence=round(min(1.0, similarity * overlap), 3),
                     a_polarity=_polarity(a), b_polarity=_polarity(b))]


_CONDITIONAL = re.compile(r"(?i)\b(?:if|unless|whether)\b")


def _clause_stems(frame: Anchor) -> set[str]:
    return {frame.head} | {stem(f.word) for f in frame.subjects | frame.objects | frame.complements} | \
        {stem(m.filler.word) for m in frame.modifiers}


def _denied_clause(a: Claim, b: Claim) -> float:
    """How closely the clause of the denied predicate restates one of the other sentence, where
    the sentences as wholes share too little: "Halvard Mining has returned to profit this year
    and is slowly being sold ..." / "Halvard Mining, which the government also bailed out, has
    yet to return to profit".
    The clauses must have the same predicate, a named doer in common, and something else in
    common (what is done or where), and not name different participants. 0 when no clause
    matches."""
    negative, positive = (a, b) if a.negated else (b, a)
    best = 0.0
    for denied in (f for f in negative.frames if f.head in negative.denied):
        for said in (f for f in positive.frames if same_stem(f.head, denied.head)):
            rest_denied = denied.objects | denied.complements | {m.filler for m in denied.modifiers}
            rest_said = said.objects | said.complements | {m.filler for m in said.modifiers}
            if not same_named(denied.subjects, said.subjects) or \
                    not shared_fillers(rest_denied, rest_said) or different_events(denied, said):
                continue
            mine, theirs = _clause_stems(denied), _clause_stems(said)
            best = max(best, len(shared_stems(mine, theirs)) / max(len(mine), len(theirs)))
    return best


def _polarity(claim: Claim) -> Polarity:
    return Polarity.NEGATED if claim.negated else Polarity.AFFIRMED


def _content(claim: Claim, other: frozenset[str], *, other_by_pronoun: bool = False) -> frozenset[str]:
    """The claim's content stems, without denying words, and with a name counted once: "Cruz"
    in the other sentence stands for "Penélope Cruz" here, and "She" for "Ashley Graham"
    when the other sentence is about someone it does not name."""
    denies = bool(claim.denied or claim.denied_qualifiers)
    drop = set(_DENIALS) | {s for s in claim.stems if s.endswith("less") and denies}  # "childless"
    if other_by_pronoun and claim.entities and claim.entities[0].span.start == claim.span.start:
        drop |= {stem(w) for w in claim.entities[0].text.split()}
    for entity in claim.entities:
        words = {stem(w) for w in entity.text.split()}
        # Shared by a word that names nothing by itself ("College" of "Concordia College" and
        # "Immanuel College"), two names are two things.
        naming = {stem(w) for w in entity.text.split() if w.lower() not in GENERIC_NAME_WORDS}
        if len(words) > 1 and shared_stems(frozenset(naming), other):
            drop |= {w for w in words if not shared_stems(frozenset({w}), other)}
    return claim.stems - drop


def _overlap(stems_a: frozenset[str], stems_b: frozenset[str], *, against_fact: bool) -> float:
    """The share of content stems both sentences use. A reference fact is usually longer than
    the claim it is checked against: then what counts is how much of the claim the fact repeats."""
    shared = len(shared_stems(stems_a, stems_b))
    return shared / len(stems_a) if against_fact else shared / max(len(stems_a), len(stems_b))


def _common_start(a: Claim, b: Claim) -> str:
    """The words both sentences begin with, what they are about: "The Cretaceous"."""
    common: list[str] = []
    for x, y in zip(a.text.split()[:8], b.text.split()[:8], strict=False):
        if x.lower() != y.lower():
            break
        common.append(x)
    return " ".join(common).rstrip(".,;:!")


def _same_doers(a: Claim, b: Claim, pair: tuple[str, str]) -> bool:
    """Opposite verbs are opposite only of the same doer: "Brazil exports to Angola" and
    "Angola imports from Brazil" say one thing."""
    stance = _stance_verbs()
    if not (opposite_verbs(pair[0]) or opposite_verbs(pair[1]) or pair[0] in stance or pair[1] in stance):
        return True  # adjectives and nouns: "the largest city" / "the smallest city"
    verbs_a = [f for f in a.frames if f.head == pair[0]]
    verbs_b = [f for f in b.frames if f.head == pair[1]]
    # The doer is compared by its word, name or not: the tagger takes a name that is also a word
    # ("Trump", "Bush", "Gold") for a common noun at the start of a short sentence.
    return any(shared_stems(words(x.subjects), words(y.subjects)) or x.open_subject or y.open_subject
               for x in verbs_a for y in verbs_b)


def _antonyms(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    """The same statement with one word replaced by its opposite: "The Cretaceous began with
    a mass extinction" / "The Cretaceous ended"."""
    pair = _opposite_words(a, b)
    if pair is None or not _same_doers(a, b, pair):
        return []
    stems_a, stems_b = _content(a, b.stems) - {pair[0]}, _content(b, a.stems) - {pair[1]}
    if not stems_a or not stems_b:
        return []
    overlap = _overlap(stems_a, stems_b, against_fact=b.reference_id is not None)
    if overlap < MIN_OVERLAP or any(values_differ(x, y) for x in a.values for y in b.values):
        return []
    return [Relation(rule=RULE_ID, kind="antonym", agree=False, a_span=a.span, b_span=b.span,
                     a_text=f'"{word(pair[0])}"', b_text=f'"{word(pair[1])}"', subject=_common_start(a, b),
                     confidence=round(min(1.0, similarity * overlap), 3))]

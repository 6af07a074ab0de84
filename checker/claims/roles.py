"""Who does it, to what, as what, and where: the participants of a predicate, by role.

Roles are read off spaCy's dependency parse around a governing word. Each participant is a
`Filler` (a lowercased noun, and whether it is a name); each prepositional phrase a
`Modifier`. `skip` holds the token indices of the sentence's values, which are never
participants ("March", "million").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.lexicon.words import word_list
from checker.model import UNNAMED, Filler, FillerKind, Modifier

if TYPE_CHECKING:
    from spacy.tokens import Token

PRONOUNS = word_list("pronouns")
TOPIC_PRONOUNS = word_list("topic-pronouns")
DEMONYMS = word_list("demonyms")
_TIME_NOUNS = word_list("time-nouns")
# Generic words that head names with "of": "the Sea of Azov", "the University of Tarvik".
_NAME_HEADS = word_list("generic-name-words") | word_list("place-words")
# Prepositions that say the same place relation: "met inside the chapel" is "met in the chapel".
_SAME_AS_IN = frozenset({"inside", "within"})


def _preposition(token: Token) -> str:
    return "in" if token.lower_ in _SAME_AS_IN else token.lower_


def filler(token: Token) -> Filler:
    """The token as a participant: a name when it is a proper noun."""
    return Filler(token.lower_, FillerKind.PROPER if token.pos_ == "PROPN" else FillerKind.COMMON)


def _demonym_in_name(child: Token, head: Token) -> bool:
    """A demonym in the name of an institution names no country: "the Ukrainian People's
    Republic" (of 1918) is not Ukraine, nor "the Arvonian Orthodox Church" Arvonia."""
    if child.dep_ not in {"compound", "amod"} or child.lower_ not in DEMONYMS or child.i > head.i:
        return False
    while head.pos_ == "PROPN":  # up the name: "Ukrainian" -> "People's" -> "Republic"
        if head.lower_ in _NAME_HEADS:
            return True
        if head.dep_ not in {"compound", "poss", "flat"} or head.head is head:
            return False
        head = head.head
    return False


def nouns(token: Token, skip: frozenset[int]) -> set[Filler]:
    """Nouns of a noun phrase's core (no clauses or prepositional phrases but "of")."""
    core: list[Token] = []
    stack = [token]
    while stack:
        tok = stack.pop()
        core.append(tok)
        for child in tok.children:
            # "of" belongs to a common noun ("annexation of Crimea"), not a name ("Nomura of Japan"),
            # except a name's generic word ("the Sea of Azov", "the University of Tarvik").
            if _demonym_in_name(child, tok):
                continue
            if child.dep_ in {"compound", "flat", "poss", "amod", "nmod", "conj", "pobj", "appos"} or \
                    (child.dep_ == "prep" and child.lower_ == "of" and
                     (tok.pos_ == "NOUN" or tok.lower_ in _NAME_HEADS)):
                stack.append(child)
    return {filler(t) for t in core
            if t.pos_ in {"PROPN", "NOUN"} and t.lower_ not in PRONOUNS and t.lemma_.lower() not in _TIME_NOUNS
            and not t.like_num and t.i not in skip}


@dataclass(frozen=True, slots=True)
class Roles:
    subjects: frozenset[Filler]
    objects: frozenset[Filler]
    complements: frozenset[Filler]
    modifiers: frozenset[Modifier]
    open_subject: bool
    passive: bool = False


def roles(gov: Token, skip: frozenset[int]) -> Roles:
    """Who does it, to what, as what, and where/with what: nouns by role around the governor.

    Passives and nominalisations map to the roles of the active verb, so "Russia annexed
    Crimea", "Crimea was annexed by Russia" and "Russia's annexation of Crimea" all give
    subjects {russia} and objects {crimea}.
    """
    subjects: set[Filler] = set()
    objects: set[Filler] = set()
    complements: set[Filler] = set()
    modifiers: set[Modifier] = set()
    has_subject = False
    for child in gov.children:
        dep = child.dep_
        if dep in {"nsubj", "poss", "nsubjpass"}:
            has_subject = has_subject or child.lower_ not in TOPIC_PRONOUNS
        if dep in {"nsubj", "poss"}:
            subjects |= nouns(child, skip) | _aliases(child)
        elif dep == "agent" or (dep == "prep" and child.lower_ == "by"):
            subjects |= {w for c in child.children for w in nouns(c, skip)}
        elif dep in {"dobj", "nsubjpass"}:
            # A pronoun undergoer ("It was built ...") is someone, just not named.
            objects |= nouns(child, skip) or ({UNNAMED} if child.lower_ in PRONOUNS else set())
            if dep == "dobj":
                modifiers |= _named_place(child, skip)
        elif dep in {"attr", "oprd"} or (dep == "prep" and child.lower_ == "as"):
            complements |= nouns(child, skip) if dep != "prep" else {w for c in child.children
                                                                     for w in nouns(c, skip)}
            if dep == "attr" and gov.lemma_ == "be":
                # "X is an American actor": the nationality said of X counts as a name.
                complements |= {Filler(m.lower_, FillerKind.PROPER) for m in child.subtree if m.i < child.i
                                and m.dep_ in {"amod", "compound"} and m.lower_ in DEMONYMS}
        elif dep == "prep" and child.lower_ == "of" and gov.pos_ in {"NOUN", "PROPN"}:
            objects |= {w for c in child.children for w in nouns(c, skip)}
        elif dep == "prep":
            modifiers |= {Modifier(_preposition(child), w) for c in child.children for w in nouns(c, skip)}
    # "India, where he lives": the place the clause hangs on.
    described: set[Filler]
    if gov.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in gov.children):
        modifiers |= {Modifier("in", w) for w in nouns(gov.head, skip) | copula_subject(gov.head, skip)}
        described = set()
    else:
        described = _described(gov, skip)
    if described:
        objects |= described
        has_subject = True
    # "written and directed by Nolan": coordinated participles share their undergoer and maker.
    if gov.tag_ == "VBN":
        if gov.dep_ == "conj" and gov.head.tag_ == "VBN" and not objects:
            first = gov.head
            objects |= _described(first, skip) | {w for c in first.children if c.dep_ == "nsubjpass"
                                                  for w in nouns(c, skip)}
        if not subjects:
            subjects |= {w for c in gov.children if c.dep_ == "conj" and c.tag_ == "VBN"
                         for a in c.children if a.dep_ == "agent" for g in a.children for w in nouns(g, skip)}
    fronted = _participle_subject(gov, skip)
    if fronted and gov.tag_ == "VBN" and not objects:
        objects |= fronted
        has_subject = True
    elif fronted and gov.tag_ == "VBG" and not subjects:
        subjects |= fronted
        has_subject = True
    # "He became president" puts the subject in nsubj of the copula's head.
    if gov.dep_ in {"attr", "pobj", "dobj", "xcomp"} and not subjects:
        for child in gov.head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                subjects |= nouns(child, skip)
                has_subject = has_subject or child.lower_ not in TOPIC_PRONOUNS
    passive = any(c.dep_ in {"nsubjpass", "agent"} for c in gov.children)
    return Roles(frozenset(subjects), frozenset(objects), frozenset(complements), frozenset(modifiers),
                 open_subject=not has_subject and not subjects, passive=passive)


def _participle_subject(gov: Token, skip: frozenset[int]) -> set[Filler]:
    """The main clause's subject, for a participle clause set off from it that has none of its
    own. One that opens the sentence: English reads "Born in Leeds, Harlow trained as a chemist"
    as Harlow being born, and "Addressing the delegates, the minister said" as the minister
    addressing them (a participle that means anyone else is the "dangling modifier" style guides
    warn against).
    The same holds for a present participle set off after the main clause: in "Halvor joined
    the trend, releasing a sled in May" Halvor released it, and in "the storm hit the coast,
    cutting power to 900 homes" the storm cut it."""
    trailing = gov.i > gov.head.i
    if gov.dep_ != "advcl" or gov.tag_ not in ({"VBG"} if trailing else {"VBN", "VBG"}):
        return set()
    if trailing and (gov.i == 0 or gov.doc[gov.i - 1].text != ","):
        return set()  # "left the house carrying a bag": an adjunct, not a supplement
    if any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in gov.children):
        return set()  # "When asked ...", "Her father having died, ...": not the main subject's
    subject = [c for c in gov.head.children if c.dep_ in {"nsubj", "nsubjpass"} and (c.i < gov.i) == trailing]
    if not subject or subject[0].lower_ in PRONOUNS:
        return set()
    return nouns(subject[0], skip)


def _named_place(thing: Token, skip: frozenset[int]) -> set[Modifier]:
    """A named place the parser hangs on the undergoer is where it was done: "held talks in
    Tarvik" and "held talks, in Tarvik" say one thing, whichever word "in" attaches to."""
    return {Modifier(_preposition(child), w) for child in thing.children
            if child.dep_ == "prep" and _preposition(child) in {"in", "at"}
            for c in child.children for w in nouns(c, skip) if w.proper}


def _aliases(noun: Token) -> set[Filler]:
    """Other names a participant is given on the spot: "Seo Ju-hyun, known professionally as
    Seohyun, is a singer" is about Seohyun too."""
    return {Filler(t.lower_, FillerKind.PROPER) for c in noun.children if c.dep_ == "acl" and c.lemma_ == "know"
            for p in c.children if p.dep_ == "prep" and p.lower_ == "as"
            for g in p.children if g.dep_ == "pobj" for t in g.subtree if t.pos_ == "PROPN"}


def _described(gov: Token, skip: frozenset[int]) -> set[Filler]:
    """The noun a participle or relative clause describes, its undergoer: "the peninsula
    annexed by Russia"."""
    if gov.dep_ not in {"acl", "relcl"}:
        return set()
    head = gov.head
    while head.dep_ == "appos" and head.head.i != head.i:
        head = head.head
    if head.lower_ in PRONOUNS:
        return set()
    return {filler(head)} | copula_subject(head, skip)


def copula_subject(noun: Token, skip: frozenset[int]) -> set[Filler]:
    """What the noun is said of: X in "X is a facility located in Y", "X is a form of dance
    originating from Y", "X is the place where Y happened"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "attr":
        noun = noun.head.head
    if noun.dep_ != "attr":
        return set()
    return {w for c in noun.head.children if c.dep_ == "nsubj" for w in nouns(c, skip)}


def _arguments(gov: Token) -> list[Token]:
    """Tokens naming the participants, for the readable subject phrase."""
    found: list[Token] = []
    for child in gov.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            found.append(child)
        elif child.dep_ in {"agent", "prep"} and child.lower_ == "by":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    if gov.dep_ in {"acl", "relcl"}:
        head = gov.head
        while head.dep_ == "appos" and head.head.i != head.i:
            head = head.head
        found.append(head)
    if _participle_subject(gov, frozenset()):
        found.extend(c for c in gov.head.children if c.dep_ in {"nsubj", "nsubjpass"})
    return found


def subject_tokens(gov: Token, exclude: set[int]) -> list[Token]:
    """The words naming what the value is about, in text order."""
    picked: set[int] = {gov.i}
    if gov.pos_ in {"NOUN", "PROPN"}:
        for child in gov.children:
            modifier = child.dep_ in {"compound", "amod"} and child.i not in exclude
            if modifier or (child.dep_ == "prep" and child.lower_ == "of"):
                picked.update(t.i for t in child.subtree)
    else:
        for arg in _arguments(gov):
            # A relative pronoun says nothing the noun it stands for does not ("Lund, who ...").
            if (arg.pos_ == "PROPN" or arg.dep_ in {"nsubj", "nsubjpass", "dobj"}) and arg.tag_ not in {"WP", "WDT"}:
                picked.add(arg.i)
    doc = gov.doc
    tokens = [t for t in (doc[i] for i in sorted(picked)) if t.i not in exclude and not t.is_punct]
    return tokens[:8]


"""Negation: whether a sentence denies something, and what it denies.

"does not play", "never managed to write", "refused to be a model", "a lack of awareness",
"childless": each denies a predicate or a description. The negation rule compares what one
sentence denies with what the other says; the date and number rules drop the values of
what a sentence denies ("did not die in 1966" dates no death).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.lexicon.stems import stem
from checker.lexicon.wordnet import known_noun
from checker.lexicon.words import word_list

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_NEGATIONS = word_list("negation-words")
# Words that deny what follows them: "refused to model", "unable to attend", "has yet to win".
_DENYING_VERBS = frozenset({"refuse", "fail", "decline"})
_DENYING_ADJECTIVES = frozenset({"unable", "incapable"})


@dataclass(frozen=True, slots=True)
class Denial:
    """What a sentence denies: stems of the predicate or description, and of its qualifiers."""

    negated: bool
    denied: frozenset[str]
    qualifiers: frozenset[str]
    lacked: frozenset[str]  # stems of nouns a "-less" adjective says are missing ("child" of "childless")


def denial(sent: SpacySpan) -> Denial:
    """The sentence's negation, if any."""
    # "childless" says "no children": a negation of its noun, which the sentence then speaks of.
    lacked = frozenset(stem(w) for w in (_privative(t) for t in sent) if w)
    negated = any(_negates(t) for t in sent) or bool(lacked)
    denied = lacked | frozenset(stem(w.lemma_) for t in sent if _negates(t) for w in _denied(t)
                                if w.is_alpha and not w.is_stop) if negated else frozenset()
    # What qualifies a denied description must hold too: "is not an American series" denies
    # nothing of "a French series".
    qualifiers = frozenset(stem(m.lemma_) for t in sent if _negates(t) and t.head.lemma_ == "be"
                           for w in _denied(t) if w.dep_ == "attr" for m in w.children
                           if m.dep_ in {"amod", "compound"} and m.is_alpha and not m.is_stop)
    return Denial(negated=negated, denied=denied, qualifiers=qualifiers, lacked=lacked)




def _privative(token: Token) -> str:
    """The noun an adjective in "-less" says is missing: "childless" -> "child"."""
    word = token.lower_
    if token.pos_ != "ADJ" or not word.endswith("less") or len(word) < 8:
        return ""
    base = word[:-4]
    for noun in (base, base + "ren" if base == "child" else base):
        if known_noun(noun):
            return noun
    return ""


def _negates(token: Token) -> bool:
    if token.lemma_ == "lack":  # "a lack of awareness", "lacks a king"
        return True
    if token.lower_ in _NEGATIONS and token.dep_ in {"neg", "det", "advmod"}:
        # "distributed by Harbourline Pictures, not Orrin Studios": an alternative set aside.
        return not (token.lower_ in {"not", "never"} and token.head.pos_ in {"NOUN", "PROPN"})
    if token.lemma_ in _DENYING_VERBS and any(c.dep_ == "xcomp" for c in token.children):
        return True
    # "avoided arrest", "still avoids using a mobile phone", "turned down offers to work"
    if token.lemma_ == "avoid" or (token.lemma_ == "turn" and any(c.dep_ == "prt" and c.lower_ == "down"
                                                                 for c in token.children)):
        return any(c.dep_ in {"dobj", "xcomp"} for c in token.children)
    if token.lower_ in _DENYING_ADJECTIVES:
        return True
    return token.lower_ == "yet" and token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False


def _denied(token: Token) -> list[Token]:
    """The words a negating token denies: the predicate, or for "is not X" what X is."""
    if token.lemma_ == "lack":
        return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                if g.dep_ == "pobj"] + [c for c in token.children if c.dep_ == "dobj"]
    if token.lower_ == "yet":  # "has yet to appear"
        return [t for t in token.doc[token.i + 1:token.i + 4] if t.pos_ == "VERB"][:1]
    if token.lemma_ in {"avoid", "turn"}:  # what is avoided or turned down, and what it offered
        things = [c for c in token.children if c.dep_ in {"dobj", "xcomp"}]
        offered = [v for v in token.children if v.dep_ == "advcl" and v.pos_ == "VERB" and token.lemma_ == "turn"]
        return things + offered + [v for t in things for v in t.children if v.pos_ == "VERB"]
    if token.lemma_ in _DENYING_VERBS or token.lower_ in _DENYING_ADJECTIVES:
        # "refused to model", "incapable of writing", "refused to be a model"
        denied = [c for c in token.children if c.dep_ == "xcomp"] or \
            [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
             if g.dep_ in {"pcomp", "pobj"}] or ([token.head] if token.head != token else [])
        return [w for d in denied for w in (_said(d) if d.lemma_ == "be" else [d])]
    head = token.head
    if token.dep_ == "det":  # "no relation"
        return [head]
    if head.lemma_ == "be":  # "is not a musician", "was never on the front page"
        return _said(head)
    if head.lemma_ == "have":  # "does not have a king": what it has
        return [c for c in head.children if c.dep_ == "dobj"] or [head]
    # "never managed to write", "does not know how to swim": what was not done.
    if head.lemma_ in _CATENATIVES or head.lemma_ == "know":
        done = [c for c in head.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}
                and (head.lemma_ != "know" or any(g.lower_ == "how" for g in c.children))]
        return [head, *done]
    return [head]


# Verbs through which a negation reaches the next verb: "never managed to write anything".
_CATENATIVES = frozenset({"manage", "get", "bother", "dare", "happen"})


def _said(copula: Token) -> list[Token]:
    """What a copula says its subject is or where: "a musician", "on a magazine cover";
    for "part of the kingdom", the kingdom too ("part" says nothing by itself)."""
    said = [c for c in copula.children if c.dep_ in {"attr", "acomp"}] + \
        [g for c in copula.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return said + [g for t in said if t.is_stop for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]


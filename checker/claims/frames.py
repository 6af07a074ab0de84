"""Frames: every predicate of a sentence with who and what it involves, values or not.

The entity rule compares frames: "born in Hamburg" and "born in Bonn" are one predicate with
two places. Some frames are read off a copula: "X is in Y" says where X is located, and "X is
a film director in Bollywood" where X works.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from checker.claims.roles import DEMONYMS, PRONOUNS, nouns, roles, subject_tokens
from checker.lexicon.stems import stem
from checker.lexicon.wordnet import same_kind
from checker.model import Anchor, Modifier, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def _where_it_is(token: Token, skip: frozenset[int]) -> Anchor | None:
    """"Peking University is in Thailand" says where it is located: the frame of "is located in"."""
    if any(c.dep_ == "neg" for c in token.children):
        return None
    subject = [c for c in token.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
    places = {w for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
              for g in c.children if g.dep_ == "pobj" for w in nouns(g, skip)}
    # Only a named place: "is in decline", "is in English" say no place.
    if not subject or not any(w.proper and w.word not in DEMONYMS for w in places):
        return None
    return Anchor(head=stem("located"), context=frozenset(), subject=" ".join(t.text for t in subject),
                  objects=frozenset(nouns(subject[0], skip)), modifiers=frozenset(Modifier("in", w) for w in places),
                  passive=True)


def frames(sent: SpacySpan, base: int, skip: frozenset[int]) -> Iterator[Anchor]:
    """Every predicate of the sentence with who and what it involves (no values needed)."""
    for token in sent:
        copula = token.lemma_ == "be" and any(c.dep_ in {"attr", "acomp"} for c in token.children)
        where = _where_it_is(token, skip) if token.lemma_ == "be" and not copula else None
        if where is not None:
            yield replace(where, phrase=Span(base + token.idx, base + token.idx + len(token.text)))
            continue
        if token.pos_ != "VERB" and not copula:
            continue
        if any(c.dep_ == "neg" for c in token.children):
            continue  # a negated predicate asserts no participant
        found = roles(token, skip)
        modifiers = found.modifiers
        attrs: list[Token] = []
        if copula:
            # "is a character on Homeland": where or what the subject is a part of; "is an
            # album by Pink Floyd": whose work it is.
            # A superlative's place is its scope, not where the subject is: "the best selling
            # car in the United States" and "in Europe" can both be true.
            attrs = [t for c in token.children if c.dep_ == "attr"
                     and not any(m.tag_ in {"JJS", "RBS"} for m in c.subtree) for t in (c, *c.conjuncts)]
            modifiers |= {Modifier(p.lower_, w) for c in attrs for p in c.children
                          if p.dep_ == "prep" and p.lower_ in {"in", "on", "at", "from", "by"}
                          for g in p.children for w in nouns(g, skip)}
        words = " ".join(t.text for t in subject_tokens(token, set()))
        phrase = Span(base + token.idx, base + token.idx + len(token.text))
        frame = Anchor(head=stem(token.lemma_), context=frozenset(), subject=words, phrase=phrase,
                       subjects=found.subjects, objects=found.objects, complements=found.complements,
                       modifiers=modifiers, open_subject=found.open_subject, passive=found.passive)
        yield frame
        if copula:
            yield from _occupation(frame, attrs)
            yield from _birthplace(frame, attrs, skip)


def _occupation(frame: Anchor, attrs: Sequence[Token]) -> Iterator[Anchor]:
    """"X is a film director in Bollywood" says where X works: the frame of "works in"."""
    places = frozenset(m for m in frame.modifiers if m.preposition in {"in", "at", "for"})
    if places and any(same_kind(t.lower_, "person") for t in attrs if t.pos_ == "NOUN"):
        yield replace(frame, head=stem("work"), complements=frozenset(), modifiers=places)


def _birthplace(frame: Anchor, attrs: Sequence[Token], skip: frozenset[int]) -> Iterator[Anchor]:
    """"X is a native of Y" says where X was born: the frame of "X was born in Y"."""
    places = {w for t in attrs if t.lower_ == "native" for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
              for g in p.children for w in nouns(g, skip) if w.proper}
    if places and frame.subjects:
        yield replace(frame, head=stem("bear"), subjects=frozenset(), objects=frame.subjects, complements=frozenset(),
                      modifiers=frozenset(Modifier("in", w) for w in places), passive=True)

"""One sentence into one claim: its values, what each value is about, its names, stems and negation.

spaCy gives sentences, lemmas and the dependency parse; `checker.values` gives the dates
and numbers. For each value we find its *anchor*: the word the value modifies (the
governor, e.g. "annexation" for "the 2022 annexation of Crimea", or "annexed" for "annexed
by Russia in 2014") and the stems of the words around it. Comparing anchors by stem is what
lets "annexation of Crimea" match "Crimea ... annexed".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from checker.claims.frames import frames
from checker.claims.life_spans import life_span
from checker.claims.negation import denial
from checker.claims.roles import nouns, roles, subject_tokens
from checker.lexicon.stems import stem
from checker.lexicon.wordnet import names_event
from checker.lexicon.words import word_list
from checker.model import Anchor, Claim, Document, Entity, Filler, FillerKind, Span, Value, ValueKind
from checker.values import MAX_PROSE_VALUES, MEASURE_UNITS, extract_values
from checker.values.tables import MONTHS

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_LIGHT_HEADS = word_list("light-heads")
_IMPLICATIVE = word_list("implicative-verbs")
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_MIN_WORDS = 3


def claim(document: Document, sent: SpacySpan, base: int, reference_id: str | None) -> Claim | None:
    """The claim of one parsed sentence, or None for a question or a sentence of under three words."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < _MIN_WORDS or sent.text.rstrip().endswith("?"):
        return None
    start, end = base + sent.start_char, base + sent.end_char
    # Trim whitespace the masked text may carry at either end.
    raw = document.text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    local = sent.text
    values = [_with_age(v, local).shifted(base + sent.start_char) for v in extract_values(local)]
    # Marked once per character, so a sentence of thousands of figures costs no more than its length.
    offset = base + sent.start_char
    covered = bytearray(len(local) + 1)
    for v in values:
        covered[v.span.start - offset:v.span.end - offset] = b"\x01" * (v.span.end - v.span.start)
    in_values = {t.i for t in sent if covered[t.idx - sent.start_char]}
    # The unit word of a measure belongs to it: "is 1900 metres in size" says no more what the
    # subject is than "is 1900".
    measure_ends = {v.span.end for v in values if v.unit in MEASURE_UNITS}
    in_values |= {t.i for t in sent if t.i - 1 in in_values and t.is_alpha and
                  (base + t.idx in measure_ends or base + t.idx - 1 in measure_ends)}
    # Role nouns must not include value words ("March", "million").
    skip = frozenset(in_values)
    anchors: tuple[Anchor, ...]
    if len(values) > MAX_PROSE_VALUES:
        # A list or a table run together: its values are never compared (judge.measures.listing),
        # so they get no anchors, and a run of thousands of figures costs no walks of the parse.
        anchors = tuple(Anchor(head="", context=frozenset()) for _ in values)
    else:
        anchors = life_span(sent, values, tuple(_anchor(sent, v, base, skip) for v in values), base)
        shared = _shared_dates(sent, values, base, skip)
        values, anchors = [*values, *(v for v, _ in shared)], (*anchors, *(a for _, a in shared))
    entities = tuple(_names(sent, base, in_values))
    stems = frozenset(stem(t.lemma_) for t in sent if t.pos_ in _CONTENT_POS and t.is_alpha and not t.is_stop)
    negation = denial(sent)
    return Claim(document=document, span=Span(start, end), text=" ".join(document.text[start:end].split()),
                 values=tuple(values), anchors=anchors, entities=entities, stems=stems | negation.lacked,
                 negated=negation.negated, denied=negation.denied, denied_qualifiers=negation.qualifiers,
                 reference_id=reference_id, frames=tuple(frames(sent, base, skip)))


def _names(sent: SpacySpan, base: int, skip: set[int]) -> Iterator[Entity]:
    """Runs of proper nouns outside values: the names a sentence mentions."""
    run: list[Token] = []
    for token in [*sent, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in skip and token.is_alpha:
            run.append(token)
            continue
        if run:
            start, end = base + run[0].idx, base + run[-1].idx + len(run[-1].text)
            yield Entity(" ".join(t.text for t in run), Span(start, end))
            run = []



_AGE = re.compile(r"(?i)\b(?:age(?:d)?|age of)\s*$")


def _with_age(value: Value, text: str) -> Value:
    """"at the age of 26" counts years of age: give the bare number its unit."""
    if value.kind is ValueKind.NUMBER and not value.unit and _AGE.search(text, 0, value.span.start):
        return replace(value, unit="age")
    return value


def _value_root(sent: SpacySpan, value: Value, base: int) -> Token | None:
    tokens = [t for t in sent if value.span.start <= base + t.idx < value.span.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def governor(root: Token) -> Token:
    """The content word a value is about: climb over prepositions and light words."""
    token = root
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return token
        if head.pos_ in {"ADP", "SCONJ", "CCONJ", "PUNCT", "DET", "AUX", "PART"} or \
                head.lemma_.lower() in _LIGHT_HEADS:
            if head.dep_ == "relcl" and head.lemma_.lower() == "be":
                # "Lund, who has been mayor since 2019": the clause's state, not the noun it describes.
                return head
            token = head
            continue
        return head
    return token.head


def _neighbourhood(gov: Token, exclude: set[int]) -> frozenset[str]:
    """Stems of content words within two dependency steps of the governor."""
    seen: set[int] = {gov.i}
    frontier = [gov]
    for _ in range(2):
        nxt: list[Token] = []
        for tok in frontier:
            around = list(tok.children)
            if tok.head.i != tok.i:
                around.append(tok.head)
            for other in around:
                if other.i not in seen:
                    seen.add(other.i)
                    nxt.append(other)
        frontier = nxt
    doc = gov.doc
    return frozenset(stem(t.lemma_) for t in (doc[i] for i in sorted(seen)) if t.i != gov.i and t.i not in exclude
                     and t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"} and t.is_alpha and not t.is_stop
                     and t.lemma_.lower() not in _LIGHT_HEADS)


def _anchor(sent: SpacySpan, value: Value, base: int, skip: frozenset[int], gov: Token | None = None) -> Anchor:
    root = _value_root(sent, value, base)
    if root is None:
        return Anchor(head="", context=frozenset())
    if gov is None:
        # Coordinated figures often count different things ("$4m at home and $6m abroad").
        first = _first_conjunct(root) if value.kind is ValueKind.DATE else root
        gov = governor(first)
        if value.kind is ValueKind.DATE and first.head.pos_ == "ADP":
            gov = _event_of_intention(_event_of_name(gov))
        if value.kind is ValueKind.DATE:
            gov = _event_of_happening(_event_of_role(gov))
    value_tokens = {t.i for t in sent if value.span.start <= base + t.idx < value.span.end}
    context = _neighbourhood(gov, value_tokens)
    subject_words = subject_tokens(gov, value_tokens)
    phrase = _phrase(sent, value, base, gov, subject_words)
    subject = " ".join(t.text for t in subject_words)
    if value.kind is ValueKind.NUMBER and gov.pos_ == "NOUN" and gov.head.pos_ == "VERB" and root.dep_ == "nummod":
        subject = f"{gov.head.text} {gov.text}"  # "displaced people" reads better than "the people"
    elif gov.pos_ == "NOUN" and subject_words and subject_words[0].i == gov.i:
        subject = "the " + subject
    found = roles(gov, skip)
    drop = _value_words(value)
    subjects, open_subject = found.subjects - drop, found.open_subject
    if value.unit == "age":
        # "the 17-year-old Piet Lund", "Veld, a 17-year-old striker": the age is the described person's.
        person = _aged(gov, skip)
        subjects, open_subject = (subjects | person, False) if person else (subjects, open_subject)
    return Anchor(head=stem(gov.lemma_), context=context, phrase=phrase,
                  subject=subject, subjects=subjects,
                  objects=found.objects - drop, complements=found.complements - drop,
                  modifiers=frozenset(m for m in found.modifiers if m.filler not in drop),
                  open_subject=open_subject, passive=found.passive)


def _aged(gov: Token, skip: frozenset[int]) -> frozenset[Filler]:
    """The names of the person an "N-year-old" describes: the noun it modifies, and what that
    noun stands beside ("Veld, a 17-year-old striker")."""
    if gov.dep_ != "amod":
        return frozenset()
    noun = gov.head
    found = {f for f in nouns(noun, skip) if f.proper}
    if noun.dep_ == "appos":
        found |= {f for f in nouns(noun.head, skip) if f.proper}
    return frozenset(found)


def _shared_dates(sent: SpacySpan, values: Sequence[Value], base: int,
                  skip: frozenset[int]) -> list[tuple[Value, Anchor]]:
    """"The guild was founded and chartered in 1712": the date of the second of two verbs joined
    with nothing between them dates the first too."""
    found = []
    for value in values:
        root = _value_root(sent, value, base) if value.kind is ValueKind.DATE else None
        if root is None or root.head.pos_ != "ADP":
            continue
        gov = governor(root)
        first = gov.head
        if gov.dep_ != "conj" or first.pos_ != "VERB" or gov.i != first.i + 2 or \
                sent.doc[first.i + 1].dep_ != "cc":
            continue
        found.append((value, _anchor(sent, value, base, skip, gov=first)))
    return found


def _event_of_intention(gov: Token) -> Token:
    """An infinitive after a noun or a verb names what was meant, not what was done: in
    "submitted their applications to join the league on 3 May", "applied to join the league on
    3 May" or "was expected to open in June", the date is the application's or the
    expectation's, though the parser hangs it on the infinitive ("join", "open"). The word the
    infinitive completes is the dated event, except after verbs that say the infinitive's event
    happened ("went on to win the title in 2009", "began to build the dam in 1950")."""
    intended = (gov.dep_ == "acl" and gov.head.pos_ == "NOUN") or \
        (gov.dep_ == "xcomp" and gov.head.lemma_.lower() not in _IMPLICATIVE)
    if gov.pos_ == "VERB" and intended and any(c.dep_ == "aux" and c.lower_ == "to" for c in gov.children):
        return gov.head
    return gov


def _first_conjunct(root: Token) -> Token:
    """A date coordinated with another dates what the first does: in "inspected the depot on
    3 March and 4 March", the parser hangs "4 March" on "3 March", not on "inspected"."""
    token = root
    for _ in range(4):
        if token.dep_ != "conj" or token.head.i == token.i or \
                not (token.head.like_num or token.head.lower_ in MONTHS):
            break
        token = token.head
    return token


_HAPPENING = frozenset({"be", "happen", "occur"})


def _event_of_happening(gov: Token) -> Token:
    """"The inspection took place in June", "the crash happened on 2 May", "the vote is on 4
    May": a verb that only says an event happened dates its subject, when that is a noun of
    something that happens (not a name, a pronoun, or "the rate was 4% as of June")."""
    lemma = gov.lemma_.lower()
    happening = lemma in _HAPPENING or (lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place"
                                                                for c in gov.children))
    if gov.pos_ not in {"VERB", "AUX"} or not happening:
        return gov
    subject = next((c for c in gov.children if c.dep_ == "nsubj"), None)
    # Only a noun of something that happens: "the rate was 4% as of June" dates the figure.
    return subject if subject is not None and subject.pos_ == "NOUN" and names_event(subject.lemma_) else gov


def _event_of_role(gov: Token) -> Token:
    """A post held does not happen: in "served as mayor between 2006 and 2013" the parser may
    hang the dates on "mayor", but they date the serving."""
    if gov.pos_ == "NOUN" and gov.dep_ == "pobj" and gov.head.lower_ == "as" and gov.head.head.pos_ == "VERB":
        return gov.head.head
    return gov


def _event_of_name(gov: Token) -> Token:
    """A name does not happen: "followed her as the Countess of Brelmoor in 1761" dates
    the succession, though the parser hangs "in 1853" on the name."""
    token = gov
    for _ in range(4):
        if token.pos_ != "PROPN" or token.dep_ not in {"pobj", "compound", "appos", "attr", "dobj", "nsubj"}:
            break
        token = token.head
    while token.pos_ == "ADP" and token.head.i != token.i:
        token = token.head
    return token if token.pos_ == "VERB" and gov.pos_ == "PROPN" else gov


def _value_words(value: Value) -> frozenset[Filler]:
    """The value's words as participants, names or not: never a role of what the value is about."""
    words = value.text.lower().split()
    return frozenset([Filler(w) for w in words] + [Filler(w, FillerKind.PROPER) for w in words])



def _phrase(sent: SpacySpan, value: Value, base: int, gov: Token, subject: list[Token]) -> Span:
    """The value plus the words it modifies, when they sit close together."""
    start, end = value.span.start, value.span.end
    near = [gov, *(t for t in subject if t.head.i == gov.i or t.i > gov.i)] if gov.pos_ == "NOUN" else [gov]
    for tok in near:
        t_start, t_end = base + tok.idx, base + tok.idx + len(tok.text)
        if abs(tok.i - _token_index(sent, value, base)) > 6:
            continue
        start, end = min(start, t_start), max(end, t_end)
    return Span(start, end)


def _token_index(sent: SpacySpan, value: Value, base: int) -> int:
    for tok in sent:
        if base + tok.idx >= value.span.start:
            return int(tok.i)
    return int(sent.end)

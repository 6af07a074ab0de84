"""Which occurrence of an event a reference fact states, and whether a claim speaks of another.

A reference fact states one instance of an event that may happen more than once: "Ferrand
was sworn in for a second term on 4 May 2021", "the Corvale Accord was signed on 9 June 2003".
A claim about another instance of the same kind of event ("Ferrand was first sworn in on 2
May 2016", "the fisheries agreement was signed in March 2011") is no contradiction, even
though the verb, the participants and the kind of value agree. Against a fact, a date or a
figure is therefore compared only when nothing in the claim sets its event apart from the
fact's: every qualifier the claim names must be the fact's own, while a qualifier the fact
names and the claim omits is allowed (a claim may say less than the fact).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from functools import lru_cache

from checker.lexicon.stems import same_stem, stem
from checker.lexicon.wordnet import same_kind
from checker.lexicon.words import word_list
from checker.model import Anchor, Claim, Filler, FillerKind, Value, ValueKind
from checker.values.tables import MONTHS

INSTANCE_WORDS = word_list("instance-words")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+(?:st|nd|rd|th)\b")
_NUMERIC_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _blanked(claim: Claim, kind: ValueKind, other: Claim) -> str:
    """The claim's text with the values it compares blanked out: the words of a value compared
    are not qualifiers but what it states ("her second album" against "her third album", "on
    May 3rd"). A rank of another thing stays a qualifier: "in the first round" against a share
    of the vote."""
    units = {v.unit for v in other.values if v.kind is kind}
    return _without(claim, [v for v in claim.values if v.kind is kind and (kind is ValueKind.DATE or v.unit in units)])


def _without(claim: Claim, values: Iterable[Value]) -> str:
    """The claim's text with `values` replaced by spaces (offsets kept)."""
    text = list(claim.text)
    for value in values:
        start = max(0, value.span.start - claim.span.start)
        end = max(start, value.span.end - claim.span.start)
        text[start:end] = " " * (end - start)
    return "".join(text)


def _words(text: str) -> frozenset[str]:
    found = set()
    for token in _WORD.findall(text):
        word = token.lower()
        if word in INSTANCE_WORDS or _NUMERIC_ORDINAL.fullmatch(word):
            found.add(word)
        elif word.startswith("re-"):
            found.add("re-")  # "re-elected": a repeat of the event
    return frozenset(found)


def event_qualifiers(anchor: Anchor) -> frozenset[str]:
    """The instance words set right before the event noun a value hangs on: "first" in "her
    first wedding took place in 1994", "second" in "a second attack happened on 9 May"."""
    found: set[str] = set()
    for m in _QUALIFIED.finditer(anchor.subject):
        if stem(m[2]) == anchor.head:
            found |= _words(m[1])
    return frozenset(found)


def event_modifiers(anchor: Anchor) -> frozenset[str]:
    """The stems of the words before the event noun a value hangs on ("open" in "the opening
    ceremony took place in May")."""
    words = _WORD.findall(anchor.subject)
    heads = [i for i, w in enumerate(words) if stem(w) == anchor.head]
    return frozenset(stem(w) for w in words[:heads[-1]]) if heads else frozenset()


def instance_words(claim: Claim, kind: ValueKind, other: Claim) -> frozenset[str]:
    """Every word of the claim that picks out one occurrence: "first", "current", "5th", "re-elected"."""
    return _words(_blanked(claim, kind, other))


# An instance word and the word it qualifies: "the first round", "her second term".
_QUALIFIED = re.compile(r"(?i)\b([a-z]+(?:-[a-z]+)*|\d+(?:st|nd|rd|th))(?=\s+([a-z]+)\b)")

# Words before the value's phrase that still qualify its event: "a second storm flooded ...".
_BEFORE = re.compile(r"(?:\S+\s+){0,2}$")


def event_instance_words(claim: Claim, kind: ValueKind, other: Claim) -> frozenset[str]:
    """The words that pick out the occurrence of the events the claim's `kind` values hang on:
    in the value's phrase or just before it ("first sworn in on 4 May 2009", "re-elected
    governor in 2018", "a second storm flooded the bridge on ..."), or before one of its
    participants ("in the first round, she won 48 percent"). "When the last defenders
    surrendered, the siege ended on 20 June" qualifies the defenders, not the end of the siege.
    Where the parse ties a value to no words, the whole sentence counts: silence is the safer
    mistake against a reference."""
    text = _blanked(claim, kind, other)
    found: set[str] = set()
    for value, anchor in zip(claim.values, claim.anchors, strict=True):
        if value.kind is not kind:
            continue
        found.update(w for w in INSTANCE_WORDS if stem(w) in anchor.context)
        participants = {stem(f.word) for f in anchor.subjects | anchor.objects | anchor.complements} | \
            {stem(m.filler.word) for m in anchor.modifiers}
        found.update(_words(" ".join(m[1] for m in _QUALIFIED.finditer(text) if stem(m[2]) in participants)))
        phrase = anchor.phrase if anchor.phrase is not None else value.span
        if (phrase.start, phrase.end) == (value.span.start, value.span.end):
            return instance_words(claim, kind, other)  # the parse did not say what it dates: the sentence
        start, end = phrase.start - claim.span.start, phrase.end - claim.span.start
        before = _BEFORE.search(text, 0, max(0, start))
        found.update(_words(text[before.start() if before else start:end]))
    return frozenset(found)


def same_occurrence(a: Claim, b: Claim, kind: ValueKind) -> bool:
    """Both sentences pick out one occurrence of their event by the same words, among the same
    names: "the first round of the Vellan talks" twice, "her first national title" twice. Talks,
    visits and votes recur, and differing dates of them are no conflict; the same named
    occurrence has one date. An ordinal counts within its participants and places, so the names
    of one sentence must all be the other's ("their first talks, in Istanbul" is not "their
    first talks, in Riyadh"), or each sentence must say every name of the other, by one of its
    words or their adjective ("Holt" / "Mira Holt", "Kenya's election" / "the Kenyan
    election")."""
    words = event_instance_words(a, kind, b)
    if not words or words != event_instance_words(b, kind, a):
        return False
    names_a = {e.text.lower() for e in a.entities}
    names_b = {e.text.lower() for e in b.entities}
    return names_a <= names_b or names_b <= names_a or (_names_within(a, b) and _names_within(b, a))


def _names_within(a: Claim, b: Claim) -> bool:
    """Every name of `a` is said in `b`, by one of its words or their adjective ("Holt" for
    "Mira Holt", "the Kenyan election" for "Kenya's election")."""
    said = {stem(w) for w in _LETTERS.findall(b.text)}
    return all(any(same_stem(stem(w), s) for w in _LETTERS.findall(e.text) for s in said) for e in a.entities)


_LETTERS = re.compile(r"[A-Za-z]+")


def restates_once_fact(a: Claim, b: Claim) -> bool:
    """One side is a reference fact whose event happened one time only (`once: true`), and the
    other says all that the fact says of it: every content word of the fact outside its dates
    and figures, and each of its names by one of the name's words ("Zelenskyy" for "Volodymyr
    Zelenskyy"). Such a sentence speaks of the fact's event even where its verb recurs: "Ukraine
    held its independence referendum" names one referendum, though referendums are held again
    and again. A sentence that leaves out a word of the fact may be about another occurrence
    ("Ukraine held a referendum", "Zelenskyy met Trump at the White House" against a fact about
    the meeting with European leaders): it gets no such reading."""
    fact, claim = (b, a) if b.once else (a, b)
    if not fact.once:
        return False
    words, names = _said_of_once_event(fact)
    said = {stem(w) for w in _LETTERS.findall(claim.text)}  # not claim.stems: "US" is no content word
    return all(any(same_stem(w, s) for s in said) for w in words) and all(name & said for name in names)


@lru_cache(maxsize=1024)  # asked twice for each candidate pair (typed rule, learned score); facts are few
def _said_of_once_event(fact: Claim) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """What a claim must say to restate `fact`: its content stems outside its values and names,
    and the word stems of each name that stands outside its values."""
    outside = {stem(w) for w in _LETTERS.findall(_without(fact, fact.values))}
    names = [frozenset(stem(w) for w in _LETTERS.findall(e.text)) for e in fact.entities]
    words = frozenset((fact.stems & outside) - set().union(*names))
    return words, tuple(name for name in names if name & outside)


def names_another_instance(claim: Claim, fact: Claim, kind: ValueKind) -> bool:
    """The claim picks out the occurrence of its event by a word the fact does not use.

    "Ferrand was first sworn in on 2 May 2016" names the first swearing-in; a fact about the
    one "for a second term" does not date it. A fact's own qualifier that the claim leaves
    out is allowed: "Ferrand was sworn in on 4 May 2020" still dates the fact's event.
    """
    return bool(event_instance_words(claim, kind, fact) - instance_words(fact, kind, claim))


def _matched(word: str, others: frozenset[str]) -> bool:
    return any(same_stem(word, o) or same_kind(word, o) for o in others)


def _descriptions(fillers: frozenset[Filler], text: str) -> frozenset[str]:
    """The common nouns among `fillers` that the sentence writes in lower case: a capital word
    heading a sentence may be a title ("Storm Over Ash was released")."""
    return frozenset(f.word for f in fillers
                     if f.kind is FillerKind.COMMON and re.search(rf"\b{re.escape(f.word)}", text))


# A noun and the identifier that picks out one of its kind: "resolution 68/262", "flight KQ507",
# "resolution ES-11/4" (a token with a digit after a lower-case noun).
_IDENTIFIED = re.compile(r"\b([a-z]{3,})\s+((?=[\w./-]*\d)[A-Za-z0-9][\w./-]*)")


def _indefinite(noun: str, text: str) -> bool:
    """The sentence brings the noun in with an indefinite article: "adopted a resolution", "a
    US-drafted resolution", "an emergency session"."""
    return re.search(rf"(?i)\b(?:a|an|another)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}", text) is not None


def identified_instance(claim: Claim, fact: Claim) -> bool:
    """The fact picks its thing out by an identifier and the claim speaks only of one of its kind.

    "The assembly adopted resolution 52/7 on 9 May" dates one resolution; "the assembly adopted
    a resolution on 2 June" says some resolution was adopted then, which the fact does not
    deny (an indefinite noun phrase introduces a new referent). So with figures: "a resolution
    passed with 120 votes" against "resolution 52/7 passed with 131 votes".
    """
    fact_text, claim_text = fact.text, claim.text
    values = [(v.span.start - fact.span.start, v.span.end - fact.span.start) for v in fact.values]
    for m in _IDENTIFIED.finditer(fact_text):
        if any(start < m.end(2) and m.start(2) < end for start, end in values):
            continue  # "in 2014", "won 48 percent": a value, not an identifier
        if _indefinite(m[1], claim_text) and m[2].lower() not in claim_text.lower():
            return True
    return False


def _named_against_indefinite(claim: Anchor, fact: Anchor, claim_text: str, fact_text: str) -> bool:
    """The claim names the thing done to ("signed the Halden Accord"); the fact says only that
    something of a kind was ("signed a fishing agreement on 2 May"), and the name does not carry
    that description (a word of the same kind counts: "the Halden Fishing Accord" may be it):
    the named thing is not known to be the fact's."""
    named = {f.word for f in claim.objects if f.proper}
    if not named or _descriptions(claim.objects, claim_text):
        return False
    described = _descriptions(fact.objects, fact_text)
    if not described or not any(_indefinite(word, fact_text) for word in described):
        return False
    return not all(_matched(word, frozenset(named)) for word in described)


_DESCRIBING = frozenset({"on", "of", "about"})


def other_undergoer(claim: Anchor, fact: Anchor, claim_text: str, fact_text: str) -> bool:
    """The claim describes the thing the event is done to, and not as the fact does.

    Common nouns count here, unlike between two sentences of an article (where "the home" and
    "the house" may be one thing): a reference fact words its undergoer on purpose. Two
    descriptions differ when no word of one matches a word of the other ("the fisheries
    agreement" / "the treaty to let Corvale export copper"; a word of the same kind matches:
    "deal" / "agreement"), or when each has a word the other lacks ("a fisheries agreement" /
    "a mining deal"; the fact's "treaty on the accession of Crimea" describes its treaty by
    "accession", so "a mutual defence treaty" is another one). A name against a description
    proves nothing ("Reign of Ash" may be "the film"), except against a fact that only says
    something of a kind was done, when the name does not carry that description ("the Halden
    Accord" / "a fishing agreement"; "the Halden Fishing Accord" may be it); names are compared
    as names (`checker.judge.alignment.different_events`).
    """
    for mine, theirs in ((claim.objects, fact.objects), (claim.complements, fact.complements)):
        described_mine, described_theirs = _descriptions(mine, claim_text), _descriptions(theirs, fact_text)
        if not described_mine or not described_theirs:
            continue
        if mine is claim.objects:
            # A phrase after the fact's undergoer describes it too ("the treaty on the accession of
            # Crimea", "the law on mobilisation"), though the parser hangs it on the verb.
            described_theirs |= _descriptions(frozenset(
                m.filler for m in fact.modifiers if m.preposition in _DESCRIBING), fact_text)
        extra_mine = [w for w in described_mine if not _matched(w, described_theirs)]
        extra_theirs = [w for w in described_theirs if not _matched(w, described_mine)]
        if len(extra_mine) == len(described_mine) or (extra_mine and extra_theirs):
            return True
    return _named_against_indefinite(claim, fact, claim_text, fact_text)


# Designations that set one member of a series apart from the others. News names many things by
# a number or a code: resolutions ("resolution 68/262", "ES-11/1"), flights ("MH17"), missions
# ("Apollo 11"), roads ("Highway 36"), treaty articles ("Article 5"), sequels ("Minsk II"). Two
# sentences that designate members of one series differently speak of two things, however much
# else they share ("adopted with 141 votes" / "adopted with 100 votes").
_SLASH_CODE = re.compile(r"(?<![\w/])(?:[A-Z]{1,5}-?)?\d+(?:/\d+)+(?![\w/])")
_LETTER_CODE = re.compile(r"(?<![\w/-])([A-Z]{1,5})-?(\d{1,5})(?![\w/])")
_WORD_NUMBER = re.compile(r"(?<![\w-])([A-Z][a-z]+)\s+(?:No\.\s*)?(\d{1,5})(?![\w/,.]\d)")
# Closed-class words that start a sentence before a figure ("About 40 people", "In 1991"): no series.
_LEADING = frozenset({"about", "some", "nearly", "almost", "over", "under", "around", "roughly", "only", "just",
                      "at", "by", "in", "on", "from", "to", "since", "until", "for", "with", "after", "before",
                      "more", "less", "fewer", "than", "up", "all", "the", "its", "their", "his", "her", "our",
                      "these", "those", "every", "each", "another", "of", "and", "but", "or", "as", "during",
                      "between", "within", "among", "approximately", "exactly", "least", "most"})
_NUMERALS = "II|III|IV|V|VI|VII|VIII|IX|X|XI|XII"
_ROMAN = re.compile(rf"\b([A-Z][a-z]+)\s+({_NUMERALS})\b")
_CALENDAR = frozenset(MONTHS) | {day.lower() for day in calendar.day_name}


@lru_cache(maxsize=65_536)  # asked for each candidate pair, so again and again for one sentence
def designations(text: str) -> dict[str, frozenset[str]]:
    """The series a sentence designates members of, each with the designations used: {"/": {"68/262"},
    "mh": {"17"}, "apollo": {"11"}, "minsk": {"ii"}}. Years and dates are no designations."""
    found: dict[str, set[str]] = {}
    rest = text
    for match in _SLASH_CODE.finditer(text):
        found.setdefault("/", set()).add(match.group().lower())
        rest = rest[:match.start()] + " " * len(match.group()) + rest[match.end():]
    for match in _LETTER_CODE.finditer(rest):
        found.setdefault(match.group(1).lower(), set()).add(match.group(2))
    for match in _WORD_NUMBER.finditer(rest):
        word, number = match.group(1).lower(), match.group(2)
        if word not in _CALENDAR and word not in _LEADING and not (len(number) == 4 and 1000 <= int(number) <= 2100):
            found.setdefault(word, set()).add(number)
    for match in _ROMAN.finditer(rest):
        found.setdefault(match.group(1).lower(), set()).add(match.group(2).lower())
    return {series: frozenset(members) for series, members in found.items()}


def designated_apart(a: Claim, b: Claim) -> bool:
    """Both sentences designate a member of one series, and never the same member: "resolution
    ES-11/1" / "resolution 68/262", "Apollo 11" / "Apollo 13", "Minsk II" / the bare "Minsk"."""
    return texts_designated_apart(a.text, b.text)


def texts_designated_apart(a_text: str, b_text: str) -> bool:
    """`designated_apart` for two texts."""
    ours, theirs = designations(a_text), designations(b_text)
    for series in ours.keys() & theirs.keys():
        if not ours[series] & theirs[series]:
            return True
    # A sequel against its original, named bare: "Minsk II" / "the Minsk Protocol".
    for text, numbered, other in ((b_text, ours, theirs), (a_text, theirs, ours)):
        for series, members in numbered.items():
            if series not in other and any(m.isalpha() for m in members) and re.search(
                    rf"\b{re.escape(series)}\b(?!\s+(?:{_NUMERALS})\b)", text, re.IGNORECASE):
                return True
    return False


def another_occurrence(a: Claim, b: Claim, kind: ValueKind) -> bool:
    """The two sentences designate different members of a series (`designated_apart`), or one side
    is a reference fact and the other names an occurrence the fact does not."""
    if designated_apart(a, b):
        return True
    if b.reference_id:
        return names_another_instance(a, b, kind) or identified_instance(a, b)
    if a.reference_id:
        return names_another_instance(b, a, kind) or identified_instance(b, a)
    return False


def other_instance(a: Claim, b: Claim, a_anchor: Anchor, b_anchor: Anchor) -> bool:
    """One side is a reference fact and the other's anchored event is done to something else."""
    if b.reference_id:
        return other_undergoer(a_anchor, b_anchor, a.text, b.text)
    if a.reference_id:
        return other_undergoer(b_anchor, a_anchor, b.text, a.text)
    return False

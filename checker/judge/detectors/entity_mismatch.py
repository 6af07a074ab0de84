"""entity-mismatch: a different person, place or thing in the same role of the same event.

What it does
    Flags a claim that puts another name in a slot that holds only one: "Merkel was
    born in Hamburg" against "Merkel was born in Bonn", "worked as a social worker"
    against "worked as a journalist", "Kyiv is the capital of Ukraine" against "Kyiv is
    the capital of Russia".

Why
    Swapped names and places survive spell-checkers and read naturally, so they reach
    print. A reporter copying from two sources is the usual cause.

How it decides
    Both sentences use the same predicate (compared by stem) about the same participant
    (a shared name, the same thing done, or a pronoun standing for the text's subject),
    and a role that admits one filler holds different names in each:
    - the place of a one-time event or state (born, died, founded, located ...) or of the
      same thing done ("obtained his Master's degree from Berkeley" / "from Birmingham");
    - who made or won the same thing ("the silver cup went to Ardle" / "was won by Fenwick";
      not an indefinite one: "wins a free kick" is one of many);
    - what someone worked or served as, when both sentences speak of the same time
      ("worked as a social worker" / "as a journalist" before entering politics), and
      what the same thing began as ("began her career as a journalist" / "as a publicist");
    - the named thing something is ("the capital of Ukraine" / "of Russia"), or the
      nationality it is given ("an Austrian painter" / "a German painter"); against a
      reference fact, which defines its subject, common nouns count too ("X is a film"
      contradicts the fact "X is a television series"; "a comedy drama book" the fact "a
      comedy drama film"), except words for the same kind of thing ("movie", "film") and
      words WordNet files one under the other ("a quarterback" is "a player", "a singer" a
      "performer"), and so does the named whole the same kind of thing is part of ("a
      character on Game of Thrones" / "on Homeland"; not a superlative's scope: "the best
      selling car in Europe") or whose work it is ("an album by Pink Floyd" / "by Queen").
    A place never clashes with a place it lies in, by WordNet's part-of relation, each side
    taken at its narrowest: "born in Beijing" agrees with "born in China", while "in
    Nebraska, USA" still clashes with "in California". "X is in Y" says where X is located.
    An event dated to the same day in both sentences, by the same predicate and participants,
    happened in one place too ("held talks in Tarvik on 3 May 2021" / "in Osterby on 3 May
    2021"). Roles that admit many fillers ("visited Paris" / "visited London"), and roles held one
    after another ("became CEO" in 1994 and in 1997) are never flagged, unless a sentence
    says the place is the only one ("lives in Japan exclusively", "only works in Hollywood").
    "India, where he lives" places the living in India; "a film director in Bollywood" says
    where the director works; "Seo Ju-hyun, known professionally as Seohyun, is ..." speaks
    of Seohyun too; "X is a native of Y" says X was born in Y, and a participle that opens the
    sentence is said of its subject ("Born in Y, X trained as ..." places X's birth), as is a
    present participle set off after it ("X joined the trend, opening a shop in Y").
    Against a source document (`--against`), a sentence that copies a phrase of the source
    with one name swapped ("Russian Defence Minister Sergey Lavrov" / "Russian Foreign
    Minister Sergey Lavrov", "an end to EU membership" / "an end to NATO membership") is
    flagged when the name it puts in is one the source never uses: rewrites and summaries
    copy phrases, and a name changed inside a copied phrase is a substitution. Half the
    sentence's words must be copied in order, the names must sit between copied words (three
    at least, not all of them words like "the" and "of"), share no word, and not be an
    acronym of each other. It reports a
    warning: names can have variants the checker does not know.

Example
    Tomas Verhoek was born in Rotterdam in 1948.
    Tomas Verhoek was born in Utrecht.
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher
from itertools import permutations

from checker.judge.alignment import CREATION_EVENTS, GENERIC_NAME_WORDS, RECURRING, disjoint, is_unique, names
from checker.lexicon.stems import shared_fillers, shared_stems, stem, words
from checker.lexicon.wordnet import same_kind, within
from checker.lexicon.words import word_groups, word_list
from checker.model import Anchor, Claim, Filler, Relation, Severity, Span, Value, ValueKind
from checker.values import compatible

RULE_ID = "entity-mismatch"
SEVERITY = Severity.WARNING
SUMMARY = "A different person, place or thing in the same role of the same event."

# Predicates whose named complement says what the subject is: "X is the capital of France".
# Roles people hold one after another (became, elected, appointed, worked as) are left out:
# "elected Secretary-General" and "elected Chancellor" are both true of Merkel.
IDENTITY = frozenset({"be"})
# What someone works or serves as: one answer at a time.
# (Became, appointed, served as: measured on ChatProtect, these are mostly roles held one after
# another, so they are left out.)
ROLES = frozenset({"work"})
# Beginnings of one thing (a career): what it began as has one answer.
BEGINNINGS = frozenset({"begin", "start", "launch"})
# Things made, won or awarded once, by one maker or winner.
MADE_BY = CREATION_EVENTS | {"win", "award", "compil"}
# Prepositions of place and origin: a one-time event happens in one place.
PLACE = frozenset({"in", "at", "from", "near"})
# What a thing is part of: "a character on Homeland", "a country in Africa"; whose work it
# is: "an album by Pink Floyd".
PART_OF = frozenset({"in", "on", "at", "from", "by"})
MIN_SIMILARITY = 0.3
# What a fact says its subject is must be said of nearly the same thing: a fact is longer
# than the claim it defines ("X is a Canadian radio comedy programme that ran from ..."), so
# it sits further from it; below this, only when both name their subject alike (not "He
# was ...", "There is ...").
MIN_DEFINITION_SIMILARITY = 0.45


def _same_doer(a: Anchor, b: Anchor) -> bool:
    """A shared participant, or a pronoun that can stand for the other's."""
    if a.fillers and b.fillers:
        return bool(shared_fillers(a.fillers, b.fillers))
    return a.open_subject or b.open_subject


MIN_REST_OVERLAP = 0.5
_ADDITIVE = re.compile(r"\b(also|as well|too|besides|apart from|in addition)\b", re.IGNORECASE)


def _rest_overlap(a: Claim, b: Claim, clash: tuple[str, str]) -> float:
    """How much the two sentences share besides the clashing fillers (0 when either adds a role)."""
    if _ADDITIVE.search(a.text) or _ADDITIVE.search(b.text):
        return 0.0
    words = {stem(w) for w in " ".join(clash).split()}
    rest_a, rest_b = a.stems - words, b.stems - words
    if not rest_a or not rest_b:
        return 0.0
    return len(shared_stems(rest_a, rest_b)) / min(len(rest_a), len(rest_b))


def _mentions(text: str, words: str) -> bool:
    """The words as words of the text: "us" is not in "famous"."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _acronym(x: str, y: str) -> bool:
    """"NUS" and "National University of Singapore" name one thing."""
    short, long = sorted((x.replace(".", ""), y), key=len)
    initials = "".join(w[0] for w in long.split() if w[:1].isupper())
    return short.isupper() and len(short) >= 2 and short in initials


def _same_named_thing(a: Anchor, b: Anchor) -> bool:
    """Against a fact, the same subject however the parser tagged it ("Savages" is a title,
    not the plural of "savage")."""
    plain_a, plain_b = words(a.subjects), words(b.subjects)
    return bool(plain_a and plain_b and shared_stems(plain_a, plain_b))


def _same_thing(a: Anchor, b: Anchor) -> bool:
    """The same undergoer: "the gold medal" in both ("the house" / "Bailey-Thompson House")."""
    plain_a, plain_b = words(a.objects), words(b.objects)
    return bool(plain_a and plain_b and shared_stems(plain_a, plain_b))


def _names(fillers: frozenset[Filler]) -> str:
    """The names, else all the words, for messages: "bonn"."""
    return " ".join(sorted(f.word for f in fillers if f.proper)) or " ".join(sorted(f.word for f in fillers))


def _common(fillers: frozenset[Filler]) -> str:
    """The common nouns, what a thing is: "singer actress" of {singer, actress, Korean}."""
    return " ".join(sorted(f.word for f in fillers if not f.proper)) or _names(fillers)


def _surface(words: str, text: str) -> str:
    """The words as the sentence writes them: "bonn" -> "Bonn", "social worker" when adjacent."""
    occurrences = [[(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
                   for w in words.split()]
    occurrences = [o for o in occurrences if o]
    if not occurrences:
        return words
    # Each word where it lies nearest the longest one ("Mar-a-Lago": not the article "a" before).
    centre = max(occurrences, key=lambda o: o[0][1] - o[0][0])[0][0]
    spans = sorted(min(o, key=lambda span: abs(span[0] - centre)) for o in occurrences)
    return text[spans[0][0]:spans[-1][1]] if spans[-1][1] - spans[0][0] < 60 else " ".join(
        text[s:e] for s, e in spans)


# Words of place names that name no place by themselves ("New York City", "the town of X").
_PLACE_WORDS = word_list("place-words")


def _place_clash(a: Anchor, b: Anchor, preps: frozenset[str] = PLACE, *,
                 one_place: bool = False) -> tuple[str, str] | None:
    """The differing named places of one preposition on each side. With `one_place`, "in" and
    "at" name the same role: an event on one day is "at Mar-a-Lago" or "in the Oval Office"."""
    mods_a, mods_b = a.by_preposition(), b.by_preposition()
    if one_place:
        mods_a, mods_b = _in_or_at(mods_a), _in_or_at(mods_b)
    for prep in sorted(preps & mods_a.keys() & mods_b.keys()):
        # A shared region does not make two towns one ("in Vienna, Austria" / "in Langenwang,
        # Austria"), and "the town of" adds nothing: the names left on each side clash.
        xa = frozenset(w for w in mods_a[prep] if w.proper and w.word not in _PLACE_WORDS
                       and not shared_fillers((w,), mods_b[prep]))
        xb = frozenset(w for w in mods_b[prep] if w.proper and w.word not in _PLACE_WORDS
                       and not shared_fillers((w,), mods_a[prep]))
        if xa and xb and not _nested(xa, xb) and not _one_institution(mods_a[prep], mods_b[prep], xa, xb):
            # Said with its generic word: "Sea of Azov" / "Black Sea", not "Azov" / "Black".
            return _names(xa | _generic(mods_a[prep])), _names(xb | _generic(mods_b[prep]))
    return None


def _in_or_at(mods: dict[str, frozenset[Filler]]) -> dict[str, frozenset[Filler]]:
    merged = dict(mods)
    if "at" in merged:
        merged["in"] = merged.get("in", frozenset()) | merged.pop("at")
    return merged


def _generic(fillers: frozenset[Filler]) -> frozenset[Filler]:
    return frozenset(w for w in fillers if w.proper and w.word in GENERIC_NAME_WORDS)


def _one_institution(a: frozenset[Filler], b: frozenset[Filler], rest_a: frozenset[Filler],
                     rest_b: frozenset[Filler]) -> bool:
    """Names sharing their distinctive word, one adding only words that end many names, may be
    one place or a part of it: "Harvard University" / "Harvard Medical School", "Ostrava" /
    "Ostrava City Hall"."""
    if not (names(a) & names(b)) or all(w.word in GENERIC_NAME_WORDS for w in names(a) & names(b)):
        return False
    return all(w.word in GENERIC_NAME_WORDS for w in rest_a) or all(w.word in GENERIC_NAME_WORDS for w in rest_b)


def _spellings(fillers: frozenset[Filler]) -> set[str]:
    """A name's possible spellings from its words, whose order the sets lost: {york, new} ->
    "york", "new", "new york", "york new"."""
    plain = sorted(f.word for f in fillers)
    found = set(plain)
    if 1 < len(plain) <= 3:
        found |= {" ".join(p) for p in permutations(plain)}
    return found


def _nested(x: frozenset[Filler], y: frozenset[Filler]) -> bool:
    """One place lies in the other: "in Beijing" and "in China" both hold. Each side is
    judged by its narrowest place: "Nebraska, USA" is no more in California than Nebraska."""
    x_names, y_names = _narrowest(_spellings(x)), _narrowest(_spellings(y))
    return any(within(p, q) or within(q, p) for p in x_names for q in y_names)


def _narrowest(names: set[str]) -> set[str]:
    return {n for n in names if not any(within(other, n) for other in names if other != n)}


# Words that name the same kind of thing, so that "a movie" does not contradict "a film".
_EQUIVALENTS = word_groups("equivalents")


def _said_of(word: Filler, others: frozenset[Filler]) -> bool:
    """The word, or one naming the same kind of thing, is among the other side's words."""
    if shared_fillers((word,), others):
        return True
    if word.proper:
        return False
    common = frozenset(o.word for o in others if not o.proper)
    if any(word.word in group and common & group for group in _EQUIVALENTS):
        return True
    # A kind of what the other says, or what it is a kind of: "a quarterback" is "a player".
    return any(same_kind(word.word, o) for o in common)


def _no_names_clash(x: frozenset[Filler], y: frozenset[Filler]) -> bool:
    """Not a name against a name: common nouns decide ("a performer" / "a singer")."""
    return not (names(x) and names(y))


def _one_of_many(things: frozenset[Filler], text: str) -> bool:
    """An indefinite thing is one of many: "wins a free kick", "won an award" (not a named one:
    "Vantara is a thriller written by ...")."""
    if any(f.proper for f in things):
        return False
    return any(re.search(rf"(?i)\b(?:a|an|another)\s+(?:[\w'-]+\s+){{0,2}}{re.escape(f.word)}\b", text)
               for f in things)


def _clash(a: Anchor, b: Anchor, *, definitional: bool, timed_apart: bool, same_day: bool = False,
           texts: tuple[str, ...] = (), sentences: tuple[str, str] = ("", "")) -> tuple[str, str] | None:
    """The differing fillers (a's, b's) of a one-filler role, if any."""
    if a.head in IDENTITY and disjoint(a.complements, b.complements, names_only=not definitional) and not (
            _no_names_clash(a.complements, b.complements)
            and any(_said_of(w, b.complements) for w in a.complements)):
        return _names(a.complements), _names(b.complements)
    if a.head in IDENTITY and definitional:
        # A fact defines its subject: "a British comedy drama film" is no "British comedy drama
        # book", though they share three words; a missing word ("an actor") is no clash.
        rest_a = frozenset(w for w in a.complements if not _said_of(w, b.complements))
        rest_b = frozenset(w for w in b.complements if not _said_of(w, a.complements))
        if rest_a and rest_b and not names(rest_a | rest_b):
            return _names(rest_a), _names(rest_b)
    # A fact defines its subject: "a character on Homeland" is no "character on Game of
    # Thrones", "a country in Africa" no "country in Europe".
    if a.head in IDENTITY and definitional and not disjoint(a.complements, b.complements, names_only=False):
        clash = _place_clash(a, b, preps=PART_OF)
        if clash is not None:
            return clash
    # "worked as a social worker" / "as a journalist" before entering politics: one answer,
    # unless the two sentences speak of different times ("became CEO" in 1994 and in 1997).
    if a.head in ROLES and not timed_apart and disjoint(a.complements, b.complements, names_only=False):
        return _names(a.complements), _names(b.complements)
    # A career, like a life, begins once: "started out as a surveyor" / "as a draughtsman".
    if a.head in BEGINNINGS and _same_thing(a, b) and disjoint(a.complements, b.complements, names_only=False):
        return _names(a.complements), _names(b.complements)
    same_thing = _same_thing(a, b)
    # "The silver cup was won by Ardle" / "by Fenwick": one thing, one maker or winner; but
    # "Ardle wins a free kick" / "Fenwick wins a free kick": an indefinite thing is one of many.
    if same_thing and a.head in MADE_BY and disjoint(a.subjects, b.subjects) and not (
            _one_of_many(a.objects, sentences[0]) or _one_of_many(b.objects, sentences[1])):
        return _names(a.subjects), _names(b.subjects)
    # One-time events, and the same thing done (a degree obtained), happen in one place.
    # The same thing done: "obtained his Master's degree from Berkeley" / "from Birmingham";
    # not the same person ("Whitefield was educated at Oxford" / "at Pembroke College"):
    # people do most things more than once.
    named_in_both = names(a.objects) & names(b.objects)
    thing_done = bool(shared_stems(words(a.objects - named_in_both), words(b.objects - named_in_both)))
    # An event the same people had on the same day happened in one place, however often they
    # meet: "held talks in Tarvik on 3 May 2021" / "in Osterby on 3 May 2021".
    if ((is_unique(a.head) or thing_done) and a.head not in RECURRING) or same_day or \
            any(_EXCLUSIVE.search(t) for t in texts):
        return _place_clash(a, b, one_place=same_day)
    return None


# "lives in Japan exclusively", "only works in Hollywood": one place, whatever the verb
# ("the only college that ..." says something else).
_EXCLUSIVE = re.compile(r"(?i)(?<!the )\b(?:only|exclusively|solely)\b")


def _same_day(dates_a: list[Value], dates_b: list[Value]) -> bool:
    """Each sentence gives one full date, to the day, and it is the same day."""
    return len(dates_a) == len(dates_b) == 1 and dates_a[0].unit == dates_b[0].unit == "day" and \
        dates_a[0].low == dates_b[0].low


def _aligned(a: Anchor, b: Anchor, definitional: bool) -> bool:
    return _same_doer(a, b) or _same_thing(a, b) or (definitional and _same_named_thing(a, b))


# A copied phrase with a swapped name, against a source (see the module's docstring).
MIN_COPIED = 1 / 2  # of the sentence's words, copied from the source sentence in order
MIN_CONTEXT = 3  # copied words right before and after the name, together
MAX_NAME_WORDS = 5
_TOKEN = re.compile(r"\w[\w'’.-]*\w|\w|[^\w\s]")
_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and",
                             "or", "as", "'s", "’s"})


def _curated(claim: Claim) -> bool:
    """A sentence of a curated fact's statement, not of a source document: the pipeline analyses a
    statement as a document of its own, named "<file>#<fact id>" (`checker.pipeline._fact_piece`)."""
    return claim.reference_id is not None and claim.document.path.endswith(f"#{claim.reference_id}")


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


# Small words inside a name: "Friends of the Earth", "Bank of England".
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "de", "du", "von", "van", "al", "la", "le", "del"})


def _name(tokens: list[tuple[str, int]]) -> bool:
    """Capitalised words, with small joining words inside: "Friends of the Earth"."""
    return bool(tokens) and _capitalised(tokens[0][0]) and _capitalised(tokens[-1][0]) and all(
        _capitalised(t) or not t[:1].isalnum() or t.lower() in _NAME_JOINERS for t, _ in tokens)


def _name_part(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The name of a replaced stretch: without a leading "the" or punctuation at either end."""
    while tokens and (tokens[0][0].lower() == "the" or not tokens[0][0][:1].isalnum()):
        tokens = tokens[1:]
    while tokens and not tokens[-1][0][:1].isalnum():
        tokens = tokens[:-1]
    return tokens


def _swapped_name(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    """A phrase of the source copied with a name the source never uses (the module's docstring)."""
    source = b.document.text
    if b.reference_id is None or _curated(b) or similarity < MIN_SIMILARITY:
        return []  # only a fact that stands in a source document has a source to compare with
    tokens_a = [(m.group(), m.start()) for m in _TOKEN.finditer(a.text)]
    tokens_b = [(m.group(), m.start()) for m in _TOKEN.finditer(b.text)]
    lower_a, lower_b = [t.lower() for t, _ in tokens_a], [t.lower() for t, _ in tokens_b]
    matcher = SequenceMatcher(None, lower_a, lower_b, autojunk=False)
    words_a = [t for t in lower_a if t[:1].isalnum()]
    copied = sum(1 for block in matcher.get_matching_blocks() for t in lower_a[block.a:block.a + block.size]
                 if t[:1].isalnum())
    if not words_a or copied / len(words_a) < MIN_COPIED:
        return []
    codes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag != "replace" or index == 0 or index == len(codes) - 1:
            continue
        if codes[index - 1][0] != "equal" or codes[index + 1][0] != "equal":
            continue
        mine, theirs = _name_part(tokens_a[i1:i2]), _name_part(tokens_b[j1:j2])
        if not (0 < len(mine) <= MAX_NAME_WORDS and 0 < len(theirs) <= MAX_NAME_WORDS):
            continue
        if not (_name(mine) and _name(theirs)):
            continue
        context = [t for t in lower_a[codes[index - 1][1]:i1][-MIN_CONTEXT:] + lower_a[i2:codes[index + 1][2]][
            :MIN_CONTEXT] if t[:1].isalnum()]
        if len(context) < MIN_CONTEXT or all(t in _FUNCTION_WORDS for t in context):
            continue  # held in place by "the" and a comma: not a copied phrase
        name_a = a.text[mine[0][1]:mine[-1][1] + len(mine[-1][0])]
        name_b = b.text[theirs[0][1]:theirs[-1][1] + len(theirs[-1][0])]
        if shared_stems(frozenset(stem(t) for t, _ in mine), frozenset(stem(t) for t, _ in theirs)) or \
                _acronym(name_a, name_b) or _mentions(source.lower(), name_a.lower()) or \
                _mentions(a.text.lower(), name_b.lower()):
            continue
        start = a.span.start + mine[0][1]
        before = " ".join([t for t, _ in tokens_a[:i1] if t[:1].isalnum()][-3:])
        after = " ".join([t for t, _ in tokens_a[i2:] if t[:1].isalnum()][:2])
        return [Relation(rule=RULE_ID, kind="entity", agree=False, a_span=Span(start, start + len(name_a)),
                         b_span=b.span, a_text=name_a, b_text=name_b, subject=f"{before} … {after}".strip(),
                         confidence=round(similarity, 3))]
    return []


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    if similarity < MIN_SIMILARITY or a.negated or b.negated:
        return []
    swapped = _swapped_name(a, b, similarity)
    if swapped:
        return swapped
    text_a, text_b = a.text.lower(), b.text.lower()
    dates_a = [v for v in a.values if v.kind is ValueKind.DATE]
    dates_b = [v for v in b.values if v.kind is ValueKind.DATE]
    timed_apart = bool(dates_a and dates_b) and not any(compatible(x, y) for x in dates_a for y in dates_b)
    same_day = _same_day(dates_a, dates_b)
    # A curated fact defines its subject; a sentence of a source document (`--against`) is
    # narrative like the article's own ("Lagos, the commercial capital" defines nothing).
    definitional = _curated(a) or _curated(b)
    # Most sentences hold no word of exclusivity; the regex runs only where one may.
    texts = (a.text, b.text) if any(w in text_a or w in text_b for w in ("only", "exclusive", "solely")) else ()
    for fa in a.frames:
        for fb in b.frames:
            if fa.head != fb.head or not _aligned(fa, fb, definitional):
                continue
            if definitional and fa.head in IDENTITY and similarity < MIN_DEFINITION_SIMILARITY and not (
                    _same_named_thing(fa, fb) and not (fa.open_subject or fb.open_subject)):
                continue
            if definitional and fa.head in IDENTITY:
                # A fact may say what its subject is twice ("a quarterback who is currently a
                # free agent"): what either says, it says.
                fb = replace(fb, complements=frozenset().union(*(
                    f.complements for f in b.frames if f.head in IDENTITY and _aligned(fa, f, definitional))))
            clash = _clash(fa, fb, definitional=definitional, timed_apart=timed_apart, same_day=same_day, texts=texts,
                           sentences=(a.text, b.text))
            # Both names in both sentences means a list or a comparison, not a swap.
            if clash is None or _mentions(text_b, clash[0]) or _mentions(text_a, clash[1]) or _acronym(*clash):
                continue
            # Between two claims, the rest of the sentences must say the same thing: "worked as
            # a journalist before entering politics" against "as a social worker before entering
            # politics", not "has also worked as a director" against "worked as a voice actor".
            if not definitional and _rest_overlap(a, b, clash) < MIN_REST_OVERLAP:
                continue
            if fa.phrase is None or fb.phrase is None:
                continue  # frames always carry their predicate's span; nothing to point at otherwise
            if fa.head in IDENTITY and _no_names_clash(fa.complements, fb.complements) and \
                    clash == (_names(fa.complements), _names(fb.complements)):
                clash = (_common(fa.complements), _common(fb.complements))  # decided on kinds, not names
            clash = (_surface(clash[0], a.text), _surface(clash[1], b.text))
            subject = f"{fa.subject}" if fa.subject else fa.head
            return [Relation(rule=RULE_ID, kind="entity", agree=False, a_span=fa.phrase, b_span=fb.phrase,
                             a_text=clash[0], b_text=clash[1], subject=subject,
                             confidence=round(similarity, 3))]
    return []

"""What a date or a figure measures: rates, the time a figure holds at, dates that time a measurement.

Two figures contradict each other only if they count the same thing at the same time, and
two dates only if they date the same event; these checks, shared by the typed rules and
the learned score, tell when they do not.
"""

from __future__ import annotations

import re

from checker.lexicon.stems import same_stem, stem
from checker.lexicon.words import word_list
from checker.model import Claim, Value, ValueKind
from checker.values import MAX_PROSE_VALUES, compatible
from checker.values.ranks import ORDINAL_WORDS
from checker.values.tables import CURRENCIES, MEASURE, STOP

RATE = re.compile(r"\b(per|a|each|every)\s+(year|month|week|day|capita|annum)\b|\bannual(ly)?\b|\byearly\b",
                  re.IGNORECASE)


def rate_mismatch(a: Claim, b: Claim) -> bool:
    """One sentence states a rate ("$3 billion per year"), the other a total."""
    return bool(RATE.search(a.text)) != bool(RATE.search(b.text))


_CHANGE_VERBS = frozenset(stem(w) for w in word_list("change-verbs"))
_CHANGE_PART = re.compile(r"(?i)\b(to|from|by)\s+$")
_WORD = re.compile(r"[A-Za-z]+")
_REDUCTION_VERBS = frozenset(stem(w) for w in word_list("reduction-verbs"))
_OFF = re.compile(r"\s+off\b", re.IGNORECASE)  # "knocked £2m off the bill"
_LAST_WORD = re.compile(r"([A-Za-z]+)\s+$")


def change_part(claim: Claim, value: Value) -> str:
    """What part of a change of amount the figure is: "to" where the change ended ("had fallen
    to about 310 sq km", "cut by £3m to £21m"), "from" where it began ("rose from 14% to
    17%"), "by" its size (the £3m); "" for a figure that names no change. Figures of different
    parts measure different things ("had shrunk to 310 sq km" is another time than "covered 420
    sq km"; a cut "by more than £3m" is no budget of £7m); two ends of changes compare.
    A figure taken "off" something ("wiped £40m off its value") or right after a verb of
    reduction ("saved £6m", "shed 300 jobs") is the size of a change, like "by"."""
    text = claim.document.text
    before = text[max(0, value.span.start - 60):value.span.start]
    part = _CHANGE_PART.search(before)
    if part and any(stem(w) in _CHANGE_VERBS for w in _WORD.findall(before[:part.start()])[-6:]):
        return part[1].lower()
    verb = _LAST_WORD.search(before)
    if _OFF.match(text, value.span.end) or (verb and stem(verb[1].lower()) in _REDUCTION_VERBS):
        return "by"
    return ""


def restated(value: Value, claim: Claim, other: Claim) -> bool:
    """The other sentence gives the very figure too, and the claim dates nothing: the claim
    picks one of the other's figures ("its fifth series" against "began its fifth and last
    series, after its fourth"; "the new 2,000 dinar note" against "the 200 ($2) and 2,000 ($20)
    dinar notes"; a score of 5.9 against a list of scores "6.4 ... (6.1) ... (5.9)"). A unit
    the parse could not find on one side does not set them apart. (A dated claim may restate
    an old figure for a new time: "1,951,269 in 2015" against "1,951,269 in 2010, an
    estimated 2,114,801 in 2015".)"""
    if any(v.kind is ValueKind.DATE for v in claim.values):
        return False
    return any(v.kind is value.kind and (v.unit == value.unit or not v.unit or not value.unit)
               and (v.low, v.high) == (value.low, value.high) for v in other.values)


_SPENT_ON = re.compile(r"[ \t\u00a0]+(?:in|of)(?=[ \t\u00a0]+[a-z])")
_FOLLOWING = re.compile(r"[ \t\u00a0-]+([A-Za-z][A-Za-z'’]*)")


def _words_after(claim: Claim, value: Value) -> list[str]:
    """The words right after a figure, up to a function word ("£450m restructuring charge",
    "17 Lorvan Catholics"), past a unit of measure written after it, and for money past "in" or
    "of" ("£50bn in losses")."""
    text = claim.document.text
    pos = value.span.end
    unit = MEASURE.match(text, pos)
    pos = unit.end() if unit else pos
    if value.unit in CURRENCIES:
        spent = _SPENT_ON.match(text, pos)  # "£50bn in losses", "$2m of debt"
        pos = spent.end() if spent else pos
    found: list[str] = []
    while len(found) < 3:
        word = _FOLLOWING.match(text, pos)
        if not word or word[1].lower() in STOP:
            break
        found.append(word[1])
        pos = word.end()
    return found


def described_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """The words on the figures name different things: a sum of money is what the noun after it
    says ("a £450m restructuring charge" is no "£440m loss"), and a count with a name on its
    noun counts that set ("17 Lorvan Catholics" are not "26 Osterby Catholics")."""
    x, y = _words_after(a, va), _words_after(b, vb)
    if not x or not y:
        return False
    if va.unit in CURRENCIES and vb.unit in CURRENCIES:
        return not {stem(w) for w in x} & {stem(w) for w in y}
    # The last word is the counted noun; names before it say which of them (other words before
    # it mostly describe: "300 scientific papers" are "400 research articles" in another text).
    names_x = {stem(w) for w in x[:-1] if w[0].isupper()}
    names_y = {stem(w) for w in y[:-1] if w[0].isupper()}
    return bool(names_x and names_y and not names_x & names_y)


_COMPARATIVE = re.compile(r"(?i)\s*(?:\(.{0,24}?\)\s*|[-–—]\s*or\s+\S+\s*[-–—]?\s*|or\s+\S+\s+)?"
                          r"(?:more|less|fewer|higher|lower|cheaper|dearer|bigger|smaller|greater|larger)\b")


def compared_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """Two percentages that each say how two things differ ("worth 8 per cent more than flats
    elsewhere" / "cost 11 per cent more") compare only when the sentences name a participant in
    common: an article compares many pairs (one shop and another, one suburb and its
    neighbours), and without a shared name nothing says they are the same pair."""
    text_a, text_b = a.document.text, b.document.text
    # "8 per cent more" reads as a part ("part:percent", like "four more players"): the same here.
    return va.unit.endswith("percent") and vb.unit.endswith("percent") \
        and bool(_COMPARATIVE.match(text_a, va.span.end)) and bool(_COMPARATIVE.match(text_b, vb.span.end)) \
        and not name_stems(a) & name_stems(b)


# An ordinal after a determiner or a possessive, past up to two modifiers: "the dogleg third",
# "his second try", "the home side's third goal".
_INSTANCE_ORDINAL = re.compile(r"(?i)\b(?:the|his|her|its|their|our|[\w.]+['’]s)\s+(?:[\w-]+\s+){0,2}?"
                               r"(" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))\b")


def _instance_ranks(claim: Claim) -> frozenset[int]:
    found = set()
    for m in _INSTANCE_ORDINAL.finditer(claim.text):
        word = m[1].lower()
        found.add(ORDINAL_WORDS[word] if word in ORDINAL_WORDS else int(word[:-2]))
    return frozenset(found)


# "the previous record", "an earlier version": another occurrence of what the noun names.
_EARLIER = re.compile(r"(?i)\b(?:previous|earlier|original)\s+([a-z]+)\b")
# ... as what the sentence is about: its opening words ("The previous record was set ...").
_EARLIER_SUBJECT = re.compile(r"(?i)^\W*(?:the|an?|its|his|her|their)\s+(?:previous|earlier|original)\s+([a-z]+)\b")
_NOUN = re.compile(r"(?i)\b([a-z]+)\b")


def _earlier_apart(a: Claim, b: Claim) -> bool:
    """One sentence is about an earlier occurrence ("The previous record was set by a 4,000m
    kite") of what the other names plainly ("hoping to set a new world record"): two instances.
    Only as the sentence's subject: "defending the title from the previous season" does not make
    the sentence's figures the previous season's."""
    for one, other in ((a, b), (b, a)):
        subject = _EARLIER_SUBJECT.match(one.text)
        if subject is None:
            continue
        earlier = {stem(subject[1].lower())}
        qualified = {stem(m[1].lower()) for m in _EARLIER.finditer(other.text)}
        plain = {stem(m[1].lower()) for m in _NOUN.finditer(other.text)}
        if (earlier & plain) - qualified:
            return True
    return False


def instances_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """Each sentence says which of a series it is about, and they name different ones ("at the
    dogleg third" / "at the short ninth", "in his second season" / "in his third season"),
    or one speaks of an earlier one ("the previous record"): the figures of one instance say
    nothing of another's. The ranks themselves are compared as
    figures ("his second title" / "his third title" of one win), unless the sentences also give
    the instances different figures ("14 goals in his second season" / "21 goals in his third
    season"): then the ranks say which instance each figure belongs to."""
    if va.unit.startswith("#") or vb.unit.startswith("#"):
        return va.unit == vb.unit and any(
            x.unit == y.unit and not x.unit.startswith("#") and not compatible(x, y)
            for x in a.values if x.kind is ValueKind.NUMBER for y in b.values if y.kind is ValueKind.NUMBER)
    if _earlier_apart(a, b):
        return True
    ranks_a, ranks_b = _instance_ranks(a), _instance_ranks(b)
    return bool(ranks_a and ranks_b and not ranks_a & ranks_b)


_AGED_BEFORE = re.compile(r"\b([a-z]+)[ \t]+aged[ \t]+$")
_AGED_AFTER = re.compile(r"[-\s]years?[-\s]old[ \t]+([a-z]+)\b")


def _aged(claim: Claim, value: Value) -> str:
    """The common noun an age is given to: "boys aged 14" -> boy, "a 23-year-old man" -> man; ""
    for a name ("Tarn, 21") or where none is written next to it."""
    text = claim.document.text
    before = _AGED_BEFORE.search(text, max(0, value.span.start - 30), value.span.start)
    after = _AGED_AFTER.match(text, value.span.end)
    word = before[1] if before else after[1] if after else ""
    return stem(word) if word and word not in STOP else ""


def aged_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """Ages given to different nouns of people are ages of different people: "two boys aged 14"
    and "a man aged 23" are not one person, nor "a 30-year-old woman" and "her 4-year-old son".
    (A name and a noun may be one person: "Tarn, 21" / "the 22-year-old man" are compared.)"""
    if va.unit != "age" or vb.unit != "age":
        return False
    noun_a, noun_b = _aged(a, va), _aged(b, vb)
    return bool(noun_a and noun_b and not same_stem(noun_a, noun_b))


# "any club where members train for more than ...", "all firms with over ...", "anyone who
# earns more than ...": a quantified noun and the clause that restricts it, up to the figure.
_CRITERION = re.compile(r"(?i)\b(?:any|every|all|anyone|anybody|everyone|whoever)\b(?:\s+[\w'’-]+){0,3}?\s+"
                        r"(?:where|who|whose|that|which|with)\b[^,;:.!?]*$")


def criterion(claim: Claim, value: Value) -> bool:
    """The figure sets a condition: it sits in the clause that restricts a quantified noun ("any
    club where members train for more than 12 hours a week must register", "all firms with
    over 250 staff must report"). It defines a class; it measures nothing in particular."""
    text = claim.document.text
    return _CRITERION.search(text, claim.span.start, value.span.start) is not None


def criteria_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """A condition's figure is compared only with another condition's: "any school where pupils are
    tutored for over 15 hours must register" says nothing of how long a class lasts
    ("the centres tutored pupils for 3 to 5 hours a week"), while two sentences giving one rule
    two thresholds disagree."""
    return criterion(a, va) != criterion(b, vb)


def figures_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """Two figures of one unit that still measure different things (the checks above)."""
    return change_part(a, va) != change_part(b, vb) or restated(va, a, b) or restated(vb, b, a) \
        or described_apart(a, va, b, vb) or compared_apart(a, va, b, vb) or instances_apart(a, va, b, vb) \
        or aged_apart(a, va, b, vb) or criteria_apart(a, va, b, vb)


# Words that date a figure to the time of writing: "today the glacier covers 30 sq km".
_PRESENT = re.compile(r"(?i)\b(?:today|nowadays|currently|at present|these days)\b")


def same_time(a: Claim, b: Claim) -> bool:
    """Figures are comparable unless both sentences are dated and no dates agree, or one is
    dated to the time of writing ("today", "currently") and the other to a date it gives ("today
    the glacier covers 30 sq km" / "in 1968 it covered 375 sq km": a figure now and one then)."""
    ta = [v for v in a.values if v.kind is ValueKind.DATE]
    tb = [v for v in b.values if v.kind is ValueKind.DATE]
    if (not ta and tb and _PRESENT.search(a.text)) or (not tb and ta and _PRESENT.search(b.text)):
        return False
    return not ta or not tb or any(compatible(x, y) for x in ta for y in tb)


def times_a_measurement(claim: Claim) -> bool:
    """A date that says when a figure was measured: the figure hangs on the date's word or
    next to it ("sales grew 10% in 2023", "the army had 200,000 soldiers in 2022"). An age
    ("retired in 1988 at the age of 64") or a figure elsewhere in the sentence ("built in 2006
    and has a capacity of 20,000 people") leaves the date an event's."""
    text = claim.document.text
    # A glued count ("a two-story house") or a rank describes a thing; it measures nothing.
    figures = {an.head for v, an in zip(claim.values, claim.anchors, strict=True)
               if v.kind is ValueKind.NUMBER and v.unit != "age" and not v.unit.startswith("#") and an.head
               and text[v.span.end:v.span.end + 1] != "-"}
    return any(v.kind is ValueKind.DATE and an.head and not _dates_its_noun(text, v, an.head)
               and any(same_stem(an.head, h) or h in an.context for h in figures)
               for v, an in zip(claim.values, claim.anchors, strict=True))


_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")


def _dates_its_noun(text: str, value: Value, head: str) -> bool:
    """"a 1911 opera in four acts": a date right before its noun dates the thing, not a count."""
    word = _WORD_AFTER.match(text, value.span.end)
    return word is not None and same_stem(stem(word[1].lower()), head)


def listing(claim: Claim) -> bool:
    """A "sentence" holding more dates and figures than prose does: a table row run together."""
    return len(claim.values) > MAX_PROSE_VALUES


# Below this cosine similarity two sentences that share no name are not even loosely about one
# thing (measured on the dev news: no contradiction in them fell below it).
LOOSE_SIMILARITY = 0.4


def unrelated(a: Claim, b: Claim, similarity: float) -> bool:
    """Two sentences of an article that share no name and are not even loosely similar speak of
    different things ("Last year 20 people died in the Ardle floods" / "About 300 homes lost power
    when the storm reached the coast"): their figures are different figures. A reference fact is
    never set apart this way; it names what the claim must match."""
    if a.reference_id or b.reference_id or similarity >= LOOSE_SIMILARITY:
        return False
    return not name_stems(a) & name_stems(b)


def name_stems(claim: Claim) -> frozenset[str]:
    """Stems of every word of the names a claim mentions ("Angela Merkel" -> angela, merkel)."""
    return frozenset(stem(w) for e in claim.entities for w in e.text.lower().split())

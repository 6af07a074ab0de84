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
from checker.values.tables import CURRENCIES, MEASURE, STOP

RATE = re.compile(r"\b(per|a|each|every)\s+(year|month|week|day|capita|annum)\b|\bannual(ly)?\b|\byearly\b",
                  re.IGNORECASE)


def rate_mismatch(a: Claim, b: Claim) -> bool:
    """One sentence states a rate ("$3 billion per year"), the other a total."""
    return bool(RATE.search(a.text)) != bool(RATE.search(b.text))


_CHANGE_VERBS = frozenset(stem(w) for w in word_list("change-verbs"))
_CHANGE_PART = re.compile(r"(?i)\b(to|from|by)\s+$")
_WORD = re.compile(r"[A-Za-z]+")


def change_part(claim: Claim, value: Value) -> str:
    """What part of a change of amount the figure is: "to" where the change ended ("had fallen
    to about 310 sq km", "cut by £3m to £21m"), "from" where it began ("rose from 14% to
    17%"), "by" its size (the £3m); "" for a figure that names no change. Figures of different
    parts measure different things ("had shrunk to 310 sq km" is another time than "covered 420
    sq km"; a cut "by more than £3m" is no budget of £7m); two ends of changes compare."""
    text = claim.document.text
    before = text[max(0, value.span.start - 60):value.span.start]
    part = _CHANGE_PART.search(before)
    if part and any(stem(w) in _CHANGE_VERBS for w in _WORD.findall(before[:part.start()])[-6:]):
        return part[1].lower()
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
    # The last word is the counted noun; names before it say which of them.
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


def figures_apart(a: Claim, va: Value, b: Claim, vb: Value) -> bool:
    """Two figures of one unit that still measure different things (the checks above)."""
    return change_part(a, va) != change_part(b, vb) or restated(va, a, b) or restated(vb, b, a) \
        or described_apart(a, va, b, vb) or compared_apart(a, va, b, vb)


def same_time(a: Claim, b: Claim) -> bool:
    """Figures are comparable unless both sentences are dated and no dates agree."""
    ta = [v for v in a.values if v.kind is ValueKind.DATE]
    tb = [v for v in b.values if v.kind is ValueKind.DATE]
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

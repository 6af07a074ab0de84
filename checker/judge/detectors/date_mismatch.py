"""date-mismatch: two different dates for the same one-time event.

What it does
    Flags a claim that dates an event differently from another claim of the corpus
    or from a reference fact: "the 2022 annexation of Crimea" against "Crimea ...
    annexed by Russia in 2014".

Why
    A wrong year is the commonest factual slip in news copy, and readers notice it.

How it decides
    Both dates must fill the same slot: the words they modify share a stem
    ("annexation"/"annexed"; "death"/"died" and "birth"/"born" count as one) and a
    neighbour ("Crimea"); two verbs joined with nothing between share the date ("created
    and organized in 1834" dates the creation too), and no different proper noun
    fills the same role (except the agent of a one-time thing done to the same named
    undergoer: "Almeida was replaced by Castro in 1510" / "by Pereira in 1511"). A life
    span in parentheses after a name ("Harold Macmillan (10 February 1894 – 29 December
    1986)", "(born 26 December 1970)") dates that person's birth and death. Dates
    compare as intervals, so "2014" agrees with "March 2014" (two spans of a stint
    must share both ends against a reference fact; in an article, overlapping spans may be two
    terms); a month alone ("born in
    May") compares with the month of a full date, and a day of no year ("on 23 January")
    with another such day and with the month and day of a full date; a date listed with another that agrees
    is no conflict ("in the early 1890s" / "in the late 1880s and early 1890s"). Dates
    that only time a measurement ("sales grew 10% in 2023" / "in 2024") and events that
    recur ("visited", "won", "met") are never flagged, nor is the date of what a sentence denies ("did not
    die in 1966"; "not signed until 1998" still dates the signing). A learned score
    (checker/judge/score.py) then weighs the pair: it keeps or drops the conflict, and may
    report differing dates the alignment missed ("succeeded as Duke in 1854" / "became
    Duke in 1853") unless one of the rules above forbids it. Its probability is the
    finding's confidence.
    A "sentence" of more than eight dates and figures is a list or a table run together
    (fixtures, results): none of its values is compared. A reference fact dates its own
    event: a claim is compared with it only when it dates that event by the same word
    ("ratified the fishing agreement" says nothing of when it was "signed"). A date after an
    infinitive that only says what was meant dates the word it completes ("applied to join the
    league on 3 May" dates the application; "went on to win the title in 2009" dates the win). A birth name
    before a life span ("(born Ilse Marrow; 3 June 1941 – 9 May 2002)") still dates the birth.
    Against a reference fact, a claim about another occurrence of the event is not compared
    (checker/judge/instances.py): one that picks its occurrence by a word the fact does not use
    ("first sworn in", "a second storm", "in the first round"), or whose undergoer is described
    by other words ("signed a mining deal" / "a fisheries agreement"), or named without the
    fact's description ("signed the Halden Accord" / "a fisheries agreement"), or that speaks of
    one of a kind where the fact identifies its thing ("adopted a resolution" / "resolution 41/9").
    Talks, visits, votes and wins recur ("held talks", "won the title"): their differing dates are
    compared only where both sentences pick out the same occurrence by the same words among the
    same names ("the first round of the Vellan talks" twice, "her first national title" twice;
    a name may be said by one of its words or its adjective: "Holt" / "Mira Holt", "Vellan's
    race" / "the Vellan race"),
    or against a reference fact marked `once: true` (its event happened one time only: "Vessa
    held its independence referendum on 4 May 1997") by a sentence that says all the fact says
    of it ("Vessa held its independence referendum in 1999"; not "Vessa held a referendum").
    Days of one month ("from 23 to 27 September 2022") are one span of days. A date joined to
    another ("on 3 March and 4 March") dates the same event. A verb that only says something
    happened ("took place", "happened", "occurred", "was on") dates its subject when that names
    an event ("the inspection took place last June" is compared with "inspected ... on 3
    March"; "the rate was 4% as of June" dates a figure, not an event), and occurrences of one
    event noun picked out differently are two events ("her first wedding took place in 1994" /
    "her last wedding ... in 2012", "a second riot" / "the riot", "the opening parade" / "the
    closing parade"). "last June", "next April" are months of a year the text leaves open.
    Different nouns of events as the doers of one verb are different events ("the occupation of
    Corvia began on 3 May" / "the war in Corvia began in June"; WordNet's kinds of event).
    A stint in a post ("served as mayor of Kettering from 2006 to 2013") fixes when it began and
    ended: taking the same post up ("became mayor", "took office as mayor", "was elected") or
    leaving it ("resigned as mayor", "stepped down") inside the span is a conflict, though the
    verbs differ; before or after it may be another stint, and another post is another stint
    (checker/judge/stints.py; the verbs are in checker/lexicon/lists/stint-verbs.txt).
    Between any two sentences, members of one series designated differently are two things
    ("resolution ES-11/1" / "resolution 68/262", "Flight QZ401" / "QZ402", "the Orlov II treaty" /
    "the Orlov treaty"): their figures and dates are not compared.
    The finding's confidence is then calibrated (checker/judge/calibration.py) and sets its
    severity, up to this rule's.

Example
    Washington is talking to Moscow again after the 2022 annexation of Crimea.
    Crimea was illegally annexed by Russia in 2014.
"""

from __future__ import annotations

from functools import partial

from checker.judge.alignment import (
    RECURRING,
    agreed_elsewhere,
    aligned_values,
    asserted,
    listed_with,
    pair_relation,
    paraphrase_pair,
    same_event,
)
from checker.judge.instances import another_occurrence, restates_once_fact, same_occurrence
from checker.judge.measures import listing, times_a_measurement
from checker.judge.score import judged
from checker.judge.stints import stint_conflicts
from checker.model import Claim, Relation, Severity, ValueKind
from checker.values import compatible, same_dates

RULE_ID = "date-mismatch"
SEVERITY = Severity.ERROR
SUMMARY = "Two different dates for the same one-time event."


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    if another_occurrence(a, b, ValueKind.DATE) or listing(a) or listing(b):
        return []
    if (a.reference_id or b.reference_id) and not _names_the_dated_event(a, b):
        return []
    a, b = asserted(a), asserted(b)
    return judged(a, b, similarity, ValueKind.DATE, RULE_ID, typed(a, b, similarity))


def typed(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    """The aligned dates, before the learned score (see checker/judge/score.py)."""
    found: list[Relation] = []
    if times_a_measurement(a) and times_a_measurement(b):
        return []  # both dates say when a figure was measured
    # Recurring events may differ in date, but not in the span of one stint ("from 2011 to 2013"),
    # nor where both sentences pick out the same occurrence ("the first round of talks").
    one_occurrence = same_occurrence(a, b, ValueKind.DATE) or restates_once_fact(a, b)
    pairs = [p for p in aligned_values(a, b, ValueKind.DATE)
             if p.a_anchor.head not in RECURRING or p.a_value.unit == p.b_value.unit == "range" or one_occurrence]
    if not pairs:
        pairs = paraphrase_pair(a, b, ValueKind.DATE, similarity, skip=RECURRING)
    against_fact = bool(a.reference_id or b.reference_id)
    for pair in pairs:
        va, vb = pair.a_value, pair.b_value
        # Two spans that overlap may be two terms of one office, told apart elsewhere ("from 2011
        # to 2013" / "from 2006 to 2013"); a reference fact's span is the one it states.
        overlapping_stints = not against_fact and va.unit == vb.unit == "range" and compatible(va, vb)
        agree = (same_dates(va, vb) or overlapping_stints or agreed_elsewhere(pair, pairs)
                 or listed_with(vb, b, partial(same_dates, va)) or listed_with(va, a, partial(same_dates, vb)))
        found.append(pair_relation(RULE_ID, ValueKind.DATE, pair, agree=agree, confidence=pair.score))
    # A start or end of a stint dated inside its span (checker/judge/stints.py).
    found.extend(pair_relation(RULE_ID, ValueKind.DATE, pair, agree=False, confidence=pair.score)
                 for pair in stint_conflicts(a, b))
    return found


def _names_the_dated_event(a: Claim, b: Claim) -> bool:
    """A reference fact dates one event: the claim must date that event too, by its own word
    ("signed a treaty" is not "ratified the treaty", "captured the city" not "recaptured it",
    "applied for membership" not "was made a candidate"). Where the parse hangs the two dates
    on different words of the same statement (the verb in one, its object in the other), each
    sentence must name the word the other's date hangs on."""
    fact, claim = (b, a) if b.reference_id else (a, b)
    fact_heads, claim_heads = _dated(fact), _dated(claim)
    if any(same_event(x, y) for x in fact_heads for y in claim_heads):
        return True
    return any(same_event(h, s) for h in fact_heads for s in claim.stems) and \
        any(same_event(h, s) for h in claim_heads for s in fact.stems)


def _dated(claim: Claim) -> set[str]:
    return {an.head for v, an in zip(claim.values, claim.anchors, strict=True) if v.kind is ValueKind.DATE and an.head}

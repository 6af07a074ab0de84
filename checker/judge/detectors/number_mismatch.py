"""number-mismatch: two different values for the same quantity at the same time.

What it does
    Flags a claim whose figure differs from another claim's or a reference fact's
    figure for the same thing: "Crimea covers 27,000 km2" against "Crimea covers 45,000 km2".

Why
    Casualty counts, budgets and areas are copied between stories and drift.

How it decides
    Both numbers fill the same slot (same head word by stem, a shared neighbour word,
    no different proper noun in the same role) and count the same unit ("km2", "usd",
    "percent", "person"). Rounding and hedges are respected: "about 3,000" agrees
    with "3,150", "1.5 billion" with "1,500,000,000". Figures timed by different
    dates ("in 2023" / "in 2024"; "today" / "in 1968"), a rate against a total ("per year"), a part against a
    whole ("four other players" / "five players", "four out of five pupils" / "ten pupils"), the
    end, start or size of a change against a figure that names none ("had shrunk to 310 sq km" /
    "covered 420 sq km"; "cut by £3m" / "£7m of funding"), figures the other sentence gives too
    (one of its list: "a new 2,000 dinar note" / "the 200 ($2) and 2,000 ($20) dinar notes"),
    sums named by other nouns ("a £450m restructuring charge" / "a £440m loss"), counts of other
    named sets ("17 Lorvan Catholics" / "26 Osterby Catholics"), percentages of two comparisons
    with no name in common ("worth 8 per cent more" near one shop / "11 per cent more" near
    another), figures of two instances each sentence names ("at the dogleg third" / "at the
    short ninth", "in his second season" / "in his third season"; "The previous record was
    ..." / "a new world record"), ages of different nouns of people ("two boys aged 14" / "a
    man aged 23"), a figure that sets a condition against one that does not ("any club where
    members train for more than 12 hours a week must register") and figures of what a
    sentence denies are not compared; "over 79%" excludes 79%. A sum taken "off" something or
    right after a verb of reduction ("wiped £40m off", "saved £6m") is the size of a change.
    A range is one value ("4 to 9 hours", "between 40 and 70 nurses"): "6 hours" lies in it.
    Coordinated figures share the unit written after the last ("the 200 and 2,000 dinar notes",
    "six or seven years"); a figure after a noun of classes names a class ("level four
    qualifications", "a category 4 storm"); "a decade" is ten years, "two dozen" 24.
    "A father of three", "the mother-of-two" count children: more sons or daughters of the
    same named parent than that ("Mr Okafor's four daughters") is a conflict
    (checker/judge/children.py).
    A learned score (checker/judge/score.py) then weighs the pair: it keeps or drops the
    conflict, and may report differing figures of the same thing the alignment missed
    ("is 1,200 metres long" / "is 900 metres long" in another clause) unless one of the
    rules above forbids it; it too compares only figures of the same unit, and bare figures
    ("three", "45") only in firmly aligned slots ("Halvern, 47," is no "for 12 years").
    Its probability is the finding's score.
    A "sentence" of more than eight dates and figures is a list or a table run together
    (fixtures, results): none of its values is compared. Two sentences of an article that
    share no name and are not even loosely similar (cosine below 0.4) speak of different
    things: "the floods at Ardle killed 20 people" is no count of "300 people attended the
    harvest fair in Corrin". People differ in age: "the 15-year-old Tomas Veld" and "the
    17-year-old Piet Lund" are two people; two ages compare only for the same named person
    (or one the sentence does not name: "He was 19").
    Against a reference fact, a claim about another occurrence of the event is not compared
    (checker/judge/instances.py): one that picks its occurrence by a word the fact does not use
    ("first sworn in", "a second storm", "in the first round"), or whose undergoer is described
    by other words ("signed a mining deal" / "a fisheries agreement").
    Between any two sentences, members of one series designated differently are two things
    ("resolution ES-11/1" / "resolution 68/262", "Flight QZ401" / "QZ402", "the Orlov II treaty" /
    "the Orlov treaty"): their figures and dates are not compared.
    The finding's confidence is then calibrated (checker/judge/calibration.py) and sets its
    severity, up to this rule's.

Example
    The war has displaced 6 million people.
    The war displaced 8 million people.
"""

from __future__ import annotations

from checker.judge.alignment import (
    agreed_elsewhere,
    aligned_values,
    asserted,
    comparable_figures,
    pair_relation,
    paraphrase_pair,
)
from checker.judge.children import children_conflicts
from checker.judge.instances import another_occurrence
from checker.judge.measures import figures_apart, listing, rate_mismatch, same_time, unrelated
from checker.judge.score import judged
from checker.model import Claim, Relation, Severity, ValueKind
from checker.values import compatible

RULE_ID = "number-mismatch"
SEVERITY = Severity.ERROR
SUMMARY = "Two different values for the same quantity at the same time."


def detect(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    if another_occurrence(a, b, ValueKind.NUMBER) or listing(a) or listing(b) or unrelated(a, b, similarity):
        return []
    a, b = asserted(a), asserted(b)
    return judged(a, b, similarity, ValueKind.NUMBER, RULE_ID, typed(a, b, similarity))


def typed(a: Claim, b: Claim, similarity: float) -> list[Relation]:
    """The aligned figures, before the learned score (see checker/judge/score.py)."""
    if rate_mismatch(a, b) or not same_time(a, b):
        return []
    found: list[Relation] = []
    pairs = aligned_values(a, b, ValueKind.NUMBER) or paraphrase_pair(a, b, ValueKind.NUMBER, similarity)
    pairs = [p for p in pairs if comparable_figures(p, against_fact=bool(a.reference_id or b.reference_id))
             and not figures_apart(a, p.a_value, b, p.b_value)]
    for pair in pairs:
        va, vb = pair.a_value, pair.b_value
        # Bare numbers ("a batting average of 41.7") compare only when firmly aligned (above).
        agree = compatible(va, vb) or agreed_elsewhere(pair, pairs)
        found.append(pair_relation(RULE_ID, ValueKind.NUMBER, pair, agree=agree, confidence=pair.score))
    # More sons or daughters than children (checker/judge/children.py).
    found.extend(pair_relation(RULE_ID, ValueKind.NUMBER, pair, agree=False, confidence=pair.score)
                 for pair in children_conflicts(a, b))
    return found

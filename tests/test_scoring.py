"""The learned score: shipped weights, vetoes, and the fitting routine."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from checker import check_text
from checker.claims.parse import analyse
from checker.judge import measures
from checker.judge import score as scoring
from checker.model import Claim, Document, Span, ValueKind
from training.logistic import fit, predict

ROOT = Path(__file__).resolve().parent.parent
BRIDGE = ("The bridge is 1,200 metres long and opened to traffic in 1998.\n\n"
          "The bridge, which opened to traffic in 1998, is 900 metres long.\n")


def _claim(text: str) -> Claim:
    return analyse([(Document("t", text), text, Span(0, len(text)))])[0]


def test_shipped_weights_match_the_features() -> None:
    data = json.loads((ROOT / "checker" / "judge" / "data" / "scorer.json").read_text(encoding="utf-8"))
    assert data["features"]["date"] == data["features"]["number"] == list(scoring.FEATURES)
    assert all(len(data["weights"][k]) == len(data["features"][k]) for k in data["weights"])
    assert all(0 < t < 1 for t in data["thresholds"].values())
    for kind in ("date", "number"):
        model = scoring.load_model(kind, scoring.FEATURES)
        assert model is not None and model.threshold == data["thresholds"][kind]
    assert scoring.load_model("date", ("bias",)) is None  # trained on other features


def test_features_are_named_in_the_order_the_weights_use() -> None:
    conflict = scoring.value_conflict(_claim("The tower is 300 metres tall."), _claim("The tower is 320 metres tall."),
                                      ValueKind.NUMBER, 0.9, rule_fired=True)
    assert conflict is not None
    assert conflict.features.rule_fired == 1.0 and conflict.features.kind_date == 0.0
    reordered = ("rule_fired", "bias", "kind_date")
    assert conflict.features.vector(reordered) == (1.0, 1.0, 0.0)


@pytest.mark.parametrize(("text", "problem"), [
    ("not json", "cannot read the learned score (JSONDecodeError"),
    ('{"weights": {"date": [1.0]}}', "cannot read the learned score (KeyError"),
    ('{"features": {"date": ["bias"], "number": ["bias"]}, "weights": {"date": [0.5], "number": [0.5]},'
     ' "thresholds": {"date": 0.5, "number": 0.5}}',
     "the learned score has no usable weights for date, number (trained on other features?)"),
])
def test_unusable_weights_are_a_problem_not_a_silent_change(text: str, problem: str) -> None:
    scorer = scoring.read_scorer(text)
    assert scorer.models == {}
    assert scorer.problem is not None and scorer.problem.startswith(problem)


def test_a_scorer_that_fails_to_load_is_a_report_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "shipped", lambda: scoring.read_scorer("{broken"))
    report = check_text(BRIDGE)
    assert report.findings == ()  # the typed rule alone does not flag the other clause's figure
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("cannot read the learned score (JSONDecodeError: ")
    assert report.warnings[0].endswith("; dates and numbers are judged by the typed rules alone")


def test_the_shipped_scorer_loads_without_a_warning() -> None:
    assert scoring.shipped().problem is None and scoring.problems() == ()
    assert check_text(BRIDGE).warnings == ()


def test_without_weights_the_typed_rule_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    assert [f.message for f in check_text(BRIDGE).findings] == ["the metres: 900 here, 1,200 at line 1"]
    monkeypatch.setattr(scoring, "load_model", lambda kind, features: None)
    assert check_text(BRIDGE).findings == ()


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("She visited Paris in 2010.", "She visited Paris in 2012.", ValueKind.DATE),  # recurring
    ("Sales grew 10% in 2023.", "Sales grew 10% in 2024.", ValueKind.DATE),  # timing a measurement
    ("The mayor was re-elected in 2004, 2008 and 2012.", "The mayor was re-elected in 2008.", ValueKind.DATE),  # a list
    ("Russia annexed Crimea in 2014.", "Russia annexed Donetsk in 2022.", ValueKind.DATE),  # two events
    ("Trade reached $3 billion per year.", "Trade reached $3.5 billion in 2019.", ValueKind.NUMBER),  # rate/total
])
def test_vetoed_conflicts(a: str, b: str, kind: ValueKind) -> None:
    conflict = scoring.value_conflict(_claim(a), _claim(b), kind, 0.9, rule_fired=False)
    assert conflict is not None
    assert scoring.vetoed(conflict.features)


def test_no_conflict_when_values_agree() -> None:
    assert scoring.value_conflict(_claim("It opened in March 2014."), _claim("It opened in 2014."),
                                  ValueKind.DATE, 0.9, rule_fired=False) is None


def test_conflict_probability_and_features_are_bounded() -> None:
    a, b = _claim("The bridge is 1,200 metres long."), _claim("The bridge is 900 metres long.")
    conflict = scoring.value_conflict(a, b, ValueKind.NUMBER, 0.95, rule_fired=False)
    assert conflict is not None and not scoring.vetoed(conflict.features)
    assert (conflict.a_value.text, conflict.b_value.text) == ("1,200", "900")
    assert all(0.0 <= f <= 1.0 for f in conflict.features.vector())
    model = scoring.load_model("number", scoring.FEATURES)
    assert model is not None
    assert 0.0 < model.probability(conflict.features) < 1.0


def test_logistic_fit_is_deterministic_and_separates() -> None:
    rng = np.random.default_rng(0)
    x1 = rng.normal(size=200)
    x = np.column_stack([np.ones(200), x1])
    y = (x1 + 0.3 * rng.normal(size=200) > 0).astype(float)
    beta = fit(x, y)
    assert np.array_equal(beta, fit(x, y))
    assert beta[1] > 1.0
    assert float(np.mean((predict(x, beta) >= 0.5) == (y == 1))) > 0.85


@pytest.mark.parametrize(("text", "measured"), [
    ("Sales grew 10% in 2023.", True),
    ("The army had 200,000 soldiers in 2022.", True),
    ("The district had a population of 2.4 million in 2019.", True),
    ("It was opened in 2011 and has a seating capacity of 14,500 people.", False),
    ("She died in 1978 at the age of 71.", False),
    ("This single-storey timber cottage was built in 1874.", False),
    ("Borrowed Hours is a 1927 comedy in four acts.", False),  # the date dates its noun
])
def test_a_date_times_a_measurement_only_next_to_its_figure(text: str, measured: bool) -> None:
    assert measures.times_a_measurement(_claim(text)) is measured


def test_a_span_of_years_is_no_list_that_agrees() -> None:
    a = _claim("The tournament began on October 3, 1984, and ended on April 9, 1985.")
    b = _claim("The 1984-85 tournament began on October 6, 1984.")
    conflict = scoring.value_conflict(a, b, ValueKind.DATE, 0.9, rule_fired=False)
    assert conflict is not None
    f = dict(zip(scoring.FEATURES, conflict.features.vector(), strict=True))
    assert (f["unmatched_a"], f["unmatched_b"]) == (1.0, 0.5)  # the span holds a date of a; a holds no span
    assert not scoring.vetoed(conflict.features)


@pytest.mark.parametrize(("claim", "other", "restated"), [
    # the other sentence gives the claim's very figure, and the claim dates nothing
    ("The series' final season was its fifth season.",
     "In 2016 the series began its fifth and final season, after its fourth season had ended.", True),
    # a dated claim may restate an old figure for a new time
    ("The district had a population of 632,418 in 2018.",
     "The population was 632,418 at the 2011 census, with an estimated 671,930 in 2018.", False),
    ("The series' final season was its sixth season.",
     "In 2016 the series began its fifth and final season, after its fourth season had ended.", False),
    # a unit the parse did not find on one side does not set the figures apart
    ("The mint will issue a new 5,000 lek note soon.",
     "The 500 (£4) and 5,000 (£40) lek notes are the most used in Albania.", True),
    ("The mint will issue a new 1,000 lek note soon.",
     "The 500 (£4) and 5,000 (£40) lek notes are the most used in Albania.", False),
])
def test_a_restated_figure_is_no_conflict(claim: str, other: str, restated: bool) -> None:
    a, b = _claim(claim), _claim(other)
    assert measures.restated(a.values[0], a, b) is restated


def _always(kind: str, features: tuple[str, ...]) -> scoring.Model:
    """A model that finds every conflict probable."""
    return scoring.Model(features, (30.0,) + (0.0,) * (len(features) - 1), 0.5)


@pytest.mark.parametrize(("a", "b", "flagged"), [
    # An age is no count of years served, whatever the score says.
    ("Halvern, 47, has led the Corrib band since the spring.", "Halvern has led the Corrib band for 12 years.", False),
    # "24 of the clubs" counts part of a whole, "18 clubs" the clubs.
    ("The Corrib league has 18 clubs, Ressa said.", "Ressa said 24 of the Corrib clubs agreed.", False),
    # The same unit, the same slot: the score may report what the typed rule did not.
    ("The Corrib library holds 9,000 books and three reading rooms.", "The Corrib library holds 12,000 books.", True),
])
def test_the_score_proposes_only_figures_the_typed_rule_would_compare(
        a: str, b: str, flagged: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring, "load_model", _always)
    found = scoring.judged(_claim(a), _claim(b), 0.9, ValueKind.NUMBER, "number-mismatch", [])
    assert [r.agree for r in found] == ([False] if flagged else [])


def _figure_pair(a: str, b: str) -> scoring.AlignedPair:
    x, y = _claim(a), _claim(b)
    return scoring.AlignedPair(x.values[0], x.anchors[0], y.values[0], y.anchors[0], 0.0)


def test_figures_of_an_article_need_words_in_common() -> None:
    # Only the unit is shared: a putt from one hole, a chip from another.
    apart = _figure_pair("She holed a putt from six feet at the first.", "Her chip at the ninth ran 40 feet past.")
    assert not scoring._related_figures(apart, similarity=0.4)
    assert scoring._related_figures(apart, similarity=scoring.CLOSE_PARAPHRASE)  # a close paraphrase
    same_head = _figure_pair("Its debts of £21,200 worried the club.", "The club's debt stood at £22,100.")
    assert scoring._related_figures(same_head, similarity=0.2)


@pytest.mark.parametrize(("claim", "other", "apart"), [
    # a name on the counted noun says which set is counted
    ("Militants killed 17 Lorvan Catholics.", "Militants killed 26 Osterby Catholics.", True),
    ("Militants killed 17 Lorvan Catholics.", "Militants killed 26 Lorvan Catholics.", False),
    ("Militants killed 17 Catholics.", "Militants killed 26 Osterby Catholics.", False),
    # the noun after a sum of money says what the sum is
    ("It took a £450m restructuring charge.", "It made a £440m loss.", True),
    ("It made a £450m loss.", "It made a £440m pre-tax loss.", False),
    ("Halden made £450m in the year.", "Halden made a £440m loss in the year.", False),
    ("It took a £45bn bailout.", "It has made £40bn in losses.", True),
    ("It has made £45bn in losses.", "It made a £40bn loss.", False),
])
def test_figures_described_as_different_things(claim: str, other: str, apart: bool) -> None:
    a, b = _claim(claim), _claim(other)
    assert measures.described_apart(a, a.values[0], b, b.values[0]) is apart


@pytest.mark.parametrize(("other", "apart"), [
    # another named doer makes the best-aligned dates two events, even on two predicates
    ("Premier Anton Holt declared the annexation of the Varn, Tolna, Darra and Brisk regions of Kellan on "
     "9 June 2019.", True),
    ("Ilse Ferrand declared the annexation of the Varn, Tolna, Darra and Brisk regions of Kellan on 9 June 2019.",
     False),
])
def test_other_doers_make_other_events_on_other_predicates(other: str, apart: bool) -> None:
    a, b = _claim("Ilse Ferrand declared martial law across Kellan on 2 May 2019."), _claim(other)
    conflict = scoring.value_conflict(a, b, ValueKind.DATE, 0.5, rule_fired=False)
    assert conflict is not None
    assert bool(conflict.features.different_event_conflict) is apart
    assert scoring.vetoed(conflict.features) is apart


@pytest.mark.parametrize(("claim", "other", "apart"), [
    # each says how two things differ; no name in common says they are the same two
    ("Flats near the market were worth 8 per cent more than others.",
     "Homes with the new tram stop nearby cost 11 per cent more than those further out.", True),
    ("In Tarvik homes cost 18 per cent (£40,000) more than in nearby towns.",
     "This is 21 per cent more than in nearby areas.", True),
    # a name in common: one comparison, told twice
    ("Homes in Tarvik cost 18 per cent more than elsewhere.", "Tarvik homes cost 21 per cent more.", False),
    # not a comparison
    ("Flats near the market rose by 8 per cent.", "Homes near the tram stop rose by 11 per cent.", False),
])
def test_percentages_of_two_comparisons(claim: str, other: str, apart: bool) -> None:
    a, b = _claim(claim), _claim(other)
    assert measures.compared_apart(a, a.values[0], b, b.values[0]) is apart


@pytest.mark.parametrize(("text", "part"), [
    ("The storm wiped £4m off the value of Orlen Foods.", "by"),
    ("The cap has so far saved £140m.", "by"),
    ("Halden shed 300 jobs last year.", "by"),
    ("Halden cut its budget by £3m.", "by"),
    ("Halden cut its budget to £21m.", "to"),
    ("Orlen Foods was valued at £9m.", ""),
    ("The cap cost £140m.", ""),
])
def test_the_part_of_a_change_a_figure_is(text: str, part: str) -> None:
    claim = _claim(text)
    assert measures.change_part(claim, claim.values[0]) == part


@pytest.mark.parametrize(("claim", "other", "apart"), [
    # each sentence says which of a series it is about, and they name different ones
    ("Marsh left his approach nine feet short at the dogleg third.", "Marsh holed a 30-footer at the short ninth.",
     True),
    ("Okafor scored 14 goals in his second season.", "Okafor scored 21 goals in his third season.", True),
    ("The previous record was set by a 4,000m-long kite.", "A Tarvik team flew a kite measuring 5,500 metres, "
     "breaking the world record.", True),
    # the same instance, or one sentence naming none
    ("The previous record was set by a 4,000m-long kite.", "The previous record kite measured 5,500 metres.", False),
    ("The Tarvik league had seven teams, with Osterby defending their title from the previous season.",
     "The Tarvik league season had nine teams.", False),
    ("Okafor scored 14 goals in his second season.", "Okafor scored 21 goals in his second season.", False),
    ("Okafor scored 14 goals in his second season.", "Okafor scored 21 goals for Dunmere.", False),
])
def test_figures_of_different_instances(claim: str, other: str, apart: bool) -> None:
    a, b = _claim(claim), _claim(other)
    va = next(v for v in a.values if not v.unit.startswith("#"))
    vb = next(v for v in b.values if not v.unit.startswith("#"))
    assert measures.instances_apart(a, va, b, vb) is apart


def test_ranks_of_instances_with_different_figures_are_no_conflict() -> None:
    a, b = _claim("Okafor scored 14 goals in his second season."), _claim("Okafor scored 21 goals in his third season.")
    assert measures.instances_apart(a, a.values[1], b, b.values[1])  # "second" / "third" name the seasons
    a, b = _claim("Okafor won his second title in 2011."), _claim("Okafor won his third title in 2011.")
    assert not measures.instances_apart(a, a.values[0], b, b.values[0])  # one win, two ranks


@pytest.mark.parametrize(("text", "condition"), [
    ("Any club where members train for more than 30 hours a week must register.", True),
    ("All firms with over 250 staff must report their pay gap.", True),
    ("Anyone who earns more than £90,000 loses the allowance.", True),
    ("Ministers want rules for places teaching for more than 4 to 9 hours a week.", False),
    ("Any firm in Tarvik, which has 300 staff, must report.", False),
    ("All 30 pupils passed.", False),
])
def test_a_figure_in_a_condition(text: str, condition: bool) -> None:
    claim = _claim(text)
    assert measures.criterion(claim, claim.values[0]) is condition


def test_a_condition_is_compared_only_with_a_condition() -> None:
    rule = _claim("Any club where members train for more than 30 hours a week must register.")
    other_rule = _claim("Any club where members train for more than 12 hours a week must register.")
    plans = _claim("Ministers want rules for places teaching for more than 4 to 9 hours a week.")
    assert measures.criteria_apart(rule, rule.values[0], plans, plans.values[0])
    assert not measures.criteria_apart(rule, rule.values[0], other_rule, other_rule.values[0])


@pytest.mark.parametrize(("claim", "other", "apart"), [
    ("Two boys aged 14 were arrested.", "A man aged 23 was arrested.", True),
    ("A 31-year-old woman was held.", "Her 4-year-old son was unhurt.", True),
    ("A man aged 23 was arrested.", "The man, aged 26, was bailed.", False),
    ("A 23-year-old man was arrested.", "Men aged 26 were held.", False),
    ("Tarn, aged 23, was arrested.", "A man aged 26 was held.", False),
])
def test_ages_of_different_people(claim: str, other: str, apart: bool) -> None:
    a, b = _claim(claim), _claim(other)
    va = next(v for v in a.values if v.unit == "age")
    vb = next(v for v in b.values if v.unit == "age")
    assert measures.aged_apart(a, va, b, vb) is apart


@pytest.mark.parametrize(("claim", "other", "shared"), [
    # the date hangs on a verb of reporting: it dates what is reported, not the reporting
    ("The couple last appeared in public on March 14 in Leeds, suggesting that a wedding is near.",
     "Several papers suggest the wedding date could be April 20.", False),
    ("The Halden bridge was closed on March 14 for repairs.", "The Halden bridge closed on April 20.", True),
])
def test_a_verb_of_reporting_is_no_shared_predicate(claim: str, other: str, shared: bool) -> None:
    conflict = scoring.value_conflict(_claim(claim), _claim(other), ValueKind.DATE, 0.5, rule_fired=False)
    assert conflict is not None
    assert bool(conflict.features.shared_predicate) is shared

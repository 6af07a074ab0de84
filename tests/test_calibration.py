"""Confidence as a calibrated probability, and severity from it (checker/judge/calibration.py)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from checker import check_text
from checker.config import config_from_text
from checker.errors import ErrorList
from checker.judge.calibration import Calibration, Cuts, read_calibration, shipped
from checker.model import Severity
from checker.settings import Settings


def test_cuts_give_severity_up_to_the_rules_own() -> None:
    cuts = Cuts(error=0.8, warning=0.5, info=0.2)
    assert [cuts.severity(c, Severity.ERROR) for c in (0.95, 0.8, 0.6, 0.3, 0.1)] == [
        Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.INFO, None]
    assert cuts.severity(0.95, Severity.WARNING) is Severity.WARNING


def test_confidence_is_a_logistic_curve_per_rule_and_scope() -> None:
    calibration = Calibration({"date-mismatch/article": -1.0, "date-mismatch/reference": 0.5}, slope=2.0)
    z = -1.0 + 2.0 * math.log(0.8 / 0.2)
    assert calibration.confidence("date-mismatch", False, 0.8) == round(1 / (1 + math.exp(-z)), 3)
    assert calibration.confidence("date-mismatch", True, 0.8) > calibration.confidence("date-mismatch", False, 0.8)
    assert calibration.confidence("unknown-rule", False, 0.42) == 0.42  # never measured: its own score


def test_each_curve_may_have_its_own_slope() -> None:
    text = ('{"slope": 2.0, "intercepts": {"number-mismatch/article": -1.0, "date-mismatch/article": -1.0}, '
            '"slopes": {"number-mismatch/article": 0.5}, "cuts": {"error": 0.9, "warning": 0.5, "info": 0.15}}')
    calibration = read_calibration(text)
    logit = math.log(0.9 / 0.1)
    assert calibration.confidence("number-mismatch", False, 0.9) == round(1 / (1 + math.exp(1.0 - 0.5 * logit)), 3)
    assert calibration.confidence("date-mismatch", False, 0.9) == round(1 / (1 + math.exp(1.0 - 2.0 * logit)), 3)
    assert read_calibration(text.replace('{"number-mismatch/article": 0.5}', "[0.5]")).problem == (
        "cannot read the confidence calibration (AttributeError: 'list' object has no attribute 'items')")


def test_unreadable_calibration_is_a_problem_not_a_crash() -> None:
    assert read_calibration("{}").problem == "cannot read the confidence calibration (KeyError: 'cuts')"
    assert read_calibration("[").problem is not None
    assert shipped().problem is None and shipped().intercepts


def test_the_info_cut_keeps_unsure_findings_out(embedder: Any) -> None:
    text = "Ostrava hosted 3,000 runners this spring.\n\nOstrava hosted 4,500 runners this spring.\n"
    everything = check_text(text, embedder=embedder, settings=Settings(info_confidence=0.0))
    [finding] = everything.findings
    assert 0 < finding.confidence < 1 and finding.score != finding.confidence
    above = check_text(text, embedder=embedder, settings=Settings(info_confidence=finding.confidence + 0.01))
    assert above.findings == ()
    error = check_text(text, embedder=embedder, settings=Settings(error_confidence=finding.confidence))
    assert [f.severity for f in error.findings] == [Severity.ERROR]


def test_config_confidence_cuts(tmp_path: Any) -> None:
    config = config_from_text("confidence: {error: 0.8, info: 0.1}\n", path="c.yml", base=tmp_path)
    assert (config.settings.error_confidence, config.settings.warning_confidence,
            config.settings.info_confidence) == (0.8, None, 0.1)
    with pytest.raises(ErrorList) as raised:
        config_from_text("confidence:\n  error: 2\n", path="c.yml", base=tmp_path)
    assert str(raised.value) == "c.yml:2:10: confidence.error: must be a number between 0 and 1 (got 2)"

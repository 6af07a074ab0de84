"""A finding's confidence as a calibrated probability that it is real, and its severity from it.

The rules' own scores (the learned score's probability, an alignment or similarity) rank
findings but are not probabilities of being right on real copy: measured on published news
articles and on probes against a reference set, number findings inside one article were
right about one time in eight at any score. `training/fit_calibration.py` fits, on those
development files, one logistic curve per rule and scope (inside an article, or against a
reference fact) over the logit of the rule's score (Platt scaling: an intercept and a slope
per curve, each pulled towards the common one since data are few), cross-validated by document, and stores it as
plain JSON (`checker/judge/data/calibration.json`) with the severity cuts it measured: the
lowest confidence above which development findings were right at least 9 times in 10 (error),
the one above which they were right more often than not (warning), and the floor below which
a finding is not reported at all (info in between). The config file may move the cuts
(`confidence:`); a rule's configured severity stays the most its findings can reach.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from checker.model import Severity

CALIBRATION = "judge/data/calibration.json"
ARTICLE, REFERENCE = "article", "reference"


@dataclass(frozen=True)
class Cuts:
    """The confidence from which a finding is an error, a warning, an info; below `info`, nothing."""

    error: float = 0.9
    warning: float = 0.5
    info: float = 0.0

    def severity(self, confidence: float, most: Severity) -> Severity | None:
        """The severity of a finding of this confidence, at most `most`; None: not reported."""
        if confidence < self.info:
            return None  # the floor holds whatever the other cuts say
        if confidence >= self.error:
            level = Severity.ERROR
        elif confidence >= self.warning:
            level = Severity.WARNING
        else:
            level = Severity.INFO
        return min(level, most)


@dataclass(frozen=True)
class Calibration:
    """Intercepts and slopes by "rule/scope" over the logit of the rule's score, and the cuts;
    `slope` serves a curve stored without its own."""

    intercepts: dict[str, float] = field(default_factory=dict)
    slope: float = 1.0
    slopes: dict[str, float] = field(default_factory=dict)
    cuts: Cuts = Cuts()
    problem: str | None = None

    def confidence(self, rule: str, against_reference: bool, score: float) -> float:
        """The probability that a finding of `rule` with this score is real; the score itself
        when the rule and scope were never measured (or nothing could be read)."""
        group = f"{rule}/{REFERENCE if against_reference else ARTICLE}"
        intercept = self.intercepts.get(group)
        if intercept is None:
            return score
        clipped = min(max(score, 1e-4), 1 - 1e-4)
        z = intercept + self.slopes.get(group, self.slope) * math.log(clipped / (1 - clipped))
        return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)


def read_calibration(text: str) -> Calibration:
    try:
        data = json.loads(text)
        cuts = Cuts(**{name: float(data["cuts"][name]) for name in ("error", "warning", "info")})
        return Calibration({str(k): float(v) for k, v in data["intercepts"].items()}, float(data["slope"]),
                           {str(k): float(v) for k, v in data.get("slopes", {}).items()}, cuts)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return Calibration(problem=f"cannot read the confidence calibration ({type(exc).__name__}: {exc})")


@cache
def shipped() -> Calibration:
    try:
        text = resources.files("checker").joinpath(CALIBRATION).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Calibration(problem=f"cannot read the confidence calibration ({exc})")
    return read_calibration(text)


def problems() -> tuple[str, ...]:
    """Why confidences are the rules' raw scores, as report warnings (none when the calibration loads)."""
    problem = shipped().problem
    return (f"{problem}; confidences are the rules' raw scores",) if problem else ()

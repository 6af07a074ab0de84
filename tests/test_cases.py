"""Rule cases as data (tests/cases/<rule>.yml), checked with the real model, sqlfluff style."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import check_text
from checker.inputs.references import reference_set_from_text
from checker.judge.detectors import RULES
from checker.model import Finding
from checker.settings import Settings

CASES = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.extend((data["rule"], case) for case in data["cases"])
    return found


def _where(finding: Finding) -> list[str]:
    return [f"reference {e.reference_id}" if e.reference_id else f"line {e.location.line}" for e in finding.related]


def test_every_rule_has_cases_with_and_without_findings() -> None:
    cases = _load()
    for rule in RULES:
        mine = [c for r, c in cases if r == rule]
        assert any(c["expect"] for c in mine), f"{rule} has no case that expects a finding"
        assert any(not c["expect"] for c in mine), f"{rule} has no case that expects silence"


UNFILTERED = Settings(info_confidence=0.0)


@pytest.mark.parametrize(("rule", "case"), _load(), ids=lambda v: v["name"] if isinstance(v, dict) else v)
def test_case(rule: str, case: dict[str, Any], embedder: Any) -> None:
    references = []
    if "references" in case:
        facts = yaml.safe_dump({"name": "case", "description": "", "facts": case["references"]})
        references.append(reference_set_from_text(facts, path="case.yml"))
    # The cases test what a rule detects; how sure a finding is sets its severity, tested elsewhere.
    report = check_text(case["text"], references=references, embedder=embedder, settings=UNFILTERED)
    got = [f for f in report.findings if f.rule == rule]
    others = [f for f in report.findings if f.rule != rule]
    assert not others, f"unexpected findings of other rules: {[(f.rule, f.message) for f in others]}"
    assert len(got) == len(case["expect"]), [(f.location.line, f.text, f.message) for f in got]
    for finding, want in zip(got, case["expect"], strict=True):
        assert (finding.location.line, finding.location.column, finding.text) == \
            (want["line"], want["column"], want["text"])
        assert _where(finding) == want["related"]
        if "message" in want:
            assert finding.message == want["message"]

"""The registry of detectors. Each rule lives in its own module; its docstring is its documentation.

A detector looks at one candidate pair of claims (or a claim and a reference
fact's statement) that nearest-neighbour search retrieved, and returns the
relations it finds. An explicit dict, not import side effects, keeps the list visible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from checker.judge.detectors import date_mismatch, entity_mismatch, negation, number_mismatch
from checker.model import Claim, Relation, Severity

Detect = Callable[[Claim, Claim, float], list[Relation]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    detect: Detect
    module: ModuleType

    @property
    def documentation(self) -> str:
        return (self.module.__doc__ or "").strip()


def _rule(module: ModuleType) -> Rule:
    return Rule(id=module.RULE_ID, severity=module.SEVERITY, summary=module.SUMMARY, detect=module.detect,
                module=module)


RULES: dict[str, Rule] = {
    rule.id: rule for rule in (_rule(date_mismatch), _rule(number_mismatch), _rule(entity_mismatch),
                                _rule(negation))
}

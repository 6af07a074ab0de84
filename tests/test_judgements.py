"""pipeline.Judgements: relations judged once per pair of unchanged claims, and a full memo started again."""

from __future__ import annotations

import pytest

from checker.model import Claim, Document, Relation, Span
from checker.pipeline import Judgements


class CountingRule:
    id = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, a: Claim, b: Claim, similarity: float) -> list[Relation]:
        self.calls += 1
        return [Relation(self.id, "date", False, a.span, b.span, a.text, b.text, "", similarity)]


def _claim(path: str, text: str) -> Claim:
    return Claim(Document(path, text), Span(0, len(text)), text)


def test_an_unchanged_pair_is_judged_once_and_a_changed_claim_again(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = CountingRule()
    memo = Judgements()
    a, b = _claim("a.md", "The Orrin Canal opened in 1874."), _claim("b.md", "The Orrin Canal opened in 1879.")
    first = memo.detect(rule, (a, memo.number([a])[0]), (b, memo.number([b])[0]), 0.8)
    again = memo.detect(rule, (a, memo.number([a])[0]), (b, memo.number([b])[0]), 0.8)
    assert first == again and rule.calls == 1
    edited = _claim("b.md", "The Orrin Canal opened in 1878.")
    memo.detect(rule, (a, memo.number([a])[0]), (edited, memo.number([edited])[0]), 0.8)
    assert rule.calls == 2
    # Full: the next check starts again, and numbers are handed out afresh.
    monkeypatch.setattr(Judgements, "LIMIT", 1)
    memo.trim()
    assert memo.number([edited, a]) == [0, 1]
    memo.detect(rule, (a, 1), (edited, 0), 0.8)
    assert rule.calls == 3

"""The work on hostile input shapes grows at most linearly (docs/security.md).

Work is counted, not timed: every Python and builtin call made while reading the input
(`sys.setprofile` events), at n and at 8n. Linear work gives a ratio near 8; the bound allows
start-up costs and set-up noise, and fails on anything quadratic (64 at these sizes).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from checker.claims.parse import analyse
from checker.claims.sentences import split_blocks
from checker.inputs.documents import document_from_text, prose
from checker.values import extract_values

N = 400
MAX_RATIO = 12.0


def steps(work: Callable[[], Any]) -> int:
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


MARKDOWN: dict[str, Callable[[int], str]] = {
    "link openers": lambda n: "[a](" * n,
    "images": lambda n: "![a](" * n,
    "reference openers": lambda n: "[a][" * n,
    "open brackets": lambda n: "[" * n + "a",
    "titles never closed": lambda n: '[a]( "x' * n,
    "html attributes": lambda n: "x <a " + "b=c " * n,
    "unclosed front matter": lambda n: "---\ntitle: x\n" + "key: value\n" * n,
    "reference-style links": lambda n: "".join(f"[l{i}]: http://e.com/{i}\n" for i in range(n)) + "Text [l1].\n",
    "code spans": lambda n: "`a " * n,
}


@pytest.mark.parametrize("shape", MARKDOWN)
def test_markdown_view_is_linear(shape: str) -> None:
    def view(n: int) -> Callable[[], Any]:
        document = document_from_text(MARKDOWN[shape](n), markdown=True)
        return lambda: list(split_blocks(prose(document).text, prose(document).blocks))

    small, large = steps(view(N)), steps(view(8 * N))
    assert large <= MAX_RATIO * small, (shape, small, large)


VALUES: dict[str, Callable[[int], str]] = {
    "figures listed": lambda n: "The bridge cost 1, " + "1, " * n,
    "bare numbers": lambda n: "1 " * n,
    "years": lambda n: "In " + ", ".join(str(1000 + i % 1000) for i in range(n)) + " it rained.",
    "dates without a year": lambda n: "on 3 May and " * n,
    "money": lambda n: "$3m, " * n,
}


@pytest.mark.parametrize("shape", VALUES)
def test_value_extraction_is_linear(shape: str) -> None:
    small = steps(lambda: extract_values(VALUES[shape](N)))
    large = steps(lambda: extract_values(VALUES[shape](8 * N)))
    assert large <= MAX_RATIO * small, (shape, small, large)


@pytest.mark.parametrize("shape", ["figures listed", "bare numbers", "years"])
def test_claims_of_a_sentence_of_figures_are_linear(shape: str) -> None:
    # One "sentence" of hundreds of figures: the parse is one call; the claim built from it
    # must not walk the parse once per figure.
    def claims(n: int) -> Callable[[], Any]:
        text = VALUES[shape](n)
        document = document_from_text(text)
        return lambda: analyse([(document, text, next(iter(split_blocks(text, prose(document).blocks))))])

    small, large = steps(claims(N // 4)), steps(claims(2 * N))
    assert large <= MAX_RATIO * small, (shape, small, large)

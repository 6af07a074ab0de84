"""Which occurrence of an event a claim speaks of, against a reference fact (checker/judge/instances.py)."""

from __future__ import annotations

from dataclasses import replace

from checker.claims.parse import analyse
from checker.judge.instances import event_instance_words, identified_instance, instance_words, other_instance
from checker.model import Claim, Document, Span, ValueKind


def _claim(text: str, reference_id: str | None = None) -> Claim:
    (claim,) = analyse([(Document("", text), text, Span(0, len(text)))])
    return replace(claim, reference_id=reference_id)


def test_instance_words_skip_the_values_compared() -> None:
    claim = _claim("Her third album came out on May 3rd, 2001, after a new contract.")
    other = _claim("Her second album came out in 1999.")
    assert instance_words(claim, ValueKind.DATE, other) == frozenset({"third", "new"})
    assert instance_words(claim, ValueKind.NUMBER, other) == frozenset({"new", "3rd"})


def test_event_instance_words_belong_to_the_dated_event() -> None:
    fact = _claim("The siege of Lanta ended on 20 May 2019.")
    near = _claim("Halvorsen was re-elected governor of Vessa on 3 March 2018.")
    far = _claim("When the last Norvik defenders surrendered, the siege of Lanta ended on 20 June 2019.")
    assert event_instance_words(near, ValueKind.DATE, fact) == frozenset({"re-"})
    assert event_instance_words(far, ValueKind.DATE, fact) == frozenset()


def test_another_undergoer_against_a_fact() -> None:
    fact = _claim("Arvonia and Corran signed a fisheries agreement on 3 March 2022.", reference_id="f")
    for text, other in (("Arvonia and Corran signed a mining deal on 9 March 2022.", True),
                        ("Arvonia and Corran signed a fisheries pact on 9 March 2022.", False)):
        claim = _claim(text)
        assert other_instance(claim, fact, claim.anchors[0], fact.anchors[0]) is other, text
    # Between two sentences of an article, common nouns prove nothing.
    article = _claim("Arvonia and Corran signed a fisheries agreement on 3 March 2022.")
    claim = _claim("Arvonia and Corran signed a mining deal on 9 March 2022.")
    assert not other_instance(claim, article, claim.anchors[0], article.anchors[0])


def test_one_of_a_kind_against_an_identified_thing() -> None:
    fact = _claim("The Varn Assembly adopted resolution 41/9 with 131 votes in favour.", reference_id="f")
    for text, other in (("The Varn Assembly adopted a resolution with 120 votes in favour.", True),
                        ("The Varn Assembly adopted another resolution with 120 votes.", True),
                        ("The Varn Assembly adopted resolution 41/9 with 120 votes in favour.", False),
                        ("The resolution was adopted with 120 votes in favour.", False)):
        assert identified_instance(_claim(text), fact) is other, text
    # A value is no identifier: "in 2017" after a noun names no resolution.
    dated = _claim("The Varn Assembly adopted the budget in 2017.", reference_id="f")
    assert not identified_instance(_claim("The Varn Assembly adopted a budget in 2019."), dated)

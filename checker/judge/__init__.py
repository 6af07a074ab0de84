"""Judgement: whether two claims (or a claim and a reference fact) contradict each other.

`alignment` says when two values fill the same slot, `measures` what a value measures,
`features` and `score` weigh a pair with the learned score, `detectors/` holds one module per
rule, and `verdicts` turns the relations into findings with their messages.
"""

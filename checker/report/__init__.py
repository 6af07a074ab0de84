"""Reporting: suppression comments (`suppressions`), baselines (`baseline`), changed lines
(`changes`) and one emitter per output format (`formatters/`)."""

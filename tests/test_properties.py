"""Property-based tests of everything that reads untrusted input (docs/security.md).

Whatever the bytes or text: only a CheckerError escapes, every span lies inside the input, and a
span's text is the input's slice. The default run tries a few hundred examples per property;
`make fuzz` (HYPOTHESIS_PROFILE=fuzz) tries thousands and prints the count.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import check_text
from checker.config import config_from_text
from checker.errors import CheckerError
from checker.inputs.documents import document_from_text, prose, read_stdin
from checker.inputs.references import reference_set_from_text
from checker.report.baseline import read_baseline
from checker.settings import Settings
from checker.values import extract_values

settings.register_profile("default", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Text that hits the readers' special characters far more often than uniform Unicode would.
_PIECES = ["[", "]", "(", ")", "<", ">", "!", "`", "```", "*", "_", "#", "-", "---", "\n", "\n\n", " ", "\t",
           ":", "|", "<!--", "-->", "checker-disable-next-line", "2014", "1,000", "March", "18 March",
           "$3m", "50%", "\\", '"', "'", "{", "}", "\r\n", "\u2028", "\x00", "\ufeff", "é", "1.", "&amp;"]
TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40).map("".join)
BYTES = st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))


@given(BYTES, st.booleans())
def test_reading_bytes_gives_a_document_or_an_input_error(data: bytes, markdown: bool) -> None:
    try:
        document = read_stdin(data, markdown=markdown)
    except CheckerError:
        return
    assert isinstance(document.text, str)
    document.text.encode("utf-8")  # the text can be stored and printed


@given(TEXT, st.booleans())
def test_the_prose_view_keeps_every_offset(text: str, markdown: bool) -> None:
    try:
        document = document_from_text(text, markdown=markdown)
    except CheckerError:
        return
    view = prose(document)
    assert len(view.text) == len(document.text)
    for block in view.blocks:
        assert 0 <= block.start <= block.end <= len(document.text)
    for original, shown in zip(document.text, view.text, strict=True):
        assert shown == original or shown.isspace()


@given(TEXT)
def test_values_lie_in_the_text_and_never_overlap(text: str) -> None:
    values = extract_values(text)
    end = 0
    for value in values:
        assert end <= value.span.start <= value.span.end <= len(text)
        assert value.text == text[value.span.start:value.span.end]
        end = value.span.end


@given(TEXT)
def test_config_text_is_a_config_or_located_errors(text: str) -> None:
    try:
        config_from_text(text, path="c.yml", base=Path("/nonexistent-base"))
    except CheckerError as exc:
        assert str(exc).startswith("c.yml")


@given(TEXT)
def test_reference_text_is_a_set_or_located_errors(text: str) -> None:
    try:
        reference_set_from_text(text, path="r.yml")
    except CheckerError as exc:
        assert str(exc).startswith("r.yml")


@given(BYTES)
def test_a_baseline_is_read_or_refused(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("baseline") / "b.json"
    path.write_bytes(data)
    try:
        read_baseline(path)
    except CheckerError as exc:
        assert str(exc).startswith(str(path))


@cache
def _embedder() -> Any:
    from checker.retrieval.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@settings(max_examples=int(os.environ.get("HYPOTHESIS_API_EXAMPLES", "40")))
@given(st.lists(st.sampled_from([
    "Russia annexed Crimea in 2014.", "Crimea was annexed in 2015.", "The bridge cost $3m.",
    "The bridge cost $4m.", "Kyiv is not the capital.", "Kyiv is the capital.", "\n\n", "# Head\n",
    "[a](", "<!-- checker-disable-next-line all -- x -->\n", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10.",
]), max_size=8).map(" ".join), st.booleans())
def test_the_library_reports_spans_of_its_input(text: str, markdown: bool) -> None:
    try:
        report = check_text(text, markdown=markdown, embedder=_embedder(), settings=Settings(info_confidence=0.0))
    except CheckerError:
        return
    for finding in report.findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text)
        assert finding.text == text[finding.span.start:finding.span.end]
        for evidence in finding.related:
            if evidence.span is not None and evidence.reference_id is None:
                assert 0 <= evidence.span.start <= evidence.span.end <= len(text)

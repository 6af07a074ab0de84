"""Every formatter over one fixed Report, compared to golden files (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.model import Document, Evidence, Finding, Location, Report, Severity, Span
from checker.report.formatters import FORMATTERS, render
from checker.report.formatters import json as json_formatter
from checker.report.formatters import text as text_formatter

GOLDEN = Path(__file__).parent / "golden"

ARTICLE = (
    "Talks on Ukraine resumed in Riyadh on Tuesday.\n"
    "Officials recalled the annexation of Crimea in 2022 as the start of the conflict.\n"
    "Some 40,000 troops remain near the border, the ministry said.\n"
    "Russia annexed Crimea in 2014,   a move most states\n"
    "never recognised.\n"
    "Earlier reports put the number of troops at 100,000.\n"
)
LONG_CLAIM = "Earlier reports put the troops at 100,000, " + " ".join(["according to officials"] * 10)

FINDING_KEYS = {"rule", "severity", "kind", "confidence", "message", "path", "line", "column", "end_line",
                "end_column", "text", "fingerprint", "related"}
RELATED_KEYS = {"path", "line", "column", "end_line", "end_column", "text", "reference_id", "source"}


def _span(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(start, start + len(needle))


def _report() -> Report:
    doc = Document("examples/ukraine-talks.txt", ARTICLE)
    claim = "Russia annexed Crimea in 2014,   a move most states\nnever recognised."
    date = Finding(
        rule="date-mismatch",
        severity=Severity.ERROR,
        message="the annexation of Crimea: 2022 here; line 4 and reference crimea-annexation-2014 say 2014",
        document=doc,
        span=_span(doc, "2022"),
        related=(
            Evidence(doc.location(_span(doc, claim)), claim),
            Evidence(Location("references/russia-ukraine.yml", 5, 16, 5, 65),
                     "Russia annexed Crimea from Ukraine in March 2014.",
                     reference_id="crimea-annexation-2014",
                     source="https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation"),
            Evidence(Location("references/russia-ukraine.yml", 9, 16, 9, 40),
                     "Crimea is internationally recognised as part of Ukraine.",
                     reference_id="crimea-status"),
        ),
        kind="date",
        confidence=0.91234,
    )
    number = Finding(
        rule="number-mismatch",
        severity=Severity.WARNING,
        message="troops near the border: 40,000 here; line 6 says 100,000",
        document=doc,
        span=_span(doc, "40,000"),
        related=(Evidence(Location(doc.path, 6, 1, 6, 53), LONG_CLAIM),),
        kind="number",
        confidence=0.6,
    )
    # Given out of order: formatters sort by path, line and column.
    return Report(findings=(number, date), documents=1, claims=5, references=31)


def _empty() -> Report:
    return Report(findings=(), documents=1, claims=5, references=31)


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.read_text(encoding="utf-8") == actual


@pytest.mark.parametrize(("fmt", "report", "golden"), [
    ("text", _report, "report.txt"),
    ("json", _report, "report.json"),
    ("text", _empty, "empty.txt"),
    ("json", _empty, "empty.json"),
])
def test_golden(fmt: str, report: Callable[[], Report], golden: str) -> None:
    _check_golden(golden, render(report(), fmt))


def test_every_registered_format_renders_both_reports() -> None:
    for formatter in FORMATTERS.values():
        assert formatter(_report()).endswith("\n")
        assert formatter(_empty()).endswith("\n")


def test_json_shape() -> None:
    data = json.loads(json_formatter.format_report(_report()))
    assert list(data) == ["version", "findings", "summary"]
    assert data["version"] == json_formatter.JSON_SCHEMA_VERSION
    assert data["summary"] == {"documents": 1, "claims": 5, "references": 31, "errors": 1, "warnings": 1,
                               "info": 0}
    assert [f["rule"] for f in data["findings"]] == ["date-mismatch", "number-mismatch"]
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
        for related in finding["related"]:
            assert set(related) == RELATED_KEYS
    first = data["findings"][0]
    assert first["confidence"] == 0.912
    assert first["text"] == "2022"
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (2, 48, 2, 52)
    assert first["related"][0]["reference_id"] is None and first["related"][0]["source"] is None
    assert first["related"][2]["source"] is None


def test_text_without_colour_has_no_escapes() -> None:
    assert "\x1b" not in text_formatter.format_report(_report())


def test_text_with_colour() -> None:
    out = text_formatter.format_report(_report(), color=True)
    assert "\x1b[31merror\x1b[0m" in out and "\x1b[33mwarning\x1b[0m" in out
    assert "\x1b[1mexamples/ukraine-talks.txt:2:48\x1b[0m" in out


def test_summary_plurals() -> None:
    doc = Document("a.txt", "x y\n")
    finding = Finding("r", Severity.ERROR, "m", doc, Span(0, 1))
    info = Finding("r", Severity.INFO, "m", doc, Span(2, 3))
    report = Report(findings=(finding, finding, info), documents=2, claims=1, references=0)
    assert text_formatter.summary(report) == (
        "Found 2 errors, 0 warnings, 1 info in 2 documents (1 claim, 0 reference facts).")


def test_shorten() -> None:
    assert text_formatter.shorten("a \n\t b") == "a b"
    cut = text_formatter.shorten("word " * 100)
    assert len(cut) <= text_formatter.MAX_TEXT and cut.endswith("…")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(_report(), "xml")

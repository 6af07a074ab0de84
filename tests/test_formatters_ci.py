"""CI formatters (SARIF, GitHub workflow commands, JUnit XML, Markdown) over the fixed Report of test_formatters."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from checker import __version__
from checker.judge.detectors import RULES
from checker.model import Document, Evidence, Finding, Location, Report, Severity, Span
from checker.report.formatters import FORMATS, FORMATTERS, github, junit, markdown, render, sarif
from checker.report.suppressions import META_RULES
from tests.test_formatters import _check_golden, _empty, _report

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "sarif" / "sarif-schema-2.1.0.json"


def _numbered(count: int, severity: Severity = Severity.ERROR, path: str = "a.txt") -> list[Finding]:
    """`count` findings, one per line of a document of `count` lines, given in reverse order."""
    doc = Document(path, "".join(f"claim {i}\n" for i in range(count)))
    return [Finding("date-mismatch", severity, f"message {i}", doc,
                    Span(doc.line_starts[i], doc.line_starts[i] + 5)) for i in reversed(range(count))]


@pytest.mark.parametrize(("fmt", "golden"), [
    ("sarif", "report.sarif"),
    ("github", "report.github"),
    ("junit", "report.junit.xml"),
    ("markdown", "report.md"),
])
def test_golden(fmt: str, golden: str) -> None:
    _check_golden(golden, render(_report(), fmt))


def test_formats_lists_every_formatter() -> None:
    assert tuple(FORMATTERS) == FORMATS
    assert {"text", "json", "sarif", "github", "junit", "markdown"} <= set(FORMATS)


# SARIF


def _validate(document: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def _info_report() -> Report:
    doc = Document("drafts/my article.md", "Ukraine has joined NATO.\n")
    info = Finding("negation", Severity.INFO, "joined NATO: negated at other.md:3", doc, Span(0, 24),
                   related=(Evidence(Location("other.md", 3, 1, 3, 28), "Ukraine has not joined NATO."),),
                   kind="negation", confidence=0.5)
    unknown = Finding("custom-rule", Severity.WARNING, "m", doc, Span(8, 11))
    return Report(findings=(info, unknown), documents=2, claims=2)


@pytest.mark.parametrize("report", [_report, _empty, _info_report])
def test_sarif_validates_against_schema(report: Any) -> None:
    _validate(json.loads(sarif.format_report(report())))


def test_sarif_content() -> None:
    data = json.loads(sarif.format_report(_report()))
    assert data["version"] == "2.1.0"
    (run,) = data["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "checker" and driver["version"] == __version__
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [*RULES, *META_RULES]
    for descriptor, rule in zip(driver["rules"], RULES.values(), strict=False):
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["text"] == rule.documentation
        assert descriptor["fullDescription"]["text"]
        assert descriptor["fullDescription"]["text"] in " ".join(rule.documentation.split())
        assert descriptor["defaultConfiguration"]["level"] == sarif.LEVELS[rule.severity]
    assert driver["rules"][0]["name"] == "DateMismatch"

    first, second = run["results"]
    assert (first["ruleId"], first["level"], second["ruleId"], second["level"]) == (
        "date-mismatch", "error", "number-mismatch", "warning")
    assert driver["rules"][first["ruleIndex"]]["id"] == "date-mismatch"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 48, "endLine": 2, "endColumn": 52, "snippet": {"text": "2022"}}
    related = first["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2, 3]
    assert related[1]["message"]["text"] == (
        "reference crimea-annexation-2014: Russia annexed Crimea from Ukraine in March 2014. "
        "(https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation)")
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == "references/russia-ukraine.yml"
    assert related[1]["physicalLocation"]["region"]["startLine"] == 5
    assert related[2]["message"]["text"] == (
        "reference crimea-status: Crimea is internationally recognised as part of Ukraine.")
    finding = sorted(_report().findings, key=lambda f: f.location.line)[0]
    assert first["partialFingerprints"] == {"checker/v1": finding.fingerprint}
    assert first["properties"] == {"kind": "date", "confidence": 0.912}


def test_sarif_uri_and_info_level() -> None:
    (run,) = json.loads(sarif.format_report(_info_report()))["runs"]
    info, unknown = run["results"]
    assert info["level"] == "note"
    assert info["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drafts/my%20article.md"
    assert "ruleIndex" not in unknown and unknown["ruleId"] == "custom-rule"
    assert sarif.artifact_uri("/abs/x y.md") == "file:///abs/x%20y.md"


def test_sarif_description_helpers() -> None:
    assert sarif.camel_case("date-mismatch") == "DateMismatch"
    doc = "rule: title.\n\nWhat it does\n    Flags a\n    thing.\n\nWhy\n    Because."
    assert sarif.description(doc) == "Flags a thing."
    assert sarif.description("rule: title.\n\nA plain\nparagraph.") == "A plain paragraph."
    assert sarif.description("rule: title only") == ""


# GitHub workflow commands


def test_github_escaping() -> None:
    doc = Document("dir,x/a:b.txt", "x\n")
    finding = Finding("odd:rule,id", Severity.ERROR, "100% sure: yes, really\nline two\r", doc, Span(0, 1))
    assert github.annotation(finding) == (
        "::error file=dir%2Cx/a%3Ab.txt,line=1,col=1,endLine=1,endColumn=2,title=odd%3Arule%2Cid"
        "::100%25 sure: yes, really line two")


def test_github_levels_and_multiline_span() -> None:
    doc = Document("a.md", "one\ntwo\n")
    info = Finding("negation", Severity.INFO, "m", doc, Span(0, 6))
    assert github.annotation(info) == "::notice file=a.md,line=1,endLine=2,title=negation::m"


def test_github_cap() -> None:
    findings = _numbered(22) + _numbered(3, Severity.WARNING, path="b.txt")
    out = github.format_report(Report(findings=tuple(findings), documents=2))
    lines = out.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 3
    assert ("checker: 12 more findings not shown as annotations (at most 10 per type; GitHub shows at most 10 "
            "per type per step and 50 per job); see the full report with --format text or --format sarif "
            "--output report.sarif") in lines
    group = lines[lines.index("::group::All findings") + 1:lines.index("::endgroup::")]
    assert len(group) == 25
    for finding in findings:
        loc = finding.location
        assert (f"{loc.path}:{loc.line}:{loc.column}: {finding.severity.label} date-mismatch: {finding.message}"
                in group)
    assert not any(line.startswith("::") for line in group)
    # The annotated errors are the first ten by position.
    assert [line.split(",")[1] for line in lines if line.startswith("::error ")] == [
        f"line={i}" for i in range(1, 11)]


def test_github_cap_is_configurable_and_absent_when_not_needed() -> None:
    report = Report(findings=tuple(_numbered(3)))
    out = github.format_report(report, max_annotations=1)
    assert out.count("::error ") == 1 and "checker: 2 more findings not shown" in out
    full = github.format_report(report)
    assert full.count("::error ") == 3 and "::group::" not in full and "more finding" not in full
    assert "checker: 1 more finding not shown" in github.format_report(report, max_annotations=2)


def test_github_without_findings() -> None:
    assert github.format_report(_empty()) == "checker: No findings in 1 document (5 claims, 31 reference facts).\n"


# JUnit XML


def test_junit_parses_back() -> None:
    out = junit.format_report(_report())
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out.split("\n", 1)[1])
    assert root.tag == "testsuites"
    assert (root.get("name"), root.get("tests"), root.get("failures")) == ("checker", "2", "2")
    (suite,) = root
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("examples/ukraine-talks.txt", "2", "2")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["date-mismatch at 2:48", "number-mismatch at 3:6"]
    assert {c.get("classname") for c in cases} == {"examples/ukraine-talks.txt"}
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.get("message") == (
        "the annexation of Crimea: 2022 here; line 4 and reference crimea-annexation-2014 say 2014")
    body = failure.text or ""
    assert body.startswith("examples/ukraine-talks.txt:2:48: error date-mismatch: ")
    assert body.count("  --> ") == 3 and "source: https://en.wikipedia.org/" in body
    second = cases[1].find("failure")
    assert second is not None and second.get("type") == "warning"


def test_junit_without_findings_has_one_passing_case() -> None:
    root = ET.fromstring(junit.format_report(_empty()).split("\n", 1)[1])
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 1 and cases[0].get("name") == "checker" and cases[0].get("classname") == "checker"
    assert cases[0].find("failure") is None


def test_junit_groups_by_document_and_escapes() -> None:
    doc = Document('q"<&>.md', "x\n")
    odd = Finding("negation", Severity.INFO, 'a <b> & "c"\x0b\nd', doc, Span(0, 1))
    report = Report(findings=(*_numbered(2), odd))
    root = ET.fromstring(junit.format_report(report).split("\n", 1)[1])
    assert [s.get("name") for s in root] == ["a.txt", 'q"<&>.md']
    assert root.get("tests") == "3" and root.get("failures") == "3"
    failure = root.find("./testsuite/testcase/failure[@type='info']")
    assert failure is not None and failure.get("message") == 'a <b> & "c"\ufffd\nd'


# Markdown


def test_markdown_escaping() -> None:
    doc = Document("<stdin>", "x\n")
    finding = Finding("negation", Severity.WARNING, "a | b\nc", doc, Span(0, 1),
                      related=(Evidence(Location("other.md", 7, 1, 7, 5), "t"),))
    out = markdown.format_report(Report(findings=(finding,), documents=1))
    row = out.splitlines()[-1]
    assert row == "| warning | 1.00 | negation | &lt;stdin&gt;:1:1 | a \\| b<br>c | other.md:7: “t” |"
    assert out.startswith("### checker: 0 errors, 1 warning, 0 info\n")


def test_markdown_shows_the_flagged_words_and_the_evidence_text() -> None:
    text = "Intro. The *Kestrel* line | opened in 1907 <b>here</b>.\n"
    doc = Document("a.md", text, markdown=True)
    start = text.index("The")
    finding = Finding("date-mismatch", Severity.ERROR, "the line: 1907 here, 1911 at line 9", doc,
                      Span(text.index("1907"), text.index("1907") + 4), sentence=Span(start, text.index("\n")),
                      related=(Evidence(Location("a.md", 9, 1, 9, 30), "The Kestrel line opened in 1911."),))
    row = markdown.format_report(Report(findings=(finding,), documents=1)).splitlines()[-1]
    assert row == ("| error | 1.00 | date-mismatch | a.md:1:39 | the line: 1907 here, 1911 at line 9<br>"
                   "“The \\*Kestrel\\* line \\| opened in **1907** &lt;b&gt;here&lt;/b&gt;.” | "
                   "line 9: “The Kestrel line opened in 1911.” |")


def test_markdown_cap() -> None:
    out = markdown.format_report(Report(findings=tuple(_numbered(105))))
    lines = out.splitlines()
    assert sum(line.startswith("| error |") for line in lines) == markdown.MAX_ROWS
    assert lines[-1] == "… and 5 more findings"
    assert "| error | 1.00 | date-mismatch | a.txt:100:1 | message 99 |  |" in lines


def test_markdown_without_findings() -> None:
    assert markdown.format_report(_empty()) == (
        "### checker: no findings\n\n0 errors, 0 warnings, 0 info in 1 document (5 claims, 31 reference facts).\n")


def test_sarif_rules_link_their_documentation_when_its_address_is_known() -> None:
    assert all("helpUri" not in r for r in json.loads(sarif.format_report(_report()))["runs"][0]["tool"]["driver"]
               ["rules"])
    base = "https://example.org/checker/blob/v9/docs/rules.md"
    data = json.loads(sarif.format_report(_report(), rules_url=base))
    _validate(data)
    uris = {r["id"]: r["helpUri"] for r in data["runs"][0]["tool"]["driver"]["rules"]}
    assert uris["date-mismatch"] == f"{base}#date-mismatch"
    assert uris["unused-suppression"] == f"{base}#unused-suppression"


def test_the_rules_page_is_current_and_has_a_section_per_rule() -> None:
    from checker.report.rule_docs import rules_markdown

    page = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_markdown(), "run: checker rules --markdown > docs/rules.md"
    headings = [line[3:] for line in page.splitlines() if line.startswith("## ")]
    assert headings == [*RULES, *META_RULES, "Suppression comments"]

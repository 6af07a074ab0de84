"""JUnit XML, for CI systems that show test reports: one test suite per document, one failed test per finding.

A report without findings holds one passing test case, so the file is never empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from checker.model import Finding, Report
from checker.report.formatters.text import _finding as text_block

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

# Characters XML 1.0 cannot carry even escaped (C0 controls other than tab, newline, carriage return).
_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def format_report(report: Report) -> str:
    findings = sorted(report.findings, key=_order)
    count = str(max(len(findings), 1))
    root = ET.Element("testsuites", name="checker", tests=count, failures=str(len(findings)), errors="0")
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="checker", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", name="checker", classname="checker")
    for path, group in groupby(findings, key=lambda f: f.location.path):
        cases = list(group)
        suite = ET.SubElement(root, "testsuite", name=_clean(path), tests=str(len(cases)),
                              failures=str(len(cases)), errors="0")
        for finding in cases:
            _testcase(suite, finding)
    ET.indent(root)
    return DECLARATION + "\n" + ET.tostring(root, encoding="unicode") + "\n"


def _order(finding: Finding) -> tuple[str, int, int]:
    loc = finding.location
    return loc.path, loc.line, loc.column


def _clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)


def _testcase(suite: ET.Element, finding: Finding) -> None:
    loc = finding.location
    case = ET.SubElement(suite, "testcase", classname=_clean(loc.path),
                         name=_clean(f"{finding.rule} at {loc.line}:{loc.column}"))
    failure = ET.SubElement(case, "failure", type=finding.severity.label, message=_clean(finding.message))
    failure.text = _clean(text_block(finding, False))

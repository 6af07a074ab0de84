"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis viewers.

One run whose driver lists every registered rule; one result per finding, with the
other claims and reference facts as related locations.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checker.model import Evidence, Finding, Location, Report, Severity
from checker.version import __version__

if TYPE_CHECKING:
    from checker.judge.detectors import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "checker/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_report(report: Report, *, rules_url: str | None = None) -> str:
    """SARIF 2.1.0; with `rules_url` (where docs/rules.md is published) each rule links its section."""
    # The rule registry pulls in the judgement, and the suppressions a Markdown parser: only when
    # rendering, so that `checker --help` imports neither.
    from checker.judge.detectors import RULES
    from checker.report.rule_docs import rule_url
    from checker.report.suppressions import META_RULES

    descriptors = [_rule(rule) for rule in RULES.values()] + [_meta_rule(rule_id) for rule_id in META_RULES]
    if rules_url:
        for descriptor in descriptors:
            descriptor["helpUri"] = rule_url(descriptor["id"], rules_url)
    rule_index = {d["id"]: index for index, d in enumerate(descriptors)}
    findings = sorted(report.findings, key=_order)
    run = {
        "tool": {"driver": {"name": "checker", "version": __version__, "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index) for f in findings],
    }
    document = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def artifact_uri(path: str) -> str:
    """A relative URI reference for a path: forward slashes, spaces and other reserved characters percent-encoded."""
    posix = path.replace(os.sep, "/")
    if os.altsep:
        posix = posix.replace(os.altsep, "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def camel_case(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-") if part)


def description(documentation: str) -> str:
    """The first paragraph after the title line, without a section heading, as one line."""
    paragraphs = [p for p in documentation.split("\n\n")[1:] if p.strip()]
    if not paragraphs:
        return ""
    lines = paragraphs[0].splitlines()
    if len(lines) > 1 and not lines[0].startswith(" ") and all(ln.startswith(" ") for ln in lines[1:]):
        lines = lines[1:]  # "What it does" followed by an indented body
    return " ".join(" ".join(lines).split())


def _order(finding: Finding) -> tuple[str, int, int]:
    loc = finding.location
    return loc.path, loc.line, loc.column


def _rule(rule: Rule) -> dict[str, Any]:
    doc = rule.documentation
    return {
        "id": rule.id,
        "name": camel_case(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description(doc) or rule.summary},
        "help": {"text": doc or rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _meta_rule(rule_id: str) -> dict[str, Any]:
    """Rules about suppression comments, documented by the suppressions module."""
    from checker.report import suppressions

    severity, summary = suppressions.META_RULES[rule_id]
    doc = (suppressions.__doc__ or summary).strip()
    return {"id": rule_id, "name": camel_case(rule_id), "shortDescription": {"text": summary},
            "fullDescription": {"text": summary}, "help": {"text": doc},
            "defaultConfiguration": {"level": LEVELS[severity]}}


def _region(loc: Location, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column,
                              "endLine": loc.end_line, "endColumn": loc.end_column}
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return region


def _physical(loc: Location, snippet: str | None = None) -> dict[str, Any]:
    return {"artifactLocation": {"uri": artifact_uri(loc.path)}, "region": _region(loc, snippet)}


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result.update({
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding.location, finding.text)}],
        "relatedLocations": [_related(i, e) for i, e in enumerate(finding.related, start=1)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"kind": finding.kind, "confidence": round(finding.confidence, 3)},
    })
    return result


def _related(index: int, evidence: Evidence) -> dict[str, Any]:
    text = " ".join(evidence.text.split())
    if evidence.reference_id is None:
        return {"id": index, "message": {"text": text},
                "physicalLocation": _physical(evidence.location, evidence.text)}
    message = f"reference {evidence.reference_id}: {text}"
    if evidence.source:
        message += f" ({evidence.source})"
    return {"id": index, "message": {"text": message}, "physicalLocation": _physical(evidence.location)}

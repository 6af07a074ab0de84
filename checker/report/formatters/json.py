"""Machine-readable output; the schema is documented in docs/json-output.md."""

from __future__ import annotations

import json
from typing import Any

from checker.model import Evidence, Finding, Location, Report, Severity

JSON_SCHEMA_VERSION = "1.0"


def format_report(report: Report) -> str:
    findings = sorted(report.findings, key=_order)
    document = {
        "version": JSON_SCHEMA_VERSION,
        "findings": [_finding(f) for f in findings],
        "summary": {
            "documents": report.documents,
            "claims": report.claims,
            "references": report.references,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _order(finding: Finding) -> tuple[str, int, int]:
    loc = finding.location
    return loc.path, loc.line, loc.column


def _span(loc: Location) -> dict[str, Any]:
    return {"path": loc.path, "line": loc.line, "column": loc.column,
            "end_line": loc.end_line, "end_column": loc.end_column}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "kind": finding.kind,
        "confidence": round(finding.confidence, 3),
        "message": finding.message,
        **_span(finding.location),
        "text": finding.text,
        "fingerprint": finding.fingerprint,
        "related": [_evidence(e) for e in finding.related],
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {**_span(evidence.location), "text": evidence.text,
            "reference_id": evidence.reference_id, "source": evidence.source}

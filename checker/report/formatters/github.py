"""GitHub Actions workflow commands: one annotation per finding, escaped like @actions/core.

GitHub shows at most 10 error and 10 warning annotations per step (50 per job), so at
most `max_annotations` commands are written per level; when findings are left out, a
plain line says how many, and a collapsed group lists every finding as plain text.
"""

from __future__ import annotations

from checker.model import Evidence, Finding, Location, Report, Severity
from checker.report.formatters.text import one_line, shorten, summary

MAX_ANNOTATIONS = 10  # GitHub's per-step limit for each annotation type

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_report(report: Report, *, max_annotations: int = MAX_ANNOTATIONS) -> str:
    findings = sorted(report.findings, key=_order)
    shown = {severity: 0 for severity in COMMANDS}
    lines: list[str] = []
    for finding in findings:
        if shown[finding.severity] < max_annotations:
            shown[finding.severity] += 1
            lines.append(annotation(finding))
    hidden = len(findings) - sum(shown.values())
    if hidden:
        noun = "finding" if hidden == 1 else "findings"
        lines.append(f"checker: {hidden} more {noun} not shown as annotations (at most {max_annotations} per type; "
                     "GitHub shows at most 10 per type per step and 50 per job); see the full report with "
                     "--format text or --format sarif --output report.sarif")
        lines.append("::group::All findings")
        for finding in findings:
            lines.extend(plain(finding))
        lines.append("::endgroup::")
    lines.append(f"checker: {summary(report)}")
    return "\n".join(lines) + "\n"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    loc = finding.location
    props = [("file", loc.path), ("line", str(loc.line))]
    if loc.line == loc.end_line:  # GitHub ignores columns on a multi-line annotation
        props.append(("col", str(loc.column)))
    props.append(("endLine", str(loc.end_line)))
    if loc.line == loc.end_line:
        props.append(("endColumn", str(loc.end_column)))
    props.append(("title", finding.rule))
    properties = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = "\n".join([one_line(finding.message), *(f"  related: {_related(e)}" for e in finding.related)])
    return f"::{COMMANDS[finding.severity]} {properties}::{escape_data(message)}"


def plain(finding: Finding) -> list[str]:
    """The finding and its evidence as plain log lines; no line can start a workflow command."""
    head = f"{_where(finding.location)}: {finding.severity.label} {finding.rule}: {one_line(finding.message)}"
    if head.startswith("::"):  # a path that looks like a command
        head = " " + head
    return [head, *(f"  --> {_related(e)}" for e in finding.related)]


def _order(finding: Finding) -> tuple[str, int, int]:
    loc = finding.location
    return loc.path, loc.line, loc.column


def _where(loc: Location) -> str:
    return f"{one_line(loc.path)}:{loc.line}:{loc.column}"


def _related(evidence: Evidence) -> str:
    where = _where(evidence.location)
    if evidence.reference_id is None:
        return f"{where}: {shorten(evidence.text)}"
    line = f"reference {evidence.reference_id} ({where}): {shorten(evidence.text)}"
    # A source is free text from a reference file: on one line, it can start no command.
    return f"{line} (source: {one_line(evidence.source)})" if evidence.source else line

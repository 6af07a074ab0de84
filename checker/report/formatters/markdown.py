"""GitHub-flavoured Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: a heading, a row per finding."""

from __future__ import annotations

from checker.model import Evidence, Finding, Location, Report, Severity
from checker.report.formatters.text import excerpt, one_line, plural, shorten

EVIDENCE_TEXT = 120  # characters of each piece of evidence quoted in its cell

MAX_ROWS = 100

HEADER = "| Severity | Confidence | Rule | Location | Message | Evidence |\n|---|---|---|---|---|---|"


def format_report(report: Report) -> str:
    findings = sorted(report.findings, key=_order)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {report.count(Severity.INFO)} info"
    scope = (f"{plural(report.documents, 'document')} ({plural(report.claims, 'claim')}, "
             f"{plural(report.references, 'reference fact')})")
    if not findings:
        return f"### checker: no findings\n\n{counts} in {scope}.\n"
    lines = [f"### checker: {counts}", "", f"Checked {scope}.", "", HEADER]
    lines.extend(_row(f) for f in findings[:MAX_ROWS])
    if len(findings) > MAX_ROWS:
        lines.extend(["", f"… and {plural(len(findings) - MAX_ROWS, 'more finding')}"])
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    """Text safe inside a table cell: HTML-escaped (GitHub would hide `<stdin>`), pipes escaped, newlines as <br>."""
    lines = _escaped(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(one_line(line) for line in lines)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _order(finding: Finding) -> tuple[str, int, int]:
    loc = finding.location
    return loc.path, loc.line, loc.column


def _where(loc: Location) -> str:
    return f"{loc.path}:{loc.line}:{loc.column}"


def _row(finding: Finding) -> str:
    evidence = "<br>".join(_evidence(finding, e) for e in finding.related)
    cells = [cell(finding.severity.label), cell(f"{finding.confidence:.2f}"), cell(finding.rule),
             cell(_where(finding.location)), _message(finding), evidence]
    return "| " + " | ".join(cells) + " |"


def _message(finding: Finding) -> str:
    """The message, then the flagged sentence with the flagged words in bold."""
    parts = excerpt(finding)
    if parts is None:
        return cell(finding.message)
    before, flagged, after = (_inline(p) for p in parts)
    return f"{cell(finding.message)}<br>“{before}**{flagged}**{after}”"


def _evidence(finding: Finding, evidence: Evidence) -> str:
    if evidence.reference_id is not None:
        where = f"reference {evidence.reference_id}"
    elif evidence.location.path == finding.location.path:
        where = f"line {evidence.location.line}"
    else:
        where = f"{evidence.location.path}:{evidence.location.line}"
    return f"{cell(where)}: “{_inline(shorten(evidence.text, EVIDENCE_TEXT))}”"


def _inline(text: str) -> str:
    """One line of text (already flattened) safe in a cell, its spaces at either end kept, Markdown
    emphasis characters literal (the flagged words are bolded by us)."""
    return _escaped(text).replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


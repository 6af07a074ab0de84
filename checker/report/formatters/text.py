"""Human-readable output: one compiler-style block per finding, then a summary line."""

from __future__ import annotations

from checker.errors import escaped
from checker.model import Evidence, Finding, Location, Report, Severity

MAX_TEXT = 200  # characters of a quoted text, ellipsis included

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[34m"}


def format_report(report: Report, *, color: bool = False) -> str:
    findings = sorted(report.findings, key=_order)
    blocks = [_finding(f, color) for f in findings]
    if blocks:
        blocks.append("")
    blocks.append(summary(report))
    return "\n".join(blocks) + "\n"


def summary(report: Report) -> str:
    scope = (f"{_plural(report.documents, 'document')} ({_plural(report.claims, 'claim')}, "
             f"{_plural(report.references, 'reference fact')})")
    if not report.findings:
        return f"No findings in {scope}."
    errors = _plural(report.count(Severity.ERROR), "error")
    warnings = _plural(report.count(Severity.WARNING), "warning")
    return f"Found {errors}, {warnings}, {report.count(Severity.INFO)} info in {scope}."


def one_line(text: str) -> str:
    """Untrusted text (an article, a fact, a source, a file name) as one line a terminal or a CI
    log shows as written: whitespace runs become one space, and control characters (a terminal
    escape "\\x1b[2J", a bell, a line separator) are shown as escapes, never acted on."""
    return escaped(" ".join(text.split()))


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """One line (see `one_line`), cut to `limit` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _order(finding: Finding) -> tuple[str, int, int]:
    loc = finding.location
    return loc.path, loc.line, loc.column


def _finding(finding: Finding, color: bool) -> str:
    label = finding.severity.label
    if color:
        label = f"{_SEVERITY_COLORS[finding.severity]}{label}{_RESET}"
    head = (f"{_where(finding.location, color)}: {label} {finding.rule}: {one_line(finding.message)} "
            f"(confidence {finding.confidence:.2f})")
    # A file named "::error file=x::y.md" must not start a workflow command in a CI log.
    lines = [f" {head}" if head.startswith("::") else head]
    lines.extend(_evidence(e, color) for e in finding.related)
    return "\n".join(lines)


def _evidence(evidence: Evidence, color: bool) -> str:
    where = _where(evidence.location, color)
    if evidence.reference_id is None:
        return f"  --> {where}: {shorten(evidence.text)}"
    line = f"  --> reference {evidence.reference_id} ({where}): {shorten(evidence.text)}"
    if evidence.source:
        line += f"\n      source: {one_line(evidence.source)}"
    return line


def _where(loc: Location, color: bool) -> str:
    where = f"{one_line(loc.path)}:{loc.line}:{loc.column}"
    return f"{_BOLD}{where}{_RESET}" if color else where


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

"""Human-readable output: one compiler-style block per finding, then a summary line.

A block says where, how sure and why; then the flagged sentence with the flagged words marked
(as compilers underline code), each piece of evidence, and the finding's fingerprint (what
`checker-disable-finding` names)::

    c.md:3:27: error date-mismatch: the annexation of Crimea: 2022 here, 2014 at line 1 (confidence 0.95)
       | Talks resumed after the 2022 annexation of Crimea.
       |                         ^^^^
      --> c.md:1:1: Crimea was annexed in 2014.
      = fingerprint 3f9a2c1d5e7b
"""

from __future__ import annotations

import re

from checker.errors import escaped
from checker.model import Evidence, Finding, Location, Report, Severity

MAX_TEXT = 200  # characters of a quoted text, ellipsis included
CONTEXT = 60  # characters of the flagged sentence shown on each side of the flagged words
FINGERPRINT_SHOWN = 12
_SPACES = re.compile(r"\s+")

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
    scope = (f"{plural(report.documents, 'document')} ({plural(report.claims, 'claim')}, "
             f"{plural(report.references, 'reference fact')})")
    if not report.findings:
        return f"No findings in {scope}."
    errors = plural(report.count(Severity.ERROR), "error")
    warnings = plural(report.count(Severity.WARNING), "warning")
    return f"Found {errors}, {warnings}, {report.count(Severity.INFO)} info in {scope}."


def one_line(text: str) -> str:
    """Untrusted text (an article, a fact, a source, a file name) as one line a terminal or a CI
    log shows as written: whitespace runs become one space, and control characters (a terminal
    escape "\\x1b[2J", a bell, a line separator) are shown as escapes, never acted on."""
    return escaped(" ".join(text.split()))


def _flat(text: str) -> str:
    """Like `one_line`, but a space at either end stays: pieces of one line are joined again."""
    return escaped(_SPACES.sub(" ", text))


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
    lines.extend(_excerpt(finding, color))
    lines.extend(_evidence(e, color) for e in finding.related)
    if finding.related:  # a meta finding (about a comment, or skipped text) is not suppressed by fingerprint
        lines.append(f"  = fingerprint {finding.fingerprint[:FINGERPRINT_SHOWN]}")
    return "\n".join(lines)


def excerpt(finding: Finding) -> tuple[str, str, str] | None:
    """The flagged sentence as one line, cut around the flagged words: (before, flagged, after)."""
    sentence, span, text = finding.sentence, finding.span, finding.document.text
    if sentence is None or not (sentence.start <= span.start < span.end <= sentence.end):
        return None
    before = _flat(text[sentence.start:span.start]).lstrip()
    flagged = one_line(text[span.start:span.end])
    after = _flat(text[span.end:sentence.end]).rstrip()
    if len(before) > CONTEXT:
        before = "…" + before[-(CONTEXT - 1):]
    if len(after) > CONTEXT:
        after = after[:CONTEXT - 1] + "…"
    return before, flagged, after


def _excerpt(finding: Finding, color: bool) -> list[str]:
    parts = excerpt(finding)
    if parts is None:
        return []
    before, flagged, after = parts
    marks = "^" * max(1, len(flagged))
    if color:
        marks = f"{_SEVERITY_COLORS[finding.severity]}{marks}{_RESET}"
    return [f"   | {before}{flagged}{after}", f"   | {' ' * len(before)}{marks}"]


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


def plural(count: int, noun: str) -> str:
    """"1 claim", "2 claims"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

"""From findings to what an editor shows: diagnostics with the other side as related
information, a hover with the reference fact and its source, and a quick fix with the
reference's value. Pure functions of a finding; the server (`checker.lsp.server`) sends them.

Positions: the checker counts characters (code points) from the start of the file; the
protocol counts lines from 0 and, within a line, code units of the encoding the client and
server agreed (UTF-16 unless both say otherwise), so every column is converted with `units`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from lsprotocol import types as lsp

from checker.model import Document, Evidence, Finding, Location, Severity, Span
from checker.report.formatters.text import shorten

Units = Callable[[str], int]  # how many code units of the agreed encoding a string takes
UriOf = Callable[[str], str]  # a report path to a document URI

SOURCE = "checker"
SEVERITIES = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
              Severity.INFO: lsp.DiagnosticSeverity.Information}
# Kinds whose flagged value can be replaced by the reference's: a date, a figure, a name.
REPLACEABLE = frozenset({"date", "number", "entity"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^(\d+(?=[.)])|(?=[#\-+=]))(.)")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(document: Document, offset: int, units: Units = utf16_units) -> lsp.Position:
    line, column = document.position(offset)
    start = document.line_starts[line - 1]
    return lsp.Position(line=line - 1, character=units(document.text[start:start + column - 1]))


def span_range(document: Document, span: Span, units: Units = utf16_units) -> lsp.Range:
    return lsp.Range(start=position(document, span.start, units), end=position(document, span.end, units))


def offset(document: Document, pos: lsp.Position, units: Units = utf16_units) -> int:
    """The character offset of a protocol position (clamped to the text)."""
    if pos.line >= len(document.line_starts):
        return len(document.text)
    start = document.line_starts[pos.line]
    end = document.line_starts[pos.line + 1] - 1 if pos.line + 1 < len(document.line_starts) else len(document.text)
    count = 0
    for index in range(start, end):
        if count >= pos.character:
            return index
        count += units(document.text[index])
    return end


def _location_range(location: Location) -> lsp.Range:
    """A rendered location (1-based lines, columns in characters) as a range; for files the server
    does not hold, such as a reference set, whose lines are read as the checker counts them."""
    return lsp.Range(start=lsp.Position(line=location.line - 1, character=location.column - 1),
                     end=lsp.Position(line=location.end_line - 1, character=location.end_column - 1))


def _evidence_location(evidence: Evidence, documents: Mapping[str, Document], uri_of: UriOf,
                       units: Units) -> lsp.Location:
    document = documents.get(evidence.location.path)
    if evidence.reference_id is None and evidence.span is not None and document is not None:
        return lsp.Location(uri=uri_of(document.path), range=span_range(document, evidence.span, units))
    return lsp.Location(uri=uri_of(evidence.location.path), range=_location_range(evidence.location))


def _evidence_message(evidence: Evidence) -> str:
    if evidence.reference_id is None:
        return shorten(evidence.text)
    message = f"reference {evidence.reference_id}: {shorten(evidence.text)}"
    if evidence.as_of:
        message += f" (as of {evidence.as_of})"
    if evidence.source:
        message += f" source: {shorten(evidence.source)}"
    return message


def diagnostic(finding: Finding, *, documents: Mapping[str, Document], uri_of: UriOf, units: Units = utf16_units,
               rules_url: Callable[[str], str | None] = lambda _: None) -> lsp.Diagnostic:
    """The finding as a diagnostic: its words, its level, the rule (linked to its documentation),
    and each piece of evidence as related information at its own place."""
    href = rules_url(finding.rule)
    related = [lsp.DiagnosticRelatedInformation(location=_evidence_location(e, documents, uri_of, units),
                                                message=_evidence_message(e)) for e in finding.related]
    return lsp.Diagnostic(
        range=span_range(finding.document, finding.span, units),
        severity=SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=lsp.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=f"{finding.message} (confidence {finding.confidence:.2f})",
        related_information=related or None,
        data={"fingerprint": finding.fingerprint},
    )


def _md(text: str) -> str:
    """Untrusted text as literal Markdown (no links, emphasis or HTML of its own), on one line."""
    flat = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _BLOCK_START.sub(r"\1\\\2", flat)  # "# 1" or "1. " would start a heading or a list


def hover_markdown(findings: Sequence[Finding]) -> str:
    """What hovering over flagged words shows: each finding, then its evidence: the reference fact
    with its id, place, as_of and source, or the other sentence with its place."""
    blocks = []
    for finding in findings:
        lines = [f"**{finding.rule}** ({finding.severity.label}, confidence {finding.confidence:.2f}): "
                 f"{_md(finding.message)}"]
        for evidence in finding.related:
            loc = evidence.location
            if evidence.reference_id is not None:
                head = f"Reference fact `{evidence.reference_id.replace('`', '')}` ({_md(loc.path)}:{loc.line})"
                if evidence.as_of:
                    head += f", as of {_md(evidence.as_of)}"
                lines += ["", head + ":", "", f"> {_md(evidence.text)}"]
                if evidence.source:
                    source = evidence.source.strip()
                    shown = f"<{source}>" if re.fullmatch(r"https?://[^\s<>]+", source) else _md(source)
                    lines += ["", f"Source: {shown}"]
            else:
                where = f"line {loc.line}" if loc.path == finding.document.path else f"{_md(loc.path)}:{loc.line}"
                lines += ["", f"{where[:1].upper()}{where[1:]}:", "", f"> {_md(evidence.text)}"]
        blocks.append("\n".join(lines))
    return "\n\n---\n\n".join(blocks)


def replacement(finding: Finding) -> tuple[Span, str, str] | None:
    """(where, new text, reference id) when the finding rests on a reference fact that states
    another date, figure or name: the flagged value's place within the flagged words, and the
    reference's value. None when there is nothing to put in its place."""
    if finding.kind not in REPLACEABLE or not finding.stated:
        return None
    fact = next((e for e in finding.related if e.reference_id is not None and e.value and e.value != finding.stated),
                None)
    if fact is None or fact.reference_id is None:
        return None
    at = finding.text.find(finding.stated)
    if at < 0:
        return None
    start = finding.span.start + at
    return Span(start, start + len(finding.stated)), fact.value, fact.reference_id


def quick_fix(finding: Finding, uri: str, units: Units = utf16_units) -> lsp.CodeAction | None:
    """Replace the flagged value with the reference's, as a preferred quick fix."""
    found = replacement(finding)
    if found is None:
        return None
    span, value, fact_id = found
    edit = lsp.TextEdit(range=span_range(finding.document, span, units), new_text=value)
    return lsp.CodeAction(title=f"Replace “{finding.stated}” with “{value}” (reference {fact_id})",
                          kind=lsp.CodeActionKind.QuickFix, is_preferred=True,
                          edit=lsp.WorkspaceEdit(changes={uri: [edit]}))

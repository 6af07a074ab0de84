"""One self-contained HTML page: the checked articles with their flagged words highlighted and,
for each finding, both sides together (the other sentence, or the reference fact with its source).

Everything the page needs is inside it (style and script inline, no font, image or network
request), so it opens from `file://`, a CI artifact or an email attachment. Article and reference
text is untrusted: every piece of it goes through `html.escape`, only http(s) sources become
links, and a Content-Security-Policy allows only this page's own script and style (by hash) and
no network at all, so even a mistake in escaping could not run a script or call out.

The page works without its script (all articles and findings one after another; also the print
layout); the script adds the editor's view: the findings list, the article the selected finding
is in and, beside it, the other side scrolled to its sentence; filters by severity and rule, and
keyboard navigation (j/k or n/p; Enter selects).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from checker.model import Document, Evidence, Finding, Report, Severity, Span
from checker.report.formatters.text import summary

_ASSETS = resources.files("checker.report.formatters") / "assets"


@dataclass(frozen=True, slots=True)
class _Mark:
    span: Span
    finding: int
    role: str  # "flag": the finding's own words; "ev": a sentence of its evidence
    severity: Severity


def format_report(report: Report) -> str:
    style = (_ASSETS / "report.css").read_text(encoding="utf-8")
    script = (_ASSETS / "report.js").read_text(encoding="utf-8")
    findings = sorted(report.findings, key=lambda f: (f.document.path, f.span.start, f.rule))
    documents = _documents(report, findings)
    doc_index = {d.path: i for i, d in enumerate(documents)}
    by_doc: dict[int, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        by_doc[doc_index[finding.document.path]].append(index)
    marks = _marks(findings, doc_index)
    title = f"checker report: {summary(report)}"
    csp = (f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        _header(report, findings),
        '<main id="report">',
        _list(documents, findings, by_doc, doc_index),
        '<section id="here" aria-label="Article">',
        *(_article(i, d, by_doc.get(i, []), findings, marks.get(i, [])) for i, d in enumerate(documents)),
        "</section>",
        '<section id="there" aria-label="The other side">'
        '<div id="there-top"><h2 class="pane-title">The other side</h2><div id="there-facts"></div></div>'
        '<div id="there-doc"></div></section>',
        "</main>",
        f"<script>{script}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _documents(report: Report, findings: Sequence[Finding]) -> list[Document]:
    """The checked documents, then any document a finding names that the report does not carry."""
    documents = {d.path: d for d in report.checked}
    for finding in findings:
        documents.setdefault(finding.document.path, finding.document)
    return list(documents.values())


def _marks(findings: Sequence[Finding], doc_index: dict[str, int]) -> dict[int, list[_Mark]]:
    marks: dict[int, list[_Mark]] = defaultdict(list)
    for index, finding in enumerate(findings):
        doc = doc_index[finding.document.path]
        marks[doc].append(_Mark(finding.span, index, "flag", finding.severity))
        for evidence in finding.related:
            other = doc_index.get(evidence.location.path)
            if evidence.span is not None and evidence.reference_id is None and other is not None:
                marks[other].append(_Mark(evidence.span, index, "ev", finding.severity))
    return marks


def _counts(findings: Iterable[Finding]) -> str:
    found = list(findings)
    if not found:
        return "no findings"
    parts = [f"{sum(f.severity is s for f in found)} {s.label}" for s in (Severity.ERROR, Severity.WARNING,
                                                                       Severity.INFO)]
    return ", ".join(p for p in parts if not p.startswith("0 "))


def _header(report: Report, findings: Sequence[Finding]) -> str:
    boxes = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = report.count(severity)
        boxes.append(f'<label class="sev-{severity.label}"><input type="checkbox" name="severity" '
                     f'value="{severity.label}" checked> {severity.label} ({n})</label>')
    rules: dict[str, int] = defaultdict(int)
    for finding in findings:
        rules[finding.rule] += 1
    options = ['<option value="">all rules</option>']
    options += [f'<option value="{_e(rule)}">{_e(rule)} ({n})</option>' for rule, n in sorted(rules.items())]
    warnings = "".join(f'<p class="warning">{_e(w)}</p>' for w in report.warnings)
    return (f'<header><h1>checker report</h1><p id="summary">{_e(summary(report))}</p>{warnings}'
            f'<form id="filters" aria-label="Filters"><fieldset><legend>Severity</legend>{"".join(boxes)}</fieldset>'
            f'<label>Rule <select name="rule">{"".join(options)}</select></label></form>'
            '<nav id="navigation" aria-label="Findings"><button type="button" id="previous">Previous</button> '
            '<button type="button" id="next">Next</button> <span id="position" aria-live="polite"></span> '
            '<span class="hint">keys: j/n next, k/p previous</span></nav></header>')


def _list(documents: Sequence[Document], findings: Sequence[Finding], by_doc: dict[int, list[int]],
          doc_index: dict[str, int]) -> str:
    parts = ['<section id="findings" aria-label="Findings">']
    explanations = _explanations(findings)  # once per rule, not once per finding
    for doc, document in enumerate(documents):
        indexes = by_doc.get(doc, [])
        parts.append(f'<div class="doc-group" data-doc="{doc}"><h2><button type="button" class="doc-link" '
                     f'data-doc="{doc}">{_e(document.path)}</button> <span class="count">'
                     f'{_e(_counts(findings[i] for i in indexes))}</span></h2><ol class="cards">')
        parts.extend(_card(i, findings[i], doc, doc_index, explanations) for i in indexes)
        parts.append("</ol></div>")
    parts.append("</section>")
    return "".join(parts)


def _explanations(findings: Sequence[Finding]) -> dict[str, str]:
    """`checker explain`'s text of each rule the findings name ("" for a rule it does not know)."""
    from checker.report.rule_docs import explain

    texts: dict[str, str] = {}
    for rule in {f.rule for f in findings}:
        try:
            texts[rule] = explain(rule)
        except KeyError:
            texts[rule] = ""
    return texts


def _card(index: int, finding: Finding, doc: int, doc_index: dict[str, int], explanations: dict[str, str]) -> str:
    loc = finding.location
    sev = finding.severity.label
    others = [_side(finding, e, doc_index) for e in finding.related]
    why = explanations[finding.rule]
    fact_ids = " ".join(e.reference_id for e in finding.related if e.reference_id is not None)
    ev_doc = next((doc_index[e.location.path] for e in finding.related
                   if e.reference_id is None and e.span is not None and e.location.path in doc_index), None)
    attrs = (f'class="card sev-{sev}" id="finding-{index}" tabindex="0" data-finding="{index}" data-doc="{doc}" '
             f'data-severity="{sev}" data-rule="{_e(finding.rule)}" data-facts="{_e(fact_ids)}"'
             + (f' data-ev-doc="{ev_doc}"' if ev_doc is not None else ""))
    return (f"<li {attrs}><p class=\"head\"><span class=\"badge sev-{sev}\">{sev}</span> "
            f'<span class="rule">{_e(finding.rule)}</span> <span class="confidence">confidence '
            f'{finding.confidence:.2f}</span> <span class="where">{_e(loc.path)}:{loc.line}:{loc.column}</span></p>'
            f'<p class="message">{_e(finding.message)}</p>'
            f'<div class="sides"><div class="side here"><h3>Here, line {loc.line}</h3>'
            f"<blockquote>{_here(finding)}</blockquote></div>{''.join(others)}</div>"
            + (f"<details class=\"why\"><summary>About {_e(finding.rule)}</summary><pre>{_e(why)}</pre></details>"
               if why else "")
            + f'<p class="fingerprint">fingerprint {finding.fingerprint[:12]}</p></li>')


def _here(finding: Finding) -> str:
    text, span = finding.document.text, finding.span
    sentence = finding.sentence or span
    if not (sentence.start <= span.start <= span.end <= sentence.end):
        sentence = span
    return (f"{_e(text[sentence.start:span.start])}<mark class=\"sev-{finding.severity.label}\">"
            f"{_e(text[span.start:span.end])}</mark>{_e(text[span.end:sentence.end])}")


def _side(finding: Finding, evidence: Evidence, doc_index: dict[str, int]) -> str:
    loc = evidence.location
    if evidence.reference_id is not None:
        meta = [f'<span class="fact-id">{_e(evidence.reference_id)}</span> '
                f'<span class="where">{_e(loc.path)}:{loc.line}</span>']
        if evidence.as_of:
            meta.append(f'<span class="as-of">as of {_e(evidence.as_of)}</span>')
        source = f'<p class="source">Source: {_source(evidence.source)}</p>' if evidence.source else ""
        return (f'<div class="side fact" data-fact="{_e(evidence.reference_id)}"><h3>Reference fact</h3>'
                f'<p class="meta">{" · ".join(meta)}</p><blockquote>{_e(evidence.text)}</blockquote>{source}</div>')
    same = loc.path == finding.document.path
    where = f"line {loc.line}" if same else f"{_e(loc.path)}, line {loc.line}"
    return (f'<div class="side other"><h3>There, {where}</h3><blockquote>{_e(evidence.text)}</blockquote>'
            + ("" if loc.path in doc_index else f'<p class="where">{_e(loc.path)}:{loc.line}:{loc.column}</p>')
            + "</div>")


def _source(source: str) -> str:
    """A source as a link when it is a web address; any other source (a citation) as text."""
    parts = urlsplit(source.strip())
    if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in source.strip()):
        url = source.strip()
        return f'<a href="{_e(url)}" rel="noopener noreferrer" target="_blank">{_e(url)}</a>'
    return _e(source)


def _article(doc: int, document: Document, indexes: Sequence[int], findings: Sequence[Finding],
             marks: Sequence[_Mark]) -> str:
    return (f'<article class="doc" id="doc-{doc}" data-doc="{doc}"><h2>{_e(document.path)} '
            f'<span class="count">{_e(_counts(findings[i] for i in indexes))}</span></h2>'
            f'<pre class="text">{_highlighted(document.text, marks)}</pre></article>')


def _highlighted(text: str, marks: Sequence[_Mark]) -> str:
    """The text with each stretch covered by marks in one <mark>: which findings flag it, which
    cite it as evidence, and the most severe level among them. Marks may overlap, so the text is
    cut at every mark boundary and each piece lists every mark over it."""
    if not marks:
        return _e(text)
    cuts = sorted({0, len(text), *(m.span.start for m in marks), *(m.span.end for m in marks)})
    out = []
    for start, end in itertools.pairwise(cuts):
        if start >= end:
            continue
        over = [m for m in marks if m.span.start <= start and end <= m.span.end]
        piece = _e(text[start:end])
        if not over:
            out.append(piece)
            continue
        flags = " ".join(str(m.finding) for m in over if m.role == "flag")
        evs = " ".join(str(m.finding) for m in over if m.role == "ev")
        severity = max(m.severity for m in over).label
        attrs = f' data-flag="{flags}"' if flags else ""
        attrs += f' data-ev="{evs}"' if evs else ""
        out.append(f'<mark class="sev-{severity}"{attrs}>{piece}</mark>')
    return "".join(out)

"""Suppression comments: silence a rule on chosen sentences or lines, or one finding, and say why.

Markdown uses HTML comments, which do not show when the article is rendered::

    <!-- checker-disable-next-sentence date-mismatch -- the 2022 date is the spokesman's claim, quoted -->
    "Crimea became Russian in 2022," the spokesman said. The rest of the paragraph is still checked.

    <!-- checker-disable-next-line date-mismatch -- a quoted claim -->
    "Crimea became Russian in 2022," the spokesman said.

    <!-- checker-disable-finding 3f9a2c1d5e7b -- the two totals count different things -->

    <!-- checker-disable number-mismatch,negation -- both sides' casualty figures, quoted -->
    ...
    <!-- checker-enable number-mismatch,negation -->

Plain text files use whole lines starting with ``#``::

    # checker: disable-next-line date-mismatch -- quoted claim
    # checker: disable all -- transcript, not our prose
    # checker: enable all

- ``disable-next-sentence RULES`` covers the sentence that begins right after the comment (only
  markup and white space between them): in prose a line is a whole paragraph, and an editor
  vouches for one sentence, not for everything the paragraph may later say.
- ``disable-next-line RULES`` covers the next line that is neither blank nor another directive.
- ``disable-finding FINGERPRINT`` silences the one finding with that fingerprint, wherever it is
  in the file (at least its first 8 characters; text output shows 12, JSON and SARIF all 32).
  The fingerprint covers the rule, the file, the flagged words and the evidence, so the same
  finding is still silenced after the text around it moves, and a new one is not.
- ``disable RULES`` covers from its own line to the ``enable`` of the same rule, or to the end of
  the file when no ``enable`` follows. ``enable all`` closes every open ``disable``.
- RULES is one rule id or several separated by commas; ``all`` stands for every rule.
- The reason follows `` -- ``. A suppression without one still works, but is reported.
- Directives inside Markdown code (fenced or indented blocks, inline code) are examples, not directives.

A finding is suppressed when its sentence, or the line it starts on, is covered by a
suppression of its rule or of ``all``, or when a ``disable-finding`` names it. Suppression
comments are themselves checked, with the rules in `META_RULES`:
a missing reason, a suppression that silenced nothing, an unknown directive or rule. The
pipeline's own notice lives there too (`skipped-text`: a run too long to be a sentence, left
unchecked). Findings of these rules cannot be suppressed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt

from checker.model import Document, Finding, Severity, Span

ALL = "all"
NEXT_LINE = "disable-next-line"
NEXT_SENTENCE = "disable-next-sentence"
FINDING = "disable-finding"
DISABLE = "disable"
ENABLE = "enable"
_DIRECTIVES = (NEXT_SENTENCE, NEXT_LINE, FINDING, DISABLE, ENABLE)
MIN_FINGERPRINT = 8
_FINGERPRINT = re.compile(r"[0-9a-f]{8,32}\Z")

SKIPPED = "skipped-text"
META_RULES: dict[str, tuple[Severity, str]] = {
    "suppression-without-reason": (Severity.WARNING, "a suppression comment without '-- reason'"),
    "unused-suppression": (Severity.INFO, "a suppression comment that silenced no finding"),
    "invalid-suppression": (Severity.WARNING, "a suppression comment with an unknown directive or rule"),
    SKIPPED: (Severity.INFO, "a run of text too long to be a sentence, not checked"),
}

_WORD = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"
_MARKDOWN = re.compile(rf"<!--[ \t\r\n]*checker-(?P<word>{_WORD})?(?P<body>.*?)-->", re.DOTALL)
_PLAIN = re.compile(rf"^[ \t]*(?P<start>#)[ \t]*checker:[ \t]*(?P<word>{_WORD})?(?P<body>[^\n]*)$", re.MULTILINE)
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_SEPARATORS = re.compile(r"[\s,]+")
_CODE_PARSER = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Suppression:
    """One suppression: `rules` are silenced on `lines` (1-based line numbers) of the file at `path`,
    or in the sentence that begins at offset `sentence_at`; or the findings whose fingerprints
    start with one of `fingerprints` (then `rules` is empty).

    `span` is the directive comment. A `disable` whose rules are re-enabled at different lines gives
    one Suppression per end line. `lines` is empty for a `disable-next-line` with nothing after it.
    """

    path: str
    rules: tuple[str, ...]
    reason: str  # "" when the directive gives none
    span: Span
    lines: range
    directive: str  # "disable-next-sentence", "disable-next-line", "disable-finding" or "disable"
    sentence_at: int | None = None
    fingerprints: tuple[str, ...] = ()

    def covers(self, finding: Finding, rule: str) -> bool:
        """Whether this suppression's `rule` (one of `rules`, or a fingerprint) silences the finding."""
        if self.directive == FINDING:
            return finding.fingerprint.startswith(rule)
        if rule not in (finding.rule, ALL):
            return False
        if self.directive == NEXT_SENTENCE:
            sentence = finding.sentence
            return (sentence is not None and self.sentence_at is not None
                    and self.sentence_at <= sentence.start < sentence.end
                    and not any(c.isalnum() for c in finding.document.text[self.sentence_at:sentence.start]))
        return finding.location.line in self.lines


@dataclass(frozen=True)
class _Directive:
    word: str  # as written, "" when missing
    names: tuple[str, ...]  # rule ids as written
    reason: str
    span: Span
    markdown: bool

    @property
    def label(self) -> str:
        return f"checker-{self.word}" if self.markdown else f"checker: {self.word}"


@dataclass(frozen=True)
class _Problem:
    rule: str
    message: str
    span: Span


def parse_suppressions(doc: Document, *, known_rules: Collection[str] | None = None) -> list[Suppression]:
    """The suppressions a document declares, in order; malformed directives are left out."""
    return _scan(doc, known_rules)[0]


def apply_suppressions(findings: Sequence[Finding], documents: Sequence[Document], *,
                       known_rules: Collection[str] | None = None,
                       checked_rules: Collection[str] | None = None) -> tuple[list[Finding], list[Finding]]:
    """Drop suppressed findings. Returns (kept findings in their order, meta findings about the directives).

    `documents` are all documents of the run (so that unused suppressions are reported everywhere);
    documents of findings not among them are read from the findings. With `known_rules`, a directive
    naming a rule outside it gives `invalid-suppression`. With `checked_rules` (the rules this run
    executed), a suppression of a rule that did not run is not reported as unused.
    """
    docs: dict[str, Document] = {}
    for doc in documents:
        docs.setdefault(doc.path, doc)
    for finding in findings:
        docs.setdefault(finding.document.path, finding.document)

    suppressions: dict[str, list[Suppression]] = {}
    meta: list[Finding] = []
    for path, doc in docs.items():
        found, problems = _scan(doc, known_rules)
        suppressions[path] = found
        meta.extend(_meta(doc, p.rule, p.message, p.span) for p in problems)

    used: set[tuple[str, int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        if finding.rule not in META_RULES:
            path = finding.document.path
            for index, suppression in enumerate(suppressions.get(path, ())):
                for rule in suppression.rules or suppression.fingerprints:
                    if suppression.covers(finding, rule):
                        used.add((path, index, rule))
                        suppressed = True
        if not suppressed:
            kept.append(finding)

    for path, found in suppressions.items():
        for index, suppression in enumerate(found):
            meta.extend(_meta(docs[path], "unused-suppression", f"suppression of {rule} matched no finding",
                              suppression.span)
                        for rule in suppression.rules
                        if (path, index, rule) not in used and _was_checked(rule, checked_rules))
            meta.extend(_meta(docs[path], "unused-suppression", f"no finding has the fingerprint {fingerprint}",
                              suppression.span)
                        for fingerprint in suppression.fingerprints if (path, index, fingerprint) not in used)
    meta.sort(key=lambda f: (f.document.path, f.span.start, f.rule, f.message))
    return kept, meta


def _was_checked(rule: str, checked_rules: Collection[str] | None) -> bool:
    return checked_rules is None or rule in checked_rules or (rule == ALL and bool(checked_rules))


def _meta(doc: Document, rule: str, message: str, span: Span) -> Finding:
    return Finding(rule, META_RULES[rule][0], message, doc, span)


def _scan(doc: Document, known_rules: Collection[str] | None) -> tuple[list[Suppression], list[_Problem]]:
    directives = _directives(doc)
    content = _content_lines(doc, directives)
    last_line = len(doc.line_starts)
    problems: list[_Problem] = []
    found: list[tuple[int, Suppression]] = []  # (directive index, suppression) for a stable order
    open_: dict[str, list[int]] = {}  # rule -> indexes of `disable` directives still open
    ends: dict[tuple[int, str], int] = {}  # (directive index, rule) -> last covered line

    for index, directive in enumerate(directives):
        if directive.word not in _DIRECTIVES:
            problems.append(_Problem("invalid-suppression", _unknown_directive(directive), directive.span))
            continue
        if directive.word == FINDING:
            _by_fingerprint(doc, index, directive, found, problems)
            continue
        rules = _valid_rules(directive, known_rules, problems)
        if not rules:
            if not any(p.span == directive.span for p in problems):
                target = "a rule id or 'all'"
                problems.append(_Problem("invalid-suppression", f"{directive.label} needs {target}", directive.span))
            continue
        first_line = doc.position(directive.span.start)[0]
        if directive.word == ENABLE:
            _close(directive, rules, first_line, open_, ends, problems)
            continue
        if not directive.reason:
            problems.append(_Problem("suppression-without-reason", f"suppression of {', '.join(rules)} has no reason; "
                                     "write '-- why' after the rule", directive.span))
        if directive.word == NEXT_SENTENCE:
            found.append((index, Suppression(doc.path, rules, directive.reason, directive.span, range(0),
                                             NEXT_SENTENCE, sentence_at=_next_text(doc, directive.span.end,
                                                                                   directives))))
        elif directive.word == NEXT_LINE:
            end_line = doc.position(directive.span.end)[0]
            target_line = next((n for n in range(end_line + 1, last_line + 1) if content[n - 1]), None)
            lines = range(0) if target_line is None else range(target_line, target_line + 1)
            found.append((index, Suppression(doc.path, rules, directive.reason, directive.span, lines, NEXT_LINE)))
        else:
            for rule in rules:
                open_.setdefault(rule, []).append(index)

    for rule, indexes in open_.items():
        for index in indexes:
            ends[index, rule] = last_line
    by_directive: dict[int, dict[int, list[str]]] = {}
    for (index, rule), end in ends.items():
        by_directive.setdefault(index, {}).setdefault(end, []).append(rule)
    for index, groups in by_directive.items():
        directive = directives[index]
        first_line = doc.position(directive.span.start)[0]
        order = {name: i for i, name in enumerate(directive.names)}
        for end, group in sorted(groups.items()):
            rules = tuple(sorted(group, key=lambda r: order.get(r, 0)))
            found.append((index, Suppression(doc.path, rules, directive.reason, directive.span,
                                             range(first_line, end + 1), DISABLE)))
    found.sort(key=lambda pair: (pair[0], pair[1].lines.stop))
    return [s for _, s in found], problems


def _by_fingerprint(doc: Document, index: int, directive: _Directive, found: list[tuple[int, Suppression]],
                    problems: list[_Problem]) -> None:
    """A `disable-finding`: one or more fingerprints (or their first characters), and a reason."""
    prints = tuple(dict.fromkeys(name.lower() for name in directive.names))
    bad = [p for p in prints if not _FINGERPRINT.match(p)]
    for name in bad:
        problems.append(_Problem("invalid-suppression", f"'{name}' is not a finding's fingerprint (8 to 32 "
                                 "hexadecimal characters, as text, JSON and SARIF output show it)", directive.span))
    good = tuple(p for p in prints if p not in bad)
    if not prints:
        problems.append(_Problem("invalid-suppression", f"{directive.label} needs a finding's fingerprint",
                                 directive.span))
    if not good:
        return
    if not directive.reason:
        problems.append(_Problem("suppression-without-reason", f"suppression of finding {', '.join(good)} has no "
                                 "reason; write '-- why' after the fingerprint", directive.span))
    found.append((index, Suppression(doc.path, (), directive.reason, directive.span, range(0), FINDING,
                                     fingerprints=good)))


def _next_text(doc: Document, offset: int, directives: Sequence[_Directive]) -> int:
    """The offset of the first character after `offset` that is neither white space nor inside a
    directive (nor, in Markdown, inside another HTML comment)."""
    text = doc.text
    spans = sorted((d.span for d in directives if d.span.end > offset), key=lambda s: s.start)
    i = offset
    while i < len(text):
        inside = next((s for s in spans if s.start <= i < s.end), None)
        if inside is not None:
            i = inside.end
        elif text[i].isspace():
            i += 1
        elif doc.markdown and text.startswith("<!--", i) and (end := text.find("-->", i + 4)) >= 0:
            i = end + 3
        else:
            break
    return i


def _close(directive: _Directive, rules: tuple[str, ...], line: int, open_: dict[str, list[int]],
           ends: dict[tuple[int, str], int], problems: list[_Problem]) -> None:
    """An `enable`: end the open `disable`s of its rules (of every rule for `all`) at this line."""
    for rule in rules:
        closing = list(open_) if rule == ALL else [rule]
        closed = False
        for name in closing:
            for index in open_.pop(name, []):
                ends[index, name] = line
                closed = True
        if not closed:
            disable = directive.label.replace(ENABLE, DISABLE)
            problems.append(_Problem("invalid-suppression", f"{directive.label} {rule} has no matching "
                                     f"{disable} {rule} before it", directive.span))


def _valid_rules(directive: _Directive, known_rules: Collection[str] | None,
                 problems: list[_Problem]) -> tuple[str, ...]:
    rules: list[str] = []
    for name in directive.names:
        if name == ALL:
            pass
        elif not _KEBAB.match(name):
            problems.append(_Problem("invalid-suppression", f"invalid rule id '{name}' (expected a kebab-case "
                                     "rule id such as date-mismatch, or 'all')", directive.span))
            continue
        elif known_rules is not None and name not in known_rules:
            problems.append(_Problem("invalid-suppression", f"unknown rule '{name}'{_did_you_mean(name, known_rules)}",
                                     directive.span))
            continue
        if name not in rules:
            rules.append(name)
    return tuple(rules)


def _unknown_directive(directive: _Directive) -> str:
    choices = [f"checker-{w}" if directive.markdown else f"checker: {w}" for w in _DIRECTIVES]
    if not directive.word:
        return f"missing directive; expected {', '.join(choices[:-1])} or {choices[-1]}"
    return f"unknown directive '{directive.label}'{_did_you_mean(directive.label, choices)}"


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _directives(doc: Document) -> list[_Directive]:
    if not doc.markdown:
        return [_directive(m.group("word"), m.group("body"),
                           Span(m.start("start"), m.start() + len(m.group(0).rstrip())), markdown=False)
                for m in _PLAIN.finditer(doc.text)]
    code_lines = _code_lines(doc.text)
    directives: list[_Directive] = []
    for match in _MARKDOWN.finditer(doc.text):
        line, column = doc.position(match.start())
        before = doc.text[match.start() - column + 1:match.start()]
        if line in code_lines or before.count("`") % 2:  # an example in a code block or code span
            continue
        directives.append(_directive(match.group("word"), match.group("body"), Span(match.start(), match.end()),
                                     markdown=True))
    return directives


def _directive(word: str | None, body: str, span: Span, *, markdown: bool) -> _Directive:
    names, _, reason = body.partition("--")
    return _Directive(word or "", tuple(n for n in _SEPARATORS.split(names) if n), " ".join(reason.split()), span,
                      markdown)


def _code_lines(text: str) -> set[int]:
    """1-based numbers of the lines inside fenced or indented code blocks."""
    lines: set[int] = set()
    for token in _CODE_PARSER.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines


def _content_lines(doc: Document, directives: Sequence[_Directive]) -> list[bool]:
    """For each line, whether it holds anything once directives are blanked out."""
    chars = list(doc.text)
    for directive in directives:
        for i in range(directive.span.start, directive.span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return [bool(line.strip()) for line in "".join(chars).split("\n")]

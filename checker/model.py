"""Immutable records shared by every layer: spans, documents, claims, facts, findings.

Spans are character offsets into the original text; line and column are derived
only when a location is rendered, so every position points into the real file.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (expected error, warning or info)") from None


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # character offset, inclusive
    end: int  # exclusive

    def shifted(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Location:
    """A rendered position: 1-based line and column (Unicode code points), end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Document:
    """One input text. `path` is what the user sees: a file path, `<stdin>` or `<text>`."""

    path: str
    text: str
    markdown: bool = False
    line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        object.__setattr__(self, "line_starts", tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, found by bisecting line starts."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def location(self, span: Span) -> Location:
        line, column = self.position(span.start)
        end_line, end_column = self.position(span.end)
        return Location(self.path, line, column, end_line, end_column)


class ValueKind(StrEnum):
    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Value:
    """A date or number stated in a text, normalised to a closed interval [low, high].

    Dates use proleptic Gregorian ordinals (date.toordinal()) so "2014" is the whole
    year and "March 2014" the whole month; numbers use their magnitude, with `unit`
    naming what is counted ("percent", "usd", "km", ...; "" when bare).
    """

    kind: ValueKind
    span: Span
    text: str
    low: float
    high: float
    unit: str = ""
    approximate: bool = False

    def shifted(self, offset: int) -> Value:
        return Value(self.kind, self.span.shifted(offset), self.text, self.low, self.high, self.unit,
                     self.approximate)


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, GPE, ORG, ...
    span: Span


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a value is about: the word it modifies and that word's syntactic neighbourhood."""

    head: str  # stem of the governing predicate or noun ("annex")
    context: frozenset[str]  # stems of content words around the head
    phrase: Span | None = None  # the value with the words it modifies ("2022 annexation of Crimea")
    subject: str = ""  # those words for messages ("the annexation of Crimea")
    # Participants by role, lowercased nouns; proper nouns carry a "^" prefix ("^crimea").
    subjects: frozenset[str] = frozenset()  # the doer: "Russia" in "Russia annexed"
    objects: frozenset[str] = frozenset()  # the thing done to: "Crimea" in "annexation of Crimea"
    complements: frozenset[str] = frozenset()  # what it became: "minister" in "appointed as minister"
    modifiers: frozenset[str] = frozenset()  # "prep:noun" of other phrases: "in:accident"
    open_subject: bool = False  # the doer is a pronoun or missing: "He was born ..."
    passive: bool = False  # "Almeida was replaced by Castro": the objects undergo, the subjects are agents

    @property
    def fillers(self) -> frozenset[str]:
        return frozenset(w for w in self.subjects | self.objects if w.startswith("^"))


@dataclass(frozen=True)
class Claim:
    """One sentence of a document, with the values a contradiction can hinge on."""

    document: Document
    span: Span
    text: str
    values: tuple[Value, ...] = ()
    anchors: tuple[Anchor, ...] = ()  # parallel to values
    entities: tuple[Entity, ...] = ()
    stems: frozenset[str] = frozenset()  # content-word stems of the whole sentence
    negated: bool = False
    # Stems of what a negation denies ("play" in "does not play"); "+"-marked stems qualify a
    # denied description ("+american" of "is not an American series").
    denied: frozenset[str] = frozenset()
    reference_id: str | None = None  # set when the claim is a reference fact's statement
    frames: tuple[Anchor, ...] = ()  # each predicate with its participants, for entity conflicts

    @property
    def location(self) -> Location:
        return self.document.location(self.span)


@dataclass(frozen=True)
class ReferenceFact:
    id: str
    statement: str
    sources: tuple[str, ...]
    path: str
    line: int  # of the statement in the YAML file, 1-based
    column: int
    set_name: str = ""
    as_of: str | None = None
    review_by: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferenceSet:
    name: str
    description: str
    path: str
    facts: tuple[ReferenceFact, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The other side of a finding: another claim, or a reference fact."""

    location: Location
    text: str
    reference_id: str | None = None
    source: str | None = None  # first source of a reference fact
    span: Span | None = None  # character offsets in the other claim's document (None for a fact)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    document: Document
    span: Span
    related: tuple[Evidence, ...] = ()
    kind: str = ""  # conflict type: date, number, negation, entity
    confidence: float = 1.0

    @property
    def location(self) -> Location:
        return self.document.location(self.span)

    @property
    def text(self) -> str:
        return self.document.text[self.span.start:self.span.end]

    @property
    def fingerprint(self) -> str:
        """Stable across line shifts and unrelated edits: rule, path, the flagged words and the evidence."""
        parts = [self.rule, self.document.path, " ".join(self.text.split())]
        parts.extend(sorted(e.reference_id or " ".join(e.text.split()) for e in self.related))
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    documents: int = 0
    claims: int = 0
    references: int = 0
    warnings: tuple[str, ...] = ()  # problems that did not stop the check (an unusable cache)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> ExitCode:
        if any(f.severity >= fail_on for f in self.findings):
            return ExitCode.FINDINGS
        return ExitCode.OK

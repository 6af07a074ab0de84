"""Immutable records shared by every layer: spans, documents, claims, facts, findings.

Spans are character offsets into the original text; line and column are derived
only when a location is rendered, so every position points into the real file.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import NamedTuple


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


class Bound(StrEnum):
    """A figure stated as a bound: "more than 800" (MORE) or "up to 20,000" (LESS)."""

    MORE = "more"
    LESS = "less"


@dataclass(frozen=True, slots=True)
class Value:
    """A date or number stated in a text, normalised to a closed interval [low, high].

    Dates use proleptic Gregorian ordinals (date.toordinal()) so "2014" is the whole
    year and "March 2014" the whole month; numbers use their magnitude, with `unit`
    naming what is counted ("percent", "usd", "km", ...; "" when bare). A bound ("more
    than X", "up to X") is read as the interval [X, 1.5X] or [X/2, X] and says so in `bound`.
    """

    kind: ValueKind
    span: Span
    text: str
    low: float
    high: float
    unit: str = ""
    approximate: bool = False
    bound: Bound | None = None

    @property
    def figure(self) -> float:
        """The figure a bound names: X of "more than X" and of "up to X"."""
        return self.low if self.bound is Bound.MORE else self.high

    def shifted(self, offset: int) -> Value:
        # Called for every value of every memoised claim: spelled out, it is twice as fast as replace().
        return Value(self.kind, self.span.shifted(offset), self.text, self.low, self.high, self.unit,
                     self.approximate, self.bound)


@dataclass(frozen=True, slots=True)
class Entity:
    """A name the sentence mentions: a run of proper nouns outside values."""

    text: str
    span: Span


class FillerKind(StrEnum):
    COMMON = "common"  # a common noun: "peninsula"
    PROPER = "proper"  # a proper noun, a name: "Crimea"
    UNNAMED = "unnamed"  # a pronoun standing for someone not named: "It" of "It was built in 2006"


class Filler(NamedTuple):
    """One participant of a predicate: a lowercased noun, and whether it is a name.

    A named tuple rather than a dataclass: the judgement hashes and compares fillers in sets
    millions of times, and a tuple does both in C.
    """

    word: str
    kind: FillerKind = FillerKind.COMMON

    @property
    def proper(self) -> bool:
        return self.kind is FillerKind.PROPER


# The undergoer a pronoun stands for: someone, just not named. It is never disjoint from anyone.
UNNAMED = Filler("?", FillerKind.UNNAMED)


class Modifier(NamedTuple):
    """A prepositional phrase of a predicate: "in a car accident" is ("in", accident)."""

    preposition: str
    filler: Filler


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a value is about: the word it modifies and that word's syntactic neighbourhood."""

    head: str  # stem of the governing predicate or noun ("annex")
    context: frozenset[str]  # stems of content words around the head
    phrase: Span | None = None  # the value with the words it modifies ("2022 annexation of Crimea")
    subject: str = ""  # those words for messages ("the annexation of Crimea")
    subjects: frozenset[Filler] = frozenset()  # the doer: "Russia" in "Russia annexed"
    objects: frozenset[Filler] = frozenset()  # the thing done to: "Crimea" in "annexation of Crimea"
    complements: frozenset[Filler] = frozenset()  # what it became: "minister" in "appointed as minister"
    modifiers: frozenset[Modifier] = frozenset()  # other phrases: ("in", accident)
    open_subject: bool = False  # the doer is a pronoun or missing: "He was born ..."
    passive: bool = False  # "Almeida was replaced by Castro": the objects undergo, the subjects are agents

    @property
    def fillers(self) -> frozenset[Filler]:
        """The named participants, doers and undergoers."""
        return frozenset(f for f in self.subjects | self.objects if f.proper)

    def by_preposition(self) -> dict[str, frozenset[Filler]]:
        """The modifiers' fillers grouped by preposition: {"in": {accident}}."""
        found: dict[str, set[Filler]] = {}
        for modifier in self.modifiers:
            found.setdefault(modifier.preposition, set()).add(modifier.filler)
        return {prep: frozenset(fillers) for prep, fillers in found.items()}


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
    denied: frozenset[str] = frozenset()  # stems of what a negation denies: "play" of "does not play"
    # Stems that qualify a denied description: "american" of "is not an American series".
    denied_qualifiers: frozenset[str] = frozenset()
    reference_id: str | None = None  # set when the claim is a reference fact's statement
    once: bool = False  # a reference fact about an event that happened one time only (ReferenceFact.once)
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
    # The curator says the event the statement dates happened one time only ("Ukraine held its
    # independence referendum on ..."), though its verb is one of events that recur (held, met, voted).
    once: bool = False
    # Where a fact taken from a source document stands (`--against`): the document and the
    # sentence's span in it, so it is analysed in place and a rule may read the whole source.
    # None for a curated fact.
    origin: tuple[Document, Span] | None = field(default=None, compare=False, repr=False)


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
    value: str = ""  # what the other side states where they differ ("2014"); "" for a negation
    as_of: str | None = None  # a reference fact's as_of date


class Polarity(StrEnum):
    AFFIRMED = "affirmed"
    NEGATED = "negated"


@dataclass(frozen=True, slots=True)
class Relation:
    """Two aligned statements of one slot, as a detector judged them; `agree` says whether both can be true.

    `a_text` and `b_text` are what each side states there (a date, a figure, a name, a word);
    a negation relation says instead which side denies, in `a_polarity` and `b_polarity`.
    """

    rule: str
    kind: str
    agree: bool
    a_span: Span
    b_span: Span
    a_text: str
    b_text: str
    subject: str
    confidence: float
    a_polarity: Polarity | None = None
    b_polarity: Polarity | None = None

    def mirrored(self) -> Relation:
        """The same relation seen from the other side."""
        return Relation(self.rule, self.kind, self.agree, self.b_span, self.a_span, self.b_text, self.a_text,
                        self.subject, self.confidence, self.b_polarity, self.a_polarity)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    document: Document
    span: Span
    related: tuple[Evidence, ...] = ()
    kind: str = ""  # conflict type: date, number, negation, entity
    confidence: float = 1.0  # calibrated probability that the finding is real (checker/judge/calibration.py)
    score: float = 1.0  # the rule's own score, before calibration
    sentence: Span | None = None  # the flagged claim's whole sentence, when the finding comes from one
    stated: str = ""  # what the flagged words state where the evidence differs ("2022"); "" for a negation

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
    # The checked documents themselves, for formats that show the text (html) and the language server.
    checked: tuple[Document, ...] = field(default=(), repr=False, compare=False)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> ExitCode:
        if any(f.severity >= fail_on for f in self.findings):
            return ExitCode.FINDINGS
        return ExitCode.OK

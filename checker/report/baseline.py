"""Baselines: adopt the checker on an existing archive without fixing every old finding first.

`write_baseline` records today's findings in a JSON file (commit it); later runs pass the file to
`compare_with_baseline`, which splits findings into *new* ones (to act on) and *known* ones (in the
baseline), and lists *stale* baseline entries that no finding matches any more, so the file can
be rewritten smaller.

Findings are matched by `Finding.fingerprint` (rule, path, the flagged words and the evidence),
not by line, so a finding keeps matching when text is added or removed above it. Matching counts:
a fingerprint recorded twice covers two findings with it, and a third is new.

The file::

    {
      "version": 1,
      "tool": "checker",
      "findings": [
        {"fingerprint": "…", "rule": "date-mismatch", "path": "a.md", "line": 17, "column": 266,
         "message": "…"}
      ]
    }

Only `fingerprint` decides a match; the other fields are there for people reading the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.atomic import write_atomically
from checker.errors import InputError
from checker.inputs.files import FileProblem, read_bounded
from checker.model import Finding

VERSION = 1
TOOL = "checker"
_FIELDS: dict[str, type] = {"fingerprint": str, "rule": str, "path": str, "line": int, "column": int,
                            "message": str}


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    rule: str
    path: str
    line: int
    column: int
    message: str

    @classmethod
    def of(cls, finding: Finding) -> BaselineEntry:
        location = finding.location
        return cls(finding.fingerprint, finding.rule, location.path, location.line, location.column, finding.message)


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]
    path: str = ""


@dataclass(frozen=True, slots=True)
class BaselineResult:
    new: list[Finding]  # not in the baseline: these count
    known: list[Finding]  # in the baseline
    stale: list[BaselineEntry]  # baseline entries no finding matched


def baseline_entries(findings: Sequence[Finding]) -> list[BaselineEntry]:
    """The entries `write_baseline` writes, in its order (path, line, column, rule)."""
    entries = [BaselineEntry.of(f) for f in findings]
    entries.sort(key=lambda e: (e.path, e.line, e.column, e.rule, e.fingerprint, e.message))
    return entries


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    """Write `findings` as a baseline, atomically: readers see the old file or the new one, never a part.

    An existing file's permissions are kept. Failure raises InputError naming the path.
    """
    document = {
        "version": VERSION,
        "tool": TOOL,
        "findings": [{name: getattr(entry, name) for name in _FIELDS} for entry in baseline_entries(findings)],
    }
    write_atomically(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                     failure="cannot access baseline")


def read_baseline(path: Path) -> Baseline:
    """Read and validate a baseline file; any problem raises InputError with the path (and line for bad JSON)."""
    shown = str(path)
    try:
        raw, size = read_bounded(path, MAX_BASELINE_BYTES)
    except FileProblem as exc:
        reason = "no such baseline file" if exc.missing else f"cannot read baseline: {exc}"
        raise InputError(reason, path=shown) from None
    if size > MAX_BASELINE_BYTES:
        raise InputError(f"baseline too large (the limit is {MAX_BASELINE_BYTES // 1_000_000} MB)", path=shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"baseline is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", path=shown) from None
    try:
        document: Any = json.loads(text, parse_int=_small_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"baseline is not valid JSON: {exc.msg}", path=shown, line=exc.lineno,
                         column=exc.colno) from None
    except RecursionError:
        raise InputError("baseline is not a checker baseline: nested too deeply", path=shown) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InputError(f"baseline is not a checker baseline: {exc}", path=shown) from None
    if not isinstance(document, dict):
        raise InputError("baseline must be a JSON object with version, tool and findings", path=shown)
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise InputError(f"unsupported baseline version {json.dumps(version)} (expected {VERSION})", path=shown)
    if "tool" in document and document["tool"] != TOOL:
        raise InputError(f"baseline was written by {json.dumps(document['tool'])}, not {TOOL}", path=shown)
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise InputError("baseline 'findings' must be a list", path=shown)
    return Baseline(tuple(_entry(item, index, shown) for index, item in enumerate(findings)), shown)


# Baselines of real repositories are kilobytes to a few megabytes.
MAX_BASELINE_BYTES = 100_000_000


def _small_int(text: str) -> int:
    """JSON integers as a baseline writes them (line and column numbers), never thousands of
    digits: int() of those is quadratic, and Python refuses them past 4,300."""
    if len(text.lstrip("-")) > 18:
        raise ValueError(f"integer of {len(text)} digits")
    return int(text)


def compare_with_baseline(findings: Sequence[Finding], baseline: Baseline) -> BaselineResult:
    """Split findings into new and known by fingerprint (as a multiset); list entries left unmatched."""
    available = Counter(e.fingerprint for e in baseline.entries)
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        fingerprint = finding.fingerprint
        if available[fingerprint] > 0:
            available[fingerprint] -= 1
            known.append(finding)
        else:
            new.append(finding)
    # Of the entries sharing a fingerprint, the first ones count as matched, the rest are stale.
    matched = Counter(e.fingerprint for e in baseline.entries)
    matched.subtract(available)
    stale: list[BaselineEntry] = []
    for entry in baseline.entries:
        if matched[entry.fingerprint] > 0:
            matched[entry.fingerprint] -= 1
        else:
            stale.append(entry)
    return BaselineResult(new, known, stale)


def _entry(item: object, index: int, path: str) -> BaselineEntry:
    where = f"baseline findings[{index}]"
    if not isinstance(item, dict):
        raise InputError(f"{where} must be an object", path=path)
    values: dict[str, Any] = {}
    for name, kind in _FIELDS.items():
        value = item.get(name)
        if value is None:
            raise InputError(f"{where} has no '{name}'", path=path)
        if kind is int:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InputError(f"{where}.{name} must be a positive integer", path=path)
        elif not isinstance(value, str):
            raise InputError(f"{where}.{name} must be a string", path=path)
        values[name] = value
    if not values["fingerprint"]:
        raise InputError(f"{where}.fingerprint must not be empty", path=path)
    return BaselineEntry(**values)

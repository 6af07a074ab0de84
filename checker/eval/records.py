"""Reading labelled JSON Lines files: one record a line, each checked for the fields its format needs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.errors import InputError

PAIRS, DOCUMENTS, PROBES = "pairs", "documents", "probes"
_NEEDS = {PAIRS: ("reference", "claim", "label"), DOCUMENTS: ("text", "pairs"),
          PROBES: ("text", "label", "references")}


def record_format(record: dict[str, Any]) -> str | None:
    """The format a record is written in, or None when it is none of them."""
    if {"claim", "reference"} <= record.keys():
        return PAIRS
    if "pairs" in record:
        return DOCUMENTS
    if "references" in record and record.get("label") in ("true", "false"):
        return PROBES
    return None


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file; InputError names the line of the first bad one."""
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg}", path=str(path), line=number, column=exc.colno) from None
            fmt = record_format(record) if isinstance(record, dict) else None
            if fmt is None:
                raise InputError("a record needs 'reference' and 'claim', 'text' and 'pairs', or 'text', "
                                 "'label' (true or false) and 'references'", path=str(path), line=number, column=1)
            missing = [key for key in _NEEDS[fmt] if key not in record]
            if missing:
                raise InputError(f"a {fmt} record needs '{missing[0]}'", path=str(path), line=number, column=1)
            if records and fmt != record_format(records[0]):
                raise InputError(f"a {fmt} record in a file of {record_format(records[0])} records", path=str(path),
                                 line=number, column=1)
            records.append(record)
    return records


def file_format(records: Sequence[dict[str, Any]]) -> str:
    """The format of a file's records (pairs for an empty file)."""
    return (record_format(records[0]) or PAIRS) if records else PAIRS

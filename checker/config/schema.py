"""What a config file may say: its keys with their documentation, the tables the validator checks
against, the starter file `checker init` writes, the `Config` record it builds, and the JSON
schema for editors (`checker/config-schema.json`)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from checker.judge.detectors import RULES
from checker.model import Severity
from checker.settings import Settings

ENV_VAR = "CHECKER_CONFIG"
CONFIG_NAMES = (".checker.yml", ".checker.yaml")
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "config-schema.json"
SEVERITIES = tuple(s.label for s in sorted(Severity, reverse=True))  # error, warning, info
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.txt")
KEYS = {  # top-level keys and their documentation (the JSON schema's descriptions)
    "references": ("Reference sets to check against: YAML files, folders of them, or globs; relative to this file "
                   "and inside its folder (others: -r on the command line)."),
    "include": "Globs of the files a folder argument selects, matched against paths relative to this file.",
    "exclude": "Globs of files to skip even when included, relative to this file.",
    "fail-on": "Exit with code 1 when a finding is at or above this severity.",
    "model": ("A local sentence-transformers model folder, relative to this file and inside its folder (others: "
              "--model); null: the packaged MiniLM."),
    "similarity": "How candidate pairs are found by nearest-neighbour search over sentence embeddings.",
    "confidence": "Severity by calibrated confidence (the probability that a finding is real): the cuts for error, "
                  "warning and info; below info a finding is not reported. Omitted: the measured defaults.",
    "rules": "Per rule: 'enable', 'disable', or a mapping with 'enable' and 'severity' (the most its findings can be).",
}


@dataclass(frozen=True)
class NumberSpec:
    setting: str  # the Settings field it fills
    low: float
    high: float
    integer: bool
    description: str


SIMILARITY = {
    "claims": NumberSpec("claim_similarity", 0, 1, False,
                      "Cosine similarity floor (0 to 1) for comparing two claims; lower finds more pairs."),
    "references": NumberSpec("reference_similarity", 0, 1, False,
                          "Cosine similarity floor (0 to 1) for comparing a claim with a reference fact."),
    "neighbours": NumberSpec("neighbours", 1, 100, True,
                          "Candidates per claim, among claims and among reference facts (1 to 100)."),
}
CONFIDENCE = {
    "error": NumberSpec("error_confidence", 0, 1, False,
                        "A finding is an error from this confidence on (default: measured, dev precision >= 0.9)."),
    "warning": NumberSpec("warning_confidence", 0, 1, False, "A finding is a warning from this confidence on."),
    "info": NumberSpec("info_confidence", 0, 1, False, "Below this confidence a finding is not reported."),
}
RULE_SHORTHAND = ("enable", "disable")
RULE_OPTIONS = {"enable": "false turns the rule off.",
                "severity": "The most severe level this rule's findings can reach."}

STARTER_CONFIG = """\
# checker configuration. Paths are relative to this file and stay inside its folder; every key is optional.
# Editors can validate it with the JSON schema in checker/config-schema.json.

# Reference sets to check against: YAML files, folders of them, or globs (e.g. extra/*.yml).
references: [references/]
# Files that a folder argument selects (globs relative to this file; **/ matches any folders).
include: ["**/*.md", "**/*.markdown", "**/*.txt"]
# Files to skip even when included, e.g. ["drafts/**"].
exclude: []
# Exit with code 1 on findings at or above this severity: error, warning or info.
fail-on: error
# A local sentence-transformers model folder; null uses the packaged all-MiniLM-L6-v2.
model: null
# How candidate pairs of sentences are found (nearest-neighbour search over embeddings).
similarity:
  claims: 0.3       # cosine similarity floor (0 to 1) for comparing two claims; lower finds more
  references: 0.3   # the same floor for comparing a claim with a reference fact
  neighbours: 5     # candidates per claim (1 to 100)
# Severity follows the calibrated confidence (the chance a finding is real, measured on dev data).
# Empty: the measured cuts (`checker rules` prints them); e.g. {error: 0.8, warning: 0.5, info: 0.15}.
# Below `info` a finding is not reported.
confidence: {}
# Per rule (see `checker rules`): enable, disable, or {enable: true|false, severity: error|warning|info};
# a rule's severity is the most its findings can reach.
rules:
  date-mismatch: {enable: true, severity: error}
  number-mismatch: {enable: true, severity: error}
  entity-mismatch: {enable: true, severity: warning}
  negation: {enable: true, severity: warning}
"""


@dataclass(frozen=True)
class Config:
    path: Path | None  # the file it came from; None: the defaults
    references: tuple[str, ...]  # files and folders, resolved against the config folder
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    fail_on: Severity
    model: str | None
    settings: Settings
    rules: Mapping[str, Mapping[str, object]]  # rule id -> {"enable": bool, "severity": str}, as given
    folder: Path = Path(".")  # what relative paths, include and exclude are relative to

    def selects(self, path: str | Path) -> bool:
        """Whether include and exclude select `path` (matched relative to the config folder)."""
        rel = Path(os.path.relpath(path, self.folder)).as_posix()
        return (any(_glob(p).fullmatch(rel) for p in self.include)
                and not any(_glob(p).fullmatch(rel) for p in self.exclude))


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """`**/` any folders, `**` anything, `*` and `?` within one name, `[...]` a class; a trailing / a folder."""
    out = []
    for part in re.split(r"(\*\*/|\*\*|\*|\?|\[[^\]]+\])", pattern + ("**" if pattern.endswith("/") else "")):
        if part in ("**/", "**", "*", "?"):
            out.append({"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}[part])
        elif part.startswith("[") and len(part) > 2:
            inner = part[1:-1].replace("\\", "\\\\")
            out.append("[^" + inner[1:] + "]" if inner.startswith("!") else "[" + inner + "]")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out))


def config_json_schema() -> dict[str, object]:
    """The JSON schema (draft-07) of the config file, from the tables the validator uses."""
    defaults = Settings()
    severity: dict[str, object] = {"type": "string", "enum": list(SEVERITIES)}
    text = {"type": "string", "pattern": "\\S"}
    options: dict[str, dict[str, object]] = {"enable": {"type": "boolean"}, "severity": severity}
    properties: dict[str, dict[str, object]] = {
        "references": {"type": "array", "items": text},
        "include": {"type": "array", "items": text, "default": list(DEFAULT_INCLUDE)},
        "exclude": {"type": "array", "items": text, "default": []},
        "fail-on": {**severity, "default": Severity.ERROR.label},
        "model": {"type": ["string", "null"], "default": None},
        "similarity": {"type": "object", "additionalProperties": False, "properties": {
            name: {"description": spec.description, "type": "integer" if spec.integer else "number",
                   "minimum": spec.low, "maximum": spec.high, "default": getattr(defaults, spec.setting)}
            for name, spec in SIMILARITY.items()}},
        "confidence": {"type": "object", "additionalProperties": False, "properties": {
            name: {"description": spec.description, "type": "number", "minimum": spec.low, "maximum": spec.high}
            for name, spec in CONFIDENCE.items()}},
        "rules": {"type": "object", "additionalProperties": False, "propertyNames": {"enum": list(RULES)},
                  "properties": {rule.id: {
                      "description": f"{rule.summary.rstrip('.')} (default severity: {rule.severity.label}).",
                      "oneOf": [{"type": "string", "enum": list(RULE_SHORTHAND)},
                                {"type": "object", "additionalProperties": False, "properties": {
                                    name: {"description": doc, **options[name]} for name, doc in RULE_OPTIONS.items()
                                }}]} for rule in RULES.values()}},
    }
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": "checker configuration (.checker.yml)",
            "description": "Configuration of checker, the fact-consistency checker for articles.",
            "type": "object", "additionalProperties": False,
            "properties": {name: {"description": KEYS[name], **spec} for name, spec in properties.items()}}

"""Project configuration: a `.checker.yml` (or `.checker.yaml`) file, found like this:

1. `--config PATH`, then the `CHECKER_CONFIG` environment variable (a missing file is an error);
2. otherwise the first `.checker.yml` / `.checker.yaml` in the current folder or a parent,
   stopping at the repository root (the first folder with `.git`); none found: the defaults.

Every key is optional; paths are relative to the config file's folder::

    references: [references/, extra/*.yml]  # reference set files, folders or globs (globs expanded, sorted)
    include: ["articles/**/*.md"]           # files a folder argument selects (default: **/*.md,
                                            # **/*.markdown, **/*.txt); `**/` matches any folders
    exclude: ["drafts/**"]                  # files to skip even when included (default: none)
    fail-on: warning                        # exit 1 on findings at or above: error (default) | warning | info
    model: models/my-minilm                 # a local sentence-transformers folder (default: packaged MiniLM)
    similarity:
      claims: 0.3                           # cosine floor 0..1 for a claim-claim candidate pair
      references: 0.3                       # cosine floor 0..1 for a claim-fact candidate pair
      neighbours: 5                         # candidates per claim, 1..100
    rules:                                  # rule ids: `checker rules`
      date-mismatch: {enable: true, severity: warning}
      negation: disable                     # shorthand: enable | disable

Unknown keys, wrong types and missing reference files are all reported together, one
`PATH:LINE:COLUMN: key: problem` line each, with a did-you-mean for misspellings.
`checker/config-schema.json` is the same schema for editors; `config_json_schema()` builds it.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from glob import glob
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from checker.errors import ConfigError, ErrorList
from checker.model import Severity

if TYPE_CHECKING:
    from checker.pipeline import Settings

ENV_VAR = "CHECKER_CONFIG"
CONFIG_NAMES = (".checker.yml", ".checker.yaml")
SCHEMA_PATH = Path(__file__).with_name("config-schema.json")
SEVERITIES = tuple(s.label for s in sorted(Severity, reverse=True))  # error, warning, info
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.txt")
KEYS = {  # top-level keys and their documentation (the JSON schema's descriptions)
    "references": "Reference sets to check against: YAML files, folders of them, or globs; relative to this file.",
    "include": "Globs of the files a folder argument selects, matched against paths relative to this file.",
    "exclude": "Globs of files to skip even when included, relative to this file.",
    "fail-on": "Exit with code 1 when a finding is at or above this severity.",
    "model": "A local sentence-transformers model folder, relative to this file; null: the packaged MiniLM.",
    "similarity": "How candidate pairs are found by nearest-neighbour search over sentence embeddings.",
    "rules": "Per rule: 'enable', 'disable', or a mapping with 'enable' and 'severity'.",
}


@dataclass(frozen=True)
class _Number:
    setting: str  # the Settings field it fills
    low: float
    high: float
    integer: bool
    description: str


SIMILARITY = {
    "claims": _Number("claim_similarity", 0, 1, False,
                      "Cosine similarity floor (0 to 1) for comparing two claims; lower finds more pairs."),
    "references": _Number("reference_similarity", 0, 1, False,
                          "Cosine similarity floor (0 to 1) for comparing a claim with a reference fact."),
    "neighbours": _Number("neighbours", 1, 100, True,
                          "Candidates per claim, among claims and among reference facts (1 to 100)."),
}
RULE_SHORTHAND = ("enable", "disable")
RULE_OPTIONS = {"enable": "false turns the rule off.", "severity": "The severity of this rule's findings."}

STARTER_CONFIG = """\
# checker configuration. Paths are relative to this file; every key is optional.
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
# Per rule (see `checker rules`): enable, disable, or {enable: true|false, severity: error|warning|info}.
rules:
  date-mismatch: {enable: true, severity: error}
  number-mismatch: {enable: true, severity: error}
  entity-mismatch: {enable: true, severity: warning}
  negation: {enable: true, severity: warning}
"""

_NULL, _STR, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_MAGIC = re.compile(r"[*?[]")


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


def find_config(explicit: str | None, *, env: Mapping[str, str], cwd: Path) -> Path | None:
    """The config file to use: `explicit`, else $CHECKER_CONFIG, else the nearest one upward from `cwd`.

    A file found by searching is returned relative to the process's folder when `cwd` is relative
    (pass `Path(".")` for short paths in messages), absolute otherwise.
    """
    for given, origin in ((explicit, ""), (env.get(ENV_VAR) or None, f" (from {ENV_VAR})")):
        if given is not None:
            if not Path(given).is_file():
                problem = "is not a file" if Path(given).exists() else "not found"
                raise ConfigError(f"config file {problem}{origin}", path=given)
            return Path(given)
    for folder in (here := cwd.resolve(), *here.parents):
        found = [folder / name for name in CONFIG_NAMES if (folder / name).is_file()]
        if len(found) > 1:
            raise ConfigError(f"two config files in one folder: {found[0]} and {found[1]} (keep one)")
        if found:
            return found[0] if cwd.is_absolute() else Path(os.path.relpath(found[0]))
        if (folder / ".git").exists():
            return None
    return None


def default_config() -> Config:
    """The settings without a config file (references: ./references when that folder exists)."""
    return _Validator("<default>", Path(".")).build({})


def load_config(path: Path) -> Config:
    """The validated config in `path`; raises ConfigError (unreadable) or ErrorList (every problem)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("config file not found", path=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("config file is not valid UTF-8 text", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror or exc}", path=str(path)) from None
    return dataclasses.replace(config_from_text(text, path=str(path), base=path.parent), path=path)


def config_from_text(text: str, *, path: str = "<config>", base: Path) -> Config:
    """A config from YAML text; relative paths resolve against `base`; `path` names it in errors."""
    validator = _Validator(path, base)
    config = validator.parse(text)
    if validator.errors or config is None:
        raise ErrorList(sorted(validator.errors, key=lambda e: (e.line or 0, e.column or 0)))
    return config


def _got(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        return "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
    return "null" if node.tag == _NULL else f"'{node.value}'" if node.tag == _STR else str(node.value)


def _mean(value: yaml.Node, options: Sequence[str], sep: str = "; ") -> str:
    close = difflib.get_close_matches(str(value.value).lower(), options, n=1) if value.tag == _STR else []
    return f"{sep}did you mean '{close[0]}'?" if close else ""


class _Validator:
    """Checks a composed YAML tree node by node, collecting every problem with its position."""

    def __init__(self, path: str, base: Path) -> None:
        self.path, self.base = path, base
        self.errors: list[ConfigError] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, message: str, node: yaml.Node | None = None, line: int | None = None,
              column: int | None = None) -> None:
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.errors.append(ConfigError(message, path=self.path, line=line, column=column))

    def resolve(self, entry: str) -> Path:
        return self.base / Path(entry).expanduser()

    def parse(self, text: str) -> Config | None:
        try:  # compose only builds nodes with positions; nothing is constructed, so no tag runs code
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = "invalid YAML: " + ", ".join(part for part in (exc.context, exc.problem) if part)
            self.error(message, None, *((mark.line + 1, mark.column + 1) if mark else (None, None)))
            return None
        except yaml.reader.ReaderError as exc:  # a control character; the reader only knows its offset
            line, column = text.count("\n", 0, exc.position) + 1, exc.position - text.rfind("\n", 0, exc.position)
            self.error(f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}", None, line, column)
            return None
        except RecursionError:
            self.error("invalid YAML: nested too deeply")
            return None
        if root is None or root.tag == _NULL:
            return self.build({})
        if not isinstance(root, yaml.MappingNode):
            self.error(f"a config file must be a mapping of keys (got {_got(root)})", root)
            return None
        return self.build(self.fields(root, "", KEYS, "key", ""))

    def fields(self, node: yaml.Node, where: str, allowed: Sequence[str] | Mapping[str, object], noun: str,
               suffix: str) -> dict[str, yaml.Node]:
        """Value node of each allowed key; non-mappings, duplicates and unknown keys are reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(f"{where}: must be a mapping (got {_got(node)})", node)
            return {}
        found: dict[str, yaml.Node] = {}
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
            if name is None:
                self.error(f"{noun}s{suffix} must be strings", key)
                continue
            if name in seen:
                self.error(f"duplicate {noun} '{name}'{suffix}", key)
            elif name not in allowed:
                hint = _mean(key, list(allowed), "") or f"expected one of: {', '.join(allowed)}"
                self.error(f"unknown {noun} '{name}'{suffix} ({hint})", key)
            else:
                found[name] = value
            seen.add(name)
        return found

    def choice(self, node: yaml.Node, where: str, options: Sequence[str]) -> str | None:
        if node.tag == _STR and node.value in options:
            return str(node.value)
        self.error(f"{where}: must be one of {', '.join(options)} (got {_got(node)}{_mean(node, options)})", node)
        return None

    def number(self, node: yaml.Node, where: str, spec: _Number) -> float | None:
        value = self.constructor.construct_object(node) if node.tag in _NUMBERS else None
        if isinstance(value, int | float) and spec.low <= value <= spec.high and (
                not spec.integer or float(value).is_integer()):
            return int(value) if spec.integer else float(value)
        kind = "a whole number" if spec.integer else "a number"
        self.error(f"{where}: must be {kind} between {spec.low:g} and {spec.high:g} (got {_got(node)})", node)
        return None

    def strings(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node]]:
        """The valid items with their nodes; every invalid one is reported."""
        if not isinstance(node, yaml.SequenceNode):
            self.error(f"{where}: must be a list of strings (got {_got(node)})", node)
            return []
        items: list[tuple[str, yaml.Node]] = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or item.tag != _STR:
                self.error(f"{where}: must be a list of strings (got {_got(item)})", item)
            elif not item.value.strip():
                self.error(f"{where}: must not contain empty strings", item)
            else:
                items.append((str(item.value), item))
        return items

    def references(self, node: yaml.Node | None) -> tuple[str, ...]:
        if node is None:
            return (str(self.base / "references"),) if (self.base / "references").is_dir() else ()
        found: list[str] = []
        for entry, item in self.strings(node, "references"):
            if _MAGIC.search(entry):
                matches = sorted(glob(entry, root_dir=self.base, recursive=True))
                found.extend(str(self.base / m) for m in matches)
                if not matches:
                    self.error(f"references: no file matches '{entry}'", item)
            elif self.resolve(entry).exists():
                found.append(str(self.resolve(entry)))
            else:
                self.error(f"references: reference file not found: {entry}", item)
        return tuple(found)

    def model(self, node: yaml.Node | None) -> str | None:
        if node is None or node.tag == _NULL:
            return None
        if node.tag != _STR or not node.value.strip():
            self.error(f"model: must be the path of a model folder or null (got {_got(node)})", node)
        elif not self.resolve(node.value).is_dir():
            self.error(f"model: model folder not found: {node.value}", node)
        else:
            return str(self.resolve(node.value))
        return None

    def rules(self, node: yaml.Node | None) -> dict[str, dict[str, object]]:
        from checker.detectors import RULES

        rules: dict[str, dict[str, object]] = {}
        for rule_id, value in (self.fields(node, "rules", list(RULES), "rule", "") if node is not None else {}).items():
            where = f"rules.{rule_id}"
            if value.tag == _STR and value.value in RULE_SHORTHAND:
                rules[rule_id] = {"enable": value.value == "enable"}
            elif isinstance(value, yaml.MappingNode):
                options = self.fields(value, where, RULE_OPTIONS, "option", f" for rule '{rule_id}'")
                rules[rule_id] = {}
                if "enable" in options and options["enable"].tag == _BOOL:
                    rules[rule_id]["enable"] = self.constructor.construct_object(options["enable"])
                elif "enable" in options:
                    self.error(f"{where}.enable: must be true or false (got {_got(options['enable'])})",
                               options["enable"])
                if "severity" in options and (severity := self.choice(options["severity"], f"{where}.severity",
                                                                      SEVERITIES)):
                    rules[rule_id]["severity"] = severity
            else:
                self.error(f"{where}: must be enable, disable or a mapping with enable and severity "
                           f"(got {_got(value)}{_mean(value, RULE_SHORTHAND)})", value)
        return rules

    def build(self, values: dict[str, yaml.Node]) -> Config:
        from checker.pipeline import Settings

        lists = {key: tuple(s for s, _ in self.strings(values[key], key)) if key in values else default
                 for key, default in (("include", DEFAULT_INCLUDE), ("exclude", ()))}
        fail_on = self.choice(values["fail-on"], "fail-on", SEVERITIES) if "fail-on" in values else None
        numbers: dict[str, float] = {}
        if "similarity" in values:
            for name, node in self.fields(values["similarity"], "similarity", SIMILARITY, "key",
                                          " in similarity").items():
                if (number := self.number(node, f"similarity.{name}", SIMILARITY[name])) is not None:
                    numbers[SIMILARITY[name].setting] = number
        rules = self.rules(values.get("rules"))
        model = self.model(values.get("model"))
        settings = Settings(model=model, disabled=frozenset(r for r, o in rules.items() if o.get("enable") is False),
                            severities={r: Severity.parse(str(o["severity"])) for r, o in rules.items()
                                        if "severity" in o}, **numbers)  # type: ignore[arg-type]
        return Config(path=None, references=self.references(values.get("references")), include=lists["include"],
                      exclude=lists["exclude"], fail_on=Severity.parse(fail_on) if fail_on else Severity.ERROR,
                      model=model, settings=settings, folder=self.base,
                      rules=MappingProxyType({r: MappingProxyType(o) for r, o in rules.items()}))


def config_json_schema() -> dict[str, object]:
    """The JSON schema (draft-07) of the config file, from the tables the validator uses."""
    from checker.detectors import RULES
    from checker.pipeline import Settings

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

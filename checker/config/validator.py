"""The config file's validator: it walks the composed YAML tree node by node and collects every
problem with its line and column, so one run reports them all."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import yaml

from checker.config.schema import (
    CONFIDENCE,
    DEFAULT_INCLUDE,
    KEYS,
    RULE_OPTIONS,
    RULE_SHORTHAND,
    SEVERITIES,
    SIMILARITY,
    Config,
    NumberSpec,
)
from checker.errors import ConfigError, shown
from checker.inputs.files import FileProblem, is_regular, kind
from checker.inputs.references import compose_yaml, too_deep
from checker.judge.detectors import RULES
from checker.model import Severity
from checker.settings import Settings

_NULL, _STR, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_MAGIC = re.compile(r"[*?[]")


# A config number or switch is a few characters; thousands of digits are an attack on int().
_LONGEST_SCALAR = 100


def _got(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        return "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
    text = str(node.value)
    shown = text if len(text) <= 40 else f"{text[:37]}..."  # the message stays one short line
    return "null" if node.tag == _NULL else f"'{shown}'" if node.tag == _STR else shown or "''"


def _mean(value: yaml.Node, options: Sequence[str], sep: str = "; ") -> str:
    close = difflib.get_close_matches(str(value.value).lower(), options, n=1) if value.tag == _STR else []
    return f"{sep}did you mean '{close[0]}'?" if close else ""


class Validator:
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
        if (deep := too_deep(text)) is not None:
            self.error("invalid YAML: nested too deeply", None, *deep)
            return None
        try:  # the pure-Python composer: a config is small, and its positions are the ones we report
            root = compose_yaml(text)
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

    def constructed(self, node: yaml.Node) -> object:
        """A scalar's value, or None when its text does not fit its tag (`!!int abc`, `!!bool
        maybe`, an integer of thousands of digits) or it is no scalar (`!!int [1]`)."""
        if not isinstance(node, yaml.ScalarNode) or len(node.value) > _LONGEST_SCALAR:
            return None
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, KeyError, IndexError, OverflowError):
            return None

    def number(self, node: yaml.Node, where: str, spec: NumberSpec) -> float | None:
        value = self.constructed(node) if node.tag in _NUMBERS else None
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

    def inside(self, path: Path) -> bool:
        """Whether `path`, links resolved, lies in the config's folder: a config (which a pull
        request may change) names files of its own project only; the command line may name any."""
        try:
            return path.resolve().is_relative_to(self.base.resolve())
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
            return False

    def references(self, node: yaml.Node | None) -> tuple[str, ...]:
        if node is None:
            return (str(self.base / "references"),) if (self.base / "references").is_dir() else ()
        found: list[str] = []
        for entry, item in self.strings(node, "references"):
            if Path(entry).is_absolute() or ".." in Path(entry).parts:
                self.error(f"references: '{shown(entry, limit=80)}' is outside the project folder (a config names "
                           "files below its own folder; pass others with -r)", item)
            elif _MAGIC.search(entry):
                # Path.glob neither leaves the base folder nor follows links to folders under "**".
                matches = sorted(str(m) for m in self.base.glob(entry) if self.inside(m) and is_regular(m))
                found.extend(matches)
                if not matches:
                    self.error(f"references: no file matches '{shown(entry, limit=80)}'", item)
            else:
                self.path_entry(entry, item, "references", "reference file", found)
        return tuple(found)

    def path_entry(self, entry: str, item: yaml.Node, where: str, noun: str, found: list[str],
                   folder: bool = False) -> None:
        """Check one path the config names: it exists, can be looked at, and lies in the project."""
        path = self.resolve(entry)
        try:
            what = kind(path)
        except FileProblem as exc:
            self.error(f"{where}: cannot read {noun} '{shown(entry, limit=80)}': {exc}", item)
            return
        if what == "missing" or (folder and what != "dir"):
            self.error(f"{where}: {noun} not found: {shown(entry, limit=80)}", item)
        elif not self.inside(path):
            self.error(f"{where}: '{shown(entry, limit=80)}' is outside the project folder (a config names "
                       "files below its own folder; pass others on the command line)", item)
        else:
            found.append(str(path))

    def model(self, node: yaml.Node | None) -> str | None:
        if node is None or node.tag == _NULL:
            return None
        if node.tag != _STR or not node.value.strip():
            self.error(f"model: must be the path of a model folder or null (got {_got(node)})", node)
            return None
        found: list[str] = []
        self.path_entry(node.value, node, "model", "model folder", found, folder=True)
        return found[0] if found else None

    def rules(self, node: yaml.Node | None) -> dict[str, dict[str, object]]:
        rules: dict[str, dict[str, object]] = {}
        for rule_id, value in (self.fields(node, "rules", list(RULES), "rule", "") if node is not None else {}).items():
            where = f"rules.{rule_id}"
            if value.tag == _STR and value.value in RULE_SHORTHAND:
                rules[rule_id] = {"enable": value.value == "enable"}
            elif isinstance(value, yaml.MappingNode):
                options = self.fields(value, where, RULE_OPTIONS, "option", f" for rule '{rule_id}'")
                rules[rule_id] = {}
                enable = self.constructed(options["enable"]) if "enable" in options else None
                if "enable" in options and options["enable"].tag == _BOOL and isinstance(enable, bool):
                    rules[rule_id]["enable"] = enable
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
        lists = {key: tuple(s for s, _ in self.strings(values[key], key)) if key in values else default
                 for key, default in (("include", DEFAULT_INCLUDE), ("exclude", ()))}
        fail_on = self.choice(values["fail-on"], "fail-on", SEVERITIES) if "fail-on" in values else None
        numbers: dict[str, float] = {}
        if "similarity" in values:
            for name, node in self.fields(values["similarity"], "similarity", SIMILARITY, "key",
                                          " in similarity").items():
                if (number := self.number(node, f"similarity.{name}", SIMILARITY[name])) is not None:
                    numbers[SIMILARITY[name].setting] = number
        if "confidence" in values:
            for name, node in self.fields(values["confidence"], "confidence", CONFIDENCE, "key",
                                          " in confidence").items():
                if (number := self.number(node, f"confidence.{name}", CONFIDENCE[name])) is not None:
                    numbers[CONFIDENCE[name].setting] = number
        rules = self.rules(values.get("rules"))
        model = self.model(values.get("model"))
        settings = Settings(model=model, disabled=frozenset(r for r, o in rules.items() if o.get("enable") is False),
                            severities={r: Severity.parse(str(o["severity"])) for r, o in rules.items()
                                        if "severity" in o}, **numbers)  # type: ignore[arg-type]
        return Config(path=None, references=self.references(values.get("references")), include=lists["include"],
                      exclude=lists["exclude"], fail_on=Severity.parse(fail_on) if fail_on else Severity.ERROR,
                      model=model, settings=settings, folder=self.base,
                      rules=MappingProxyType({r: MappingProxyType(o) for r, o in rules.items()}))

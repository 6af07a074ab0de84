"""Reference sets: curated facts, written in YAML, that articles are checked against.

One set per file. Unknown keys are errors, so a typo never silently drops a field::

    name: Geography basics               # required, non-empty
    description: Borders and annexations # optional
    facts:                               # required, at least one
      - id: crimea-annexation            # required; lowercase letters, digits, '.', '_', '-';
                                         # unique across every set loaded together
        statement: Russia annexed Crimea in March 2014.   # required, non-empty
        sources:                         # required, at least one non-empty string
          - https://example.org/crimea
        as_of: 2025-11-01                # optional date: YYYY-MM-DD, YYYY-MM or YYYY
        review_by: 2026-06               # optional date, same forms
        aliases: [annexation of Crimea]  # optional list of strings
        tags: [geography, europe]        # optional list of strings
        once: true                       # optional, true or false (default): the event happened
                                         # one time only, though its verb may recur ("held", "met")

Scalars are read as text: dates stay strings such as "2025-11-01", and "2014" is not a number.
A folder of references is every *.yml and *.yaml file below it, in sorted order. Every problem
in every file is reported together, one `PATH:LINE:COLUMN: message` line each.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from checker.errors import CheckerError, ErrorList, ReferenceSetError
from checker.inputs.documents import unicode_text
from checker.inputs.files import FileProblem, is_regular, kind, read_bounded, utf8_error_position
from checker.model import ReferenceFact, ReferenceSet

MAX_BYTES = 50 * 1024 * 1024
SET_KEYS = ("name", "description", "facts")
FACT_FIELDS = ("id", "statement", "sources", "as_of", "review_by", "aliases", "tags", "once")
REQUIRED_FIELDS = ("id", "statement", "sources")
SUFFIXES = (".yml", ".yaml")
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NULL = "tag:yaml.org,2002:null"  # what the resolver gives `~`, `null` and an empty value


def _bad_id(fact_id: str) -> str:
    return f"fact id '{fact_id}' must be lowercase letters, digits, '.', '_' or '-'"


# No reference set or config nests this deep; the YAML composer recurses once per level and
# would exhaust the stack long before a flow collection of thousands of "[".
MAX_YAML_DEPTH = 100


def too_deep(text: str) -> tuple[int, int] | None:
    """Line and column where flow collections ("[", "{") nest past MAX_YAML_DEPTH, else None.
    Quoted scalars and comments are skipped roughly; a false alarm needs 100 brackets in a row."""
    depth = 0
    quote = ""
    line, line_start = 1, 0
    for i, c in enumerate(text):
        if c == "\n":
            line, line_start = line + 1, i + 1
            quote = "" if quote == "#" else quote
        elif quote:
            if c == quote:  # a comment ("#") ends at the newline, above
                quote = ""
        elif c in "\"'" or (c == "#" and (i == 0 or text[i - 1] in " \t")):
            quote = c
        elif c in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return line, i - line_start + 1
        elif c in "]}":
            depth = max(0, depth - 1)
    return None


def compose_yaml(text: str, *, fast: bool = False) -> yaml.Node | None:
    """The YAML node tree of `text` (positions kept; nothing constructed, so no tag can run code).

    `fast`: with libyaml where PyYAML has it, which composes a reference set in a fifth of the
    time (a fully cached re-check notices). Its positions differ from the pure-Python
    composer's in corners (an empty value in a flow mapping), so a caller reports errors from
    a second, pure-Python pass.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
    return yaml.compose(text, Loader=loader)


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Parser:
    """Validates one reference text node by node, collecting every error instead of stopping."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[ReferenceSetError] = []
        self.ids: list[tuple[str, int, int]] = []  # each valid fact id with its 1-based position

    def at(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.errors.append(ReferenceSetError(message, path=self.path, line=line, column=column))

    def error(self, message: str, node: yaml.Node) -> None:
        self.at(message, *_position(node))

    def read(self, path: Path) -> str | None:
        line = column = None
        try:
            data, size = read_bounded(path, MAX_BYTES)
            if size <= MAX_BYTES:
                return data.decode("utf-8-sig")  # an editor's BOM is not content
            message = "reference file too large"
        except FileProblem as exc:
            message = "reference file not found" if exc.missing else f"cannot read reference file: {exc}"
        except UnicodeDecodeError as exc:
            message = f"not valid UTF-8 text (byte 0x{data[exc.start]:02x})"
            line, column = utf8_error_position(data, exc.start)
        self.at(message, line, column)
        return None

    def load(self, path: Path) -> ReferenceSet | None:
        text = self.read(path)
        return None if text is None else self.parse(text)

    def compose(self, text: str, *, fast: bool = False) -> yaml.Node | None:
        """The node tree (None, after recording why, when the text is not usable YAML)."""
        line = column = None
        if (deep := too_deep(text)) is not None:
            self.at("invalid YAML: nested too deeply", *deep)
            return None
        try:
            root = compose_yaml(text, fast=fast) if len(text) <= MAX_BYTES else None
            if root is not None and not (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
                return root
            message = "empty reference file" if len(text) <= MAX_BYTES else "reference file too large"
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = "invalid YAML: " + ", ".join(part for part in (exc.context, exc.problem) if part)
            line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        except yaml.reader.ReaderError as exc:  # a control character; the reader only knows its offset
            message = f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}"
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - text.rfind("\n", 0, exc.position)
        except RecursionError:  # the composer recurses once per nesting level
            message = "invalid YAML: nested too deeply"
        self.at(message, line, column)
        return None

    def parse(self, text: str) -> ReferenceSet | None:
        """The set, or None after at least one error was recorded."""
        found = self.validate(text, fast=True)
        if self.errors:  # errors name the pure-Python composer's positions, always
            self.errors, self.ids = [], []
            found = self.validate(text, fast=False)
        return found

    def validate(self, text: str, *, fast: bool) -> ReferenceSet | None:
        root = self.compose(text, fast=fast)
        if root is None:
            return None
        self.check_duplicate_keys(root)
        if not isinstance(root, yaml.MappingNode):
            self.error("a reference file must be a mapping with 'name', 'description' and 'facts'", root)
            return None
        fields = self.fields(root, SET_KEYS, "key", "")
        for key in ("name", "facts"):
            if key not in fields:
                self.error(f"reference set is missing required key '{key}'", root)
        name = self.text(fields, "name", required=True)
        description = self.text(fields, "description", required=False) or ""
        node = fields.get("facts")
        items: list[yaml.Node] = node.value if isinstance(node, yaml.SequenceNode) else []
        if node is not None and not isinstance(node, yaml.SequenceNode) and node.tag != _NULL:
            self.error("'facts' must be a list of facts", node)
        elif node is not None and not items:
            self.error("'facts' must not be empty", node)
        facts = [fact for n, item in enumerate(items, 1) if (fact := self.fact(item, n, name or ""))]
        if self.errors or name is None:
            return None
        return ReferenceSet(name=name, description=description, path=self.path, facts=tuple(facts))

    def check_duplicate_keys(self, root: yaml.Node) -> None:
        # Iterative, and each node once: aliases share nodes and may even form cycles.
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                keys: set[str] = set()
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in keys:
                            self.error(f"duplicate key '{key.value}'", key)
                        keys.add(key.value)
                    stack.extend((key, value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)

    def fields(self, node: yaml.MappingNode, allowed: tuple[str, ...], noun: str,
               where: str) -> dict[str, yaml.Node]:
        """Value node of each allowed key (the first, when repeated); unknown keys are reported."""
        fields: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.error(f"{noun}s must be strings", key)
            elif key.value not in allowed:
                close = difflib.get_close_matches(str(key.value), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.error(f"unknown {noun} '{key.value}'{where}{hint}", key)
            else:
                fields.setdefault(str(key.value), value)
        return fields

    def fact(self, node: yaml.Node, number: int, set_name: str) -> ReferenceFact | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(f"fact #{number} must be a mapping of fields", node)
            return None
        ids = [str(v.value).strip() for k, v in node.value  # name the fact by its id when it has one
               if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode) and v.tag != _NULL]
        label = f"fact '{ids[0]}'" if ids and ids[0] else f"fact #{number}"
        fields = self.fields(node, FACT_FIELDS, "field", f" in {label}")
        # A misspelt required field is one mistake: its did-you-mean already says what is missing.
        misspelt = {m for k, _ in node.value for m in difflib.get_close_matches(str(getattr(k, "value", "")),
                                                                             FACT_FIELDS, n=1)}
        for name in REQUIRED_FIELDS:
            if name not in fields and name not in misspelt:
                self.error(f"{label} is missing required field '{name}'", node)
        fact_id = self.text(fields, "id", required=True)
        if fact_id is not None and not _ID.fullmatch(fact_id):
            self.error(_bad_id(fact_id), fields["id"])
            fact_id = None
        elif fact_id is not None:
            self.ids.append((fact_id, *_position(fields["id"])))
        statement = self.text(fields, "statement", required=True)
        sources = self.strings(fields, "sources", required=True)
        as_of, review_by = self.date(fields, "as_of"), self.date(fields, "review_by")
        aliases, tags = self.strings(fields, "aliases"), self.strings(fields, "tags")
        once = self.flag(fields, "once")
        if fact_id is None or statement is None or sources is None:
            return None
        line, column = _position(fields["statement"])
        return ReferenceFact(id=fact_id, statement=statement, sources=sources, path=self.path,
                             line=line, column=column, set_name=set_name, as_of=as_of,
                             review_by=review_by, aliases=aliases or (), tags=tags or (), once=once)

    def text(self, fields: dict[str, yaml.Node], name: str, *, required: bool) -> str | None:
        """The stripped scalar text; "" for an empty optional value; None when missing or invalid."""
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(f"'{name}' must be a string", node)
            return None
        text = "" if node.tag == _NULL else str(node.value).strip()
        if required and not text:
            self.error(f"'{name}' must not be empty", node)
            return None
        return text

    def flag(self, fields: dict[str, yaml.Node], name: str) -> bool:
        """A true/false field (YAML 1.1's yes/no/on/off are refused: "no" means Norway to some)."""
        node = fields.get(name)
        if node is None or node.tag == _NULL:
            return False
        text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
        if text.lower() not in ("true", "false"):
            self.error(f"'{name}' must be true or false" + (f" (got '{text}')" if text else ""), node)
            return False
        return text.lower() == "true"

    def date(self, fields: dict[str, yaml.Node], name: str) -> str | None:
        text = self.text(fields, name, required=False)
        if not text:
            return None
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError(text)
            dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))  # rejects 2025-13 and 2025-02-30
        except ValueError:
            self.error(f"'{name}' must be a date: YYYY-MM-DD, YYYY-MM or YYYY (got '{text}')", fields[name])
            return None
        return text

    def strings(self, fields: dict[str, yaml.Node], name: str, *,
                required: bool = False) -> tuple[str, ...] | None:
        node = fields.get(name)
        if node is None:
            return None
        if not isinstance(node, yaml.SequenceNode) and node.tag != _NULL:
            self.error(f"'{name}' must be a list of strings", node)
            return None
        items: list[yaml.Node] = node.value if isinstance(node, yaml.SequenceNode) else []
        if required and not items:
            self.error(f"'{name}' must not be empty", node)
            return None
        values: list[str] = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or item.tag == _NULL:
                self.error(f"'{name}' must be a list of strings", item)
            elif not str(item.value).strip():
                self.error(f"'{name}' must not contain empty strings", item)
            else:
                values.append(str(item.value).strip())
        return tuple(values) if len(values) == len(items) else None


def _finish(parsers: Sequence[_Parser]) -> None:
    """Check fact ids across all parsed sets, then raise every error, file by file, in position order."""
    first: dict[str, str] = {}
    errors: list[CheckerError] = []
    for parser in parsers:
        for fact_id, line, column in parser.ids:
            if fact_id in first:
                parser.at(f"duplicate fact id '{fact_id}' (first defined at {first[fact_id]})", line, column)
            else:
                first[fact_id] = f"{parser.path}:{line}:{column}"
        errors.extend(sorted(parser.errors, key=lambda e: (e.line or 0, e.column or 0)))
    if errors:
        raise ErrorList(errors)


def find_reference_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given, folders expanded to their *.yml and *.yaml files (recursive, sorted), no repeats."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        try:
            what = kind(path)
        except FileProblem as exc:
            raise ReferenceSetError(f"cannot read reference file: {exc}", path=str(given)) from None
        if what == "dir":
            found.extend(_reference_files_below(path))
        elif what == "missing":
            raise ReferenceSetError("reference file not found", path=str(given))
        else:
            found.append(path)  # not a regular file: reading it says so
    unique: dict[Path, Path] = {}  # a file named directly and again inside a folder is loaded once
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _reference_files_below(folder: Path) -> list[Path]:
    """Every *.yml and *.yaml file below `folder`, sorted; links to folders are not followed,
    so a link loop (`refs/a -> .`) is walked once."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(Path(root) / n for n in names if n.endswith(SUFFIXES))
    return sorted(p for p in found if is_regular(p))


def load_reference_sets(paths: Sequence[str | Path]) -> tuple[ReferenceSet, ...]:
    """Every set under `paths`, with fact ids unique across all of them; raises ErrorList on any problem."""
    files = find_reference_files(paths)
    parsers = [_Parser(str(path)) for path in files]
    sets = [ref for parser, path in zip(parsers, files, strict=True) if (ref := parser.load(path))]
    _finish(parsers)
    return tuple(sets)


def load_reference_file(path: str | Path) -> ReferenceSet:
    """One reference file, validated; raises ErrorList on any problem."""
    parser = _Parser(str(path))
    return _single(parser, parser.load(Path(path)))


def reference_set_from_text(text: str, *, path: str = "<reference>") -> ReferenceSet:
    """A set from YAML in memory, validated like a file; `path` names it in errors and facts."""
    parser = _Parser(path)
    return _single(parser, parser.parse(text))


def _single(parser: _Parser, reference: ReferenceSet | None) -> ReferenceSet:
    _finish([parser])
    if reference is None:  # parse returns None only after recording an error, which _finish raises
        raise ReferenceSetError("no reference set could be read", path=parser.path)
    return reference


def single_fact_set(statement: str, *, fact_id: str = "fact", path: str = "<reference>") -> ReferenceSet:
    """A one-fact set from a bare statement (source "<inline>"), for evaluation and quick checks."""
    if not _ID.fullmatch(fact_id):
        raise ReferenceSetError(_bad_id(fact_id), path=path)
    if not statement.strip():
        raise ReferenceSetError("'statement' must not be empty", path=path)
    unicode_text(statement, path)
    fact = ReferenceFact(id=fact_id, statement=statement.strip(), sources=("<inline>",), path=path, line=1,
                         column=1, set_name="inline")
    return ReferenceSet(name="inline", description="", path=path, facts=(fact,))

"""The config file: discovery, validation (every message exact), Settings mapping, JSON schema, starter."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml

from checker.config import (
    SCHEMA_PATH,
    STARTER_CONFIG,
    Config,
    config_from_text,
    config_json_schema,
    default_config,
    find_config,
    load_config,
)
from checker.errors import ConfigError, ErrorList
from checker.judge.detectors import RULES
from checker.model import Severity
from checker.settings import Settings


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(text: str, base: Path) -> str:
    with pytest.raises(ErrorList) as info:
        config_from_text(text, path="c.yml", base=base)
    return str(info.value)


# Discovery


def test_explicit_beats_env_beats_search(tmp_path: Path) -> None:
    explicit, from_env = write(tmp_path / "a.yml"), write(tmp_path / "b.yml")
    write(tmp_path / ".checker.yml")
    env = {"CHECKER_CONFIG": str(from_env)}
    assert find_config(str(explicit), env=env, cwd=tmp_path) == explicit
    assert find_config(None, env=env, cwd=tmp_path) == from_env
    assert find_config(None, env={"CHECKER_CONFIG": ""}, cwd=tmp_path) == tmp_path / ".checker.yml"
    assert find_config(None, env={}, cwd=tmp_path) == tmp_path / ".checker.yml"


@pytest.mark.parametrize(("explicit", "env", "message"), [
    ("missing.yml", {}, "missing.yml: config file not found"),
    (None, {"CHECKER_CONFIG": "gone.yml"}, "gone.yml: config file not found (from CHECKER_CONFIG)"),
])
def test_named_config_must_exist(tmp_path: Path, explicit: str | None, env: dict[str, str], message: str) -> None:
    write(tmp_path / ".checker.yml")  # never a fallback for a named file
    with pytest.raises(ConfigError) as info:
        find_config(explicit, env=env, cwd=tmp_path)
    assert str(info.value) == message


def test_search_goes_up_to_the_repository_root_and_stops(tmp_path: Path) -> None:
    write(tmp_path / ".checker.yml")  # above the repository: never used
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    deep = repo / "docs" / "drafts"
    deep.mkdir(parents=True)
    assert find_config(None, env={}, cwd=deep) is None
    config = write(repo / ".checker.yaml")
    assert find_config(None, env={}, cwd=deep) == config
    nearer = write(repo / "docs" / ".checker.yml")
    assert find_config(None, env={}, cwd=deep) == nearer


def test_search_without_repository_reaches_the_filesystem_root(tmp_path: Path) -> None:
    config = write(tmp_path / ".checker.yml")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_config(None, env={}, cwd=tmp_path / "a" / "b") == config


def test_git_file_marks_a_repository_root_too(tmp_path: Path) -> None:
    write(tmp_path / ".checker.yml")
    write(tmp_path / "worktree" / ".git", "gitdir: elsewhere\n")
    assert find_config(None, env={}, cwd=tmp_path / "worktree") is None


def test_both_names_in_one_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / ".checker.yml")
    write(tmp_path / ".checker.yaml")
    with pytest.raises(ConfigError) as info:
        find_config(None, env={}, cwd=tmp_path)
    assert str(info.value) == (f"two config files in one folder: {tmp_path / '.checker.yml'} and "
                               f"{tmp_path / '.checker.yaml'} (keep one)")


def test_relative_cwd_gives_a_short_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".checker.yml")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert find_config(None, env={}, cwd=Path(".")) == Path("../.checker.yml")
    monkeypatch.chdir(tmp_path)
    assert find_config(None, env={}, cwd=Path(".")) == Path(".checker.yml")


# Loading


def test_empty_file_and_no_file_give_the_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / ".checker.yml", "# nothing set yet\n"))
    assert config.path == tmp_path / ".checker.yml"
    assert (config.references, config.include, config.exclude) == ((), ("**/*.md", "**/*.markdown", "**/*.txt"), ())
    assert (config.fail_on, config.model, dict(config.rules)) == (Severity.ERROR, None, {})
    assert config.settings == Settings()
    assert default_config().settings == Settings()
    assert default_config().path is None


def test_references_folder_next_to_the_config_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "references").mkdir()
    assert load_config(write(tmp_path / ".checker.yml")).references == (str(tmp_path / "references"),)
    monkeypatch.chdir(tmp_path)
    assert default_config().references == ("references",)


def test_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project / "refs" / "a.yml")
    (project / "models" / "mini").mkdir(parents=True)
    config = load_config(write(project / ".checker.yml", "references: [refs/a.yml, refs/]\nmodel: models/mini\n"))
    assert config.references == (str(project / "refs" / "a.yml"), str(project / "refs"))
    assert config.model == config.settings.model == str(project / "models" / "mini")
    assert config.folder == project


def test_globs_expand_sorted_at_load_time(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yml", "sub/c.yml", "notes.txt"):
        write(tmp_path / "extra" / name)
    config = config_from_text("references: ['extra/*.yml', 'extra/**/c.yml']", base=tmp_path)
    assert config.references == tuple(str(tmp_path / "extra" / n) for n in ("a.yml", "b.yml", "sub/c.yml"))


def test_full_config_fills_settings(tmp_path: Path) -> None:
    config = config_from_text("""\
include: ["articles/**/*.md"]
exclude: ["drafts/**"]
fail-on: warning
similarity: {claims: 0.5, references: 1, neighbours: 8}
rules:
  date-mismatch: {enable: true, severity: warning}
  negation: disable
  number-mismatch: {enable: false, severity: info}
""", base=tmp_path)
    assert (config.include, config.exclude, config.fail_on) == (("articles/**/*.md",), ("drafts/**",),
                                                                 Severity.WARNING)
    assert config.settings == Settings(neighbours=8, claim_similarity=0.5, reference_similarity=1.0,
                                       disabled=frozenset({"negation", "number-mismatch"}),
                                       severities={"date-mismatch": Severity.WARNING,
                                                   "number-mismatch": Severity.INFO})
    assert {k: dict(v) for k, v in config.rules.items()} == {
        "date-mismatch": {"enable": True, "severity": "warning"}, "negation": {"enable": False},
        "number-mismatch": {"enable": False, "severity": "info"}}


def test_include_and_exclude_select_paths_relative_to_the_config(tmp_path: Path) -> None:
    config = config_from_text('include: ["articles/**/*.md", "*.txt"]\nexclude: ["drafts/**", "articles/old/"]',
                              base=tmp_path)
    picks = {rel: config.selects(tmp_path / rel) for rel in (
        "articles/a.md", "articles/x/y/b.md", "articles/a.txt", "notes.txt", "sub/notes.txt",
        "drafts/articles/a.md", "articles/old/c.md")}
    assert picks == {"articles/a.md": True, "articles/x/y/b.md": True, "articles/a.txt": False, "notes.txt": True,
                     "sub/notes.txt": False, "drafts/articles/a.md": False, "articles/old/c.md": False}
    default = default_config()
    assert default.selects("a.md") and default.selects("x/y/z.markdown") and not default.selects("a.rst")


# Errors: every message exact


@pytest.mark.parametrize(("text", "message"), [
    ("refrences: []", "c.yml:1:1: unknown key 'refrences' (did you mean 'references'?)"),
    ("colour: red", "c.yml:1:1: unknown key 'colour' (expected one of: references, include, exclude, fail-on, "
                    "model, similarity, confidence, rules)"),
    ("fail-on: errors", "c.yml:1:10: fail-on: must be one of error, warning, info (got 'errors'; did you mean "
                        "'error'?)"),
    ("fail-on: 2", "c.yml:1:10: fail-on: must be one of error, warning, info (got 2)"),
    ("similarity:\n  claims: high", "c.yml:2:11: similarity.claims: must be a number between 0 and 1 (got 'high')"),
    ("similarity: {references: 1.5}",
     "c.yml:1:26: similarity.references: must be a number between 0 and 1 (got 1.5)"),
    ("similarity: {neighbours: 0}", "c.yml:1:26: similarity.neighbours: must be a whole number between 1 and 100 "
                                    "(got 0)"),
    ("similarity: {neighbours: 2.5}", "c.yml:1:26: similarity.neighbours: must be a whole number between 1 and "
                                      "100 (got 2.5)"),
    ("similarity: {claim: 0.3}", "c.yml:1:14: unknown key 'claim' in similarity (did you mean 'claims'?)"),
    ("similarity: 0.3", "c.yml:1:13: similarity: must be a mapping (got 0.3)"),
    ("references: nothere.yml", "c.yml:1:13: references: must be a list of strings (got 'nothere.yml')"),
    ("references: [nothere.yml]", "c.yml:1:14: references: reference file not found: nothere.yml"),
    ("references: ['none/*.yml']", "c.yml:1:14: references: no file matches 'none/*.yml'"),
    ("include: [1, '']", "c.yml:1:11: include: must be a list of strings (got 1)\n"
                         "c.yml:1:14: include: must not contain empty strings"),
    ("exclude: {a: 1}", "c.yml:1:10: exclude: must be a list of strings (got a mapping)"),
    ("model: nomodel", "c.yml:1:8: model: model folder not found: nomodel"),
    ("model: [a]", "c.yml:1:8: model: must be the path of a model folder or null (got a list)"),
    ("rules:\n  date-mismatc: disable", "c.yml:2:3: unknown rule 'date-mismatc' (did you mean 'date-mismatch'?)"),
    ("rules: {date-mismatch: {sevrity: warning}}",
     "c.yml:1:25: unknown option 'sevrity' for rule 'date-mismatch' (did you mean 'severity'?)"),
    ("rules: {negation: {severity: warn}}",
     "c.yml:1:30: rules.negation.severity: must be one of error, warning, info (got 'warn'; did you mean "
     "'warning'?)"),
    ("rules: {negation: {enable: maybe}}", "c.yml:1:28: rules.negation.enable: must be true or false (got 'maybe')"),
    ("rules: {negation: disabel}", "c.yml:1:19: rules.negation: must be enable, disable or a mapping with enable "
                                   "and severity (got 'disabel'; did you mean 'disable'?)"),
    ("rules: {negation: }", "c.yml:1:18: rules.negation: must be enable, disable or a mapping with enable and "
                            "severity (got null)"),
    ("rules: [negation]", "c.yml:1:8: rules: must be a mapping (got a list)"),
    ("fail-on: error\nfail-on: info", "c.yml:2:1: duplicate key 'fail-on'"),
    ("- fail-on", "c.yml:1:1: a config file must be a mapping of keys (got a list)"),
    ("fail-on: [error", "c.yml:1:16: invalid YAML: while parsing a flow sequence, expected ',' or ']', "
                        "but got '<stream end>'"),
    ("fail-on: error\n  bad: indent", "c.yml:2:6: invalid YAML: mapping values are not allowed here"),
    ("a: \x01", "c.yml:1:4: invalid YAML: unacceptable character #x0001: special characters are not allowed"),
    # tags are never constructed: a tagged list is just a list
    ("references: !!python/object/apply:os.system [x]", "c.yml:1:46: references: reference file not found: x"),
])
def test_error_messages(tmp_path: Path, text: str, message: str) -> None:
    assert errors(text, tmp_path) == message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / ".checker.yml", """\
refrences: [refs/]
references: [nothere.yml]
similarity:
  claims: high
""")
    with pytest.raises(ErrorList) as info:
        load_config(path)
    assert str(info.value).splitlines() == [
        f"{path}:1:1: unknown key 'refrences' (did you mean 'references'?)",
        f"{path}:2:14: references: reference file not found: nothere.yml",
        f"{path}:4:11: similarity.claims: must be a number between 0 and 1 (got 'high')",
    ]
    assert all(isinstance(e, ConfigError) for e in info.value.errors)


def test_unreadable_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_bytes(b"fail-on: \xff\n")
    with pytest.raises(ConfigError) as info:
        load_config(bad)
    assert str(info.value) == f"{bad}:1:10: config file is not valid UTF-8 (byte 0xff)"


# JSON schema and starter


def test_committed_schema_matches_the_validator_tables() -> None:
    schema = config_json_schema()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        SCHEMA_PATH.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    jsonschema.Draft7Validator.check_schema(schema)
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == schema, (
        "checker/config-schema.json is stale: regenerate it with UPDATE_GOLDEN=1 pytest tests/test_config.py")


def test_schema_documents_every_property() -> None:
    def walk(node: object) -> None:
        if isinstance(node, dict):
            for prop in node.get("properties", {}).values():
                assert prop.get("description"), prop
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config_json_schema())
    rules = config_json_schema()["properties"]["rules"]  # type: ignore[index]
    assert rules["propertyNames"]["enum"] == list(RULES)


@pytest.mark.parametrize("text", [
    "fail-on: info", "fail-on: fatal", "similarity: {claims: 2}", "similarity: {neighbours: 5.0}",
    "similarity: {neighbours: 0.5}", "rules: {negation: enable}", "rules: {negation: off}",
    "rules: {negation: {enable: false, severity: info}}", "rules: {negation: {severity: high}}",
    "rules: {negate: disable}", "exclude: ['drafts/**']", "exclude: ['']", "model: null", "model: 3", "color: red",
])
def test_schema_and_validator_agree(tmp_path: Path, text: str) -> None:
    schema_ok = jsonschema.Draft7Validator(config_json_schema()).is_valid(yaml.safe_load(text))
    try:
        config_from_text(text, base=tmp_path)
        validator_ok = True
    except ErrorList:
        validator_ok = False
    assert schema_ok == validator_ok


def test_starter_config_loads_and_validates(tmp_path: Path) -> None:
    (tmp_path / "references").mkdir()
    config = config_from_text(STARTER_CONFIG, path=".checker.yml", base=tmp_path)
    jsonschema.validate(yaml.safe_load(STARTER_CONFIG), config_json_schema())
    properties = config_json_schema()["properties"]
    assert isinstance(properties, dict) and set(yaml.safe_load(STARTER_CONFIG)) == set(properties)  # every key
    assert config.references == (str(tmp_path / "references"),)
    assert set(config.rules) == set(RULES)  # a new rule needs a line in the starter
    assert {r: Severity.parse(str(o["severity"])) for r, o in config.rules.items()} == {
        r.id: r.severity for r in RULES.values()}
    defaults = default_config()
    assert (config.include, config.exclude, config.fail_on) == (defaults.include, defaults.exclude, defaults.fail_on)
    assert (config.settings.neighbours, config.settings.claim_similarity, config.settings.reference_similarity,
            config.settings.disabled) == (5, 0.3, 0.3, frozenset())
    assert (config.settings.error_confidence, config.settings.warning_confidence,
            config.settings.info_confidence) == (None, None, None)  # the measured cuts
    assert isinstance(config, Config)

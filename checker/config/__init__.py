"""Project configuration: a `.checker.yml` (or `.checker.yaml`) file, found like this:

1. `--config PATH`, then the `CHECKER_CONFIG` environment variable (a missing file is an error);
2. otherwise, as ruff does, the nearest `.checker.yml` / `.checker.yaml` above the checked
   paths (a folder itself, a file's folder, the current folder for standard input), stopping at
   the repository root (the first folder with `.git`); none found: the defaults. Paths of two
   projects (two different configs) in one run are an error: findings compare the documents of
   one run with each other and with one set of references.

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
    confidence:                             # severity by calibrated confidence (default: measured cuts)
      error: 0.8                            # an error from this confidence on
      warning: 0.5                          # a warning from here; info below, down to
      info: 0.15                            # the floor: below it a finding is not reported
    rules:                                  # rule ids: `checker rules`; severity: the most a rule reaches
      date-mismatch: {enable: true, severity: warning}
      negation: disable                     # shorthand: enable | disable

Unknown keys, wrong types and missing reference files are all reported together, one
`PATH:LINE:COLUMN: key: problem` line each, with a did-you-mean for misspellings.
`checker/config-schema.json` is the same schema for editors; `config_json_schema()` builds it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from checker.config.schema import (
    CONFIG_NAMES,
    ENV_VAR,
    SCHEMA_PATH,
    STARTER_CONFIG,
    Config,
    config_json_schema,
)
from checker.config.validator import Validator
from checker.errors import ConfigError, ErrorList
from checker.inputs.files import FileProblem, read_bounded, utf8_error_position

__all__ = ["CONFIG_NAMES", "ENV_VAR", "SCHEMA_PATH", "STARTER_CONFIG", "Config", "config_from_text",
           "config_json_schema", "default_config", "find_config", "find_config_for", "load_config"]


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


def find_config_for(paths: Sequence[str], explicit: str | None, *, env: Mapping[str, str]) -> Path | None:
    """The config of a run over `paths`: `explicit`, else $CHECKER_CONFIG, else the one nearest
    above every checked path (see the module's docstring); raises ConfigError for paths of two
    projects."""
    if explicit is not None or env.get(ENV_VAR):
        return find_config(explicit, env=env, cwd=Path("."))
    found: dict[Path, Path] = {}
    for given in paths or ["."]:
        start = Path(".") if given == "-" else Path(given) if os.path.isdir(given) else Path(given).parent
        if not start.is_dir():
            continue  # a missing path is reported when it is read
        config = find_config(None, env={}, cwd=start)
        if config is not None:
            found.setdefault(config.resolve(), config)
    if len(found) > 1:
        first, second = list(found.values())[:2]
        raise ConfigError(f"the paths belong to two projects, configured by {first} and {second}; check each "
                          "project in a run of its own, or choose one config with --config")
    return next(iter(found.values()), None)


def default_config() -> Config:
    """The settings without a config file (references: ./references when that folder exists)."""
    return Validator("<default>", Path(".")).build({})


# A config is a few dozen lines; anything near this is not one.
MAX_CONFIG_BYTES = 1_000_000


def load_config(path: Path) -> Config:
    """The validated config in `path`; raises ConfigError (unreadable) or ErrorList (every problem)."""
    try:
        data, size = read_bounded(path, MAX_CONFIG_BYTES)
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(f"config file too large (the limit is {MAX_CONFIG_BYTES // 1000} kB)", path=str(path))
        text = data.decode("utf-8-sig")
    except FileProblem as exc:
        message = "config file not found" if exc.missing else f"cannot read config file: {exc}"
        raise ConfigError(message, path=str(path)) from None
    except UnicodeDecodeError as exc:
        line, column = utf8_error_position(data, exc.start)
        raise ConfigError(f"config file is not valid UTF-8 (byte 0x{data[exc.start]:02x})", path=str(path),
                          line=line, column=column) from None
    return dataclasses.replace(config_from_text(text, path=str(path), base=path.parent), path=path)


def config_from_text(text: str, *, path: str = "<config>", base: Path) -> Config:
    """A config from YAML text; relative paths resolve against `base`; `path` names it in errors."""
    validator = Validator(path, base)
    config = validator.parse(text)
    if validator.errors or config is None:
        raise ErrorList(sorted(validator.errors, key=lambda e: (e.line or 0, e.column or 0)))
    return config

"""The pre-commit hook (.pre-commit-hooks.yaml) pins what pip would otherwise resolve freely.

pre-commit installs a hook repository with `pip install . <additional_dependencies>` and no
constraints file, so the hook's additional_dependencies must carry constraints.txt's pins itself.
Which pins: those of the runtime closure, every package that `pip install .` pulls in, found by
walking the requirements of pyproject.toml's [project] dependencies through the installed
packages' metadata (markers evaluated here, no extras). The other pins in constraints.txt are
the dev extra's closure (pytest, mypy, ruff, jsonschema, types-PyYAML, import-linter and its
grimp, hypothesis and its sortedcontainers): pinning them in the hook would install them in every
hook environment. A pin that is in neither closure fails the test, so a new pin gets sorted here.
Names compare as pip compares them (PEP 503), and the entries must be spelt as in constraints.txt.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
[HOOK] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def constraints() -> dict[str, str]:
    """constraints.txt: the pin line of each package, by normalised name."""
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", line), line
            pins[canonicalize_name(line.split("==")[0])] = line
    return pins


def closure(requirements: list[str]) -> set[str]:
    """Every package these requirements install here, themselves included (normalised names)."""
    seen: set[tuple[str, str]] = set()  # (package, extra); "" for the package itself
    todo = [(Requirement(text), "") for text in requirements]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        wanted = {"", *(canonicalize_name(extra) for extra in requirement.extras)} - {
            extra for package, extra in seen if package == name
        }
        if not wanted:
            continue
        seen.update((name, extra) for extra in wanted)
        try:
            requires = distribution(requirement.name).requires or []
        except PackageNotFoundError as missing:
            raise AssertionError(f"{requirement.name} is not installed: run the tests in the project's .venv") from (
                missing
            )
        todo.extend((Requirement(text), extra) for extra in wanted for text in requires)
    return {package for package, _ in seen}


def test_hook_pins_the_runtime_closure_as_constraints_does() -> None:
    pins = constraints()
    runtime = closure(PROJECT["dependencies"])
    development = closure(PROJECT["optional-dependencies"]["dev"]) - runtime
    expected = {pins[name] for name in runtime & pins.keys()}
    hook = HOOK["additional_dependencies"]
    assert len(hook) == len(set(hook)), "a dependency listed twice"
    assert sorted(hook) == sorted(expected)
    # Everything else pinned is for development only, and those are the ones named above.
    unsorted = pins.keys() - runtime - development
    assert not unsorted, f"pinned for neither running nor developing: {sorted(unsorted)}"
    assert pins.keys() - runtime == {
        "pytest", "mypy", "ruff", "jsonschema", "types-pyyaml", "import-linter", "grimp", "hypothesis",
        "sortedcontainers", "playwright", "greenlet",  # development: the HTML report's browser tests
        "pygls", "lsprotocol", "cattrs", "attrs",  # the lsp extra, which the hook does not install
    }


def test_hook_pins_torch_and_satisfy_pyproject() -> None:
    hook = {
        canonicalize_name(pin.split("==")[0]): Version(pin.split("==")[1]) for pin in HOOK["additional_dependencies"]
    }
    assert hook["torch"] == Version("2.13.0")
    for text in PROJECT["dependencies"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in hook, f"{name} unpinned"
        assert requirement.specifier.contains(hook[name]), f"{pin_of(name)} does not satisfy {text}"


def pin_of(name: str) -> str:
    return next(pin for pin in HOOK["additional_dependencies"] if canonicalize_name(pin.split("==")[0]) == name)


def test_hook_skips_what_the_config_does_not_select() -> None:
    assert HOOK["id"] == "checker"
    assert HOOK["entry"].split() == ["checker", "check", "--force-exclude"]
    assert HOOK["language"] == "python"
    assert HOOK["require_serial"] is True
    assert HOOK["pass_filenames"] is True
    assert HOOK["types_or"] == ["markdown", "text"]
    assert all(re.search(HOOK["files"], name) for name in ("a.md", "b.markdown", "c.txt"))
    assert not any(re.search(HOOK["files"], name) for name in ("facts.yml", "script.py", "notes.md.bak"))

"""The composite GitHub Action (action.yml), its shell steps run as GitHub runs them.

The `uses:` steps (the caches, the SARIF upload) are GitHub's own actions and are not run here;
every `run:` step is, in order, with bash started as GitHub starts it (`bash --noprofile --norc
-eo pipefail`), the variables GitHub gives a step, a fresh GITHUB_OUTPUT file per step, and the
step's `${{ }}` expressions substituted from the inputs and earlier steps' outputs (an expression
the test does not know fails it). Where the action keeps its virtual environment, the test puts a
symlink to this project's own environment, so the install step finds checker working and installs
nothing; the real model runs. The action points CHECKER_CACHE_DIR under RUNNER_TEMP, a temporary
folder here, so nothing is written to the user's cache.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.conftest import git

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, object]] = ACTION["runs"]["steps"]
STEP_IDS = {str(step["id"]) for step in STEPS if "id" in step}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)

HARLOW = "# The Harlow bridge\n\nThe Harlow bridge opened in 1931. Its steel arch spans the river Wend at Millbrook.\n"
CROSSINGS = "# Crossings of the Wend\n\nThe Harlow bridge, opened in 1934, carries the county road over the Wend.\n"
BRIDGES = """\
name: bridges
description: Opening dates of the county's bridges.
facts:
  - id: harlow-opened-1931
    statement: The Harlow bridge opened in 1931.
    sources:
      - https://example.org/county-archive/harlow-bridge
    as_of: 2025-01-15
"""
# As checker prints it (GitHub's workflow command: %0A is a new line in the annotation).
ANNOTATION = (
    "::error file=articles/crossings.md,line=3,col=20,endLine=3,endColumn=34,title=date-mismatch::"
    "bridge opened: 1934 here, 1931 at articles/harlow.md:3 and reference harlow-opened-1931"
    "%0A  related: articles/harlow.md:3:1: The Harlow bridge opened in 1931."
    "%0A  related: reference harlow-opened-1931 (reference sets/bridges.yml:5:16): The Harlow bridge opened in 1931."
    " (source: https://example.org/county-archive/harlow-bridge)"
)


# What GitHub gives a run of the published action (the test runs it as `uses: OWNER/checker@v1`).
GITHUB = {"github.action_repository": "example/checker", "github.action_ref": "v1"}


def substitute(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    """`text` with its `${{ }}` expressions replaced, as GitHub would for a composite action's step."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if found := re.fullmatch(r"inputs\.([\w-]+)", expression):
            assert found.group(1) in ACTION["inputs"], f"no such input: {match.group(0)}"
            return inputs[found.group(1)]
        if found := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression):
            assert found.group(1) in STEP_IDS, f"no such step: {match.group(0)}"
            return outputs.get(found.group(1), {}).get(found.group(2), "")
        if expression == "github.action_path":
            return str(ROOT)
        if expression in GITHUB:
            return GITHUB[expression]
        raise AssertionError(f"an expression this test does not substitute: {match.group(0)}")

    return EXPRESSION.sub(value, text)


def read_outputs(path: Path) -> dict[str, str]:
    """A GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks."""
    outputs: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: list[str] = []
            for part in lines:
                if part == delimiter:
                    break
                block.append(part)
            outputs[name] = "\n".join(block)
        elif line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


@dataclass
class ActionRun:
    inputs: dict[str, str]
    steps: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""

    def output(self, name: str) -> str:
        """One of the action's own outputs."""
        return substitute(ACTION["outputs"][name]["value"], self.inputs, self.outputs)

    def log(self, step: str) -> str:
        """What a step printed, as GitHub's log shows it."""
        return self.steps[step].stdout + self.steps[step].stderr

    @property
    def annotations(self) -> list[str]:
        return [line for line in self.steps["check"].stdout.splitlines() if line.startswith("::")]


def run_action(workspace: Path, runner_temp: Path, **given: str) -> ActionRun:
    """Runs the action's shell steps in `workspace`, until one fails (later ones would be skipped)."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    given = {name.replace("_", "-"): value for name, value in given.items()}
    assert set(given) <= set(inputs), f"no such input: {set(given) - set(inputs)}"
    inputs.update(given)
    run = ActionRun(inputs)
    summary = runner_temp / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    base = {name: value for name, value in os.environ.items() if not name.startswith(("GITHUB_", "RUNNER_"))}
    base.update(
        GITHUB_ACTIONS="true",
        CI="true",
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_RUN_ID="4242",
        GITHUB_RUN_ATTEMPT="1",
        RUNNER_TEMP=str(runner_temp),
        RUNNER_OS="Linux",
        RUNNER_ARCH="X64",
    )
    for number, step in enumerate(STEPS):
        if "run" not in step:
            continue
        key = str(step.get("id", step.get("name", number)))
        # Conditions are not evaluated here: a run step with one would be run regardless.
        assert "if" not in step, f"step {key!r} has a condition this test does not evaluate"
        assert step.get("shell") == "bash", key
        env = dict(base)
        env.update({name: substitute(str(value), inputs, run.outputs) for name, value in step.get("env", {}).items()})
        output = runner_temp / f"output-{number}"
        output.write_text("", encoding="utf-8")
        env["GITHUB_OUTPUT"] = str(output)
        script = runner_temp / f"step-{number}.sh"
        script.write_text(substitute(str(step["run"]), inputs, run.outputs), encoding="utf-8")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
        run.steps[key] = result
        run.outputs[key] = read_outputs(output)
        if result.returncode != 0:
            break
    run.summary = summary.read_text(encoding="utf-8")
    return run


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP, shared by this file's runs so that the ONNX export is made once; the action's
    virtual environment there is this project's."""
    temp = tmp_path_factory.mktemp("runner-temp")
    (temp / "checker-action").mkdir()
    assert (Path(sys.prefix) / "bin" / "checker").exists(), "run the tests with the project's .venv"
    (temp / "checker-action" / "venv").symlink_to(sys.prefix, target_is_directory=True)
    return temp


@pytest.fixture
def workspace(git_repo: Path) -> Path:
    """A small editorial repository: two articles that disagree, and a reference set in a folder with a space."""
    (git_repo / "articles").mkdir()
    (git_repo / "articles" / "harlow.md").write_text(HARLOW, encoding="utf-8")
    (git_repo / "articles" / "crossings.md").write_text(CROSSINGS, encoding="utf-8")
    (git_repo / "reference sets").mkdir()
    (git_repo / "reference sets" / "bridges.yml").write_text(BRIDGES, encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "articles")
    return git_repo


def status(repo: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def test_findings_become_annotations_sarif_summary_and_a_failed_job(workspace: Path, runner_temp: Path) -> None:
    run = run_action(workspace, runner_temp, paths="articles", references='"reference sets/bridges.yml"', sarif="true")

    assert list(run.steps) == ["setup", "install", "check", "Fail on findings"]
    setup = run.outputs["setup"]
    work = runner_temp / "checker-action"
    assert setup["venv"] == str(work / "venv")
    assert setup["cache-dir"] == str(work / "cache")
    assert setup["python"] and setup["python-version"].startswith("3.")
    assert setup["venv-key"].startswith(f"checker-venv-Linux-X64-py{setup['python-version']}-")
    assert setup["cache-key"].startswith(setup["cache-key-prefix"] + "4242-1-")
    # The cache hit: checker answered, nothing was installed.
    assert run.steps["install"].stdout.strip() == f"checker 0.1.0, installed in {work / 'venv'}"
    assert run.outputs["install"] == {}

    assert run.annotations == [ANNOTATION], run.log("check")
    assert "checker: Found 1 error, 0 warnings, 0 info in 2 documents" in run.log("check")
    assert run.outputs["check"]["exit-code"] == "1"
    assert run.output("exit-code") == "1"
    # checker's cache went where the action points it, not to the user's cache folder.
    assert list((work / "cache" / "onnx").glob("*.onnx"))

    sarif = json.loads(Path(run.output("sarif-file")).read_text(encoding="utf-8"))
    assert run.output("sarif-file") == str(work / "checker.sarif")
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "date-mismatch"
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["date-mismatch"]["helpUri"] == "https://github.com/example/checker/blob/v1/docs/rules.md#date-mismatch"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "articles/crossings.md"
    assert location["region"]["startLine"] == 3

    assert run.summary.startswith("### checker: 1 error, 0 warnings, 0 info\n")
    assert "| date-mismatch | articles/crossings.md:3:20 |" in run.summary

    assert run.steps["Fail on findings"].returncode == 1
    # Every report went under RUNNER_TEMP: the workspace is as it was.
    assert status(workspace) == ""

    # Again, unchanged: the same annotations from the warm cache, which need not be saved again.
    again = run_action(workspace, runner_temp, paths="articles", references='"reference sets/bridges.yml"')
    assert again.annotations == [ANNOTATION]
    assert "cache-changed" not in again.outputs["check"]
    assert again.output("sarif-file") == ""
    assert again.steps["Fail on findings"].returncode == 1


def test_args_keep_their_quotes(workspace: Path, runner_temp: Path) -> None:
    baseline = subprocess.run(
        [str(Path(sys.prefix) / "bin" / "checker"), "baseline", "--no-references", "-o", "my baseline.json",
         "articles"],
        cwd=workspace, capture_output=True, text=True, check=False,
        env={**os.environ, "CHECKER_CACHE_DIR": str(runner_temp / "checker-action" / "cache")},
    )
    assert baseline.returncode == 0, baseline.stderr
    assert (workspace / "my baseline.json").is_file()

    run = run_action(workspace, runner_temp, paths="articles", args='--no-references --baseline "my baseline.json"')
    assert run.output("exit-code") == "0", run.log("check")
    assert run.annotations == []
    assert "checker: 1 finding already in the baseline not reported" in run.log("check")
    assert run.summary.startswith("### checker: no findings\n")
    assert run.steps["Fail on findings"].returncode == 0

    # Without the quotes the name is two arguments, as in a shell.
    unquoted = run_action(workspace, runner_temp, paths="articles", args="--no-references --baseline my baseline.json")
    assert unquoted.output("exit-code") == "2"
    assert "checker: my: no such baseline file" in unquoted.log("check")
    assert unquoted.steps["Fail on findings"].returncode == 2


def test_an_unbalanced_quote_is_a_usage_error(workspace: Path, runner_temp: Path) -> None:
    run = run_action(workspace, runner_temp, args='--baseline "my baseline.json')
    assert run.annotations == [
        "::error title=checker action::the args input cannot be split into words (No closing quotation): "
        "'--baseline \"my baseline.json'"
    ]
    assert run.output("exit-code") == "2"
    assert run.summary.startswith("### checker: exit code 2\n")
    assert run.steps["Fail on findings"].returncode == 2


def test_paths_are_not_glob_expanded(workspace: Path, runner_temp: Path) -> None:
    run = run_action(workspace, runner_temp, paths="articles/*.md\n'articles/harlow.md'", args="--no-references")
    assert run.output("exit-code") == "2"
    assert "checker: articles/*.md: no such file or directory" in run.log("check")
    assert run.summary.startswith("### checker: exit code 2\n")
    assert run.steps["Fail on findings"].returncode == 2


def test_a_bad_flag_is_a_usage_error(workspace: Path, runner_temp: Path) -> None:
    run = run_action(workspace, runner_temp, sarif="yes", summary="false")
    assert run.annotations == ["::error title=checker action::the sarif input must be true or false, not 'yes'"]
    assert run.output("exit-code") == "2"
    assert run.summary == ""
    assert run.steps["Fail on findings"].returncode == 2


def test_python_older_than_3_11_fails_with_a_clear_message(workspace: Path, runner_temp: Path, tmp_path: Path) -> None:
    old = tmp_path / "python3.10"
    # What Python 3.10 prints for the action's version check, and its exit status.
    old.write_text("#!/bin/sh\necho 3.10.12\nexit 1\n", encoding="utf-8")
    old.chmod(0o755)
    run = run_action(workspace, runner_temp, python=str(old))
    assert list(run.steps) == ["setup"]
    assert run.steps["setup"].returncode == 1
    assert run.steps["setup"].stdout.startswith(
        f"::error title=checker action::'{old}' is Python 3.10.12; checker needs 3.11 or later."
    )

    missing = run_action(workspace, runner_temp, python="no-such-python3")
    assert missing.steps["setup"].returncode == 1
    assert missing.steps["setup"].stdout.startswith(
        "::error title=checker action::No Python interpreter 'no-such-python3'."
    )


def test_the_job_keeps_its_python() -> None:
    uses = [str(step["uses"]) for step in STEPS if "uses" in step]
    assert not [action for action in uses if action.startswith("actions/setup-python")]
    # Every action pinned to a major version (a moving tag that gets fixes, not breaking changes).
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@v\d+", action) for action in uses), uses


def test_inputs_never_reach_a_script_as_text() -> None:
    for step in STEPS:
        if "run" in step:
            assert "${{" not in str(step["run"]), step.get("name")


def test_caches_are_keyed_by_the_setup_step_and_saved_when_filled() -> None:
    by_name = {str(step["name"]): step for step in STEPS}
    venv_restore = by_name["Restore checker's virtual environment"]
    venv_save = by_name["Save checker's virtual environment"]
    cache_restore = by_name["Restore checker's cache"]
    cache_save = by_name["Save checker's cache"]
    assert venv_restore["uses"] == "actions/cache/restore@v4"
    assert venv_restore["with"] == venv_save["with"] == {
        "path": "${{ steps.setup.outputs.venv }}", "key": "${{ steps.setup.outputs.venv-key }}",
    }
    assert venv_save["uses"] == cache_save["uses"] == "actions/cache/save@v4"
    assert venv_save["if"] == "${{ steps.install.outputs.installed == 'true' }}"
    assert cache_restore["with"] == {
        "path": "${{ steps.setup.outputs.cache-dir }}",
        "key": "${{ steps.setup.outputs.cache-key }}",
        "restore-keys": "${{ steps.setup.outputs.cache-key-prefix }}",
    }
    assert cache_save["with"] == {
        "path": "${{ steps.setup.outputs.cache-dir }}", "key": "${{ steps.setup.outputs.cache-key }}",
    }
    assert "steps.check.outputs.cache-changed == 'true'" in cache_save["if"]
    # A pull request's run never writes a cache that later runs of the default branch would read.
    assert "github.event_name != 'pull_request'" in cache_save["if"]
    assert "github.event_name != 'pull_request_target'" in cache_save["if"]
    order = [str(step["name"]) for step in STEPS]
    assert order.index("Install checker") < order.index("Save checker's virtual environment")
    assert order.index("Save checker's virtual environment") < order.index("Check articles")
    assert order.index("Check articles") < order.index("Save checker's cache") < order.index("Fail on findings")
    check = by_name["Check articles"]
    assert check["env"]["CHECKER_CACHE_DIR"] == "${{ steps.setup.outputs.cache-dir }}"


def test_sarif_upload_is_skipped_for_forks_and_cannot_fail_the_job() -> None:
    [upload] = [step for step in STEPS if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    assert upload["continue-on-error"] is True
    condition = " ".join(str(upload["if"]).split())
    assert "steps.check.outputs.sarif-file != ''" in condition
    fork_safe = "(!github.event.pull_request || github.event.pull_request.head.repo.full_name == github.repository)"
    assert fork_safe in condition
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"


def test_outputs_document_every_exit_code() -> None:
    assert set(ACTION["outputs"]) == {"exit-code", "sarif-file"}
    description = ACTION["outputs"]["exit-code"]["description"]
    for code in ("0 ", "1 ", "2 ", "3 "):
        assert code in description

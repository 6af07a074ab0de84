"""The CI gate end to end: config, formats, suppressions, baseline, --changed-since, init, integrations.

Tests that need a contradiction use the real packaged model. Library tests pass the session
`embedder`; in-process CLI tests (`cli` fixture) hand it to `check_paths` the same way; the few
subprocess tests load the model themselves, like a user's run.
"""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

import checker.api
from checker.api import check_paths, check_text, normalise_path, select_paths
from checker.cli import app
from checker.cli.output import use_color, write_atomically
from checker.cli.progress import ProgressBar, progress_wanted
from checker.config import STARTER_CONFIG, load_config
from checker.judge.detectors import RULES
from checker.model import Report, Severity
from checker.report.suppressions import META_RULES
from tests.conftest import git

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "tests" / "fixtures" / "newsroom"
SARIF_SCHEMA = ROOT.parent / "shared" / "sarif" / "sarif-schema-2.1.0.json"
CLEAN_ENV = {"GITHUB_ACTIONS": None, "CHECKER_CONFIG": None, "NO_COLOR": None, "CI": None}

A_MD = "# Crimea\n\nRussia annexed Crimea in 2014.\n\nThe peninsula has a long history. Its ports matter.\n"
B_MD = "# Background\n\nCrimea was annexed by Russia in 2014.\n"
C_MD = "# Talks\n\nDiplomats met in Geneva on Monday. They discussed the 2022 annexation of Crimea at length.\n"

NEWSROOM_TEXT = """\
articles/nordic-enlargement.md:6:8: error date-mismatch: Sweden joined NATO: 2023 here, 7 March 2024 at \
articles/summit-preview.md:5 and reference sweden-joined-2024 (confidence 1.00)
   | Sweden joined NATO in 2023, after Turkey and Hungary delayed the ratification of its …
   |        ^^^^^^^^^^^^^^^^^^^
  --> articles/summit-preview.md:5:1: Sweden joined NATO on 7 March 2024, giving up a long tradition of \
staying out of alliances.
  --> reference sweden-joined-2024 (references/facts.yml:37:16): Sweden joined NATO on 7 March 2024.
      source: https://en.wikipedia.org/wiki/Enlargement_of_NATO
  = fingerprint 9b519c9a579a

Found 1 error, 0 warnings, 0 info in 3 documents (13 claims, 5 reference facts).
"""


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def summary(report: Report) -> list[tuple[str, str, int, int, list[tuple[str, int, int]]]]:
    return [(f.rule, f.location.path, f.location.line, f.location.column,
             [(e.location.path, e.location.line, e.location.column) for e in f.related]) for f in report.findings]


Invoke = Callable[..., Result]


@pytest.fixture
def cli(embedder: Any, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI in this process with the session's model (no reload per command)."""
    monkeypatch.setattr(checker.api, "check_paths", functools.partial(check_paths, embedder=embedder))
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
        return runner.invoke(app, list(args), env={**CLEAN_ENV, **(env or {})}, catch_exceptions=False)

    return invoke


def run(*args: str, cwd: Path, cache: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, with a fresh embedding cache (`cache`) and a clean environment."""
    environment = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    environment.update(env or {})
    environment.update(PYTHONPATH=str(ROOT), CHECKER_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env=environment)


# --- corpus-wide consistency -----------------------------------------------------------------------

def test_a_claim_contradicting_two_other_files(tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.md": A_MD, "b.md": B_MD, "c.md": C_MD})
    monkeypatch.chdir(tmp_path)
    report = check_paths(["./"], embedder=embedder)
    assert summary(report) == [("date-mismatch", "c.md", 3, 55, [("a.md", 3, 1), ("b.md", 3, 1)])]
    [finding] = report.findings
    assert finding.text == "2022 annexation of Crimea"
    assert finding.message == "the annexation of Crimea: 2022 here, 2014 at a.md:3 and b.md:3"
    # The same corpus named differently gives the same paths, so the same fingerprints.
    again = check_paths(["c.md", str(tmp_path / "a.md"), "./b.md", "a.md"], embedder=embedder)
    assert [f.fingerprint for f in again.findings] == [finding.fingerprint]
    assert again.documents == 3


def test_newsroom_fixture_library(embedder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NEWSROOM)
    config = load_config(Path(".checker.yml"))
    assert select_paths(["."], config) == ["articles/alliance-history.md", "articles/nordic-enlargement.md",
                                           "articles/summit-preview.md"]
    report = check_paths(["."], config=config, embedder=embedder)
    assert (report.documents, report.references) == (3, 5)
    assert summary(report) == [("date-mismatch", "articles/nordic-enlargement.md", 6, 8,
                                [("articles/summit-preview.md", 5, 1), ("references/facts.yml", 37, 16)])]
    assert report.findings[0].related[1].reference_id == "sweden-joined-2024"


# --- file selection, paths, progress (no model needed) -------------------------------------------

def test_paths_are_normalised_and_deduplicated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.md": "", "sub/b.txt": "", "sub/.hidden/c.md": ""})
    monkeypatch.chdir(tmp_path)
    assert select_paths(["./a.md", str(tmp_path / "a.md"), "sub/../a.md", "./sub", "sub/b.txt"]) == \
        ["a.md", os.path.join("sub", "b.txt")]
    assert normalise_path(str(tmp_path.parent / "x.md")) == str(tmp_path.parent / "x.md")  # outside: absolute
    assert normalise_path("-") == "-"


def test_include_and_exclude_choose_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".checker.yml": 'include: ["articles/**/*.md"]\nexclude: ["articles/drafts/**"]\n',
                     "articles/a.md": "", "articles/drafts/b.md": "", "notes.txt": "", "articles/c.txt": ""})
    monkeypatch.chdir(tmp_path)
    config = load_config(Path(".checker.yml"))
    assert select_paths(["."], config) == [os.path.join("articles", "a.md")]
    # A file named directly is checked unless excluded (pre-commit passes file names).
    assert select_paths(["notes.txt", "articles/drafts/b.md", "articles/c.txt"], config) == \
        ["notes.txt", os.path.join("articles", "c.txt")]


def test_progress_callback_and_bar(tmp_path: Path, embedder: Any) -> None:
    write(tmp_path, {f"{n}.md": "Nothing to see here.\n" for n in range(5)})
    calls: list[tuple[str, int, int]] = []
    check_paths([tmp_path], embedder=embedder, progress=lambda *call: calls.append(call))
    assert calls == [("reading", n, 5) for n in range(6)] + [("analysing", 0, 1), ("analysing", 1, 1)]

    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=80)
    with ProgressBar(enabled=True, console=console) as bar:
        for call in calls:
            bar(*call)
        assert bar.shown
    assert "Reading documents" in stream.getvalue()
    for enabled, total in ((False, 5), (True, 4)):  # off, or too few files: nothing drawn
        quiet = io.StringIO()
        with ProgressBar(enabled=enabled, console=Console(file=quiet, force_terminal=True)) as bar:
            bar("reading", 0, total)
            bar("analysing", 0, 1)
            assert not bar.shown
        assert quiet.getvalue() == ""


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_and_colour_only_on_a_terminal() -> None:
    assert progress_wanted(_Stream(True), {}) is True
    assert progress_wanted(_Stream(True), {"CI": "true"}) is False
    assert progress_wanted(_Stream(False), {}) is False
    assert use_color(_Stream(True), {}) is True
    assert use_color(_Stream(True), {"NO_COLOR": "1"}) is False
    assert use_color(_Stream(False), {}) is False


def test_write_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, "new ✓\n")
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]  # no temporary file left
    with pytest.raises(Exception, match="cannot write report"):
        write_atomically(tmp_path / "missing" / "r.txt", "x")


# --- suppressions ----------------------------------------------------------------------------------

ANNEXED = "Russia annexed Crimea in 2014.\n\n"
QUOTE = "The spokesman spoke of the 2022 annexation of Crimea.\n"


def test_suppression_with_reason_is_silent(embedder: Any) -> None:
    assert [f.rule for f in check_text(ANNEXED + QUOTE, markdown=True, embedder=embedder).findings] == \
        ["date-mismatch"]
    text = ANNEXED + "<!-- checker-disable-next-line date-mismatch -- the spokesman's claim, quoted -->\n" + QUOTE
    assert check_text(text, markdown=True, embedder=embedder).findings == ()


def test_suppression_without_reason_is_reported(embedder: Any) -> None:
    text = ANNEXED + "<!-- checker-disable-next-line date-mismatch -->\n" + QUOTE
    report = check_text(text, markdown=True, embedder=embedder)
    assert [(f.rule, f.severity, f.location.line) for f in report.findings] == \
        [("suppression-without-reason", Severity.WARNING, 3)]
    assert report.exit_code() == 0 and report.exit_code(Severity.WARNING) == 1


def test_unused_suppression_is_info(embedder: Any) -> None:
    text = "<!-- checker-disable-next-line negation -- quoted -->\n" + ANNEXED + QUOTE
    report = check_text(text, markdown=True, embedder=embedder)
    assert [(f.rule, f.severity, f.location.line, f.message) for f in report.findings] == [
        ("unused-suppression", Severity.INFO, 1, "suppression of negation matched no finding"),
        ("date-mismatch", Severity.ERROR, 4, "the annexation of Crimea: 2022 here, 2014 at line 2")]


def test_plain_text_directive_lines_are_not_claims(embedder: Any) -> None:
    text = ("Russia annexed Crimea in 2014.\n\n"
            "# checker: disable-next-line date-mismatch -- Russia annexed Crimea in 2022, the spokesman claims\n"
            "Russia annexed Crimea in 2022, the spokesman said.\n")
    report = check_text(text, embedder=embedder, path="a.txt")
    assert report.findings == ()
    assert report.claims == 2


def test_disabled_rules_do_not_make_suppressions_unused(embedder: Any) -> None:
    from checker.settings import Settings

    text = "<!-- checker-disable-next-line negation -- quoted -->\nIt did not rain in 2014.\n"
    report = check_text(text, markdown=True, embedder=embedder, settings=Settings(disabled=frozenset({"negation"})))
    assert report.findings == ()


# --- CLI: formats and output -----------------------------------------------------------------------

def test_newsroom_end_to_end_text(tmp_path: Path) -> None:
    """The README's run: one contradiction across two files, decided by the reference set."""
    done = run("check", ".", cwd=NEWSROOM, cache=tmp_path)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == NEWSROOM_TEXT


def test_newsroom_github_annotations_in_actions(tmp_path: Path) -> None:
    done = run("check", ".", cwd=NEWSROOM, cache=tmp_path, env={"GITHUB_ACTIONS": "true"})  # --format auto picks github
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("::error file=articles/nordic-enlargement.md,line=6,col=8,endLine=6,endColumn=27,"
                               "title=date-mismatch::Sweden joined NATO: 2023 here, 7 March 2024 at ")
    assert "%0A  related: articles/summit-preview.md:5:1: " in lines[0]
    assert lines[1:] == ["checker: Found 1 error, 0 warnings, 0 info in 3 documents (13 claims, 5 reference facts)."]


def test_sarif_output_file_validates_against_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    done = run("check", ".", "--format", "sarif", "--output", str(target), cwd=NEWSROOM, cache=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"checker: 1 error, 0 warnings, 0 info in 3 documents; report written to {target}\n"
    sarif = json.loads(target.read_text(encoding="utf-8"))
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "date-mismatch"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "articles/nordic-enlargement.md"
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"{SARIF_SCHEMA} not present")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)


def test_junit_and_markdown_and_json(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.md": A_MD, "b.md": B_MD, "c.md": C_MD})
    monkeypatch.chdir(tmp_path)
    # The contradiction of two short sentences is a warning: not sure enough for an error.
    done = cli("check", ".", "--format", "junit", "--fail-on", "warning")
    assert done.exit_code == 1
    suite = ET.fromstring(done.stdout)
    failures = suite.findall(".//failure")
    assert len(failures) == 1
    assert "c.md" in ET.tostring(suite, encoding="unicode")
    assert cli("check", ".", "-f", "markdown").stdout.count("date-mismatch") >= 1
    data = json.loads(cli("check", ".", "-f", "json", "--fail-on", "info").stdout)
    assert [(f["path"], f["line"], f["column"]) for f in data["findings"]] == [("c.md", 3, 55)]


def test_github_annotation_cap(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.txt": "".join(f"# checker: disable-next-line negation -- why {n}\nWords here.\n\n"
                                      for n in range(3))})
    monkeypatch.chdir(tmp_path)
    done = cli("check", "a.txt", "--format", "github", "--max-annotations", "2")
    assert done.exit_code == 0
    assert done.stdout.count("::notice ") == 2
    assert "checker: 1 more finding not shown as annotations (at most 2 per type;" in done.stdout
    assert "unused-suppression" in done.stdout
    assert cli("check", "a.txt", "--format", "auto").stdout.startswith("a.txt:1:1: info unused-suppression")
    assert cli("check", "a.txt", "--fail-on", "info").exit_code == 1


# --- CLI: config -----------------------------------------------------------------------------------

def test_config_errors_are_all_reported_with_positions(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": "Some text.\n", ".checker.yml": (
        "referencs: [references/]\n"
        "fail-on: 3\n"
        "references: [missing.yml]\n"
        "similarity:\n"
        "  claims: high\n")})
    done = CliRunner().invoke(app, ["check", "a.md", "--config", str(tmp_path / ".checker.yml")], env=CLEAN_ENV)
    assert done.exit_code == 2
    where = tmp_path / ".checker.yml"
    assert done.stderr.splitlines() == [
        f"checker: {where}:1:1: unknown key 'referencs' (did you mean 'references'?)",
        f"checker: {where}:2:10: fail-on: must be one of error, warning, info (got 3)",
        f"checker: {where}:3:14: references: reference file not found: missing.yml",
        f"checker: {where}:5:11: similarity.claims: must be a number between 0 and 1 (got 'high')",
    ]
    assert done.stdout == ""


def test_config_is_found_and_applied(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".checker.yml": "fail-on: warning\nrules:\n  date-mismatch: {severity: warning}\n",
                     "articles/a.md": A_MD, "articles/b.md": B_MD, "articles/c.md": C_MD})
    (tmp_path / ".git").mkdir()  # the upward search stops here
    monkeypatch.chdir(tmp_path / "articles")  # found by searching upward
    done = cli("check", ".")
    assert done.exit_code == 1  # a warning, and the config fails on warnings
    assert done.stdout.startswith("c.md:3:55: warning date-mismatch:")
    assert cli("check", ".", "--fail-on", "error").exit_code == 0  # the option beats the config

    (tmp_path / "other.yml").write_text("rules:\n  date-mismatch: disable\n")
    for args, env in ((["--config", "../other.yml"], {}), ([], {"CHECKER_CONFIG": "../other.yml"})):
        done = cli("check", ".", *args, env=env)
        assert (done.exit_code, done.stdout) == (0, "No findings in 3 documents (6 claims, 0 reference facts).\n")
    done = cli("check", ".", "--config", "../nothere.yml")
    assert (done.exit_code, done.stderr) == (2, "checker: ../nothere.yml: config file not found\n")


def test_config_references_and_the_override(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = ("name: t\ndescription: d\nfacts:\n  - id: crimea\n    statement: Russia annexed Crimea in March 2014.\n"
             "    sources: [https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation]\n")
    write(tmp_path, {".checker.yml": "references: [facts/]\n", "facts/crimea.yml": facts, "c.md": C_MD})
    monkeypatch.chdir(tmp_path)
    done = cli("check", "c.md")
    assert done.exit_code == 1
    assert "March 2014 in reference crimea" in done.stdout
    assert cli("check", "c.md", "--no-references").exit_code == 0
    assert cli("check", "c.md", "-r", "nothere.yml").stderr == "checker: nothere.yml: reference file not found\n"


def test_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(app, ["init"], env=CLEAN_ENV)
    assert done.exit_code == 0
    assert done.stdout.splitlines() == [
        "Wrote .checker.yml: a starter configuration, every key explained in comments.",
        "Created references/ for your reference sets (YAML files of sourced facts).",
        "Next: add reference facts (see README, 'Reference sets'), then run: checker check .",
    ]
    assert (tmp_path / ".checker.yml").read_text(encoding="utf-8") == STARTER_CONFIG
    assert (tmp_path / "references").is_dir()
    load_config(Path(".checker.yml"))  # valid as written
    (tmp_path / ".checker.yml").write_text("fail-on: info\n")
    done = runner.invoke(app, ["init"], env=CLEAN_ENV)
    assert (done.exit_code, done.stderr) == (2, "checker: .checker.yml already exists; not overwriting it\n")
    assert (tmp_path / ".checker.yml").read_text() == "fail-on: info\n"


def test_rules_and_explain_include_the_suppression_rules() -> None:
    runner = CliRunner()
    output = runner.invoke(app, ["rules"]).stdout
    listing, cuts = output.split("\n\n")
    listing = listing.splitlines()
    assert [line.split()[0] for line in listing] == [*RULES, *META_RULES]
    assert cuts.startswith("A finding's severity follows its confidence (the calibrated chance it is real), up to "
                           "its rule's: error from 0.50, warning from 0.50, info from 0.15; below, not reported.")
    assert listing[list(RULES).index("date-mismatch")].split()[1] == "error"
    assert listing[len(RULES) + list(META_RULES).index("unused-suppression")].split()[1] == "info"
    done = runner.invoke(app, ["explain", "suppression-without-reason"])
    assert done.exit_code == 0
    assert done.stdout.startswith("suppression-without-reason (warning)\n\n")
    assert "checker-disable-next-line" in done.stdout


# --- CLI: baseline ---------------------------------------------------------------------------------

def test_baseline_lifecycle(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.md": A_MD, "b.md": B_MD, "c.md": C_MD})
    monkeypatch.chdir(tmp_path)
    done = cli("baseline", ".")
    assert (done.exit_code, done.stdout) == (0, "Wrote 1 baseline entry to .checker-baseline.json "
                                                "(1 error, 0 warnings, 0 info in 3 documents).\n")
    entries = json.loads((tmp_path / ".checker-baseline.json").read_text())["findings"]
    assert [(e["path"], e["line"], e["column"]) for e in entries] == [("c.md", 3, 55)]

    # An unrelated paragraph added above the baselined finding: still known, exit 0.
    (tmp_path / "c.md").write_text(C_MD.replace("# Talks\n\n", "# Talks\n\nIt rained in Geneva all week.\n\n"))
    done = cli("check", ".", "--no-references", "--baseline", ".checker-baseline.json")
    assert (done.exit_code, done.stdout) == (0, "No findings in 3 documents (7 claims, 0 reference facts).\n")
    assert done.stderr == "checker: 1 finding already in the baseline not reported\n"

    # A new contradiction is reported, and only it.
    (tmp_path / "d.md").write_text("Viktor Yanukovych fled Kyiv in February 2014.\n\nYanukovych fled Kyiv in 2015.\n")
    done = cli("check", ".", "--no-references", "--baseline", ".checker-baseline.json")
    assert done.exit_code == 1
    assert done.stdout.startswith("d.md:3:12: error date-mismatch: Yanukovych fled Kyiv: 2015 here, February 2014")
    assert "c.md" not in done.stdout

    # Fixing the baselined finding leaves a stale entry, which is reported.
    (tmp_path / "c.md").write_text(C_MD.replace("2022", "2014"))
    done = cli("check", ".", "--no-references", "--baseline", ".checker-baseline.json")
    assert done.exit_code == 1
    assert done.stderr == ("checker: 1 baseline entry no longer occurs; run 'checker baseline' to shrink the file\n")
    assert done.stdout.startswith("d.md:3:12: error date-mismatch")

    done = cli("check", ".", "--no-references", "--baseline", "nothere.json")
    assert (done.exit_code, done.stderr) == (2, "checker: nothere.json: no such baseline file\n")


# --- CLI: --changed-since --------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_changed_since_reports_only_findings_touching_changed_lines(cli: Invoke, git_repo: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo
    write(repo, {
        "a.md": "# A\n\nRussia annexed Crimea in 2014.\n\nThe Euromaidan protests began in Kyiv on 21 November 2013.\n",
        "b.md": "# B\n\nCrimea was annexed by Russia in 2014.\n\nThe Euromaidan protests began in Kyiv in 2012.\n",
    })
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "articles")
    monkeypatch.chdir(repo)

    done = cli("check", ".", "--changed-since", "HEAD")
    assert (done.exit_code, done.stdout) == (0, "No findings in 2 documents (4 claims, 0 reference facts).\n")
    full = cli("check", ".")
    assert full.exit_code == 1
    assert full.stdout.startswith("b.md:5:")  # the old contradiction between two untouched lines

    (repo / "a.md").write_text((repo / "a.md").read_text().replace("Crimea in 2014", "Crimea in 2015"))
    done = cli("check", ".", "--changed-since", "HEAD")
    assert done.exit_code == 1
    lines = [line for line in done.stdout.splitlines() if ": error " in line]
    assert len(lines) == 1, done.stdout
    assert "Russia annexed Crimea" in lines[0] and "a.md:3" in lines[0]
    assert "Euromaidan" not in done.stdout

    done = cli("check", ".", "--changed-since", "no-such-rev")
    assert done.exit_code == 2
    assert done.stderr.startswith("checker: git: fatal: ")


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_changed_since_works_by_sentence_and_from_another_folder(cli: Invoke, git_repo: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo
    # One paragraph, one line: a dated sentence that contradicts the other file, then another sentence.
    write(repo, {
        "a.md": "# A\n\nThe Vellan dam was completed in 1961. Its lake covers 12 square kilometres.\n",
        "b.md": "# B\n\nThe Vellan dam was completed in 1958, after six years of work.\n",
    })
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "articles")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    full = cli("check", str(repo))
    assert full.exit_code == 1 and "date-mismatch" in full.stdout
    # An edit in the paragraph's other sentence: the old finding is not brought back.
    (repo / "a.md").write_text((repo / "a.md").read_text().replace("12 square", "13 square"))
    done = cli("check", str(repo), "--changed-since", "HEAD")
    assert (done.exit_code, done.stdout) == (0, "No findings in 2 documents (3 claims, 0 reference facts).\n")
    # An edit in the dated sentence itself: reported.
    (repo / "a.md").write_text((repo / "a.md").read_text().replace("was completed", "was finished"))
    done = cli("check", str(repo), "--changed-since", "HEAD")
    assert done.exit_code == 1 and "date-mismatch" in done.stdout


# --- integrations ----------------------------------------------------------------------------------

# The hook and the Action are tested in tests/test_precommit_hook.py and tests/test_action.py.

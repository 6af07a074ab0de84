"""`--against`: an article checked against source documents, every sentence of them a transient fact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker import check_paths
from checker.model import Document
from checker.pipeline import source_facts

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ("# Harbour news\n\nThe Tallmoor swing bridge reopened on 3 May 2024 after repairs costing 4 million "
          "euros. Mayor Ines Varga cut the ribbon.\n")


def test_every_sentence_of_a_source_is_a_fact_located_where_it_stands() -> None:
    facts = source_facts([Document("story.md", SOURCE, markdown=True)]).facts
    assert [(f.id, f.statement, f.line, f.column, f.sources) for f in facts] == [
        ("story.md:3:1", "The Tallmoor swing bridge reopened on 3 May 2024 after repairs costing 4 million euros.",
         3, 1, ("story.md",)),
        ("story.md:3:89", "Mayor Ines Varga cut the ribbon.", 3, 89, ("story.md",)),
    ]


def test_a_summary_is_checked_against_its_source(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text(SOURCE, encoding="utf-8")
    wrong = tmp_path / "brief.md"
    wrong.write_text("The Tallmoor swing bridge reopened on 3 May 2023.\n", encoding="utf-8")
    report = check_paths([str(wrong)], references=[], against=[tmp_path / "story.md"])
    [finding] = report.findings
    assert (finding.rule, finding.text) == ("date-mismatch", "reopened on 3 May 2023")
    [evidence] = finding.related
    assert (evidence.location.path.endswith("story.md"), evidence.location.line, evidence.location.column) == (
        True, 3, 1)
    # A summary that adds what the source does not say contradicts nothing.
    added = tmp_path / "added.md"
    added.write_text("The Tallmoor bridge, built in 1926, reopened in May 2024 after repairs.\n", encoding="utf-8")
    assert check_paths([str(added)], references=[], against=[tmp_path / "story.md"]).findings == ()


def test_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "brief.md").write_text("The Tallmoor swing bridge reopened on 3 May 2023.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "checker", "check", "brief.md", "--against", "story.md"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (1, "")  # no "no reference facts" warning: the source is one
    lines = done.stdout.splitlines()
    assert lines[0].startswith("brief.md:1:27: error date-mismatch: ")
    assert "  --> reference story.md:3:1 (story.md:3:1): The Tallmoor swing bridge reopened on 3 May 2024" in \
        done.stdout
    assert lines[-1] == "Found 1 error, 0 warnings, 0 info in 1 document (1 claim, 2 reference facts)."


HEARING = ("# Ferry hearing\n\nOn Monday, Harbour Commissioner Elena Brask of the Dunmore Port Authority told the "
           "council that the ferry terminal would reopen in April. The hearing took place in the old chamber of "
           "Dunmore Town Hall, with residents of Kessel Island watching from the gallery.\n")


def _against_hearing(tmp_path: Path, summary: str) -> list[tuple[str, str, str]]:
    (tmp_path / "hearing.md").write_text(HEARING, encoding="utf-8")
    (tmp_path / "summary.md").write_text(summary + "\n", encoding="utf-8")
    report = check_paths(["summary.md"], references=[], against=["hearing.md"])
    return [(f.rule, f.text, f.message) for f in report.findings]


def test_a_name_swapped_inside_a_copied_phrase_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _against_hearing(tmp_path, "On Monday, Fisheries Commissioner Elena Brask of the Dunmore Port Authority "
                                      "said the terminal would reopen in April.") == [
        ("entity-mismatch", "Fisheries",
         "On Monday … Commissioner Elena: Fisheries here, Harbour in reference hearing.md:3:1")]
    assert _against_hearing(tmp_path, "The hearing took place in the old chamber of Carrow Castle, with residents "
                                      "watching.") == [
        ("entity-mismatch", "Carrow Castle",
         "old chamber of … with residents: Carrow Castle here, Dunmore Town Hall in reference hearing.md:3:139")]


def test_a_name_the_source_uses_or_an_acronym_of_it_is_no_swap(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # The source names Kessel Island elsewhere: putting it in another phrase is a summary's licence.
    assert _against_hearing(tmp_path, "On Monday, Harbour Commissioner Elena Brask of the Kessel Island Port "
                                      "Authority told the council that the terminal would reopen.") == []
    assert _against_hearing(tmp_path, "On Monday, Harbour Commissioner Elena Brask of the DPA told the council that "
                                      "the ferry terminal would reopen in April.") == []
    # A name added next to copied words, where the source has no name: added information.
    assert _against_hearing(tmp_path, "On Monday, Harbour Commissioner Elena Brask told the Dunmore council that the "
                                      "ferry terminal would reopen in April.") == []


def test_a_copied_phrase_with_another_name_is_no_swap_against_a_curated_fact(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Curated facts are compared by their meaning (entity-mismatch's other rules), not as a source
    a text copies: a statement of two sentences is still one curated fact."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts.yml").write_text(
        "name: hearing\ndescription: invented\nfacts:\n  - id: brask\n    statement: >-\n"
        "      The ferry terminal will reopen in April. On Monday, Harbour Commissioner Elena Brask of the\n"
        "      Dunmore Port Authority told the council so.\n    sources: [https://example.org/brask]\n",
        encoding="utf-8")
    (tmp_path / "summary.md").write_text("On Monday, Fisheries Commissioner Elena Brask of the Dunmore Port "
                                         "Authority told the council so.\n", encoding="utf-8")
    report = check_paths(["summary.md"], references=["facts.yml"])
    assert [f.rule for f in report.findings] == []

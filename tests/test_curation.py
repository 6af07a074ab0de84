"""Curating reference sets: lint, search, show, and facts due for review."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from checker import Settings, check_text
from checker.curation import Problem, find_fact, lint, search
from checker.errors import CheckerError
from checker.inputs.references import reference_set_from_text
from checker.inputs.review import deadline, overdue
from checker.model import Severity

ROOT = Path(__file__).resolve().parents[1]

HARBOUR = """\
name: Harbour towns
description: invented facts for the curation tools
facts:
  - id: bridge-opened
    statement: The Tallmoor swing bridge opened on 3 May 1926.
    sources: ["Tallmoor Harbour Board, annual report 1926"]
  - id: bridge-opened-again
    statement: The Tallmoor swing bridge opened in 1931.
    sources: ["Tallmoor Gazette, 4 May 1931"]
  - id: ferry
    statement: The Tallmoor ferry carries 212 passengers.
    sources: ["Tallmoor ferry timetable 2024"]
  - id: ferry-copy
    statement: The Tallmoor ferry carries 212 passengers on each crossing.
    sources: ["Tallmoor ferry timetable 2024"]
  - id: mayor
    statement: Ines Varga is the mayor of Tallmoor.
    sources: ["https://example.org/tallmoor/council"]
    as_of: 2019-05
    review_by: 2020-06
"""


def kinds(problems: list[Problem]) -> list[tuple[str, str, str, str | None]]:
    return [(p.severity.label, p.kind, p.fact.id, p.other.id if p.other else None) for p in problems]


def test_lint_finds_a_planted_contradiction_a_near_duplicate_and_a_fact_without_figures() -> None:
    problems = lint([reference_set_from_text(HARBOUR, path="harbour.yml")])
    assert kinds(problems) == [
        ("error", "contradiction", "bridge-opened-again", "bridge-opened"),
        ("warning", "near-duplicate", "ferry", "ferry-copy"),
        ("info", "no-date-or-figure", "mayor", None),
    ]
    assert problems[0].message == ("contradicts fact 'bridge-opened' (date-mismatch, confidence 1.00): "
                                   "bridge opened: 1931 here, 3 May 1926 at fact 'bridge-opened'")


def test_lint_is_quiet_on_a_consistent_set() -> None:
    consistent = HARBOUR.split("  - id: bridge-opened-again")[0] + HARBOUR[HARBOUR.index("  - id: ferry\n"):]
    consistent = consistent.split("  - id: ferry-copy")[0] + consistent[consistent.index("  - id: mayor"):]
    assert kinds(lint([reference_set_from_text(consistent, path="harbour.yml")])) == [
        ("info", "no-date-or-figure", "mayor", None)]


def test_search_and_show() -> None:
    sets = [reference_set_from_text(HARBOUR, path="harbour.yml")]
    found = search(sets, "How many people can the Tallmoor ferry take?", k=2)
    assert [fact.id for fact, _ in found] == ["ferry", "ferry-copy"]
    assert 0 < found[1][1] <= found[0][1] <= 1
    assert find_fact(sets, "mayor").statement == "Ines Varga is the mayor of Tallmoor."
    with pytest.raises(CheckerError, match=r"no reference fact with id 'mayr'; did you mean 'mayor'\?"):
        find_fact(sets, "mayr")


def test_review_deadlines() -> None:
    assert deadline("2026-06") == dt.date(2026, 6, 30)
    assert deadline("2024-02") == dt.date(2024, 2, 29)
    assert deadline("2027") == dt.date(2027, 12, 31)
    assert deadline("2026-03-15") == dt.date(2026, 3, 15)
    mayor = find_fact([reference_set_from_text(HARBOUR, path="harbour.yml")], "mayor")
    assert not overdue(mayor, dt.date(2020, 6, 30)) and overdue(mayor, dt.date(2020, 7, 1))


def test_a_finding_resting_on_a_fact_due_for_review_says_so_and_drops_a_level() -> None:
    one_bridge = HARBOUR.split("  - id: bridge-opened-again")[0]
    due = one_bridge.replace("id: bridge-opened\n", "id: bridge-opened\n    review_by: 2020\n")
    refs = reference_set_from_text(due, path="harbour.yml")
    article = "The Tallmoor swing bridge opened on 3 May 1929, the mayor said.\n"
    current = check_text(article, references=[refs], settings=Settings(today="2020-12-31"))
    [finding] = [f for f in current.findings if f.rule == "date-mismatch"]
    assert finding.severity == Severity.ERROR and "review" not in finding.message
    stale = check_text(article, references=[refs], settings=Settings(today="2021-01-01"))
    [finding] = [f for f in stale.findings if f.rule == "date-mismatch"]
    assert finding.severity == Severity.WARNING
    assert finding.message.endswith("(reference bridge-opened was due for review by 2020)")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def test_refs_commands(tmp_path: Path) -> None:
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "harbour.yml").write_text(HARBOUR)
    done = cli("refs", "validate", cwd=tmp_path)  # the default: ./references
    assert (done.returncode, done.stdout) == (0, (
        "references/harbour.yml:17:16: warning: fact 'mayor' was due for review by 2020-06; findings that rest on "
        "it alone are shown one level lower\n1 reference set valid (5 facts, 1 due for review).\n"))
    assert cli("refs", "validate", "--strict", cwd=tmp_path).returncode == 1
    done = cli("refs", "show", "ferry", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, (
        "ferry (references/harbour.yml:11:16, set 'Harbour towns')\n  The Tallmoor ferry carries 212 passengers.\n"
        "  source: Tallmoor ferry timetable 2024\n"))
    done = cli("refs", "show", "fery", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "checker: no reference fact with id 'fery'; did you mean 'ferry'?\n")
    done = cli("refs", "lint", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "2 problems in 5 facts (1 info not shown: --all)."
    done = cli("refs", "search", "ferry passengers", "-k", "1", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("0.") and "  ferry  The Tallmoor ferry" in done.stdout


def test_refs_show_says_a_fact_happened_once(tmp_path: Path) -> None:
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "votes.yml").write_text(
        "name: Votes\nfacts:\n  - id: vessa-referendum\n    statement: Vessa held its independence referendum on 4 May "
        "1997.\n    sources: [\"Vessa electoral commission report, 1997\"]\n    once: true\n")
    done = cli("refs", "show", "vessa-referendum", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, (
        "vessa-referendum (references/votes.yml:4:16, set 'Votes')\n"
        "  Vessa held its independence referendum on 4 May 1997.\n"
        "  source: Vessa electoral commission report, 1997\n  once: true (the event happened one time only)\n"))

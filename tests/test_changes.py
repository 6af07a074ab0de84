from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.model import Document, Evidence, Finding, Location, Severity, Span
from checker.report.changes import changed_lines, touches_changes
from tests.conftest import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")



def ten(name: str) -> str:
    """Ten lines of text of its own, so that git's rename detection does not pair different files."""
    return "".join(f"{name}, line {n}\n" for n in range(1, 11))


@pytest.fixture
def repo(git_repo: Path) -> Path:
    """A git repository with two commits, isolated from the user's git configuration and hooks' variables."""
    root = git_repo
    (root / "docs").mkdir()
    for name in ("modified.md", "added.md", "deleted-lines.md", "deleted.md", "untouched.md"):
        (root / "docs" / name).write_text(ten(name))
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    (root / "docs" / "renamed-from.md").write_text(ten("renamed"))
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "second")
    return root


def edit(path: Path, replace: dict[int, str] | None = None, insert: dict[int, list[str]] | None = None,
         delete: set[int] | None = None) -> None:
    """Rewrite a file by 1-based line numbers of its current text."""
    out: list[str] = []
    for number, line in enumerate(path.read_text().splitlines(keepends=True), start=1):
        out.extend(f"{text}\n" for text in (insert or {}).get(number, []))
        if number in (delete or set()):
            continue
        out.append(f"{(replace or {})[number]}\n" if number in (replace or {}) else line)
    path.write_text("".join(out))


def test_changed_lines(repo: Path) -> None:
    docs = repo / "docs"
    edit(docs / "modified.md", replace={4: "++ line four, edited"})  # shows as "+++ line four" in the diff
    edit(docs / "added.md", insert={3: ["new a", "new b"], 8: ["new c"]})  # before old lines 3 and 8
    edit(docs / "deleted-lines.md", delete={2, 3, 9})
    (docs / "deleted.md").unlink()
    (docs / "untracked.md").write_text("one\ntwo\nthree")  # no final newline: still three lines
    (docs / "empty.md").write_text("")
    git(repo, "mv", "docs/renamed-from.md", "docs/renamed-to.md")
    edit(docs / "renamed-to.md", replace={7: "line seven, edited"})

    changed = changed_lines("HEAD~1", cwd=repo)
    assert changed == {
        "docs/modified.md": {4},
        "docs/added.md": {3, 4, 10},
        "docs/untracked.md": {1, 2, 3},
        "docs/renamed-to.md": set(range(1, 11)),  # did not exist at HEAD~1
    }
    changed = changed_lines("HEAD", cwd=repo)
    assert changed["docs/renamed-to.md"] == {7}  # a rename with an edit: only the edited line
    assert "docs/renamed-from.md" not in changed
    assert "docs/deleted-lines.md" not in changed and "docs/deleted.md" not in changed


def test_paths_are_relative_to_cwd(repo: Path) -> None:
    edit(repo / "docs" / "modified.md", replace={1: "edited"})
    (repo / "top.md").write_text("new\n")
    assert changed_lines("HEAD", cwd=repo / "docs") == {"modified.md": {1}, "../top.md": {1}}


def test_committed_changes_count_too(repo: Path) -> None:
    edit(repo / "docs" / "modified.md", replace={2: "edited"})
    git(repo, "commit", "-q", "-am", "third")
    edit(repo / "docs" / "modified.md", replace={5: "edited"})
    assert changed_lines("HEAD~1", cwd=repo) == {"docs/modified.md": {2, 5}}


def test_unusual_file_names(repo: Path) -> None:
    for name in ("with space.md", "naïve.md"):
        (repo / name).write_text("a\nb\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "names")
    for name in ("with space.md", "naïve.md"):
        (repo / name).write_text("a\nB\n")
    assert changed_lines("HEAD", cwd=repo) == {"with space.md": {2}, "naïve.md": {2}}


def test_nothing_changed(repo: Path) -> None:
    assert changed_lines("HEAD", cwd=repo) == {}


def test_bad_revision(repo: Path) -> None:
    with pytest.raises(InputError) as info:
        changed_lines("nope", cwd=repo)
    assert str(info.value) == "git: fatal: bad revision 'nope'"


def test_option_like_revision_is_refused(repo: Path) -> None:
    with pytest.raises(InputError, match="git: invalid revision '--output=x'"):
        changed_lines("--output=x", cwd=repo)


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("GIT_DIR", raising=False)
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        changed_lines("HEAD", cwd=folder)
    assert str(info.value).startswith("git: fatal: not a git repository")
    assert "\n" not in str(info.value)


ARTICLE = "Crimea was annexed in 2014.\nMore text.\nThe 2022 annexation of Crimea.\n"


def finding(path: str = "a.md", related: tuple[Evidence, ...] = ()) -> Finding:
    doc = Document(path, ARTICLE, markdown=True)
    start = ARTICLE.index("2022")
    return Finding("date-mismatch", Severity.ERROR, "m", doc, Span(start, start + 4), related)


def evidence(path: str, line: int, end_line: int | None = None, end_column: int = 20) -> Evidence:
    return Evidence(Location(path, line, 1, end_line or line, end_column), "Crimea was annexed in 2014.")


def test_touches_own_line(tmp_path: Path) -> None:
    assert touches_changes(finding(), {"a.md": {3}}, root=tmp_path)
    assert not touches_changes(finding(), {"a.md": {1, 2}}, root=tmp_path)
    assert not touches_changes(finding(), {"b.md": {3}}, root=tmp_path)


def test_touches_related_location_only(tmp_path: Path) -> None:
    other = finding(related=(evidence("b.md", 7),))
    assert touches_changes(other, {"b.md": {7}}, root=tmp_path)
    assert not touches_changes(other, {"b.md": {6, 8}, "a.md": {1}}, root=tmp_path)
    reference = finding(related=(evidence("references/facts.yml", 38),))
    assert touches_changes(reference, {"references/facts.yml": {38}}, root=tmp_path)


def test_multi_line_locations(tmp_path: Path) -> None:
    spanning = finding(related=(evidence("b.md", 7, 9),))
    assert touches_changes(spanning, {"b.md": {8}}, root=tmp_path)
    ends_at_line_start = finding(related=(evidence("b.md", 7, 9, end_column=1),))
    assert not touches_changes(ends_at_line_start, {"b.md": {9}}, root=tmp_path)
    assert touches_changes(ends_at_line_start, {"b.md": {8}}, root=tmp_path)


def test_paths_are_normalised(tmp_path: Path) -> None:
    assert touches_changes(finding("./docs/../a.md"), {"a.md": {3}}, root=tmp_path)
    assert touches_changes(finding(str(tmp_path / "a.md")), {"a.md": {3}}, root=tmp_path)
    assert touches_changes(finding("a.md"), {"docs/a.md": {3}}, root=tmp_path / "docs") is False
    assert touches_changes(finding("docs/a.md"), {"a.md": {3}}, root=tmp_path / "docs") is False
    assert touches_changes(finding("../a.md"), {"../a.md": {3}}, root=tmp_path / "docs")
    assert not touches_changes(finding("<stdin>"), {"<stdin>": {3}}, root=tmp_path)


def test_end_to_end_with_a_repository(repo: Path) -> None:
    (repo / "docs" / "article.md").write_text(ARTICLE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "article")
    edit(repo / "docs" / "modified.md", replace={5: "edited"})
    changed = changed_lines("HEAD", cwd=repo)
    untouched = finding("docs/article.md")
    related = finding("docs/article.md", (evidence("docs/modified.md", 5),))
    assert not touches_changes(untouched, changed, root=repo)
    assert touches_changes(related, changed, root=repo)

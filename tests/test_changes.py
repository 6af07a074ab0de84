from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.model import Document, Evidence, Finding, Location, Severity, Span
from checker.report.changes import FileChanges, changed_lines, changed_text, touches_changes
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


def whole(changed: dict[str, set[int]]) -> dict[str, FileChanges]:
    return {path: FileChanges.whole_lines(lines) for path, lines in changed.items()}


def test_touches_own_line(tmp_path: Path) -> None:
    assert touches_changes(finding(), whole({"a.md": {3}}), root=tmp_path)
    assert not touches_changes(finding(), whole({"a.md": {1, 2}}), root=tmp_path)
    assert not touches_changes(finding(), whole({"b.md": {3}}), root=tmp_path)


def test_touches_related_location_only(tmp_path: Path) -> None:
    other = finding(related=(evidence("b.md", 7),))
    assert touches_changes(other, whole({"b.md": {7}}), root=tmp_path)
    assert not touches_changes(other, whole({"b.md": {6, 8}, "a.md": {1}}), root=tmp_path)
    reference = finding(related=(evidence("references/facts.yml", 38),))
    assert touches_changes(reference, whole({"references/facts.yml": {38}}), root=tmp_path)


def test_multi_line_locations(tmp_path: Path) -> None:
    spanning = finding(related=(evidence("b.md", 7, 9),))
    assert touches_changes(spanning, whole({"b.md": {8}}), root=tmp_path)
    ends_at_line_start = finding(related=(evidence("b.md", 7, 9, end_column=1),))
    assert not touches_changes(ends_at_line_start, whole({"b.md": {9}}), root=tmp_path)
    assert touches_changes(ends_at_line_start, whole({"b.md": {8}}), root=tmp_path)


def test_paths_are_normalised(tmp_path: Path) -> None:
    assert touches_changes(finding("./docs/../a.md"), whole({"a.md": {3}}), root=tmp_path)
    assert touches_changes(finding(str(tmp_path / "a.md")), whole({"a.md": {3}}), root=tmp_path)
    assert touches_changes(finding("a.md"), whole({"docs/a.md": {3}}), root=tmp_path / "docs") is False
    assert touches_changes(finding("docs/a.md"), whole({"a.md": {3}}), root=tmp_path / "docs") is False
    assert touches_changes(finding("../a.md"), whole({"../a.md": {3}}), root=tmp_path / "docs")
    assert not touches_changes(finding("<stdin>"), whole({"<stdin>": {3}}), root=tmp_path)


def test_end_to_end_with_a_repository(repo: Path) -> None:
    (repo / "docs" / "article.md").write_text(ARTICLE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "article")
    edit(repo / "docs" / "modified.md", replace={5: "edited"})
    changed = changed_text("HEAD", cwd=repo)
    untouched = finding("docs/article.md")
    related = finding("docs/article.md", (evidence("docs/modified.md", 5),))
    assert not touches_changes(untouched, changed, root=repo)
    assert touches_changes(related, changed, root=repo)


PARAGRAPH = "Lake Vorn froze in 1963. The ferry stopped for 41 days. Skaters came from Brandt.\n"


def sentence_at(doc: Document, sentence: str, value: str, related: tuple[Evidence, ...] = ()) -> Finding:
    start = doc.text.index(sentence)
    at = doc.text.index(value, start)
    return Finding("date-mismatch", Severity.ERROR, "m", doc, Span(at, at + len(value)), related,
                   sentence=Span(start, start + len(sentence)))


def test_one_changed_word_touches_its_sentence_only(git_repo: Path) -> None:
    (git_repo / "a.md").write_text("Title\n\n" + PARAGRAPH)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "one")
    edited = "Title\n\n" + PARAGRAPH.replace("41 days", "43 days")
    (git_repo / "a.md").write_text(edited)
    changed = changed_text("HEAD", cwd=git_repo)
    assert changed["a.md"].lines == {3}
    assert changed["a.md"].stretches == [((3, 48), (3, 50))]  # "43" in place of "41"
    doc = Document("a.md", edited, markdown=True)
    assert not touches_changes(sentence_at(doc, "Lake Vorn froze in 1963.", "1963"), changed, root=git_repo)
    assert touches_changes(sentence_at(doc, "The ferry stopped for 43 days.", "43"), changed, root=git_repo)
    # A finding elsewhere whose evidence is the edited sentence is reported too.
    other = Evidence(doc.location(Span(edited.index("The ferry"), edited.index(" Skaters"))), "The ferry ...",
                     span=Span(edited.index("The ferry"), edited.index(" Skaters")))
    assert touches_changes(sentence_at(doc, "Skaters came from Brandt.", "Brandt", (other,)), changed,
                           root=git_repo)


def test_a_deleted_word_and_an_added_line_are_changes(git_repo: Path) -> None:
    (git_repo / "a.md").write_text(PARAGRAPH)
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "one")
    edited = PARAGRAPH.replace("The ferry stopped", "The ferry") + "Brandt is 9 km away.\n"
    (git_repo / "a.md").write_text(edited)
    changes = changed_text("HEAD", cwd=git_repo)["a.md"]
    assert changes.lines == {1, 2}
    doc = Document("a.md", edited, markdown=True)
    assert touches_changes(sentence_at(doc, "The ferry for 41 days.", "41"), {"a.md": changes}, root=git_repo)
    assert not touches_changes(sentence_at(doc, "Skaters came from Brandt.", "Brandt"), {"a.md": changes},
                               root=git_repo)
    assert touches_changes(sentence_at(doc, "Brandt is 9 km away.", "9"), {"a.md": changes}, root=git_repo)


def test_git_runs_where_the_files_are(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "a.md").write_text(PARAGRAPH)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    empty_tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id of the empty tree: a repo with no commit
    changed = changed_text(empty_tree, cwd=elsewhere, repo=git_repo)
    assert list(changed) == [os.path.relpath(git_repo / "a.md", elsewhere)]

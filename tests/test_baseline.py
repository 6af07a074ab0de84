from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.model import Document, Evidence, Finding, Location, Severity, Span
from checker.report.baseline import (
    Baseline,
    BaselineEntry,
    compare_with_baseline,
    read_baseline,
    write_baseline,
)

ARTICLE = ("Russia annexed Crimea in 2014.\n"
           "\n"
           "The annexation of Crimea in 2022 was condemned.\n")


def conflict(doc: Document, words: str = "2022", rule: str = "date-mismatch") -> Finding:
    start = doc.text.index(words)
    other = doc.text.index("2014")
    evidence = Evidence(doc.location(Span(other, other + 4)), "Russia annexed Crimea in 2014.", span=Span(0, 30))
    return Finding(rule, Severity.ERROR, f"{words} here, 2014 at line 1", doc, Span(start, start + len(words)),
                   (evidence,), kind="date")


def entry(fingerprint: str, line: int = 1) -> BaselineEntry:
    return BaselineEntry(fingerprint, "date-mismatch", "a.md", line, 1, "m")


def test_round_trip_and_file_format(tmp_path: Path) -> None:
    doc = Document("b.md", ARTICLE, markdown=True)
    other = Document("a.md", "The war began in 2022.\nIt began in 2014.\n", markdown=True)
    findings = [conflict(doc), Finding("date-mismatch", Severity.ERROR, "é 2014", other, Span(34, 38))]
    target = tmp_path / "baseline.json"
    write_baseline(target, findings)

    raw = target.read_bytes()
    assert raw.endswith(b"}\n")
    assert "é".encode() in raw  # UTF-8, not \u escapes
    data = json.loads(raw)
    assert data["version"] == 1 and data["tool"] == "checker"
    assert [(f["path"], f["line"], f["column"]) for f in data["findings"]] == [("a.md", 2, 12), ("b.md", 3, 29)]
    assert set(data["findings"][0]) == {"fingerprint", "rule", "path", "line", "column", "message"}
    assert data["findings"][1]["fingerprint"] == findings[0].fingerprint

    baseline = read_baseline(target)
    assert [e.fingerprint for e in baseline.entries] == [findings[1].fingerprint, findings[0].fingerprint]
    result = compare_with_baseline(findings, baseline)
    assert result.new == [] and result.known == findings and result.stale == []
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temporary file left behind


def test_write_replaces_atomically_and_keeps_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        replaced.append((os.path.dirname(src), os.path.basename(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_baseline(target, [])
    assert replaced == [(str(tmp_path), "baseline.json")]  # the temporary file lies in the same folder
    assert json.loads(target.read_text()) == {"version": 1, "tool": "checker", "findings": []}
    assert target.stat().st_mode & 0o777 == 0o640


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("old\n")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(InputError) as info:
        write_baseline(target, [])
    assert str(info.value) == f"{target}: cannot access baseline: no space left on device"
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_write_into_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot access baseline: no such file or directory"):
        write_baseline(tmp_path / "nope" / "baseline.json", [])


def test_fingerprint_survives_a_paragraph_added_above() -> None:
    before = Document("a.md", ARTICLE, markdown=True)
    after = Document("a.md", "An unrelated introduction, added later.\n\n" + ARTICLE, markdown=True)
    old, new = conflict(before), conflict(after)
    assert old.location.line != new.location.line and old.span != new.span
    assert old.fingerprint == new.fingerprint

    baseline = Baseline((BaselineEntry.of(old),))
    result = compare_with_baseline([new], baseline)
    assert result.known == [new] and result.new == [] and result.stale == []


def test_fingerprint_changes_with_the_flagged_words() -> None:
    doc = Document("a.md", ARTICLE, markdown=True)
    result = compare_with_baseline([conflict(doc, "Crimea in 2022")], Baseline((BaselineEntry.of(conflict(doc)),)))
    assert len(result.new) == 1 and len(result.stale) == 1


def test_multiset_matching() -> None:
    doc = Document("a.md", ARTICLE, markdown=True)
    same = conflict(doc)
    twice = Baseline((entry(same.fingerprint, 3), entry(same.fingerprint, 9)))
    result = compare_with_baseline([same, same, same], twice)
    assert result.known == [same, same] and result.new == [same] and result.stale == []

    result = compare_with_baseline([same], twice)
    assert result.known == [same] and result.new == []
    assert result.stale == [entry(same.fingerprint, 9)]


def test_stale_entries() -> None:
    doc = Document("a.md", ARTICLE, markdown=True)
    finding = conflict(doc)
    baseline = Baseline((entry("gone"), BaselineEntry.of(finding)))
    result = compare_with_baseline([finding], baseline)
    assert result.known == [finding] and result.stale == [entry("gone")]

    result = compare_with_baseline([], baseline)
    assert result.known == [] and result.new == [] and result.stale == list(baseline.entries)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "version": 1,\n  "findings": [,]\n}\n')
    with pytest.raises(InputError) as info:
        read_baseline(path)
    error = info.value
    assert (error.path, error.line, error.column) == (str(path), 3, 16)
    assert error.message == "baseline is not valid JSON: Expecting value"


@pytest.mark.parametrize(("text", "message"), [
    ("[]", "baseline must be a JSON object with version, tool and findings"),
    ('{"findings": []}', "unsupported baseline version null (expected 1)"),
    ('{"version": 2, "findings": []}', "unsupported baseline version 2 (expected 1)"),
    ('{"version": true, "findings": []}', "unsupported baseline version true (expected 1)"),
    ('{"version": 1, "tool": "other", "findings": []}', 'baseline was written by "other", not checker'),
    ('{"version": 1}', "baseline 'findings' must be a list"),
    ('{"version": 1, "findings": [3]}', "baseline findings[0] must be an object"),
    ('{"version": 1, "findings": [{"fingerprint": "x"}]}', "baseline findings[0] has no 'rule'"),
    ('{"version": 1, "findings": [{"fingerprint": "x", "rule": "r", "path": "a", "line": 0, "column": 1,'
     ' "message": "m"}]}', "baseline findings[0].line must be a positive integer"),
    ('{"version": 1, "findings": [{"fingerprint": 5, "rule": "r", "path": "a", "line": 1, "column": 1,'
     ' "message": "m"}]}', "baseline findings[0].fingerprint must be a string"),
    ('{"version": 1, "findings": [{"fingerprint": "", "rule": "r", "path": "a", "line": 1, "column": 1,'
     ' "message": "m"}]}', "baseline findings[0].fingerprint must not be empty"),
])
def test_bad_shape(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_baseline(path)
    assert info.value.message == message
    assert info.value.path == str(path)


def test_unknown_fields_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, '{"version": 1, "tool": "checker", "extra": 1, "findings": [{"fingerprint": "f",'
                           ' "rule": "r", "path": "a", "line": 1, "column": 2, "message": "m", "note": "x"}]}')
    assert read_baseline(path).entries == (BaselineEntry("f", "r", "a", 1, 2, "m"),)


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such baseline file"):
        read_baseline(tmp_path / "missing.json")
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"version": 1, "findings": [], "x": "\xe9"}')
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_baseline(path)


def test_relocated_evidence_keeps_fingerprint() -> None:
    doc = Document("a.md", ARTICLE, markdown=True)
    moved = Evidence(Location("a.md", 40, 1, 40, 5), "Russia annexed Crimea in 2014.")
    base = conflict(doc)
    shifted = Finding(base.rule, base.severity, base.message, doc, base.span, (moved,), kind="date")
    assert base.fingerprint == shifted.fingerprint

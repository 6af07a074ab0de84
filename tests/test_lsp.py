"""`checker lsp`, driven over stdio as an editor drives it: initialize, open, edit, diagnostics,
hover, quick fix, close. One server per test module (it loads the real model once).

The conversions themselves (positions in UTF-16, Markdown escaping, the replacement's place)
have unit tests at the end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp

from benchmarks.lsp_client import Session
from checker.lsp import convert
from checker.model import Document, Evidence, Finding, Location, Severity, Span

FACTS = """\
name: harbour
description: invented facts for the language server's tests
facts:
  - id: varnholt-bridge-opening
    statement: The Varnholt Bridge opened in 1931.
    sources: ["https://example.org/varnholt"]
    as_of: "2026-01-15"
"""
ARTICLE = """\
# Harbour notes

🌉 The Varnholt Bridge opened in 1926, local papers said at the time.

Gulls follow the ferries across the estuary.
"""
ON_DISK = "The Kestrel ferry line carried 40,000 passengers in 2019.\n"


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "facts.yml").write_text(FACTS, encoding="utf-8")
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "ferries.txt").write_text(ON_DISK, encoding="utf-8")
    (tmp_path / "notes.rst").write_text("Not a checked kind of file.\n", encoding="utf-8")
    return tmp_path


def test_a_session_from_open_to_quick_fix(workspace: Path) -> None:
    async def session() -> None:
        async with Session(workspace) as s:
            assert s.capabilities is not None and s.capabilities.hover_provider
            assert s.capabilities.position_encoding == lsp.PositionEncodingKind.Utf16
            s.open("article.md")
            diagnostics, _ = await s.diagnostics("article.md", 1)
            # The open file is checked alone first; the whole workspace follows and says the same.
            assert await s.next_diagnostics("article.md", 1) == diagnostics
            assert len(diagnostics) == 1
            d = diagnostics[0]
            # The emoji takes two UTF-16 code units: "opened in 1926" starts at unit 23 of line 3.
            assert d.range == lsp.Range(lsp.Position(2, 23), lsp.Position(2, 37))
            assert (d.severity, d.code, d.source) == (lsp.DiagnosticSeverity.Error, "date-mismatch", "checker")
            assert d.message == ("Bridge opened: 1926 here, 1931 in reference varnholt-bridge-opening "
                                 "(confidence 1.00)")
            assert d.code_description is not None and d.code_description.href.endswith("rules.md#date-mismatch")
            assert d.related_information is not None
            [related] = d.related_information
            assert related.location.uri == s.uri("references/facts.yml")
            assert related.location.range == lsp.Range(lsp.Position(4, 15), lsp.Position(4, 50))
            assert related.message == ("reference varnholt-bridge-opening: The Varnholt Bridge opened in 1931. "
                                       "(as of 2026-01-15) source: https://example.org/varnholt")

            hover = await s.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(
                lsp.TextDocumentIdentifier(s.uri("article.md")), lsp.Position(2, 30)))
            assert hover.range == d.range
            assert hover.contents.value == (
                "**date-mismatch** (error, confidence 1.00): Bridge opened: 1926 here, 1931 in reference "
                "varnholt-bridge-opening\n\nReference fact `varnholt-bridge-opening` (references/facts.yml:5), "
                "as of 2026-01-15:\n\n> The Varnholt Bridge opened in 1931.\n\nSource: <https://example.org/varnholt>")
            assert await s.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(
                lsp.TextDocumentIdentifier(s.uri("article.md")), lsp.Position(4, 3))) is None

            actions = await s.request(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(s.uri("article.md")), d.range, lsp.CodeActionContext(diagnostics=[d])))
            [action] = actions
            assert action.title == "Replace “1926” with “1931” (reference varnholt-bridge-opening)"
            assert action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred
            [edit] = action.edit.changes[s.uri("article.md")]
            assert edit.range == lsp.Range(lsp.Position(2, 33), lsp.Position(2, 37)) and edit.new_text == "1931"

            # Applying the fix (as the editor would) clears the diagnostic.
            version = s.replace("article.md", "1926", "1931")
            diagnostics, _ = await s.diagnostics("article.md", version)
            assert diagnostics == []

            # A sentence that contradicts a file nobody opened: the finding is on the later one (by path,
            # the file's), published for that file, with the editor's unsaved sentence as related information.
            version = s.replace("article.md", "Gulls follow", "The Kestrel ferry line carried 95,000 passengers in "
                                "2019. Gulls follow")
            assert (await s.diagnostics("article.md", version))[0] == []
            diagnostics = await s.next_diagnostics("ferries.txt", 0)
            assert [(x.code, x.severity, x.range) for x in diagnostics] == [
                ("number-mismatch", lsp.DiagnosticSeverity.Information,
                 lsp.Range(lsp.Position(0, 31), lsp.Position(0, 48)))]
            [related] = diagnostics[0].related_information or []
            assert related.location == lsp.Location(s.uri("article.md"),
                                                    lsp.Range(lsp.Position(4, 0), lsp.Position(4, 57)))
            assert related.message == "The Kestrel ferry line carried 95,000 passengers in 2019."
            assert await s.request(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(s.uri("ferries.txt")), diagnostics[0].range,
                lsp.CodeActionContext(diagnostics=diagnostics))) is None  # no reference value to put there

            # Closing without saving: the file's own text counts again (its 1926 finding is back, the
            # ferries' finding gone).
            seen = len(s.published[s.uri("article.md")])
            s.client.text_document_did_close(lsp.DidCloseTextDocumentParams(
                lsp.TextDocumentIdentifier(s.uri("article.md"))))
            assert [x.code for x in await s.next_diagnostics("article.md", seen)] == ["date-mismatch"]
            assert await s.next_diagnostics("ferries.txt", 1) == []
            assert s.messages == []

    run(session())


def test_a_broken_reference_set_is_reported_and_the_last_good_one_kept(workspace: Path) -> None:
    async def session() -> None:
        async with Session(workspace) as s:
            s.open("article.md")
            diagnostics, _ = await s.diagnostics("article.md", 1)
            assert [d.code for d in diagnostics] == ["date-mismatch"]
            facts = workspace / "references" / "facts.yml"
            facts.write_text("facts: [unclosed\n", encoding="utf-8")
            s.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
                [lsp.FileEvent(uri=s.uri("references/facts.yml"), type=lsp.FileChangeType.Changed)]))
            version = s.replace("article.md", "Gulls", "Terns")
            diagnostics, _ = await s.diagnostics("article.md", version)
            assert [d.code for d in diagnostics] == ["date-mismatch"]
            assert len(s.messages) == 1 and s.messages[0].startswith("checker: references/facts.yml:2:1: ")

    run(session())


def test_a_broken_config_is_reported_and_the_defaults_used(workspace: Path) -> None:
    (workspace / ".checker.yml").write_text("fail-on: sometimes\n", encoding="utf-8")

    async def session() -> None:
        async with Session(workspace) as s:
            s.open("article.md")
            diagnostics, _ = await s.diagnostics("article.md", 1)
            assert [d.code for d in diagnostics] == ["date-mismatch"]  # ./references, as without a config
            assert s.messages == ["checker: .checker.yml:1:10: fail-on: must be one of error, warning, info "
                                  "(got 'sometimes')"]

    run(session())


# -- the conversions ------------------------------------------------------------------------------------------

def _finding(text: str, flagged: str, *, kind: str = "date", stated: str = "1880", value: str = "1884") -> Finding:
    doc = Document("a.md", text)
    start = text.index(flagged)
    fact = Evidence(Location("facts.yml", 3, 16, 3, 40), "The Orrin Canal opened in 1884.", reference_id="orrin",
                    value=value)
    return Finding("date-mismatch", Severity.ERROR, "m", doc, Span(start, start + len(flagged)), related=(fact,),
                   kind=kind, stated=stated)


def test_positions_count_utf16_units_within_the_line() -> None:
    doc = Document("a.md", "𝔸 first line\nsecond 🙂 line é\n")
    at = doc.text.index("line é")
    assert convert.position(doc, at) == lsp.Position(1, 10)
    assert convert.offset(doc, lsp.Position(1, 10)) == at
    assert convert.position(doc, 2) == lsp.Position(0, 3)
    assert convert.offset(doc, lsp.Position(9, 0)) == len(doc.text)
    assert convert.offset(doc, lsp.Position(0, 99)) == doc.text.index("\n")


def test_the_replacement_is_the_stated_value_within_the_flagged_words() -> None:
    finding = _finding("The canal opened in 1880 to barges.", "opened in 1880")
    span, value, fact = convert.replacement(finding) or (None, None, None)
    assert span == Span(20, 24) and value == "1884" and fact == "orrin"
    assert convert.replacement(_finding("It opened in 1880.", "opened in 1880", kind="negation")) is None
    assert convert.replacement(_finding("It opened in 1880.", "opened in 1880", value="")) is None
    assert convert.replacement(_finding("It opened in 1880.", "opened", stated="1880")) is None
    assert convert.replacement(_finding("It opened in 1880.", "opened in 1880", value="1880")) is None


def test_hover_text_cannot_make_links_or_markup() -> None:
    finding = _finding("# 1880 [x](javascript:alert(1)) <img>", "1880")
    finding = Finding(finding.rule, finding.severity, "[click](http://bad.example) *now*", finding.document,
                      finding.span, related=(Evidence(Location("a.md", 1, 1, 1, 5), "1. <b>bold</b> `code`"),
                                             Evidence(Location("f.yml", 1, 1, 1, 5), "x", reference_id="r`id",
                                                      source="javascript:alert(1)")))
    text = convert.hover_markdown([finding])
    assert "\\[click\\](http://bad.example) \\*now\\*" in text
    assert "> 1\\. \\<b\\>bold\\</b\\> \\`code\\`" in text
    assert "Reference fact `rid`" in text and "Source: javascript:alert(1)" in text and "<javascript" not in text


# -- the live workspace ------------------------------------------------------------------------------------

def test_the_live_workspace_reports_what_check_paths_reports(workspace: Path, embedder: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.api import check_paths
    from checker.config import config_from_text
    from checker.live import LiveWorkspace

    monkeypatch.chdir(workspace)
    (workspace / "drafts").mkdir()
    (workspace / "drafts" / "old.md").write_text("The Varnholt Bridge opened in 1920.\n", encoding="utf-8")
    config = config_from_text("exclude: [drafts/]\n", path=".checker.yml", base=Path("."))
    live = LiveWorkspace(config, embedder=embedder)
    assert [d.path for d in (live.load(), live.documents())[1]] == ["article.md", "ferries.txt"]
    assert live.selects("article.md") and not live.selects("drafts/old.md") and not live.selects("notes.rst")
    assert not live.selects("../elsewhere.md")

    def seen(report: Any) -> list[tuple[str, str, str]]:
        return [(f.document.path, f.rule, f.text) for f in report.findings]

    expected = check_paths(["."], config=config, embedder=embedder)
    assert seen(live.check()) == seen(expected) == [("article.md", "date-mismatch", "opened in 1926")]
    live.edit("article.md", ARTICLE.replace("1926", "1931"))
    assert seen(live.check()) == []
    live.close("article.md")
    assert seen(live.check()) == seen(expected)

    # One sentence edited: its paragraph alone is parsed again, the sentence alone embedded again.
    from checker.claims import parse

    embedded, blocks = embedder.embedded, len(parse._MEMO)
    live.edit("article.md", ARTICLE.replace("Gulls follow", "Gulls of the harbour follow"))
    assert seen(live.check()) == seen(expected)
    assert (embedder.embedded - embedded, len(parse._MEMO) - blocks) == (1, 1)

"""A small language client for `checker lsp`, over stdio as an editor talks to it.

Used by the language server's tests (tests/test_lsp.py) and its benchmark (benchmarks/lsp.py):
start the server in a folder, open and edit documents, and wait for the diagnostics of a given
version of a document, timing how long they took.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient


class Session:
    """One server process and what it published."""

    def __init__(self, root: Path, *, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.env = {**os.environ, **(env or {})}
        self.client = LanguageClient("checker-tests", "1")
        self.published: dict[str, list[lsp.PublishDiagnosticsParams]] = {}
        self.messages: list[str] = []
        self._arrived = asyncio.Event()
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.capabilities: lsp.ServerCapabilities | None = None

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            self._arrived.set()

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def _message(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def _log(params: lsp.LogMessageParams) -> None:
            self.messages.append(params.message)

    def uri(self, name: str) -> str:
        return (self.root / name).resolve().as_uri()

    async def start(self, *, encodings: list[lsp.PositionEncodingKind] | None = None) -> None:
        await self.client.start_io(sys.executable, "-m", "checker", "lsp", cwd=str(self.root), env=self.env)
        capabilities = lsp.ClientCapabilities(
            general=lsp.GeneralClientCapabilities(position_encodings=encodings) if encodings else None)
        result = await self.client.initialize_async(lsp.InitializeParams(
            capabilities=capabilities, root_uri=self.root.resolve().as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=self.root.resolve().as_uri(), name="articles")]))
        self.capabilities = result.capabilities
        self.client.initialized(lsp.InitializedParams())

    def open(self, name: str, text: str | None = None) -> None:
        text = text if text is not None else (self.root / name).read_text(encoding="utf-8")
        self.versions[name] = 1
        self.texts[name] = text
        language = "markdown" if name.endswith((".md", ".markdown")) else "plaintext"
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=self.uri(name), language_id=language, version=1, text=text)))

    def replace(self, name: str, old: str, new: str) -> int:
        """Replace the first `old` in the document by `new`, as an incremental change; the new version."""
        text = self.texts[name]
        at = text.index(old)
        line = text.count("\n", 0, at)
        column = at - (text.rfind("\n", 0, at) + 1)
        start = lsp.Position(line=line, character=_utf16(text[at - column:at]))
        end_at = at + len(old)
        end_line = text.count("\n", 0, end_at)
        end_column = end_at - (text.rfind("\n", 0, end_at) + 1)
        end = lsp.Position(line=end_line, character=_utf16(text[end_at - end_column:end_at]))
        self.versions[name] += 1
        self.texts[name] = text[:at] + new + text[end_at:]
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri(name), version=self.versions[name]),
            content_changes=[lsp.TextDocumentContentChangePartial(range=lsp.Range(start=start, end=end), text=new)]))
        return self.versions[name]

    async def diagnostics(self, name: str, version: int | None = None, *,
                          timeout: float = 120.0) -> tuple[list[lsp.Diagnostic], float]:
        """The first diagnostics published for `name` at `version` or later (default: its latest; edits that
        arrive during a check are checked together, so a version may be skipped), and the seconds waited."""
        version = version if version is not None else self.versions.get(name)
        uri = self.uri(name)
        start = time.perf_counter()
        deadline = start + timeout
        while True:
            for params in self.published.get(uri, []):
                if version is None or (params.version is not None and params.version >= version):
                    return list(params.diagnostics), time.perf_counter() - start
            self._arrived.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for {name} version {version} in {timeout} s; "
                                   f"messages: {self.messages}")
            await asyncio.wait_for(self._arrived.wait(), remaining)

    async def next_diagnostics(self, name: str, seen: int, *, timeout: float = 120.0) -> list[lsp.Diagnostic]:
        """The diagnostics published for `name` after the first `seen` publications (for changes
        that carry no version: a close, a file changed on disk)."""
        uri = self.uri(name)
        deadline = time.perf_counter() + timeout
        while len(self.published.get(uri, [])) <= seen:
            self._arrived.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no new diagnostics for {name} in {timeout} s; messages: {self.messages}")
            await asyncio.wait_for(self._arrived.wait(), remaining)
        return list(self.published[uri][seen].diagnostics)

    async def request(self, method: str, params: Any) -> Any:
        return await self.client.protocol.send_request_async(method, params)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def __aenter__(self) -> Session:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2

"""`checker lsp`: a language server (pygls) for Markdown and text files.

It checks the workspace as `checker check` run in its root would (the same config, include
and exclude, references and findings), with the editor's unsaved texts in place of the files',
and publishes each document's findings as diagnostics. One check runs at a time, in a worker
thread; edits that arrive meanwhile are checked together as soon as it ends, so a burst of
typing costs one check, not one per key. The model and the parser stay loaded and unchanged
sentences are neither parsed nor embedded again (`checker.live`), so a re-check after an edit
takes tens of milliseconds. The very first check covers the open files alone when the workspace
holds more, so a large workspace shows their diagnostics in seconds; the whole workspace follows.

Saving or changing a reference-set file (YAML under the configured references) reads the
sets again; a problem with one is shown to the user in one line, and the last good sets stay.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from checker.config import default_config, find_config_for, load_config
from checker.errors import CheckerError, ErrorList
from checker.live import LiveWorkspace
from checker.lsp import convert
from checker.model import Finding, Report
from checker.report.rule_docs import ENV_RULES_URL, rule_url
from checker.version import __version__

log = logging.getLogger(__name__)

REFERENCE_SUFFIXES = (".yml", ".yaml")


class CheckerServer(LanguageServer):
    """The server's state: the live workspace, the latest report, what was published where."""

    def __init__(self) -> None:
        super().__init__("checker", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.live: LiveWorkspace | None = None
        self.report: Report | None = None
        self.published: dict[str, list[lsp.Diagnostic]] = {}  # what each URI shows now
        self.checking = False
        self.pending = False
        self.rules_base: str | None = None
        self.checks = 0  # completed checks, for the tests and the log

    # Paths: the server runs in the workspace root, so report paths are relative to it.
    def path_of(self, uri: str) -> str | None:
        path = to_fs_path(uri)
        return None if path is None else os.path.relpath(path)

    def uri_of(self, path: str) -> str:
        return from_fs_path(os.path.abspath(path)) or path

    def units(self, text: str) -> int:
        return int(self.workspace.position_codec.client_num_units(text))

    def rules_url(self, rule_id: str) -> str | None:
        return rule_url(rule_id, self.rules_base) if self.rules_base else None


server = CheckerServer()


def _one_line(error: CheckerError) -> str:
    return "; ".join(str(e) for e in error.errors) if isinstance(error, ErrorList) else str(error)


def _rules_page() -> str | None:
    """Where the rules' documentation is: $CHECKER_RULES_URL, else a copy written to the cache folder."""
    if os.environ.get(ENV_RULES_URL):
        return os.environ[ENV_RULES_URL]
    from checker.atomic import write_atomically
    from checker.report.rule_docs import rules_markdown
    from checker.settings import default_cache_dir

    page = default_cache_dir() / "rules.md"
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(page, rules_markdown())
    except (OSError, CheckerError):
        return None  # diagnostics go without links
    return page.resolve().as_uri()


@server.feature(lsp.INITIALIZE)
def _initialize(ls: CheckerServer, params: lsp.InitializeParams) -> None:
    root = None
    if params.workspace_folders:
        root = to_fs_path(params.workspace_folders[0].uri)
    elif params.root_uri:
        root = to_fs_path(params.root_uri)
    elif params.root_path:
        root = params.root_path
    if root and os.path.isdir(root):
        os.chdir(root)  # paths, the config search and ./references as in `checker check` run there
    ls.rules_base = _rules_page()
    try:
        found = find_config_for(["."], None, env=os.environ)
        config = load_config(found) if found is not None else default_config()
    except CheckerError as error:
        ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"checker: {_one_line(error)}"))
        config = default_config()
    ls.live = LiveWorkspace(config)
    # The model and the parser load while the editor finishes its start-up and opens files.
    asyncio.get_running_loop().run_in_executor(None, _warm, ls.live)


def _warm(live: LiveWorkspace) -> None:
    try:
        live.warm()
    except Exception:  # the first check loads again and reports the problem to the user
        log.debug("warm-up failed", exc_info=True)


@server.feature(lsp.INITIALIZED)
def _initialized(ls: CheckerServer, params: lsp.InitializedParams) -> None:
    _schedule(ls, load=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: CheckerServer, params: lsp.DidOpenTextDocumentParams) -> None:
    _schedule(ls)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: CheckerServer, params: lsp.DidChangeTextDocumentParams) -> None:
    _schedule(ls)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: CheckerServer, params: lsp.DidCloseTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if ls.live is not None and path is not None:
        ls.live.close(path)
    _schedule(ls)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: CheckerServer, params: lsp.DidSaveTextDocumentParams) -> None:
    _changed_on_disk(ls, [params.text_document.uri])


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _watched(ls: CheckerServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    _changed_on_disk(ls, [change.uri for change in params.changes])


def _changed_on_disk(ls: CheckerServer, uris: Iterable[str]) -> None:
    if ls.live is None:
        return
    paths = [p for p in (ls.path_of(uri) for uri in uris) if p is not None]
    if any(p.lower().endswith(REFERENCE_SUFFIXES) for p in paths):
        try:
            ls.live.reload_references()
        except CheckerError as error:
            ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"checker: {_one_line(error)}"))
    ls.live.refresh(p for p in paths if not p.lower().endswith(REFERENCE_SUFFIXES))
    _schedule(ls)


def _schedule(ls: CheckerServer, *, load: bool = False) -> None:
    """Check soon: now when idle, else right after the running check (once, for all edits since)."""
    if ls.checking:
        ls.pending = True
        return
    ls.checking = True
    asyncio.get_running_loop().create_task(_check_loop(ls, load))


async def _check_loop(ls: CheckerServer, load: bool) -> None:
    try:
        while True:
            ls.pending = False
            live = ls.live
            if live is None:
                return
            try:
                if load:
                    await asyncio.to_thread(live.load)
                versions = _editor_texts(ls, live)
                # The first check of a large workspace takes a while: the open files are checked
                # alone first, so the editor shows something soon; the whole workspace follows.
                only = set(versions) if load and versions and len(live.documents()) > len(versions) else None
                load = False
                report = await asyncio.to_thread(live.check, only)
            except CheckerError as error:
                ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"checker: {_one_line(error)}"))
                return
            except Exception:  # a bug must not take the editor's server down
                log.exception("check failed")
                ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error,
                                                             "checker: internal error; see the server's log"))
                return
            for problem in live.problems:
                ls.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, f"checker: {problem}"))
            ls.report = report
            ls.checks += 1
            _publish(ls, report, versions, partial=only is not None)
            if only is not None:
                ls.pending = True  # now the whole workspace
            if not ls.pending:
                return
    finally:
        ls.checking = False


def _editor_texts(ls: CheckerServer, live: LiveWorkspace) -> dict[str, int | None]:
    """Copy the editor's texts into the workspace, on the server's own thread, between checks;
    the version of each."""
    versions: dict[str, int | None] = {}
    for uri, text_document in list(ls.workspace.text_documents.items()):
        path = ls.path_of(uri)
        if path is not None and live.selects(path):  # as `checker check` would: selected files only
            live.edit(path, text_document.source)
            versions[path] = text_document.version
    return versions


def _publish(ls: CheckerServer, report: Report, versions: dict[str, int | None], *, partial: bool = False) -> None:
    """Send what changed. `partial`: the report covers the open documents only, so nothing is said
    of the others yet."""
    documents = {d.path: d for d in report.checked}
    by_uri: dict[str, list[lsp.Diagnostic]] = {}
    for finding in report.findings:
        by_uri.setdefault(ls.uri_of(finding.document.path), []).append(
            convert.diagnostic(finding, documents=documents, uri_of=ls.uri_of, units=ls.units,
                               rules_url=ls.rules_url))
    open_uris = {ls.uri_of(p): v for p, v in versions.items()}
    if partial:
        by_uri = {uri: found for uri, found in by_uri.items() if uri in open_uris}
    # Open documents hear after every check (with the version checked); others only when what
    # they show changed: in a large workspace an edit changes one or two of them.
    for uri in sorted((set(open_uris) if partial else ls.published.keys() | by_uri.keys()) | open_uris.keys()):
        diagnostics = by_uri.get(uri, [])
        if uri in open_uris or diagnostics != ls.published.get(uri, []):
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics, version=open_uris.get(uri)))
    if partial:
        ls.published.update({uri: by_uri.get(uri, []) for uri in open_uris})
    else:
        ls.published = by_uri


def _findings_at(ls: CheckerServer, uri: str, start: lsp.Position, end: lsp.Position | None = None) -> list[Finding]:
    path = ls.path_of(uri)
    if ls.report is None or path is None:
        return []
    document = next((d for d in ls.report.checked if d.path == path), None)
    if document is None:
        return []
    low = convert.offset(document, start, ls.units)
    high = convert.offset(document, end, ls.units) if end is not None else low
    return [f for f in ls.report.findings
            if f.document.path == path and f.span.start <= high and low <= f.span.end]


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def _hover(ls: CheckerServer, params: lsp.HoverParams) -> lsp.Hover | None:
    findings = _findings_at(ls, params.text_document.uri, params.position)
    if not findings:
        return None
    first = findings[0]
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=convert.hover_markdown(findings)),
                     range=convert.span_range(first.document, first.span, ls.units))


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def _code_action(ls: CheckerServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    uri = params.text_document.uri
    actions = []
    documents = {d.path: d for d in ls.report.checked} if ls.report is not None else {}
    for finding in _findings_at(ls, uri, params.range.start, params.range.end):
        action = convert.quick_fix(finding, uri, ls.units)
        if action is not None:
            action.diagnostics = [convert.diagnostic(finding, documents=documents, uri_of=ls.uri_of, units=ls.units,
                                                     rules_url=ls.rules_url)]
            actions.append(action)
    return actions or None


def serve() -> None:
    """Serve over standard input and output until the client says exit."""
    import sys

    logging.basicConfig(level=logging.WARNING, format="checker lsp: %(message)s", stream=sys.stderr)
    # Standard output carries the protocol: anything a library prints there (a progress bar, a
    # notice) would corrupt it, so print() goes to standard error from here on.
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, protocol_out)


__all__ = ["CheckerServer", "serve", "server"]

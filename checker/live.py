"""A warm checker for editors: the project's documents in memory, the texts an editor holds in
place of the files', one embedding model and one parser kept loaded between checks.

The language server (`checker lsp`, `checker/lsp/`) holds one `LiveWorkspace`. Each check
runs the same pipeline as `checker check` over the whole project, so an editor sees what CI
will report; what makes a re-check after an edit cheap is what stays warm: the model and
spaCy stay loaded, analysed blocks are memoised by their text (`checker.claims.parse`) and
sentence vectors by theirs (`MemoEmbedder`), so only the sentences an edit changed are parsed
and embedded again.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from checker.api import check_loaded, normalise_path, select_paths
from checker.config import Config
from checker.errors import CheckerError
from checker.inputs.documents import SUFFIXES, document_from_text, is_markdown, read_document
from checker.inputs.references import load_reference_sets
from checker.model import Document, ReferenceSet, Report
from checker.pipeline import Judgements
from checker.retrieval.embedder import Embedder, SentenceTransformerEmbedder


@dataclass
class LiveWorkspace:
    """The documents of one project, checked together as `checker check` checks them.

    `paths` are the files and folders checked (as on the command line; default: the current
    folder), selected by the config's include and exclude. Texts set with `edit` replace the
    file's text until `close`; files are re-read from disk when `refresh` names them.
    """

    config: Config
    paths: Sequence[str] = (".",)
    embedder: Embedder | None = None
    references: Sequence[str] | None = None  # None: the config's
    problems: list[str] = field(default_factory=list, init=False)  # files that could not be read, one line each
    # What the workspace holds between checks: no constructor argument.
    _files: dict[str, Document] = field(default_factory=dict, init=False, repr=False)
    _edited: dict[str, Document] = field(default_factory=dict, init=False, repr=False)
    _sets: tuple[ReferenceSet, ...] | None = field(default=None, init=False, repr=False)
    _judgements: Judgements = field(default_factory=Judgements, init=False, repr=False)
    _warm: bool = field(default=False, init=False, repr=False)
    _warm_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.embedder is None:
            from checker.retrieval.cache import shared_cache

            settings = self.config.settings
            # No ONNX export: it pays for short-lived processes that would load torch for a few
            # sentences; a server loads the model once, and making the export costs its first check 3 s.
            self.embedder = SentenceTransformerEmbedder(
                settings.model, cache=shared_cache(settings.cache_dir) if settings.cache else None, onnx=False)

    def load(self) -> None:
        """Read the project's files and reference sets. Raises CheckerError for an unusable
        reference set; a file that cannot be read is left out and named in `problems`."""
        self.problems.clear()
        self._files.clear()
        for path in select_paths(list(self.paths), self.config):
            self._read(path)
        self.reload_references()

    def reload_references(self) -> None:
        """Read the reference sets again (after one was edited). Raises CheckerError."""
        refs = self.references if self.references is not None else self.config.references
        self._sets = load_reference_sets(list(refs)) if refs else ()

    def _read(self, path: str) -> None:
        try:
            self._files[path] = read_document(path)
        except CheckerError as error:
            self._files.pop(path, None)
            self.problems.append(str(error))

    def selects(self, path: str) -> bool:
        """Whether `path` belongs to the project: under a checked path, a checked kind of file, and
        selected by the config."""
        path = normalise_path(path)
        if not path.lower().endswith(SUFFIXES) or path.startswith(os.pardir):
            return False
        inside = any(p in (".", "") or path == normalise_path(p) or path.startswith(normalise_path(p) + os.sep)
                     for p in self.paths)
        return inside and self.config.selects(path)

    def edit(self, path: str, text: str) -> Document:
        """The editor's text of `path` (checked in place of the file's until `close`)."""
        path = normalise_path(path)
        document = document_from_text(text, path=path, markdown=is_markdown(path))
        self._edited[path] = document
        return document

    def close(self, path: str) -> None:
        """The editor closed `path`: the file's text counts again."""
        path = normalise_path(path)
        self._edited.pop(path, None)
        self.refresh([path])

    def refresh(self, paths: Iterable[str]) -> None:
        """Read files again that changed on disk (saved, created or deleted)."""
        for path in paths:
            path = normalise_path(path)
            if self.selects(path) and os.path.isfile(path):
                self._read(path)
            else:
                self._files.pop(path, None)

    def documents(self) -> list[Document]:
        """Every document checked: the project's files, edited texts in place of theirs, and edited
        texts of files outside the project (an open scratch file) too."""
        merged = dict(self._files)
        merged.update(self._edited)
        return [merged[path] for path in sorted(merged)]

    def warm(self) -> None:
        """Load the embedding model and the parser, side by side, unless loaded (a server calls this
        while the editor is still starting up; `check` waits for it). Raises CheckerError for a
        model that cannot be loaded."""
        with self._warm_lock:
            if self._warm:
                return
            from concurrent.futures import ThreadPoolExecutor

            from checker.claims.parse import load_nlp

            preload = getattr(self.embedder, "preload", None)
            with ThreadPoolExecutor(1) as pool:
                parser = pool.submit(load_nlp)
                if preload is not None:
                    preload()
                parser.result()
            self._warm = True

    def check(self, only: Collection[str] | None = None) -> Report:
        """Check every document together (`only`: just these paths, checked with each other and
        the reference sets); the first call reads the project and loads the model and the parser.
        Parsing stays in this process: a server has threads, and must not fork."""
        self.warm()
        if self._sets is None:
            self.load()
        settings = dataclasses.replace(self.config.settings, processes=False)
        documents = self.documents()
        if only is not None:
            wanted = {normalise_path(p) for p in only}
            documents = [d for d in documents if d.path in wanted]
        return check_loaded(documents, references=self._sets or (), settings=settings, embedder=self.embedder,
                            judgements=self._judgements)

"""The library entry points: check text or files, get a Report back. Never prints or exits."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from checker.documents import collect_paths, document_from_text, read_document, read_stdin
from checker.embeddings import Embedder
from checker.model import Document, ReferenceSet, Report
from checker.pipeline import Settings, check_documents
from checker.references import load_reference_sets

References = Sequence[str | Path | ReferenceSet]


def _reference_sets(references: References) -> tuple[ReferenceSet, ...]:
    sets = [r for r in references if isinstance(r, ReferenceSet)]
    paths = [r for r in references if not isinstance(r, ReferenceSet)]
    return tuple(sets) + (load_reference_sets(paths) if paths else ())


def check_text(text: str, *, references: References = (), settings: Settings | None = None,
               path: str = "<text>", markdown: bool = False, embedder: Embedder | None = None) -> Report:
    """Check one text. `references` are reference-set files, folders or loaded ReferenceSets."""
    document = document_from_text(text, path=path, markdown=markdown)
    return check_documents([document], references=_reference_sets(references), settings=settings,
                           embedder=embedder)


def check_paths(paths: Sequence[str | Path], *, references: References = (), settings: Settings | None = None,
                stdin_markdown: bool = False, embedder: Embedder | None = None) -> Report:
    """Check files and folders (.md, .markdown, .txt, recursively); "-" reads standard input.

    All documents are checked together, so a claim in one file that contradicts a
    claim in another is reported. Raises CheckerError for unreadable input or references.
    """
    sets = _reference_sets(references)
    documents: list[Document] = []
    for path in collect_paths([str(p) for p in paths]):
        if path == "-":
            documents.append(read_stdin(sys.stdin.buffer.read(), markdown=stdin_markdown))
        else:
            documents.append(read_document(path))
    return check_documents(documents, references=sets, settings=settings, embedder=embedder)

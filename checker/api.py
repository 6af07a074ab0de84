"""The library entry points: check text or files, get a Report back. Never prints or exits.

Both entry points run the pipeline over all documents together, then apply suppression
comments (`checker/report/suppressions.py`): suppressed findings are dropped and findings
about the comments themselves (a missing reason, an unused suppression) join the report.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.inputs.documents import collect_paths, document_from_text, read_document, read_stdin
from checker.inputs.references import load_reference_sets
from checker.judge.detectors import RULES
from checker.model import Document, Finding, ReferenceSet, Report
from checker.pipeline import Judgements, check_documents, source_facts
from checker.report.suppressions import META_RULES, apply_suppressions
from checker.retrieval.embedder import Embedder
from checker.settings import Settings

if TYPE_CHECKING:
    from checker.config import Config

References = Sequence[str | Path | ReferenceSet]
# progress(stage, done, total): stage "reading" counts documents read; stage "analysing" is
# reported as (0, 1) before the pipeline runs and (1, 1) after it.
Progress = Callable[[str, int, int], None]

READING = "reading"
ANALYSING = "analysing"


def _reference_sets(references: References) -> tuple[ReferenceSet, ...]:
    sets = [r for r in references if isinstance(r, ReferenceSet)]
    paths = [r for r in references if not isinstance(r, ReferenceSet)]
    return tuple(sets) + (load_reference_sets(paths) if paths else ())


def check_text(text: str, *, references: References | None = None, settings: Settings | None = None,
               config: Config | None = None, path: str = "<text>", markdown: bool = False,
               embedder: Embedder | None = None) -> Report:
    """Check one text. `references` are reference-set files, folders or loaded ReferenceSets.

    With `config` (from `checker.config.load_config`), its references and settings are used
    where `references` and `settings` are not given (None).
    """
    if references is None:
        references = config.references if config is not None else ()
    if settings is None and config is not None:
        settings = config.settings
    document = document_from_text(text, path=path, markdown=markdown)
    return check_loaded([document], references=_reference_sets(references), settings=settings, embedder=embedder)


def check_paths(paths: Sequence[str | Path], *, references: References | None = None,
                settings: Settings | None = None, stdin_markdown: bool = False, embedder: Embedder | None = None,
                config: Config | None = None, progress: Progress | None = None,
                force_exclude: bool = False, against: Sequence[str | Path] = ()) -> Report:
    """Check files and folders (.md, .markdown, .txt, recursively); "-" reads standard input.

    All documents are checked together, so a claim in one file that contradicts a
    claim in another is reported. Raises CheckerError for unreadable input or references.

    With `config` (from `checker.config.load_config`), its include and exclude globs choose the
    files found in folders, its exclude globs also drop files named directly (with `force_exclude`,
    files named directly must be selected as in folders: pre-commit names every staged file), and its references
    and settings are used where `references` and `settings` are not given (None).
    Document paths are normalised (`./a.md` is `a.md`; an absolute path under the current folder
    becomes relative), so fingerprints and baselines do not depend on how a path was typed.
    `progress`, when given, is called as described at `Progress`. `against`: source documents
    (files) whose every sentence serves as a reference fact for this run only (see
    `checker.pipeline.source_facts`); they are not checked themselves.
    """
    if references is None:
        references = config.references if config is not None else ()
    if settings is None and config is not None:
        settings = config.settings
    sets = _reference_sets(references)
    if against:
        sources = [read_document(normalise_path(str(path))) for path in against]
        sets = (*sets, source_facts(sources, settings=settings))
    files = select_paths(paths, config, force_exclude=force_exclude)
    documents: list[Document] = []
    for index, path in enumerate(files):
        if progress is not None:
            progress(READING, index, len(files))
        if path == "-":
            documents.append(read_stdin(sys.stdin.buffer.read(), markdown=stdin_markdown))
        else:
            documents.append(read_document(path))
    if progress is not None:
        progress(READING, len(files), len(files))
        progress(ANALYSING, 0, 1)
    report = check_loaded(documents, references=sets, settings=settings, embedder=embedder)
    if progress is not None:
        progress(ANALYSING, 1, 1)
    return report


def select_paths(paths: Sequence[str | Path], config: Config | None = None, *,
                 force_exclude: bool = False) -> list[str]:
    """The files `check_paths` reads, normalised and without duplicates ("-" stays as it is).

    Folders are searched for .md, .markdown and .txt files; with a config only the files its
    include and exclude globs select are kept. A file named directly is kept unless excluded,
    or, with `force_exclude`, unless include and exclude do not select it.
    """
    selected: list[str] = []
    seen: set[str] = set()
    for given in paths:
        arg = str(given)
        found = collect_paths([arg])
        from_folder = force_exclude or (arg != "-" and os.path.isdir(arg))
        for path in found:
            path = path if path == "-" else normalise_path(path)
            if path in seen:
                continue
            if config is not None and path != "-" and not _selected(config, path, from_folder):
                continue
            seen.add(path)
            selected.append(path)
    return selected


def normalise_path(path: str) -> str:
    """`path` without `./` and `..` detours; relative to the current folder when it lies below it."""
    normal = os.path.normpath(path)
    if os.path.isabs(normal):
        try:
            relative = os.path.relpath(normal)
        except ValueError:  # another drive on Windows
            return normal
        if not relative.startswith(os.pardir + os.sep) and relative != os.pardir:
            return relative
    return normal


def _selected(config: Config, path: str, from_folder: bool) -> bool:
    if from_folder:
        return config.selects(path)
    return not config.exclude or dataclasses.replace(config, include=("**",)).selects(path)


def check_loaded(documents: Sequence[Document], *, references: Sequence[ReferenceSet] = (),
                 settings: Settings | None = None, embedder: Embedder | None = None,
                 judgements: Judgements | None = None) -> Report:
    """Run the pipeline over loaded documents, then apply their suppression comments.

    `judgements`: see `checker.pipeline.Judgements` (a process that re-checks one project keeps one).
    """
    settings = settings or Settings()
    report = check_documents(documents, references=references, settings=settings, embedder=embedder,
                             judgements=judgements)
    findings = list(report.findings)
    enabled = {rule for rule in RULES if rule not in settings.disabled}
    kept, meta = apply_suppressions(findings, documents, known_rules=set(RULES) | set(META_RULES),
                                    checked_rules=enabled)
    return dataclasses.replace(report, findings=tuple(sorted([*kept, *meta], key=_order)))


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return finding.document.path, finding.span.start, finding.rule, finding.message

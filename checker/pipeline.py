"""documents -> claims -> candidate pairs -> judgement -> findings: orchestration only.

Each stage lives in its own package, read top to bottom:

1. `checker.inputs`: documents and their prose view (offsets into the real file);
2. `checker.claims`: sentences, each analysed into a claim (values, anchors, frames, negation);
3. `checker.retrieval`: sentence embeddings and the candidate pairs nearest-neighbour search finds;
4. `checker.judge`: the detectors, pair by pair, and the verdicts that turn relations into findings;
5. `checker.report`: suppressions, baselines and formats, applied by `checker.api` and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from checker.claims.cache import claim_cache
from checker.claims.parse import analyse
from checker.claims.sentences import MAX_SENTENCE_CHARS, split_blocks
from checker.inputs.documents import prose
from checker.judge import calibration, score
from checker.judge.detectors import RULES, Rule
from checker.judge.verdicts import findings
from checker.model import Claim, Document, Finding, ReferenceFact, ReferenceSet, Relation, Report, Span
from checker.report.suppressions import META_RULES, SKIPPED
from checker.retrieval.candidates import candidate_pairs, fact_candidates
from checker.retrieval.embedder import Embedder, SentenceTransformerEmbedder
from checker.settings import Settings


def _skipped(document: Document, span: Span) -> Finding:
    severity, _ = META_RULES[SKIPPED]
    return Finding(SKIPPED, severity, f"{span.end - span.start:,} characters without a sentence break were not "
                   f"checked (a sentence may have at most {MAX_SENTENCE_CHARS:,})", document, span)


def _pieces(documents: Sequence[Document]) -> tuple[list[tuple[Document, str, Span]], list[Finding]]:
    """Every (document, prose view, block) to analyse, and a `skipped-text` finding for each run
    too long to be a sentence."""
    pieces: list[tuple[Document, str, Span]] = []
    skipped: list[Finding] = []
    for document in documents:
        view = prose(document)
        for span in split_blocks(view.text, view.blocks):
            if span.end - span.start > MAX_SENTENCE_CHARS:
                skipped.append(_skipped(document, span))
            else:
                pieces.append((document, view.text, span))
    return pieces, skipped


def _fact_piece(fact: ReferenceFact, views: dict[str, str]) -> tuple[Document, str, Span]:
    """What to analyse of a fact: its statement alone, or a source's sentence where it stands
    (`views`: each source's prose view, made once)."""
    if fact.origin is not None:
        document, span = fact.origin
        if document.path not in views:
            views[document.path] = prose(document).text
        return document, views[document.path], span
    return Document(f"{fact.path}#{fact.id}", fact.statement), fact.statement, Span(0, len(fact.statement))


def source_facts(sources: Sequence[Document], *, settings: Settings | None = None) -> ReferenceSet:
    """Source documents (the full story a brief summarises, the wire copy a rewrite follows) as
    transient reference material: every sentence a fact, named and located by where it stands,
    with its document as its source. Nothing about the sources themselves is reported."""
    settings = settings or Settings()
    pieces, _ = _pieces(sources)
    facts = []
    seen: set[str] = set()
    for claim in analyse(pieces, cache=claim_cache(settings), processes=settings.processes):
        location = claim.location
        fact_id = f"{location.path}:{location.line}:{location.column}"
        if fact_id in seen or not claim.text.strip():
            continue
        seen.add(fact_id)
        facts.append(ReferenceFact(id=fact_id, statement=claim.text, sources=(location.path,), path=location.path,
                                   line=location.line, column=location.column, set_name="sources",
                                   origin=(claim.document, claim.span)))
    return ReferenceSet(name="sources", description="sentences of the source documents", path="",
                        facts=tuple(facts))


class Judgements:
    """Relations already judged, by rule, pair of claims and similarity, for a process that checks
    one project again and again (the language server): after an edit, only the pairs the edit
    made new are judged. A claim is known by all it holds (document, place, text, analysis), so
    a claim that moved or was parsed differently is judged afresh."""

    LIMIT = 1_000_000  # relations kept (each judged pair of an old version counts) before starting again

    def __init__(self) -> None:
        self._ids: dict[Claim, int] = {}
        self._relations: dict[tuple[str, int, int, float], tuple[Relation, ...]] = {}

    def trim(self) -> None:
        """Start again when full: called before a check numbers its claims, never in between, so a
        number always means one claim."""
        if len(self._relations) > self.LIMIT or len(self._ids) > self.LIMIT:
            self._ids.clear()
            self._relations.clear()

    def number(self, claims: Sequence[Claim]) -> list[int]:
        """Each claim's number, stable across checks while the claim stays as it is."""
        return [self._ids.setdefault(c, len(self._ids)) for c in claims]

    def detect(self, rule: Rule, a: tuple[Claim, int], b: tuple[Claim, int], sim: float) -> tuple[Relation, ...]:
        key = (rule.id, a[1], b[1], sim)
        found = self._relations.get(key)
        if found is None:
            found = self._relations[key] = tuple(rule.detect(a[0], b[0], sim))
        return found


def check_documents(documents: Sequence[Document], *, references: Sequence[ReferenceSet] = (),
                    settings: Settings | None = None, embedder: Embedder | None = None,
                    judgements: Judgements | None = None) -> Report:
    """The findings of `documents` against each other and the reference sets (before suppressions).

    `judgements`: relations judged by earlier checks in this process, reused where a pair of
    claims is unchanged (see `Judgements`); the findings are the same either way.
    """
    settings = settings or Settings()
    rules = [r for r in RULES.values() if r.id not in settings.disabled]
    pieces, skipped = _pieces(documents)
    cache = claim_cache(settings)
    if embedder is None:
        from checker.retrieval.cache import shared_cache

        embedder = SentenceTransformerEmbedder(
            settings.model, cache=shared_cache(settings.cache_dir) if settings.cache else None)
    facts = [fact for ref in references for fact in ref.facts]
    views: dict[str, str] = {}
    fact_pieces = [_fact_piece(f, views) for f in facts]
    # One analysis for both, so a worker process parses while this one loads the model.
    preload = getattr(embedder, "preload", None) if not getattr(embedder, "loaded", True) else None
    analysed = analyse([*pieces, *fact_pieces], reference_ids=[None] * len(pieces) + [f.id for f in facts],
                       cache=cache, meanwhile=preload, processes=settings.processes)
    claims = [c for c in analysed if c.reference_id is None]
    by_id = {f.id: f for f in facts}
    fact_claims = [replace(c, once=True) if c.reference_id is not None and by_id[c.reference_id].once else c
                   for c in analysed if c.reference_id is not None]
    n_facts = len(facts)
    if not claims or not rules:
        return Report(findings=tuple(skipped), documents=len(documents), claims=len(claims), references=n_facts,
                      checked=tuple(documents))

    vectors = embedder.encode([c.text for c in claims])
    warnings: list[str] = [*score.problems(), *calibration.problems(), *(cache.notes() if cache is not None else ())]
    relations: list[tuple[int, int | None, Relation]] = []  # (claim, other claim or None for a fact, relation)
    fact_relations: list[tuple[int, Claim, Relation]] = []
    memo = judgements or Judgements()  # a run of its own judges every pair once anyway
    memo.trim()
    numbered = list(zip(claims, memo.number(claims), strict=True))
    for (a, b), sim in candidate_pairs(claims, vectors, settings).items():
        for rule in rules:
            relations.extend((a, b, r) for r in memo.detect(rule, numbered[a], numbered[b], sim))
    if fact_claims:
        # Large reference sets get an approximate index, cached on disk by content and model.
        from checker.retrieval.index import FactIndex

        texts = [c.text for c in fact_claims]
        fact_index = (FactIndex.load_or_build(texts, embedder, settings.cache_dir) if settings.cache
                      else FactIndex.build(embedder.encode(texts)))
        if fact_index.warning:
            warnings.append(fact_index.warning)
        numbered_facts = list(zip(fact_claims, memo.number(fact_claims), strict=True))
        for i, j, sim in fact_candidates(fact_index, vectors, settings, claims, fact_claims):
            for rule in rules:
                fact_relations.extend((i, fact_claims[j], r) for r in memo.detect(rule, numbered[i], numbered_facts[j],
                                                                                   sim))
    found = [*findings(claims, relations, fact_relations, by_id, settings), *skipped]
    warnings.extend(getattr(embedder, "warnings", ()))
    return Report(findings=tuple(found), documents=len(documents), claims=len(claims), references=n_facts,
                  warnings=tuple(dict.fromkeys(warnings)), checked=tuple(documents))

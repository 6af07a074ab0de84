"""documents -> claims -> candidate pairs -> detectors -> findings.

Candidate pairs come from nearest-neighbour search over sentence embeddings (each
claim against the k most similar claims of the whole corpus, and against the k most
similar reference facts), never from comparing all pairs, so the cost grows with
claims x k. Detectors then decide, pair by pair, whether two aligned values agree.

When two claims disagree, the one reported is the one the evidence goes against:
the side a reference fact contradicts, else the side fewer other claims support,
else the later one (the first mention sets the record).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from checker.analysis import analyse, split_blocks
from checker.claim_cache import ClaimCache
from checker.compare import Relation
from checker.detectors import RULES
from checker.documents import prose
from checker.embeddings import Embedder, Matrix, SentenceTransformerEmbedder, neighbours
from checker.model import (
    Claim,
    Document,
    Evidence,
    Finding,
    Location,
    ReferenceFact,
    ReferenceSet,
    Report,
    Severity,
    Span,
)


@dataclass(frozen=True)
class Settings:
    """What a run may tune; the config file and the CLI fill it."""

    model: str | None = None  # a local sentence-transformers folder; None: the packaged MiniLM
    neighbours: int = 5  # candidates per claim, among claims and among reference facts
    claim_similarity: float = 0.3  # cosine floor for a claim-claim candidate pair
    reference_similarity: float = 0.3  # cosine floor for a claim-fact candidate pair
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    cache: bool = True  # keep analysed blocks and embeddings on disk between runs
    cache_dir: str | None = None  # None: $CHECKER_CACHE_DIR, else the user cache folder


MAX_KEY_GROUP = 12

# A position is one value slot in one claim: (claim index, span of the flagged words).
Position = tuple[int, Span]


@dataclass
class _Side:
    evidence: Evidence
    value: str
    order: tuple[str, int]


@dataclass
class _Flag:
    relation: Relation
    others: list[_Side] = field(default_factory=list)


def check_documents(documents: Sequence[Document], *, references: Sequence[ReferenceSet] = (),
                    settings: Settings | None = None, embedder: Embedder | None = None) -> Report:
    settings = settings or Settings()
    rules = [r for r in RULES.values() if r.id not in settings.disabled]
    pieces: list[tuple[Document, str, Span]] = []
    for document in documents:
        view = prose(document)
        pieces.extend((document, view.text, span) for span in split_blocks(view.text, view.blocks))
    cache = claim_cache(settings)
    if embedder is None:
        from checker.cache import shared_cache

        embedder = SentenceTransformerEmbedder(
            settings.model, cache=shared_cache(settings.cache_dir) if settings.cache else None)
    facts = [fact for ref in references for fact in ref.facts]
    fact_pieces = [(Document(f"{f.path}#{f.id}", f.statement), f.statement, Span(0, len(f.statement)))
                   for f in facts]
    # One analysis for both, so a worker process parses while this one loads the model.
    preload = getattr(embedder, "preload", None) if not getattr(embedder, "loaded", True) else None
    analysed = analyse([*pieces, *fact_pieces], reference_ids=[None] * len(pieces) + [f.id for f in facts],
                       cache=cache, meanwhile=preload)
    claims = [c for c in analysed if c.reference_id is None]
    fact_claims = [c for c in analysed if c.reference_id is not None]
    by_id = {f.id: f for f in facts}
    n_facts = len(facts)
    if not claims or not rules:
        return Report(findings=(), documents=len(documents), claims=len(claims), references=n_facts)

    vectors = embedder.encode([c.text for c in claims])
    warnings: list[str] = []
    relations: list[tuple[int, int | None, Relation]] = []  # (claim, other claim or None for a fact, relation)
    fact_relations: list[tuple[int, Claim, Relation]] = []
    for (a, b), sim in candidate_pairs(claims, vectors, settings).items():
        for rule in rules:
            relations.extend((a, b, r) for r in rule.detect(claims[a], claims[b], sim))
    if fact_claims:
        # Large reference sets get an approximate index, cached on disk by content and model.
        from checker.index import FactIndex

        texts = [c.text for c in fact_claims]
        fact_index = (FactIndex.load_or_build(texts, embedder, settings.cache_dir) if settings.cache
                      else FactIndex.build(embedder.encode(texts)))
        if fact_index.warning:
            warnings.append(fact_index.warning)
        sims, ids = fact_index.search(vectors, settings.neighbours)
        for i, (row_sims, row_ids) in enumerate(zip(sims, ids, strict=True)):
            for sim, j in zip(row_sims, row_ids, strict=True):
                if int(j) < 0 or sim < settings.reference_similarity:
                    continue
                fact_claim = fact_claims[int(j)]
                for rule in rules:
                    fact_relations.extend((i, fact_claim, r) for r in rule.detect(claims[i], fact_claim,
                                                                                  float(sim)))
    findings = _findings(claims, relations, fact_relations, by_id, settings)
    warnings.extend(getattr(embedder, "warnings", ()))
    return Report(findings=tuple(findings), documents=len(documents), claims=len(claims), references=n_facts,
                  warnings=tuple(dict.fromkeys(warnings)))


def claim_cache(settings: Settings) -> ClaimCache | None:
    if not settings.cache:
        return None
    from checker.cache import default_cache_dir

    return ClaimCache(settings.cache_dir or default_cache_dir())


def candidate_pairs(claims: Sequence[Claim], vectors: Matrix, settings: Settings) -> dict[tuple[int, int], float]:
    """Claim pairs worth judging, (i, j) with i < j, mapped to their cosine similarity.

    Two channels, both linear in the number of claims: the k nearest neighbours of
    each claim above the similarity floor, and claims whose values hang on the same
    head word with the same named participant ("annexation ... Crimea"), which finds
    a clause buried in a long sentence that whole-sentence embeddings rank low.
    """
    pairs: dict[tuple[int, int], float] = {}
    if len(claims) < 2:
        return pairs
    sims, ids = neighbours(vectors, vectors, settings.neighbours + 1)
    for i, (row_sims, row_ids) in enumerate(zip(sims, ids, strict=True)):
        for sim, j in zip(row_sims, row_ids, strict=True):
            j = int(j)
            if j >= 0 and i != j and sim >= settings.claim_similarity:
                pairs[(min(i, j), max(i, j))] = float(sim)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    # Values of a predicate whose doer is a pronoun ("It was built in 2006"), by head: the
    # pronoun may stand for the name another claim gives ("Pattimura Stadium was built in 1992").
    unnamed: dict[str, set[int]] = defaultdict(set)
    heads: dict[str, set[int]] = defaultdict(set)
    for i, claim in enumerate(claims):
        keys = {(anchor.head, filler) for anchor in claim.anchors if anchor.head for filler in anchor.fillers}
        for key in keys:
            groups[key].append(i)
        for anchor in claim.anchors:
            if anchor.head:
                heads[anchor.head].add(i)
                if anchor.open_subject and not anchor.fillers:
                    unnamed[anchor.head].add(i)
    for members in groups.values():
        if len(members) > MAX_KEY_GROUP:  # a key this common identifies nothing
            continue
        _pair_all(pairs, vectors, [(i, j) for x, i in enumerate(members) for j in members[x + 1:]])
    for head, open_members in unnamed.items():
        if len(heads[head]) <= MAX_KEY_GROUP:
            _pair_all(pairs, vectors, [(min(i, j), max(i, j)) for i in open_members for j in heads[head] if i != j])
    return pairs


def _pair_all(pairs: dict[tuple[int, int], float], vectors: Matrix, new: Iterable[tuple[int, int]]) -> None:
    for i, j in new:
        if (i, j) not in pairs:
            pairs[(i, j)] = float(vectors[i] @ vectors[j])


def _claim_evidence(claim: Claim) -> Evidence:
    return Evidence(location=claim.location, text=claim.text, span=claim.span)


def _fact_evidence(fact: ReferenceFact) -> Evidence:
    end = fact.column + len(fact.statement)
    return Evidence(location=Location(fact.path, fact.line, fact.column, fact.line, end), text=fact.statement,
                    reference_id=fact.id, source=fact.sources[0] if fact.sources else None)


def _findings(claims: Sequence[Claim], relations: Sequence[tuple[int, int | None, Relation]],
              fact_relations: Sequence[tuple[int, Claim, Relation]], facts: Mapping[str, ReferenceFact],
              settings: Settings) -> list[Finding]:
    support: dict[Position, int] = defaultdict(int)
    refuted: set[Position] = set()
    flags: dict[tuple[Position, str], _Flag] = {}

    def flag(pos: Position, relation: Relation, side: _Side) -> None:
        entry = flags.setdefault((pos, relation.rule), _Flag(relation))
        if all(s.evidence != side.evidence for s in entry.others):
            entry.others.append(side)

    for i, claim_fact, rel in fact_relations:
        pos = (i, rel.a_span)
        if rel.agree:
            support[pos] += 2
            continue
        refuted.add(pos)
        fact = facts[claim_fact.reference_id or ""]
        flag(pos, rel, _Side(_fact_evidence(fact), rel.b_text, ("\uffff", 0)))
    for a, b, rel in relations:
        if rel.agree and b is not None:
            support[(a, rel.a_span)] += 1
            support[(b, rel.b_span)] += 1
    for a, b, rel in relations:
        if rel.agree or b is None:
            continue
        pa, pb = (a, rel.a_span), (b, rel.b_span)
        # Report the side the evidence goes against; on a tie the later claim (b, as a < b).
        report_a = (pa in refuted and pb not in refuted) or \
            (not (pb in refuted and pa not in refuted) and support[pa] < support[pb])
        if report_a:
            flag(pa, rel, _Side(_claim_evidence(claims[b]), rel.b_text, _order(claims[b])))
        else:
            mirrored = Relation(rel.rule, rel.kind, rel.agree, rel.b_span, rel.a_span, rel.b_text, rel.a_text,
                                rel.subject, rel.confidence)
            flag(pb, mirrored, _Side(_claim_evidence(claims[a]), rel.a_text, _order(claims[a])))

    findings = []
    for ((index, span), rule_id), entry in flags.items():
        claim = claims[index]
        others = sorted(entry.others, key=lambda s: s.order)
        severity = settings.severities.get(rule_id, RULES[rule_id].severity)
        findings.append(Finding(rule=rule_id, severity=severity, message=_message(claim, entry.relation, others),
                                document=claim.document, span=span, related=tuple(s.evidence for s in others),
                                kind=entry.relation.kind, confidence=entry.relation.confidence))
    findings.sort(key=lambda f: (f.document.path, f.span.start, f.rule))
    return findings


def _order(claim: Claim) -> tuple[str, int]:
    return claim.document.path, claim.span.start


def _where(side: _Side, here: Document) -> str:
    ev = side.evidence
    if ev.reference_id is not None:
        return f"reference {ev.reference_id}"
    if ev.location.path == here.path:
        return f"line {ev.location.line}"
    return f"{ev.location.path}:{ev.location.line}"


def _message(claim: Claim, relation: Relation, others: Sequence[_Side]) -> str:
    """"the annexation of Crimea: 2022 here, 2014 at line 23 and line 54, March 2014 in reference x"."""
    if relation.kind == "negation":
        here = "negated here" if relation.a_text == "not" else "affirmed here"
        there = "affirmed" if relation.a_text == "not" else "negated"
        return f"{here}, {there} at " + _join([_where(s, claim.document) for s in others])
    by_value: dict[str, list[str]] = defaultdict(list)
    for side in others:
        place = _where(side, claim.document)
        if place not in by_value[side.value]:
            by_value[side.value].append(place)
    parts = [f"{value} {'in' if places[0].startswith('reference') else 'at'} {_join(places)}"
             for value, places in by_value.items()]
    subject = f"{relation.subject}: " if relation.subject else ""
    return f"{subject}{relation.a_text} here, " + ", ".join(parts)


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

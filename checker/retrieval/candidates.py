"""Candidate pairs: which claims, and which reference facts, are worth judging against a claim.

Candidates come from nearest-neighbour search over sentence embeddings (each claim against
the k most similar claims of the whole corpus, and against the k most similar reference
facts), never from comparing all pairs, so the cost grows with claims x k.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from checker.model import Claim
from checker.retrieval.arrays import Matrix
from checker.retrieval.index import FactIndex
from checker.settings import Settings

# Claims sharing an anchor key beyond this many: a key this common identifies nothing.
MAX_KEY_GROUP = 12


def neighbours(base: Matrix, queries: Matrix, k: int) -> tuple[Any, Any]:
    """Cosine similarities and ids of the k nearest rows of `base` for each query.

    Exact search up to `checker.retrieval.index.EXACT_LIMIT` rows, an approximate index
    (recall@10 about 0.99, see checker/retrieval/index.py) above; ids of -1 mark missing neighbours.
    """
    return FactIndex.build(base).search(queries, k)


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
    # One sentence said twice (wire copy, boilerplate, a file of one sentence repeated) cannot
    # contradict itself, and thousands of copies of one vector would fill one cell of the
    # approximate index: the search runs over distinct sentences, and each copy is paired with
    # the first copy of every neighbouring sentence.
    copies: dict[str, list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        copies[claim.text].append(i)
    groups_of = list(copies.values())
    first = [members[0] for members in groups_of]
    sims, ids = neighbours(vectors[first], vectors[first], settings.neighbours + 1)
    for a, (row_sims, row_ids) in enumerate(zip(sims, ids, strict=True)):
        for sim, b in zip(row_sims, row_ids, strict=True):
            b = int(b)
            if b < 0 or a == b or sim < settings.claim_similarity:
                continue
            j = first[b]
            for i in groups_of[a]:
                pairs[(min(i, j), max(i, j))] = float(sim)
    groups: dict[tuple[str, object], list[int]] = defaultdict(list)
    # Values of a predicate whose doer is a pronoun ("It was built in 2006"), by head: the
    # pronoun may stand for the name another claim gives ("Pattimura Stadium was built in 1992").
    unnamed: dict[str, set[int]] = defaultdict(set)
    heads: dict[str, set[int]] = defaultdict(set)
    for i, claim in enumerate(claims):
        for key in _keys(claim):
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


def fact_candidates(index: FactIndex, vectors: Matrix, settings: Settings, claims: Sequence[Claim] = (),
                    facts: Sequence[Claim] = ()) -> Iterator[tuple[int, int, float]]:
    """(claim, fact, similarity) for the k facts nearest each claim, and, as for pairs of claims,
    the facts that share an anchor key with it (predicate and participant: ("annex", Crimea)),
    above the reference floor. The keys matter as a set grows: among dozens of facts on one war,
    the one about the same event need not be among a long sentence's five nearest."""
    sims, ids = index.search(vectors, settings.neighbours)
    nearest: dict[int, set[int]] = defaultdict(set)
    for i, (row_sims, row_ids) in enumerate(zip(sims, ids, strict=True)):
        for sim, j in zip(row_sims, row_ids, strict=True):
            nearest[i].add(int(j))
            if int(j) < 0 or sim < settings.reference_similarity:
                continue
            yield i, int(j), float(sim)
    if not claims or not facts:
        return
    by_key: dict[tuple[str, object], list[int]] = defaultdict(list)
    for j, fact in enumerate(facts):
        for key in _keys(fact):
            by_key[key].append(j)
    for i, claim in enumerate(claims):
        found = {j for key in _keys(claim) if len(by_key.get(key, ())) <= MAX_KEY_GROUP for j in by_key.get(key, ())}
        for j in sorted(found - nearest[i]):
            sim = float(vectors[i] @ index.row(j))
            if sim >= settings.reference_similarity:
                yield i, j, sim


def _keys(claim: Claim) -> set[tuple[str, object]]:
    """The claim's anchor keys: each predicate with each of its participants."""
    return {(anchor.head, filler) for anchor in claim.anchors if anchor.head for filler in anchor.fillers}


def _pair_all(pairs: dict[tuple[int, int], float], vectors: Matrix, new: Iterable[tuple[int, int]]) -> None:
    for i, j in new:
        if (i, j) not in pairs:
            pairs[(i, j)] = float(vectors[i] @ vectors[j])

"""Tools for the people who curate reference sets: find a fact, search by meaning, lint a set.

`lint(sets)` reports what makes a set unreliable, with the same machinery that checks articles:

* `contradiction`, at the level the checker gives the finding (error, warning or info, by its
  calibrated confidence): two facts the detectors find in conflict (each fact is checked as a
  document of its own against every other): one of them is wrong, or both describe different
  instances of an event in words that do not tell them apart ("the talks in Riyadh" for two
  rounds), and an article about either instance would be flagged by the other;
* **warning** `near-duplicate`: two facts whose statements mean nearly the same (cosine of their
  embeddings at least `DUPLICATE_SIMILARITY`): one is redundant, or they should be merged;
* **info** `no-date-or-figure`: a fact with no date, number or quantity. Only the negation and
  entity rules can use it, so it rarely produces a finding. `lint --all` lists the info-level
  problems; by default only errors and warnings are shown.

The library never prints: the CLI (`checker refs lint|search|show`) renders what these return.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.errors import CheckerError
from checker.judge.instances import texts_designated_apart
from checker.model import Document, ReferenceFact, ReferenceSet, Severity, Span
from checker.retrieval.embedder import Embedder, SentenceTransformerEmbedder
from checker.settings import Settings

DUPLICATE_SIMILARITY = 0.92  # cosine from which two statements say nearly the same thing


@dataclass(frozen=True)
class Problem:
    severity: Severity
    kind: str  # "contradiction", "near-duplicate" or "no-date-or-figure"
    fact: ReferenceFact
    message: str
    other: ReferenceFact | None = None


def facts_of(sets: Sequence[ReferenceSet]) -> list[ReferenceFact]:
    return [fact for reference in sets for fact in reference.facts]


def find_fact(sets: Sequence[ReferenceSet], fact_id: str) -> ReferenceFact:
    """The fact with this id; CheckerError naming the closest ids when there is none."""
    facts = {fact.id: fact for fact in facts_of(sets)}
    if fact_id in facts:
        return facts[fact_id]
    close = difflib.get_close_matches(fact_id, sorted(facts), n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise CheckerError(f"no reference fact with id {fact_id!r}{hint}")


def search(sets: Sequence[ReferenceSet], query: str, *, k: int = 5,
           embedder: Embedder | None = None) -> list[tuple[ReferenceFact, float]]:
    """The k facts whose statements are nearest in meaning to `query`, best first, with cosines."""
    from checker.retrieval.index import FactIndex

    facts = facts_of(sets)
    if not facts or not query.strip():
        return []
    embedder = embedder or SentenceTransformerEmbedder()
    index = FactIndex.build(embedder.encode([f.statement for f in facts]))
    sims, ids = index.search(embedder.encode([query]), k)
    return [(facts[int(i)], float(s)) for s, i in zip(sims[0], ids[0], strict=True) if i >= 0]


def lint(sets: Sequence[ReferenceSet], *, settings: Settings | None = None,
         embedder: Embedder | None = None) -> list[Problem]:
    """Contradicting facts, near-duplicates and facts without a date or figure, in file order."""
    from checker.claims.parse import analyse
    from checker.pipeline import check_documents
    from checker.retrieval.index import FactIndex

    facts = facts_of(sets)
    if not facts:
        return []
    settings = settings or Settings()
    embedder = embedder or SentenceTransformerEmbedder(settings.model)
    by_path = {f"{fact.path}#{fact.id}": fact for fact in facts}
    documents = [Document(path, fact.statement) for path, fact in by_path.items()]
    problems: list[Problem] = []
    seen: set[frozenset[str]] = set()
    for finding in check_documents(documents, settings=settings, embedder=embedder).findings:
        fact = by_path.get(finding.document.path)
        others = [by_path[e.location.path] for e in finding.related if e.location.path in by_path]
        for other in others:
            pair = frozenset((fact.id, other.id)) if fact is not None else frozenset()
            if fact is None or pair in seen:
                continue
            seen.add(pair)
            message = finding.message
            for path in {e.location.path for e in finding.related if e.location.path in by_path}:
                # "refs.yml#x:1" is how the message names the other fact's document
                message = re.sub(rf"{re.escape(path)}:\d+", f"fact {by_path[path].id!r}", message)
            # At the finding's own level: what the checker is unsure of in an article (info), it
            # is unsure of between facts too.
            problems.append(Problem(finding.severity, "contradiction", fact,
                                    f"contradicts fact {other.id!r} ({finding.rule}, confidence "
                                    f"{finding.confidence:.2f}): {message}", other))
    vectors = embedder.encode([fact.statement for fact in facts])
    sims, ids = FactIndex.build(vectors).search(vectors, 2)
    for row, fact in enumerate(facts):
        for sim, j in zip(sims[row], ids[row], strict=True):
            if j < 0 or int(j) == row or sim < DUPLICATE_SIMILARITY:
                continue
            other = facts[int(j)]
            pair = frozenset((fact.id, other.id))
            if pair in seen or texts_designated_apart(fact.statement, other.statement):
                continue  # already reported, or worded alike about two members of a series (ES-11/1, ES-11/4)
            seen.add(pair)
            problems.append(Problem(Severity.WARNING, "near-duplicate", fact,
                                    f"is nearly the same as fact {other.id!r} (cosine {sim:.2f})", other))
    pieces = [(Document(fact.path, fact.statement), fact.statement, Span(0, len(fact.statement))) for fact in facts]
    claims = analyse(pieces, reference_ids=[fact.id for fact in facts])
    with_values = {claim.reference_id for claim in claims if claim.values}
    problems.extend(Problem(Severity.INFO, "no-date-or-figure", fact,
                            "has no date, number or quantity: only the negation and entity rules can use it")
                    for fact in facts if fact.id not in with_values)
    order = {fact.id: i for i, fact in enumerate(facts)}
    return sorted(problems, key=lambda p: (order[p.fact.id], -p.severity, p.kind))

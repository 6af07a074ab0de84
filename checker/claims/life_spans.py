"""Life spans: the dates in parentheses after a name date that person's birth and death.

"Edmund Arlo Fairweather (3 June 1871 – 14 October 1939) was ...", "Nessa Kilbride
(born 9 August 1982) is ...": the parser hangs these dates on whatever noun is near.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from checker.lexicon.stems import stem
from checker.model import Anchor, Filler, FillerKind, Value, ValueKind

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

# "(born 9 August 1982)", and with a birth name first: "(born Edmund Arlo Fair; 3 June 1871 – ...)".
_BORN = re.compile(r"(?i)(?:^\s*|;\s*|,\s*)(?:born|b\.)(?:\s*(?:on\s+)?|\s+[^;()]*;\s*)$")
_SPAN_DASH = re.compile(r"\s*[–—−-]\s*$")


def life_span(sent: SpacySpan, values: Sequence[Value], anchors: tuple[Anchor, ...], base: int) -> tuple[Anchor, ...]:
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
        names = frozenset(Filler(t.lower_, FillerKind.PROPER) for t in before if t.pos_ == "PROPN" and t.is_alpha)
        who = " ".join(t.text for t in before if t.pos_ == "PROPN")
        born = head == stem("bear")
        found[i] = Anchor(head=head, context=frozenset(w.word for w in names), phrase=value.span,
                          subject=f"{who} {'born' if born else 'died'}",
                          subjects=frozenset() if born else names, objects=names if born else frozenset())
    return tuple(found)


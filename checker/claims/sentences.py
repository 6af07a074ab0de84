"""Where prose blocks are cut into sentences before parsing, and what the parser must not see.

Parsing sentence by sentence lets an identical sentence in many articles (boilerplate, wire
copy, revisions) be analysed once; the parser sees no less context than it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from checker.lexicon.words import word_list
from checker.model import Span

# No sentence of prose runs this long; a run without a sentence break this long is a table, a
# dump or an attack, and the parser's cost and memory grow with it.
MAX_SENTENCE_CHARS = 5_000

# Blocks are split where a line ends a sentence, so list items and one-sentence lines
# never run into the next line (spaCy's parser sometimes glues them together).
_LINE_END = re.compile(r"(?<=[.!?:\"”’)])[ \t]*\n")

# A sentence end beyond doubt: a word of two or more letters (not a known abbreviation) or a
# figure, then . ! or ?, maybe a closing quote or bracket, a space and a capital. Initials,
# "U.S." and "e.g." never match, and spaCy's parser still splits whatever this leaves whole.
_SENTENCE_END = re.compile(
    r"""(?<![\w.])([A-Za-z][a-z]+|[0-9][0-9,]*|[a-z]+[0-9]+)[)\]]?[.!?]["'”’)\]]?([ \t]+)(?=["'“‘(]?[A-Z])""")
_ABBREVIATIONS = word_list("abbreviations")


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



# A pronunciation in IPA ("Prescott ([ˈprɛskət]; ...)"): the parser reads its symbols as names.
_PRONUNCIATION = re.compile(r"\[[^\[\]\n]*[ˈˌːəɪʊʃʒθðŋɛæɔɑɒʌɜɡɾʔ][^\[\]\n]*\]")


def without_pronunciations(text: str) -> str:
    """The text with IPA pronunciations blanked out, offsets unchanged."""
    return _PRONUNCIATION.sub(lambda m: " " * len(m[0]), text)


"""The prose view of a text, and how plain text yields it.

A prose view never moves a character: whatever is not prose (markup, code, URLs, list
markers, suppression directives) becomes a space, so a span found in `Prose.text` is the
same span in the document's text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from checker.model import Span


@dataclass(frozen=True)
class Prose:
    """`text` is doc.text with non-prose characters blanked; `blocks` are where sentences live."""

    text: str
    blocks: tuple[Span, ...]


URL = re.compile(r"(?<![\w/.@-])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
# Up to three digits so that a line starting "2014. " is not taken for a list item.
_PLAIN_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n[ \t\r\f\v]*(?=\n)")


def url_end(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation and an unbalanced ")" from a bare URL, as GitHub does."""
    while end > start:
        last = text[end - 1]
        unbalanced = last == ")" and text.count("(", start, end) < text.count(")", start, end)
        if last not in ".,:;!?'\"*_~" and not unbalanced:
            break
        end -= 1
    return end


_PLAIN_DIRECTIVE = re.compile(r"(?m)^[ \t]*#[ \t]*checker:.*$")


def plain_prose(text: str) -> Prose:
    chars = list(text.replace("\r", " "))
    for match in URL.finditer(text):
        hide(chars, match.start(), url_end(text, match.start(), match.end()))
    markers: list[int] = []
    # Suppression directives ("# checker: disable ...") are instructions, not prose.
    for match in _PLAIN_DIRECTIVE.finditer(text):
        hide(chars, match.start(), match.end())
        markers.extend((match.start(), match.end()))
    for match in _PLAIN_LIST_MARKER.finditer(text):
        hide(chars, match.start(), match.end())
        markers.append(match.start())
    # Blocks: runs of non-blank lines; a list item starts a block of its own.
    cuts = sorted({0, len(text), *markers, *(m.start() for m in _BLANK_RUN.finditer(text))})
    masked = "".join(chars)
    return Prose(masked, trimmed(masked, itertools.pairwise(cuts)))


def hide(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def trimmed(masked: str, regions: Iterable[tuple[int, int]]) -> tuple[Span, ...]:
    """Each region shrunk to its first and last prose character; empty ones dropped."""
    spans: list[Span] = []
    for start, end in regions:
        chunk = masked[start:end]
        stripped = chunk.lstrip()
        if stripped:
            first = start + len(chunk) - len(stripped)
            spans.append(Span(first, start + len(chunk.rstrip())))
    return tuple(spans)

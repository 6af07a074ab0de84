"""Ranks: ordinals ("the fourth studio album", "her 3rd term"), a figure with unit "#" plus the noun ranked."""

from __future__ import annotations

import re

from checker.model import Span, Value, ValueKind
from checker.values.tables import STOP, words

ORDINAL_WORDS = {word: i + 1 for i, word in enumerate(words(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
    fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"""))}
_ORDINAL = re.compile(r"(?i)\b(?:(" + "|".join(ORDINAL_WORDS) + r")|(\d{1,3})(?:st|nd|rd|th))\b(?![-\w])")
_AND_LAST = re.compile(r"(?i)\s+and\s+(?:final|last)\b")
_ORDINAL_NOUN = re.compile(r"\s+([A-Za-z]+)")


def ordinals(text: str) -> list[Value]:
    """"the fourth studio album", "her 3rd term": a rank, unit "#" plus the noun it ranks.

    The noun is the last word before a function word or punctuation, within three words, so
    "the third studio album by" ranks albums; an ordinal with no noun after it ("first
    elected in") yields nothing.
    """
    found = []
    for m in _ORDINAL.finditer(text):
        if _RELATIVE.search(text, max(0, m.start() - 48), m.start()):
            continue  # "after the second album" says where, not which
        rank = int(m[2]) if m[2] else ORDINAL_WORDS[m[1].lower()]
        pos, noun = m.end(), ""
        for _ in range(3):
            last = _AND_LAST.match(text, pos)  # "its seventh and final season"
            pos = last.end() if last else pos
            word = _ORDINAL_NOUN.match(text, pos)
            if not word or word[1].lower() in STOP or word[1].lower() in _NOT_RANKED:
                break
            noun, pos = word[1].lower(), word.end()
        if noun and not noun.endswith(("ed", "ly")):
            found.append(Value(ValueKind.NUMBER, Span(m.start(), m.end()), m[0], rank, rank, "#" + noun))
    return found


_RELATIVE = re.compile(r"(?i)\b(?:after|before|since|than|following|preceding|until|through|behind)\s+"
                       r"(?:(?:the|its|their|his|her|a)\s+|(?:\S+\s+){0,3}?\S+['’]s\s+)?$")
# Words after an ordinal that do not name what is ranked ("the first of", "second only to").
_NOT_RANKED = frozenset({"time", "place", "half", "quarter", "hand", "only", "ever", "and", "or"})

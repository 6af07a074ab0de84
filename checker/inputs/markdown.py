"""The prose of a Markdown text: paragraph, heading and table-cell text, without markup.

markdown-it-py finds the blocks; the inline scanner here blanks emphasis markers, code, links'
destinations, HTML, autolinks and bare URLs in place, so every offset stays that of the file.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference

from checker.inputs.prose import URL, Prose, trimmed, url_end

_PARSER = MarkdownIt("commonmark").enable("table", ignoreInvalid=True)
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?^(?:\1|\.\.\.)[ \t]*\r?$", re.MULTILINE | re.DOTALL)
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[A-Za-z0-9][A-Za-z0-9.-]*)>")
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>")

# A run of text from one source line: (offset of its first character, the text).
Segment = tuple[int, str]


def markdown_prose(text: str) -> Prose:
    front = _FRONT_MATTER.match(text)
    skip = front.end() if front else 0
    # Same length and same line breaks as `text`, so token line maps and offsets agree with it.
    source = re.sub(r"[^\n]", " ", text[:skip]) + text[skip:].replace("\r", " ")
    starts = [0, *(m.end() for m in re.finditer("\n", source))]
    lines = source.split("\n")
    env: dict[str, Any] = {}
    tokens = _PARSER.parse(source, env)
    refs = set(env.get("references", {}))
    keep = [False] * len(text)
    regions: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        segments: list[Segment] = []
        if token.type == "inline" and token.map and tokens[index - 1].type in ("paragraph_open",
                                                                                "heading_open"):
            for number, content in zip(range(*token.map), token.content.split("\n"), strict=False):
                segments.append(_locate(starts[number], lines[number], content))
            _reveal(keep, segments, refs, joined=True)
        elif token.type == "tr_open" and token.map:
            number = token.map[0]
            segments = _cells(starts[number], lines[number])
            _reveal(keep, segments, refs, joined=False)
        if segments:
            regions.append((segments[0][0], segments[-1][0] + len(segments[-1][1])))
    masked = "".join(ch if ch == "\n" or kept else " " for ch, kept in zip(text, keep, strict=True))
    return Prose(masked, trimmed(masked, regions))


def _locate(offset: int, line: str, content: str) -> Segment:
    """Find a content line of a paragraph or heading in its source line (after > and list markers)."""
    body = content.strip()
    stripped = line.rstrip()
    if stripped.endswith(body):  # paragraphs: the content is what follows the container prefix
        start = len(stripped) - len(body)
    elif (start := line.rfind(body)) < 0:  # ATX headings may end in a closing run of #
        start = _prefix_end(line)  # the parser rewrote the text (tabs); take the line as it is
        body = stripped[start:]
    return offset + start, line[start:start + len(body)]


def _prefix_end(line: str) -> int:
    return len(line) - len(line.lstrip(" \t>"))


def _run_end(s: str, i: int) -> int:
    """End of the run of the character at i ("***", "``")."""
    j = i
    while j < len(s) and s[j] == s[i]:
        j += 1
    return j


def _cells(offset: int, line: str) -> list[Segment]:
    """Table cells of a row, split at unescaped pipes (also inside code spans, as GFM does)."""
    start = _prefix_end(line)
    end = len(line.rstrip())
    if line.startswith("|", start):
        start += 1
    if end > start and line[end - 1] == "|" and line[end - 2] != "\\":
        end -= 1
    segments: list[Segment] = []
    cell = start
    for i in range(start, end + 1):
        if i == end or (line[i] == "|" and line[i - 1] != "\\"):
            segments.append((offset + cell, line[cell:i]))
            cell = i + 1
    return segments


def _reveal(keep: list[bool], segments: list[Segment], refs: set[str], *, joined: bool) -> None:
    """Mark prose characters of segments; a paragraph's lines are scanned together for multi-line markup."""
    groups = [segments] if joined else [[s] for s in segments]
    for group in groups:
        offsets: list[int] = []
        for start, content in group:
            offsets.extend(range(start, start + len(content)))
            offsets.append(-1)  # the line break joining two lines
        text = "\n".join(content for _, content in group)
        for offset, kept in zip(offsets, _Inline(text, refs).prose(), strict=False):
            if kept and offset >= 0:
                keep[offset] = True


class _Inline:
    """Inline Markdown of one paragraph or table cell, scanned left to right in linear time."""

    def __init__(self, s: str, refs: set[str]) -> None:
        self.s = s
        self.refs = refs
        self.unclosed: dict[int, int] = {}  # backtick run length -> position after which none closes
        self.brackets = self._pair_brackets()

    def prose(self) -> list[bool]:
        """Which characters are prose: everything but markup, code, HTML and URLs."""
        s = self.s
        keep = [True] * len(s)
        tails: dict[int, int] = {}  # "]" closing a link's text -> end of its destination (already hidden)

        def hide(start: int, end: int) -> int:
            keep[start:end] = [False] * (end - start)
            return end

        i = 0
        while i < len(s):
            c = s[i]
            if i in tails:
                i = tails.pop(i)
            elif c == "\\":  # escape (backslash hidden, character kept) or hard break
                hide(i, i + 1)
                i += 2 if i + 1 < len(s) and s[i + 1] in _PUNCT else 1
            elif c == "`":
                i = hide(i, self.code_span_end(i))
            elif c == "<" and s.startswith("<!--", i):
                close = s.find("-->", i + 4)
                i = hide(i, len(s) if close < 0 else close + 3)
            elif c == "<" and (tag := _AUTOLINK.match(s, i) or _HTML_TAG.match(s, i)):
                i = hide(i, tag.end())
            elif c in "![" and (link := self.link(i)):
                close, end = link
                if c == "!":  # images are not prose, alt text included
                    i = hide(i, end)
                else:
                    tails[close] = hide(close, end)
                    i = hide(i, i + 1)
            elif c in "*_~":
                end = _run_end(s, i)
                before, after = s[i - 1] if i else " ", s[end] if end < len(s) else " "
                literal = ((c == "*" and before.isspace() and after.isspace())
                           or (c == "_" and before.isalnum() and after.isalnum())
                           or (c == "~" and end - i == 1))  # "~5 million" is a value, not strikethrough
                i = end if literal else hide(i, end)
            elif c in "hHwW" and (url := URL.match(s, i)):
                i = hide(i, url_end(s, i, url.end()))
            else:
                i += 1
        return keep

    def code_span_end(self, i: int) -> int:
        """End of the code span opening at i, or of the lone backtick run when nothing closes it."""
        opening = _run_end(self.s, i)
        length = opening - i
        if self.unclosed.get(length, len(self.s)) <= i:  # a later run of this length cannot close either
            return opening
        close = re.compile(f"(?<!`){self.s[i:opening]}(?!`)").search(self.s, opening)
        if close is None:
            self.unclosed[length] = i
            return opening
        return close.end()

    def _pair_brackets(self) -> dict[int, int]:
        """Each "[" -> its matching "]", skipping escapes and code spans (one pass, not one per "[")."""
        pairs: dict[int, int] = {}
        stack: list[int] = []
        j = 0
        while j < len(self.s):
            c = self.s[j]
            if c == "`":
                j = self.code_span_end(j)
                continue
            if c == "[":
                stack.append(j)
            elif c == "]" and stack:
                pairs[stack.pop()] = j
            j += 2 if c == "\\" else 1
        return pairs

    def link(self, i: int) -> tuple[int, int] | None:
        """For a link or image at i: the index of "]" closing its text and the end of its destination."""
        s = self.s
        opening = i + 1 if s[i] == "!" else i
        close = self.brackets.get(opening)
        if close is None or s[opening] != "[":
            return None
        label = s[opening + 1:close]
        after = close + 1
        if s.startswith("(", after) and (end := _destination_end(s, after + 1)) is not None:
            return close, end
        ref_end = self.brackets.get(after)
        if ref_end is not None:  # [text][id], or [text][] naming itself
            defined = normalizeReference(s[after + 1:ref_end] or label) in self.refs
            return (close, ref_end + 1) if defined else None
        if normalizeReference(label) in self.refs:  # shortcut reference [label]
            return close, after
        return None


# markdown-it's limit on nested parentheses in a link destination.
_MAX_PAREN_DEPTH = 32


def _destination_end(s: str, p: int) -> int | None:
    """End (after ")") of an inline link's `url "title")`, starting just after "("; None if malformed."""
    p = _skip_space(s, p)
    if s.startswith("<", p):
        q = p + 1
        while q < len(s) and s[q] not in "<>\n":
            q += 2 if s[q] == "\\" else 1
        if not s.startswith(">", q):
            return None
        p = q + 1
    else:
        depth = 0
        while p < len(s) and not s[p].isspace():
            if s[p] == "\\":
                p += 1
            elif s[p] == "(":
                depth += 1
                if depth > _MAX_PAREN_DEPTH:
                    return None  # as markdown-it gives up, so a run of "[a](" is not scanned to the end each time
            elif s[p] == ")":
                if depth == 0:
                    break
                depth -= 1
            p += 1
    q = _skip_space(s, p)
    if q > p and q < len(s) and s[q] in "\"'(":
        closer = ")" if s[q] == "(" else s[q]
        r = q + 1
        while r < len(s) and s[r] != closer:
            if s.startswith("\n\n", r) or s.startswith("\n\r\n", r):
                return None  # a title never spans a blank line
            r += 2 if s[r] == "\\" else 1
        if r >= len(s):
            return None
        q = _skip_space(s, r + 1)
    return q + 1 if s.startswith(")", q) else None


def _skip_space(s: str, p: int) -> int:
    while p < len(s) and s[p] in " \t\n":
        p += 1
    return p

"""Reading articles and finding their prose, with every offset pointing into the original text.

`prose()` never moves a character: whatever is not prose (markup, code, URLs) becomes a space,
so a span found in `Prose.text` is the same span in `Document.text`.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Sequence

from checker.errors import InputError
from checker.inputs.files import FileProblem, kind, read_bounded, utf8_error_position
from checker.inputs.markdown import markdown_prose
from checker.inputs.prose import Prose, plain_prose
from checker.model import Document

__all__ = ["Prose", "collect_paths", "document_from_text", "is_markdown", "prose", "read_document", "read_stdin"]

SUFFIXES = (".md", ".markdown", ".txt")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
_BINARY_SNIFF = 8192


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def collect_paths(paths: Sequence[str]) -> list[str]:
    """Expand arguments into files: "-" is stdin, folders are searched for SUFFIXES."""
    found: list[str] = []
    for path in paths:
        if path == "-":
            found.append(path)
            continue
        try:
            what = kind(path)
        except FileProblem as exc:  # a link loop, a name too long
            raise InputError(str(exc), path=path) from None
        if what == "dir":
            found.extend(sorted(_walk(path)))
        elif what == "missing":
            raise InputError("no such file or directory", path=path)
        else:
            found.append(path)  # not a regular file: reading it says so
    seen: set[str] = set()
    unique: list[str] = []
    for path in found:
        key = path if path == "-" else os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _walk(top: str) -> list[str]:
    files: list[str] = []
    for root, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        files.extend(os.path.join(root, n) for n in names
                     if not n.startswith(".") and n.lower().endswith(SUFFIXES))
    return files


def read_document(path: str, *, max_bytes: int = 10_000_000) -> Document:
    try:
        data, size = read_bounded(path, max_bytes)  # never a huge file read whole just to refuse it
    except FileProblem as exc:
        raise InputError(str(exc), path=path) from None
    return _decode(data, path, size, max_bytes, markdown=is_markdown(path))


def read_stdin(data: bytes, *, markdown: bool = False, max_bytes: int = 10_000_000) -> Document:
    return _decode(data, "<stdin>", len(data), max_bytes, markdown=markdown)


def document_from_text(text: str, *, path: str = "<text>", markdown: bool = False) -> Document:
    unicode_text(text, path)
    return Document(path, text.removeprefix("\ufeff"), markdown)


def unicode_text(text: str, path: str) -> None:
    """Refuse a string no file could hold: a lone surrogate ("\\ud800") cannot be encoded, stored
    in a cache or printed. InputError names its line and column."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line_start = text.rfind("\n", 0, exc.start) + 1
        raise InputError(f"not valid Unicode text (a lone surrogate U+{ord(text[exc.start]):04X})", path=path,
                         line=text.count("\n", 0, exc.start) + 1, column=exc.start - line_start + 1) from None


def _decode(data: bytes, path: str, size: int, max_bytes: int, *, markdown: bool) -> Document:
    if size > max_bytes:
        shown, limit = _size(size), _size(max_bytes)
        if shown == limit:  # "10.0 MB; the limit is 10.0 MB" says nothing: give the bytes
            shown, limit = f"{size:,} bytes", f"{max_bytes:,}"
        raise InputError(f"file too large ({shown}; the limit is {limit})", path=path)
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file, not text", path=path)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = utf8_error_position(data, exc.start)
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", path=path,
                         line=line, column=column) from None
    return Document(path, text, markdown)


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def prose(doc: Document) -> Prose:
    """The document's prose view: same length and offsets, everything that is not prose blanked."""
    return markdown_prose(doc.text) if doc.markdown else plain_prose(doc.text)

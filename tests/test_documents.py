from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.inputs.documents import collect_paths, document_from_text, prose, read_document, read_stdin
from checker.model import Document

SEED = Path("/work/shared/seed/ukraine-talks.txt")


def _error(path: Path, data: bytes, **kwargs: int) -> str:
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(str(path), **kwargs)
    return str(info.value)


# --- collect_paths ------------------------------------------------------------------------------

def test_collect_paths_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.md", "a.txt", "sub/c.markdown", "sub/d.py", ".git/e.md", ".venv/f.md",
                 "node_modules/g.md", "z/.hidden.md", "README.MD"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = collect_paths([str(tmp_path)])
    assert [os.path.relpath(p, tmp_path) for p in found] == ["README.MD", "a.txt", "b.md", "sub/c.markdown"]


def test_collect_paths_keeps_explicit_files_stdin_and_order_without_duplicates(tmp_path: Path) -> None:
    notes = tmp_path / "notes.rst"
    notes.write_text("x")
    (tmp_path / "a.md").write_text("x")
    paths = [str(notes), "-", str(tmp_path), str(tmp_path / "a.md"), "-"]
    assert collect_paths(paths) == [str(notes), "-", str(tmp_path / "a.md")]


def test_collect_paths_missing(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.md")
    with pytest.raises(InputError) as info:
        collect_paths([missing])
    assert str(info.value) == f"{missing}: no such file or directory"


# --- reading ------------------------------------------------------------------------------------

def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    assert _error(path, b"text\x00more") == f"{path}: binary file, not text"


def test_invalid_utf8_reports_line_and_character_column(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    # Line 2 is "abéc" (é is two bytes) then 0xff: the fifth character of the line.
    assert _error(path, "ok\nabéc".encode() + b"\xff!") == f"{path}:2:5: not valid UTF-8 (byte 0xff)"


def test_invalid_utf8_after_bom_counts_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    assert _error(path, b"\xef\xbb\xbfab\xc3") == f"{path}:1:3: not valid UTF-8 (byte 0xc3)"


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    message = _error(path, b"x" * 20, max_bytes=10)
    assert message == f"{path}: file too large (20 bytes; the limit is 10 bytes)"
    with pytest.raises(InputError) as info:
        read_stdin(b"x" * 12_300_000)
    assert str(info.value) == "<stdin>: file too large (12.3 MB; the limit is 10.0 MB)"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_document(str(tmp_path / "gone.txt"))
    assert str(info.value) == f"{tmp_path / 'gone.txt'}: no such file or directory"
    with pytest.raises(InputError) as info:
        read_document(str(tmp_path))
    assert str(info.value) == f"{tmp_path}: is a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        with pytest.raises(InputError) as info:
            read_document(str(path))
        assert str(info.value) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_empty_file_bom_and_markdown_flag(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read_document(str(empty)) == Document(str(empty), "", False)
    md = tmp_path / "a.Markdown"
    md.write_bytes(b"\xef\xbb\xbf# Title\r\n")
    doc = read_document(str(md))
    assert doc.text == "# Title\r\n"
    assert doc.markdown
    assert not read_document(str(empty)).markdown


def test_stdin_and_text() -> None:
    doc = read_stdin(b"\xef\xbb\xbfhello", markdown=True)
    assert (doc.path, doc.text, doc.markdown) == ("<stdin>", "hello", True)
    with pytest.raises(InputError) as info:
        read_stdin(b"\x00")
    assert str(info.value) == "<stdin>: binary file, not text"
    with pytest.raises(InputError) as info:
        read_stdin(b"a\n\xfe")
    assert str(info.value) == "<stdin>:2:1: not valid UTF-8 (byte 0xfe)"
    assert document_from_text("x") == Document("<text>", "x", False)


# --- prose: Markdown ----------------------------------------------------------------------------

SAMPLE = """\
---
title: "Front matter 1999"
---

# Crimea was *annexed* in 2014 ##

Russia annexed **Crimea** in 2014, see `code 1999` and a <!-- note
1999 --> comment, the [treaty](https://example.com/a_(b) "Title 1999") text.\\
An image ![alt 1999](img.png) then www.example.com/x_1999. Tags <b>bold</b> <https://x.org/1999>.

```python
year = 1999
```

    indented 1999

- First *item* here.
- Second item with [a ref][id] and [shortcut].
  1. Nested one.

> Quoted claim from 2015
> continues \\*here\\*.

| Event | Year |
|-------|-----:|
| Annexation of `x` | 2014 |

<div>
html 1999
</div>

***

[id]: https://example.com/1999 "ref 1999"
[shortcut]: https://example.com/shortcut
"""


def test_markdown_prose_blocks_and_masking() -> None:
    doc = document_from_text(SAMPLE, markdown=True)
    result = prose(doc)
    assert len(result.text) == len(doc.text)
    assert [i for i, c in enumerate(result.text) if c == "\n"] == [s - 1 for s in doc.line_starts[1:]]
    # Nothing from front matter, code, URLs, image, HTML, comments or reference definitions survives.
    assert "1999" not in result.text
    assert [doc.text[b.start:b.end] for b in result.blocks] == [
        "Crimea was *annexed* in 2014",
        "Russia annexed **Crimea** in 2014, see `code 1999` and a <!-- note\n1999 --> comment, the "
        '[treaty](https://example.com/a_(b) "Title 1999") text.\\\nAn image ![alt 1999](img.png) then '
        "www.example.com/x_1999. Tags <b>bold</b> <https://x.org/1999>.",
        "First *item* here.",
        "Second item with [a ref][id] and [shortcut].",
        "Nested one.",
        "Quoted claim from 2015\n> continues \\*here\\*.",
        "Event | Year",
        "Annexation of `x` | 2014",
    ]
    masked = [result.text[b.start:b.end] for b in result.blocks]
    assert masked[0] == "Crimea was  annexed  in 2014"
    assert masked[1].split() == ["Russia", "annexed", "Crimea", "in", "2014,", "see", "and", "a", "comment,",
                                 "the", "treaty", "text.", "An", "image", "then", ".", "Tags", "bold", "."]
    assert masked[3] == "Second item with  a ref      and  shortcut ."
    assert masked[5] == "Quoted claim from 2015\n  continues  *here *."
    assert masked[6] == "Event   Year"
    assert masked[7].split() == ["Annexation", "of", "2014"]


def test_markdown_prose_words_keep_their_offsets() -> None:
    doc = document_from_text(SAMPLE, markdown=True)
    result = prose(doc)
    for word in ["Russia annexed", "Crimea", "treaty", "Quoted claim from 2015", "Nested one.", "Annexation"]:
        start = doc.text.index(word)
        assert result.text[start:start + len(word)] == word
    for hidden in ["https://example.com/a_(b)", "`code 1999`", "![alt 1999](img.png)", "<b>", "<!-- note",
                   "www.example.com/x_1999", "title:", "year = 1999", "indented 1999", "[id]: https"]:
        start = doc.text.index(hidden)
        assert result.text[start:start + len(hidden)].strip() == ""


def test_markdown_prose_small_cases() -> None:
    def masked(text: str) -> str:
        return prose(document_from_text(text, markdown=True)).text

    assert masked("Use ``a ` b`` here.") == "Use " + " " * len("``a ` b``") + " here."
    assert masked("~5 million, ~~struck~~, snake_case, 2 * 3, _under_.") == (
        "~5 million,   struck  , snake_case, 2 * 3,  under ."
    )
    assert masked("[x] alone and [y][] are literal.") == "[x] alone and [y][] are literal."
    assert masked("+++\nk = 1\n+++\nText.") == "   \n     \n   \nText."
    assert masked("Setext\n======\n") == "Setext\n      \n"


# --- prose: plain text --------------------------------------------------------------------------

def test_plain_prose_masks_urls_and_list_markers() -> None:
    doc = document_from_text("See https://x.org/a_(b). Then\nmore.\n\n  1. First item.\n- Second www.y.com\n"
                             "2014. A year, not a list.\n")
    result = prose(doc)
    blank = " " * len("https://x.org/a_(b)")
    assert result.text == (f"See {blank}. Then\nmore.\n\n     First item.\n  Second {' ' * 9}\n"
                           "2014. A year, not a list.\n")
    assert [doc.text[b.start:b.end] for b in result.blocks] == [
        "See https://x.org/a_(b). Then\nmore.", "First item.", "Second www.y.com\n2014. A year, not a list."]


def test_plain_prose_on_the_seed_article() -> None:
    doc = read_document(str(SEED))
    assert not doc.markdown
    result = prose(doc)
    assert len(result.text) == len(doc.text)
    line17 = doc.line_starts[16]
    assert doc.text[line17:].startswith("Yet, the stage seems set primarily for the Kremlin.")
    block = next(b for b in result.blocks if b.start <= line17 < b.end)
    assert block.start == line17
    assert doc.text[block.end - 2:block.end] == '."'
    # Each numbered item is its own block, starting after its hidden "  1. " marker.
    item = doc.text.index("  4. Experts")
    assert result.text[item:item + 5] == "     "
    assert any(b.start == item + 5 for b in result.blocks)
    for b in result.blocks:
        assert doc.text[b.start:b.end] == doc.text[b.start:b.end].strip() != ""

"""Opening files that untrusted input names: regular files only, read with a bound.

An article, a reference set or a config in a pull request may name a FIFO (an open would wait
for a writer forever), a device (`/dev/zero` never ends), a link loop or a name too long for
the file system. Every such case becomes a `FileProblem` with a short reason, never a hang or
a traceback. Files are opened without blocking and checked on the open descriptor, so a file
swapped for a FIFO between a check and the open is still refused.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Literal

Kind = Literal["file", "dir", "missing", "other"]


class FileProblem(Exception):
    """Why a named file cannot be read, in a few lower-case words ("not a regular file");
    `missing` when there is no such file."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing


def reason(exc: OSError) -> str:
    """An OS error as a short reason: "file name too long", "a symbolic link loop"."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


def kind(path: str | Path) -> Kind:
    """What the path names, following links; raises FileProblem for what cannot even be looked at."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "missing"
        raise FileProblem(reason(exc)) from None
    except ValueError:  # a NUL byte in the name
        raise FileProblem("invalid file name") from None
    if stat.S_ISREG(mode):
        return "file"
    return "dir" if stat.S_ISDIR(mode) else "other"


def is_regular(path: str | Path) -> bool:
    """Whether the path names a regular file (following links); False for what cannot be looked at."""
    try:
        return kind(path) == "file"
    except FileProblem:
        return False


def utf8_error_position(data: bytes, start: int) -> tuple[int, int]:
    """Line and column (in characters) of the byte at `start` that stopped UTF-8 decoding."""
    prefix = data[:start]  # valid up to the first bad byte
    line_start = prefix.rfind(b"\n") + 1
    return prefix.count(b"\n") + 1, len(prefix[line_start:].decode("utf-8", "replace")) + 1


def read_bounded(path: str | Path, max_bytes: int) -> tuple[bytes, int]:
    """At most `max_bytes + 1` bytes of a regular file, and its size; FileProblem otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise FileProblem("is a directory") from None
        raise FileProblem(reason(exc), missing=exc.errno in (errno.ENOENT, errno.ENOTDIR)) from None
    except ValueError:
        raise FileProblem("invalid file name") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not a regular file")
        chunks: list[bytes] = []
        remaining = max_bytes + 1  # one byte more than allowed tells a file is too large
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        return data, max(len(data), info.st_size)
    except OSError as exc:
        raise FileProblem(reason(exc)) from None
    finally:
        os.close(fd)

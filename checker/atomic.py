"""Atomic, durable file writes shared by reports, baselines and the reference index cache; and,
for the two SQLite caches, the retry that lets two processes open one at once and their warnings.

A reader sees the old file or the new one, never a part: data goes to a temporary file
in the same folder, is flushed to disk, replaces the target with os.replace, and the
folder entry is synced too. An existing file keeps its permissions.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from checker.errors import InputError


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable where the platform allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


# A temporary file this old was left by a writer that was killed (kill -9, power loss): no
# live writer takes minutes to write a report or a baseline.
STALE_TEMPORARY_S = 600


def _remove_stale_temporaries(path: Path) -> None:
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.lstat().st_mtime > STALE_TEMPORARY_S and leftover.is_file():
                leftover.unlink()


def write_atomically(path: Path, data: str | bytes, *, failure: str = "cannot write file") -> None:
    """Replace `path` with `data` (text is written as UTF-8); failure raises InputError naming the path."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        try:
            info = path.lstat()
        except FileNotFoundError:
            mode = 0o644
        else:
            # Replacing a link would drop it, and replacing a device (`/dev/full`) or a FIFO with a
            # regular file would break the machine: only a regular file is overwritten.
            if stat.S_ISLNK(info.st_mode):
                raise InputError(f"{failure}: is a symbolic link (not replacing it)", path=str(path))
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{failure}: not a regular file", path=str(path))
            mode = stat.S_IMODE(info.st_mode)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
        _remove_stale_temporaries(path)
    except OSError as exc:
        raise InputError(f"{failure}: {(exc.strerror or str(exc)).lower()}", path=str(path)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def when_unlocked(step: Callable[[], None], timeout_s: float) -> None:
    """Run `step`, again while another process holds the lock. Switching a new file to WAL mode
    answers "database is locked" at once, without the busy timeout, when another process is
    doing the same (SQLite gives up rather than risk a deadlock), so two first runs side by side
    would each lose the cache."""
    deadline = time.monotonic() + timeout_s
    pause = 0.01
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def unusable_cache(name: str, path: Path, exc: BaseException) -> str:
    """The warning of a cache that turned itself off."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return (f"{name} {path} is unusable ({reason}); continuing without it "
            "(delete the file to start a fresh cache, or run with --no-cache)")


def damaged_rows(name: str, path: Path, count: int, redone: str) -> str:
    """The warning of a cache that held rows it could not use (`redone`: "parsed", "embedded")."""
    return (f"{name} {path}: ignored {count} damaged row{'s' if count != 1 else ''} "
            f"({redone} again; delete the file to clear them)")

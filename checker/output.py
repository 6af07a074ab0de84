"""Small helpers of the command line for writing reports: colour, the one-line summary, atomic files.

Nothing here prints; `checker/cli.py` does.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from checker.errors import InputError
from checker.model import Report, Severity


def use_color(stream: IO[str], env: Mapping[str, str]) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set to anything (https://no-color.org)."""
    return stream.isatty() and not env.get("NO_COLOR")


def counts(report: Report) -> str:
    """"1 error, 0 warnings, 0 info in 3 documents"."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    documents = report.documents
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, "
            f"{report.count(Severity.INFO)} info in {documents} document{'s' * (documents != 1)}")


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same folder and os.replace.

    Readers see the old file or the new one, never a part; an existing file keeps its permissions.
    Failure raises InputError naming the path.
    """
    tmp: str | None = None
    try:
        mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(f"cannot write report: {(exc.strerror or str(exc)).lower()}", path=str(path)) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)

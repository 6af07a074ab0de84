"""Small helpers of the command line for writing reports: colour, the one-line summary, atomic files.

Nothing here prints; `checker/cli.py` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO

from checker import atomic
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
    """Write the report atomically (see checker.atomic); failure raises InputError naming the path."""
    atomic.write_atomically(path, text, failure="cannot write report")

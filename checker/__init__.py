"""Fact-consistency checker: finds claims that contradict each other or a curated reference set.

Library use::

    from checker import check_text
    report = check_text(article, references=["references/"])
    for finding in report.findings:
        print(finding.location, finding.rule, finding.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.errors import CheckerError, ConfigError, InputError, ReferenceSetError
from checker.model import (
    Claim,
    Document,
    Evidence,
    ExitCode,
    Finding,
    Location,
    ReferenceFact,
    ReferenceSet,
    Report,
    Severity,
    Span,
)
from checker.settings import Settings
from checker.version import __version__ as __version__

if TYPE_CHECKING:
    from checker.api import check_paths, check_text
    from checker.config import Config, load_config

__all__ = [
    "CheckerError",
    "Claim",
    "Config",
    "ConfigError",
    "Document",
    "Evidence",
    "ExitCode",
    "Finding",
    "InputError",
    "Location",
    "ReferenceFact",
    "ReferenceSet",
    "ReferenceSetError",
    "Report",
    "Settings",
    "Severity",
    "Span",
    "check_paths",
    "check_text",
    "load_config",
]


def __dir__() -> list[str]:
    # What the package offers, not the names its own code needs (Any, TYPE_CHECKING, annotations).
    return sorted([*__all__, "__version__"])


def __getattr__(name: str) -> Any:
    # The API pulls in the pipeline; import it on first use so `checker --help` stays light.
    if name in {"check_text", "check_paths"}:
        from checker import api

        return getattr(api, name)
    if name in {"Config", "load_config"}:
        from checker import config

        return getattr(config, name)
    raise AttributeError(name)

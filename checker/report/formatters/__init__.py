"""Output formats: one emitter per format, each a pure function of a Report.

To add a format, write a module with `format_report(report: Report) -> str` and add it to FORMATTERS.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.model import Report
from checker.report.formatters import github, html, json, junit, markdown, sarif, text

Formatter = Callable[[Report], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.format_report,
    "json": json.format_report,
    "sarif": sarif.format_report,
    "github": github.format_report,
    "junit": junit.format_report,
    "markdown": markdown.format_report,
    "html": html.format_report,
}

FORMATS: tuple[str, ...] = tuple(FORMATTERS)


def render(report: Report, fmt: str) -> str:
    """Render `report` in the named format; ValueError for a name not in FORMATTERS."""
    formatter = FORMATTERS.get(fmt)
    if formatter is None:
        known = ", ".join(sorted(FORMATTERS))
        raise ValueError(f"unknown format {fmt!r} (expected one of: {known})")
    return formatter(report)


__all__ = ["FORMATS", "FORMATTERS", "Formatter", "render"]

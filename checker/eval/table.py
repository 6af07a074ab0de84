"""The text tables `checker eval` prints, from the figures of `FileResult.as_dict()` and `combined()`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from checker.eval.metrics import Judged, reliability, tally
from checker.eval.run import FileResult


def combined(results: Sequence[FileResult]) -> dict[str, Any] | None:
    """Every judged finding of the exhaustive and probe files together, or None when there is none."""
    judged: list[Judged] = [j for r in results for j in r.judged]
    judging = [r for r in results if r.judges_every_finding]
    if not judging:
        return None
    return {"files": [r.file for r in judging],
            "findings": tally(judged, sum(r.judged_documents for r in judging)), "reliability": reliability(judged)}


def _pairs(row: Mapping[str, Any]) -> list[str]:
    lines = [f"{'':<10} {'support':>7} {'P':>6} {'R':>6} {'F1':>6} {'BA':>6}"]
    for name, metrics in [("overall", {**row, "support": row["scored"]}), *row["by_kind"].items()]:
        lines.append(f"{name:<10} {metrics['support']:>7} {metrics['precision']:>6.3f} {metrics['recall']:>6.3f} "
                     f"{metrics['f1']:>6.3f} {metrics['balanced_accuracy']:>6.3f}")
    return lines


def _findings(figures: Mapping[str, Any]) -> list[str]:
    lines = [f"every finding judged ({figures['documents']} documents): {figures['findings']} findings, "
             f"{figures['false_alarms']} false alarms, precision {figures['precision']:.3f}",
             f"  {'':<22} {'findings':>8} {'/100 docs':>9} {'false':>6} {'/100 docs':>9} {'P':>6}"]
    groups = [("all", figures)] + [(f"rule {k}", v) for k, v in figures["by_rule"].items()] + \
        [(f"severity {k}", v) for k, v in figures["by_severity"].items()]
    for name, g in groups:
        lines.append(f"  {name:<22} {g['findings']:>8} {g['findings_per_100']:>9.2f} {g['false_alarms']:>6} "
                     f"{g['false_alarms_per_100']:>9.2f} {g['precision']:>6.3f}")
    return lines


def _reliability(figures: Mapping[str, Any]) -> list[str]:
    lines = [f"reliability of the confidence ({figures['findings']} findings): expected calibration error "
             f"{figures['ece']:.3f}", f"  {'confidence':<12} {'count':>6} {'mean':>6} {'right':>6}"]
    for row in figures["bins"]:
        lines.append(f"  {row['low']:.1f}-{row['high']:.1f}    {row['count']:>6} {row['mean_confidence']:>6.3f} "
                     f"{row['share_right']:>6.3f}")
    return lines


def _probes(probes: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[str]:
    lines = []
    for label, title in (("true", "true probes flagged (false alarms)"), ("false", "false probes caught")):
        for name, rate in probes.get(label, {}).items():
            lines.append(f"  {title if name == 'all' else '  ' + name:<36} {rate['hits']:>4} of {rate['total']:<4} "
                         f"{rate['rate']:>6.3f}")
    return lines


def render_file(row: Mapping[str, Any]) -> str:
    """One file's figures as text."""
    lines = [f"{row['file']} ({row['format']}): {row['records']} records, {row['scored']} labelled pairs scored, "
             f"{row['seconds']} s"]
    if row["scored"]:
        lines.extend(_pairs(row))
    if "probes" in row:
        lines.extend(_probes(row["probes"]))
    if "findings" in row:
        lines.extend(_findings(row["findings"]))
        lines.extend(_reliability(row["reliability"]))
    return "\n".join(lines) + "\n"


def render_combined(figures: Mapping[str, Any]) -> str:
    """The judged findings of all exhaustive and probe files together."""
    lines = [f"all exhaustive and probe files together ({', '.join(figures['files'])}):"]
    lines.extend(_findings(figures["findings"]))
    lines.extend(_reliability(figures["reliability"]))
    return "\n".join(lines) + "\n"

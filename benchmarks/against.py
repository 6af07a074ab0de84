"""`checker check --against`: summaries of a real article checked against it.

    .venv/bin/python -m benchmarks.against

Twenty short summaries of the bundled real article (examples/ukraine-talks.txt), written for
this benchmark: ten faithful (some add context the article does not give: adding information
is no contradiction), ten with one planted error each (a date, a name, a role, a place, a
reversed word). Prints, for each, whether the check against the article raised a finding at
warning level or above, and the totals: errors found, faithful summaries flagged.

The project holds one real article it may ship, so all twenty summarise it; the faithful ones
avoid the year of Crimea's annexation, which the article itself gives two ways.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from checker import check_paths
from checker.model import Severity

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "ukraine-talks.txt"

FAITHFUL = [
    "Trump's diplomacy over the war in Ukraine appears to favour Russia. He has rebuked Volodymyr Zelenskyy "
    "and suggested that Kyiv may have to give up territory.",
    "Talks between Washington and Moscow have been held in St. Peter's Basilica and in the Oval Office. "
    "No deal has been reached so far.",
    "Nikolay Petrov of the New Eurasian Strategies Centre says Putin already got part of what he wanted: "
    "the impression of Russia as a country equal to the U.S.",
    "Historian Sergey Radchenko says the terms of a settlement are still very much in the air.",
    "Ukraine refuses to cede any land and wants security guarantees, possibly through international "
    "peacekeepers. Russia wants to keep the territories it has seized.",
    "Russian officials discussed the Middle East, strategic weapons and even ice hockey matches with "
    "Trump's team, the article reports.",
    "Russian Foreign Minister Sergey Lavrov said international recognition of the annexed regions is "
    "imperative for a peace deal.",
    "Analysts believe Putin may be prolonging the war while making gains on the battlefield, and some "
    "think a US exit from the talks could help him.",
    "Trump has sent conflicting signals, including social media posts suggesting Putin may be fooling him. "
    "The talks began after Trump returned to the White House in January 2025.",
    "Russia demands an end to NATO membership for Ukraine, which Radchenko calls a significant obstacle. "
    "Ukraine has sought NATO membership for years.",
]

PLANTED = [
    ("Trump indicated that Crimea, annexed by Russia in 2016, will stay with Russia.", "date"),
    ("Nikolay Petrov, a senior fellow at the Carnegie Endowment think tank, says Washington is talking to "
     "Moscow again.", "organisation"),
    ("Russian Defence Minister Sergey Lavrov said recognition of the annexed regions is imperative for a "
     "peace deal.", "role"),
    ("Ukraine agrees to cede land in exchange for robust security guarantees.", "reversed"),
    ("Trump praised Zelenskyy for publicly rejecting the idea of ceding land.", "reversed"),
    ("The dialogue took place under the detailed paintings of the Sistine Chapel and in the Oval Office.",
     "place"),
    ("Russia demands an end to EU membership for Ukraine, which Radchenko calls a significant obstacle.",
     "organisation"),
    ("Washington is talking to Moscow again after years of strained ties following the 2012 annexation of "
     "Crimea, Petrov said.", "date"),
    ("The dialogue included a famously calm session within the Oval Office of the White House.", "reversed"),
    ("Historian Sergey Radchenko claims that terms of a possible settlement were agreed in March.", "reversed"),
]


def flagged(text: str, folder: Path) -> list[str]:
    path = folder / "summary.md"
    path.write_text(text + "\n", encoding="utf-8")
    report = check_paths([str(path)], references=[], against=[SOURCE])
    return [f"{f.severity.label} {f.rule}: {f.message}" for f in report.findings
            if f.severity >= Severity.WARNING and f.related]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        false_alarms = sum(bool(flagged(text, folder)) for text in FAITHFUL)
        for text in FAITHFUL:
            found = flagged(text, folder)
            print(f"faithful {'FLAGGED' if found else 'clean  '} {text[:70]}" + (f"\n    {found[0]}" if found else ""))
        caught = 0
        for text, kind in PLANTED:
            found = flagged(text, folder)
            caught += bool(found)
            print(f"planted  {'found  ' if found else 'missed '} [{kind}] {text[:60]}"
                  + (f"\n    {found[0]}" if found else ""))
    print(f"\nplanted errors found: {caught} of {len(PLANTED)} (target: at least 7); "
          f"faithful summaries flagged: {false_alarms} of {len(FAITHFUL)} (target: at most 1)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""The canonical case: the real article calls it "the 2022 annexation of Crimea" (line 17)
while lines 23 and 54 and the reference set say 2014. Uses the real packaged model."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker import Report, Severity, check_paths

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "ukraine-talks.txt"
REFERENCES = ROOT / "references"


@pytest.fixture(scope="module")
def report(embedder: Any) -> Report:
    return check_paths([ARTICLE], references=[REFERENCES], embedder=embedder)


def test_the_bundled_article_is_the_real_seed() -> None:
    seed = ROOT.parent / "shared" / "seed" / "ukraine-talks.txt"
    if seed.exists():
        assert ARTICLE.read_bytes() == seed.read_bytes()


def test_one_error_at_line_17_with_claims_and_reference(report: Report) -> None:
    assert len(report.findings) == 1
    finding = report.findings[0]
    loc = finding.location
    assert (finding.rule, finding.severity, finding.kind) == ("date-mismatch", Severity.ERROR, "date")
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (17, 266, 17, 291)
    assert finding.text == "2022 annexation of Crimea"
    line17 = ARTICLE.read_text(encoding="utf-8").splitlines()[16]
    assert line17.index("2022 annexation of Crimea") + 1 == loc.column
    related = [(os.path.abspath(e.location.path), e.location.line, e.location.column, e.reference_id)
               for e in finding.related]
    assert related == [
        (str(ARTICLE), 23, 1, None),
        (str(ARTICLE), 54, 6, None),
        (str(REFERENCES / "russia-ukraine.yml"), 40, 16, "crimea-annexation-2014"),
    ]
    assert finding.message == ("the annexation of Crimea: 2022 here, 2014 at line 23 and line 54, "
                               "March 2014 in reference crimea-annexation-2014")
    assert finding.related[2].source == "https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation"


# Each summary item at the end of the article restates an earlier paragraph in other words.
PARAPHRASES = [(11, 51), (13, 52), (15, 53), (19, 55), (33, 56), (35, 56), (5, 57), (5, 58), (57, 58), (3, 57)]


def test_paraphrases_that_agree_are_not_flagged(report: Report) -> None:
    for finding in report.findings:
        for evidence in finding.related:
            pair = tuple(sorted((finding.location.line, evidence.location.line)))
            assert pair not in PARAPHRASES


def test_cli_text_output_and_exit_code() -> None:
    done = subprocess.run([sys.executable, "-m", "checker", "check", "examples/ukraine-talks.txt"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == ("examples/ukraine-talks.txt:17:266: error date-mismatch: the annexation of Crimea: "
                        "2022 here, 2014 at line 23 and line 54, March 2014 in reference crimea-annexation-2014 "
                        "(confidence 1.00)")
    # The flagged words, marked under the sentence, its end kept whole.
    assert lines[1] == '   | …to Moscow again after years of strained ties following the 2022 annexation of Crimea."'
    assert lines[2] == "   | " + " " * 60 + "^" * len("2022 annexation of Crimea")
    assert lines[3].startswith("  --> examples/ukraine-talks.txt:23:1: Trump indicated that Crimea")
    assert lines[5] == ("  --> reference crimea-annexation-2014 (references/russia-ukraine.yml:40:16): "
                        "Russia annexed Crimea from Ukraine in March 2014.")
    assert re.fullmatch(r"  = fingerprint [0-9a-f]{12}", lines[7])
    assert lines[-1] == "Found 1 error, 0 warnings, 0 info in 1 document (42 claims, 71 reference facts)."

"""Seconds and peak memory of a cold check of each hostile input shape, at n and 8n.

    .venv/bin/python -m benchmarks.hostile [--n 2000] [--only NAME]

The shapes are the ones an attacker's pull request can commit (docs/security.md). Each run is
`checker check --no-references --no-cache FILE` in a fresh process, as CI runs it; the table
shows the file size, wall seconds, peak RSS and exit code, and the ratio of the 8n time to the
n time (linear work gives about 8 or less, since start-up is a fixed cost).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = str(Path(sys.executable).parent / "checker")

SHAPES: dict[str, Callable[[int], str]] = {
    "markdown link openers": lambda n: "[a](" * n,
    "images and links": lambda n: "![a](" * n,
    "figures listed": lambda n: "The bridge cost 1, " + "1, " * n,
    "bare numbers": lambda n: "1 " * n,
    "years in one sentence": lambda n: "In " + ", ".join(str(1000 + i % 1000) for i in range(n)) + " it rained.",
    "html attributes": lambda n: "x <a " + "b=c " * n,
    "paragraph without a break": lambda n: "word " * n,
    "unclosed front matter": lambda n: "---\ntitle: x\n" + "key: value\n" * n,
    "reference-style links": lambda n: "".join(f"[l{i}]: http://e.com/{i}\n" for i in range(n)) + "Text [l1].\n",
    "one sentence repeated": lambda n: "The bridge opened in 2018 and cost 3 million euros. " * (n // 4),
}


def _run(text: str) -> tuple[int, float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "a.md")
        Path(path).write_text(text, encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", CHECKER, "check", "--no-references", "--no-cache", path],
                              capture_output=True, text=True, timeout=900, cwd=ROOT, check=False)
        seconds = time.perf_counter() - start
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        return os.path.getsize(path), seconds, peak_kb / 1024, done.returncode


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--only", help="run the shapes whose name contains this")
    args = parser.parse_args(argv)
    print(f"{'shape':28s} {'size n':>9s} {'s':>6s} {'MB':>6s} {'rc':>3s} | {'size 8n':>9s} {'s':>6s} {'MB':>6s} "
          f"{'rc':>3s} | ratio")
    for name, make in SHAPES.items():
        if args.only and args.only not in name:
            continue
        small = _run(make(args.n))
        large = _run(make(8 * args.n))
        print(f"{name:28s} {small[0] / 1000:8.0f}k {small[1]:6.1f} {small[2]:6.0f} {small[3]:3d} | "
              f"{large[0] / 1000:8.0f}k {large[1]:6.1f} {large[2]:6.0f} {large[3]:3d} | {large[1] / small[1]:5.1f}",
              flush=True)


if __name__ == "__main__":
    main()

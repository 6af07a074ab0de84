"""The language server's latencies on the bundled real article (`make bench` runs it).

    .venv/bin/python -m benchmarks.lsp [--edits N]

In a temporary workspace holding examples/ukraine-talks.txt and references/, with an empty
cache folder: a cold `checker check` of the article (the target for the first diagnostics);
then `checker lsp` started, the article opened, and the time until its first diagnostics; then
N edits of one sentence each (a word changed in a different sentence each time), each timed
from the change sent to its diagnostics received. Then the same in a workspace of 300 real
articles (the ChatProtect corpus `benchmarks.run` uses, when present): the time to the first
diagnostics (the open file checked alone) and to the whole workspace's, then the edit latency in
the open article, every article checked together each time.
Prints the figures and the servers' peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.lsp_client import Session
from benchmarks.run import CORPUS, corpus_texts

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "ukraine-talks.txt"
TARGET_EDIT_S = 0.3
# (old, new) pairs: one word of one sentence each, applied and then undone in turn.
EDITS = [("signal a shift", "signal a change"), ("think tank", "research group"), ("ice hockey", "football"),
         ("publicly rejecting", "openly rejecting"), ("big business", "large business")]


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _edits(text: str) -> list[tuple[str, str]]:
    """One-sentence edits of a text: two words of each long sentence, with a word added after them."""
    sentences = [s for s in text.split(". ") if len(s.split()) > 6]
    pairs = dict.fromkeys(" ".join(words[2:4]) for words in (s.split() for s in sentences))
    # Each pair once, not across a line break, and found again when the edit is undone.
    return [(pair, pair + " notably") for pair in pairs if text.count(pair) == 1 and "notably" not in pair]


async def _server(folder: Path, edits: int, env: dict[str, str], article: str = ARTICLE) -> dict[str, object]:
    start = time.perf_counter()
    async with Session(folder, env=env) as session:
        session.open(article)
        first, _ = await session.diagnostics(article, 1, timeout=600)
        first_s = time.perf_counter() - start
        whole_s = None
        if article != ARTICLE:
            # A large workspace: the open file is checked alone first, then the whole workspace,
            # which publishes the open file's diagnostics a second time. Edits are timed after it.
            await session.next_diagnostics(article, 1, timeout=600)
            whole_s = time.perf_counter() - start
        latencies = []
        codes = []
        changes = EDITS if article == ARTICLE else _edits(session.texts[article])
        for i in range(edits):
            old, new = changes[i % len(changes)]
            if (i // len(changes)) % 2:  # the second time round, each edit is undone
                old, new = new, old
            version = session.replace(article, old, new)
            diagnostics, waited = await session.diagnostics(article, version)
            latencies.append(waited)
            codes.append([d.code for d in diagnostics])
        server = session.client._server
        rss = _peak_rss_mb(server.pid) if server is not None else None
    return {"first_s": first_s, "whole_s": whole_s, "first": [d.code for d in first], "latencies": latencies,
            "codes": codes, "rss": rss}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="checker-lsp-bench-") as tmp:
        folder = Path(tmp) / "workspace"
        folder.mkdir()
        shutil.copy(ROOT / "examples" / ARTICLE, folder / ARTICLE)
        shutil.copytree(ROOT / "references", folder / "references")
        checker = str(Path(sys.executable).with_name("checker"))
        cold_env = {**os.environ, "CHECKER_CACHE_DIR": str(Path(tmp) / "cache-cli")}
        begin = time.perf_counter()
        subprocess.run([checker, "check", ARTICLE], cwd=folder, env=cold_env, capture_output=True, check=False)
        cold_s = time.perf_counter() - begin
        env = {"CHECKER_CACHE_DIR": str(Path(tmp) / "cache-lsp")}
        result = asyncio.run(_server(folder, args.edits, env))
        corpus = None
        if CORPUS.is_file():
            archive = Path(tmp) / "archive"
            archive.mkdir()
            for i, text in enumerate(corpus_texts(300)):
                (archive / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
            corpus = asyncio.run(_server(archive, args.edits, {"CHECKER_CACHE_DIR": str(Path(tmp) / "cache-archive")},
                                         article="article-0007.txt"))
    latencies = sorted(result["latencies"])  # type: ignore[call-overload]
    same = all(codes == result["first"] for codes in result["codes"])  # type: ignore[attr-defined]
    print(f"checker lsp on examples/{ARTICLE} with references/ (fresh cache each)")
    print(f"  cold `checker check`            {cold_s:6.2f} s   (target for the first diagnostics)")
    print(f"  first diagnostics after start   {result['first_s']:6.2f} s   "
          f"({'within' if result['first_s'] <= cold_s else 'over'} the cold check)   findings: {result['first']}")
    if latencies:
        p90 = latencies[max(0, round(0.9 * len(latencies)) - 1)]
        print(f"  one-sentence edit -> diagnostics  median {statistics.median(latencies) * 1000:5.0f} ms   "
              f"p90 {p90 * 1000:5.0f} ms   max {latencies[-1] * 1000:5.0f} ms   over {len(latencies)} edits   "
              f"(target: under {TARGET_EDIT_S * 1000:.0f} ms)   same findings: {same}")
    if result["rss"] is not None:
        print(f"  server peak RSS                 {result['rss']:6.0f} MB")
    if corpus is not None:
        times = sorted(corpus["latencies"])  # type: ignore[call-overload]
        print("checker lsp in a workspace of 300 ChatProtect articles (no reference set; all checked together)")
        print(f"  first diagnostics after start   {corpus['first_s']:6.2f} s   (the open file checked alone)")
        print(f"  whole workspace checked after   {corpus['whole_s']:6.2f} s")
        if times:
            print(f"  one-sentence edit -> diagnostics  median {statistics.median(times) * 1000:5.0f} ms   "
                  f"max {times[-1] * 1000:5.0f} ms   over {len(times)} edits")
        if corpus["rss"] is not None:
            print(f"  server peak RSS                 {corpus['rss']:6.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Performance benchmarks: start-up, cold and warm checks, corpus throughput, reference-set scaling.

    .venv/bin/python -m benchmarks.run            # full run (the 1,000,000-fact part takes several minutes)
    .venv/bin/python -m benchmarks.run --quick    # smaller corpus, no 1M reference set

Every measurement runs in a new process, through the command line or the library as a user
would call it, with its own empty cache folder (CHECKER_CACHE_DIR) where the cache matters;
peak memory is each child's ru_maxrss (from wait4). Prints a table and writes the figures as
JSON (benchmarks/results.json, or results-quick.json with --quick).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/eval/documents/chatprotect-dev.jsonl")
ARTICLE = "examples/ukraine-talks.txt"
HEAVY = ("torch", "sentence_transformers", "transformers", "spacy", "faiss", "onnxruntime")


# -- running children -------------------------------------------------------------------------------------

@dataclass
class Child:
    returncode: int
    seconds: float
    max_rss_mb: float
    stdout: str
    stderr: str


def run_child(args: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Child:
    """Run a command in a new process; wall time and its peak RSS (ru_maxrss via wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(proc.returncode, seconds, usage.ru_maxrss / 1024, out.read().decode(errors="replace"),
                     err.read().decode(errors="replace"))


def checker_command() -> list[str]:
    script = Path(sys.executable).parent / "checker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def child_json(name: str, *args: str, env: dict[str, str] | None = None) -> tuple[dict[str, Any], Child]:
    """Run `python -m benchmarks.run --child NAME ARGS...`, which prints one JSON object as its last line."""
    done = run_child([sys.executable, "-m", "benchmarks.run", "--child", name, *args], env=env)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), done


def rss_mb(kind: str = "VmRSS") -> float:
    """Resident memory in MB: VmRSS (all), RssAnon (heap) or RssFile (mapped files, reclaimable)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(kind + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- the benchmarks ---------------------------------------------------------------------------------------

def bench_help(repeats: int) -> dict[str, Any]:
    runs = [run_child([*checker_command(), "--help"]) for _ in range(repeats)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    probe = run_child([sys.executable, "-X", "importtime", "-m", "checker", "--help"])
    heavy = sorted({m for m in HEAVY if re.search(rf"\|\s+{m}$", probe.stderr, re.MULTILINE)})
    return {"median_s": statistics.median(r.seconds for r in runs), "runs_s": [r.seconds for r in runs],
            "max_rss_mb": max(r.max_rss_mb for r in runs), "heavy_imports": heavy}


# One paragraph of the seed article edited three ways: each edit is a block the caches have not seen.
EDITED = "cold, polished marble floors"
EDITS = ("cold, shining marble floors", "cold, grey marble floors", "cold, white marble floors")


def bench_article(cache_dir: Path, work: Path) -> dict[str, Any]:
    article = work / "article.txt"
    original = (ROOT / ARTICLE).read_text(encoding="utf-8")
    article.write_text(original, encoding="utf-8")
    command = [*checker_command(), "check", str(article), "--references", "references/"]
    env = {"CHECKER_CACHE_DIR": str(cache_dir)}
    cold = run_child(command, env=env)
    warm = [run_child(command, env=env) for _ in range(3)]
    edited = []
    for replacement in EDITS:  # a new process re-checking after an editor changed one paragraph
        article.write_text(original.replace(EDITED, replacement, 1), encoding="utf-8")
        edited.append(run_child(command, env=env))
    for done in (cold, *warm, *edited):
        assert done.returncode in (0, 1), done.stderr
    summary = cold.stdout.strip().splitlines()[-1] if cold.stdout.strip() else ""
    article.write_text(original, encoding="utf-8")
    modules, _ = child_json("imports", str(cache_dir), str(article), env=env)
    article.write_text(original.replace(EDITED, "cold, dark marble floors", 1), encoding="utf-8")
    edit_modules, _ = child_json("imports", str(cache_dir), str(article), env=env)
    return {
        "cold": {"seconds": cold.seconds, "max_rss_mb": cold.max_rss_mb, "exit_code": cold.returncode},
        "warm": {"seconds": statistics.median(w.seconds for w in warm), "runs_s": [w.seconds for w in warm],
                 "max_rss_mb": max(w.max_rss_mb for w in warm), "exit_code": warm[0].returncode},
        "edited": {"seconds": statistics.median(e.seconds for e in edited), "runs_s": [e.seconds for e in edited],
                   "max_rss_mb": max(e.max_rss_mb for e in edited), "exit_code": edited[0].returncode},
        "same_output": all(w.stdout == cold.stdout for w in warm),
        "edited_same_findings": all(_findings(e.stdout) == _findings(cold.stdout) for e in edited),
        "summary": summary,
        "warm_heavy_imports": modules["heavy"],
        "edited_heavy_imports": edit_modules["heavy"],
        "onnx_export_mb": sum(f.stat().st_size for f in (cache_dir / "onnx").glob("*")) / 1e6
        if (cache_dir / "onnx").is_dir() else 0.0,
    }


def _findings(stdout: str) -> list[str]:
    """The finding lines of text output (the excerpt of an edited paragraph may differ)."""
    return [line for line in stdout.splitlines() if ": error " in line or ": warning " in line or ": info " in line]


def corpus_texts(count: int) -> list[str]:
    texts = list(dict.fromkeys(json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()
                               if line.strip()))
    if count >= len(texts):
        return texts
    step = len(texts) / count  # spread over the file: its neighbouring records share most sentences
    return [texts[int(i * step)] for i in range(count)]


def bench_corpus(count: int, work: Path) -> dict[str, Any]:
    folder = work / "corpus"
    folder.mkdir()
    texts = corpus_texts(count)
    for i, text in enumerate(texts):
        (folder / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
    sentences = work / "embedded.json"
    cache = work / "corpus-cache"
    check, check_proc = child_json("corpus", str(folder), str(sentences), env={"CHECKER_CACHE_DIR": str(cache)})
    floor, floor_proc = child_json("floor", str(sentences))
    return {
        "articles": len(texts), "characters": sum(len(t) for t in texts), **check,
        "claims_per_s": check["claims"] / check["seconds"], "articles_per_min": 60 * len(texts) / check["seconds"],
        "process_seconds": check_proc.seconds, "max_rss_mb": check_proc.max_rss_mb,
        "floor": {**floor, "sentences_per_s": floor["sentences"] / floor["encode_s"] if floor["encode_s"] else 0.0,
                  "process_seconds": floor_proc.seconds, "max_rss_mb": floor_proc.max_rss_mb},
    }


def bench_scale(sizes: list[int], work: Path, distribution: str) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        folder = work / f"index-{distribution}-{n}"
        build, build_proc = child_json("scale-build", str(n), distribution, str(folder))
        query, query_proc = child_json("scale-query", str(folder))
        rows.append({"facts": n, "distribution": distribution, **build, **query,
                     "build_process_max_rss_mb": build_proc.max_rss_mb,
                     "query_process_max_rss_mb": query_proc.max_rss_mb})
        shutil.rmtree(folder, ignore_errors=True)
    return rows


# -- children ---------------------------------------------------------------------------------------------

def child_imports(cache_dir: str, article: str = ARTICLE) -> dict[str, Any]:
    """A library check of the article with the cache as it is: which heavy modules did it import?"""
    from checker import check_paths

    check_paths([article], references=["references/"])
    return {"heavy": sorted(m for m in HEAVY if m in sys.modules), "cache_dir": cache_dir}


def child_corpus(folder: str, sentences_out: str) -> dict[str, Any]:
    """check_paths over the corpus folder with a fresh cache; records the texts the model embedded."""
    from checker import check_paths
    from checker.retrieval.embedder import SentenceTransformerEmbedder

    embedded: list[str] = []

    class Recording(SentenceTransformerEmbedder):  # the default embedder, noting what reaches the model
        def _embed(self, texts: list[str]) -> Any:
            embedded.extend(texts)
            return super()._embed(texts)

    start = time.perf_counter()
    report = check_paths([folder], references=["references/"], embedder=Recording())
    seconds = time.perf_counter() - start
    Path(sentences_out).write_text(json.dumps(embedded), encoding="utf-8")
    return {"seconds": seconds, "documents": report.documents, "claims": report.claims,
            "findings": len(report.findings), "embedded_sentences": len(embedded)}


def child_floor(sentences_in: str) -> dict[str, Any]:
    """Embed the same unique sentences with the same model and nothing else: no cache, no analysis."""
    from checker.retrieval.embedder import SentenceTransformerEmbedder, _load, default_model_path

    texts = json.loads(Path(sentences_in).read_text(encoding="utf-8"))
    start = time.perf_counter()
    _load(default_model_path())
    load_s = time.perf_counter() - start
    embedder = SentenceTransformerEmbedder(cache=None)
    start = time.perf_counter()
    embedder.encode(texts)
    return {"sentences": len(texts), "model_load_s": load_s, "encode_s": time.perf_counter() - start}


def child_scale_build(n_text: str, distribution: str, folder_text: str) -> dict[str, Any]:
    import faiss
    import numpy as np

    from benchmarks.synthetic import generator, uniform
    from checker.retrieval.index import FactIndex

    n, folder = int(n_text), Path(folder_text)
    start = time.perf_counter()
    if distribution == "uniform":
        base, queries = uniform(n, seed=1), uniform(1000, seed=2)
    else:
        source = generator(distribution, n)
        base, queries = source.sample(n, seed=1), source.sample(1000, seed=2)
    generate_s = time.perf_counter() - start
    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(base)
    start = time.perf_counter()
    truth_sims, truth = exact.search(queries, 10)
    exact_ms = (time.perf_counter() - start) * 1000 / len(queries)
    flat = FactIndex(base, exact, "flat")  # exact search as FactIndex runs it (one thread for one query)
    start = time.perf_counter()
    for q in queries[:100]:
        flat.search(q.reshape(1, -1), 10)
    exact_single_ms = (time.perf_counter() - start) * 10
    del exact, flat
    before = rss_mb()  # the base vectors are already in memory; what follows is the index itself
    start = time.perf_counter()
    index = FactIndex.build(base)
    build_s = time.perf_counter() - start
    index_mb = rss_mb() - before
    start = time.perf_counter()
    index.save(folder)
    save_s = time.perf_counter() - start
    np.save(folder.parent / f"{folder.name}-queries.npy", queries, allow_pickle=False)
    np.save(folder.parent / f"{folder.name}-truth.npy", truth, allow_pickle=False)
    return {"kind": index.kind, "generate_s": generate_s, "build_s": build_s, "save_s": save_s,
            "index_rss_mb": index_mb, "vectors_mb": base.nbytes / 2**20,
            "exact_batch_ms_per_query": exact_ms, "exact_single_ms_per_query": exact_single_ms,
            "top1_sim": float(truth_sims[:, 0].mean()), "top10_sim": float(truth_sims[:, 9].mean()),
            "disk_mb": sum(f.stat().st_size for f in folder.iterdir()) / 2**20}


def child_scale_query(folder_text: str) -> dict[str, Any]:
    import numpy as np

    from checker.retrieval.index import FactIndex

    folder = Path(folder_text)
    queries = np.load(folder.parent / f"{folder.name}-queries.npy")
    truth = np.load(folder.parent / f"{folder.name}-truth.npy")
    before, before_anon, before_file = rss_mb(), rss_mb("RssAnon"), rss_mb("RssFile")
    start = time.perf_counter()
    index = FactIndex.load(folder)
    load_s = time.perf_counter() - start
    loaded_mb = rss_mb() - before
    index.search(queries[:10], 10)  # warm-up
    start = time.perf_counter()
    _, ids = index.search(queries, 10)
    batch_ms = (time.perf_counter() - start) * 1000 / len(queries)
    start = time.perf_counter()
    for q in queries[:300]:
        index.search(q.reshape(1, -1), 10)
    single_ms = (time.perf_counter() - start) * 1000 / 300
    recall = float(np.mean([len(set(a.tolist()) & set(b.tolist())) / 10 for a, b in zip(ids, truth, strict=True)]))
    return {"load_s": load_s, "loaded_rss_mb": loaded_mb, "after_queries_rss_mb": rss_mb() - before,
            "after_queries_anon_mb": rss_mb("RssAnon") - before_anon,
            "after_queries_file_mb": rss_mb("RssFile") - before_file,
            "batch_ms_per_query": batch_ms, "single_ms_per_query": single_ms, "recall_at_10": recall}


PARTS = ("help", "article", "corpus", "scale")
CHILDREN = {"imports": child_imports, "corpus": child_corpus, "floor": child_floor,
            "scale-build": child_scale_build, "scale-query": child_scale_query}


# -- report -----------------------------------------------------------------------------------------------

def print_report(results: dict[str, Any]) -> None:
    machine = results["machine"]
    print(f"\nmachine: {machine['cpus']} CPUs, {machine['platform']}, Python {machine['python']}, "
          f"torch {machine['torch']}, faiss {machine['faiss']}")
    loads = ", ".join(f"{part} {value:.1f}" for part, value in results["load_average"].items())
    print(f"1-minute load average when each part started (other work on the machine skews timings): {loads}")
    if "help" in results:
        print_help(results["help"])
    if "article" in results:
        print_article(results["article"], results.get("corpus"))
    if "corpus" in results:
        print_corpus(results["corpus"])
    if "scale" in results:
        print_scale(results["scale"])
    print(f"\n(f) peak RSS of this benchmark process: {results['self_max_rss_mb']:.0f} MB "
          f"(children's peaks are in the rows above); total {results['total_s']:.0f} s")


def print_help(h: dict[str, Any]) -> None:
    print("\n(a) start-up")
    print(f"  checker --help            {h['median_s']:.3f} s median of {len(h['runs_s'])} (target: under 0.3 s)   "
          f"peak RSS {h['max_rss_mb']:.0f} MB   heavy imports: {', '.join(h['heavy_imports']) or 'none'}")


def print_article(a: dict[str, Any], corpus: dict[str, Any] | None = None) -> None:
    print(f"\n(b, c) {ARTICLE} with references/  ({a['summary']})")
    print(f"  cold (empty cache)        {a['cold']['seconds']:.2f} s   peak RSS {a['cold']['max_rss_mb']:.0f} MB   "
          f"exit {a['cold']['exit_code']}   (includes the one-time ONNX export, {a['onnx_export_mb']:.0f} MB)")
    print(f"  one paragraph edited      {a['edited']['seconds']:.2f} s median of {len(a['edited']['runs_s'])} "
          f"new processes   peak RSS {a['edited']['max_rss_mb']:.0f} MB   same findings: {a['edited_same_findings']}"
          "   (target: under 2 s)")
    print(f"  unchanged (all cached)    {a['warm']['seconds']:.2f} s median of {len(a['warm']['runs_s'])}   "
          f"peak RSS {a['warm']['max_rss_mb']:.0f} MB   same output: {a['same_output']}   (target: under 0.5 s)")
    print(f"  heavy modules imported: edited {', '.join(a['edited_heavy_imports']) or 'none'}; "
          f"unchanged {', '.join(a['warm_heavy_imports']) or 'none'} (spaCy parses in a worker process)")
    if corpus is not None:
        f = corpus["floor"]
        print(f"  embedding floor, same run: {f['sentences_per_s']:.0f} sentences/s with sentence-transformers, "
              f"model load {f['model_load_s']:.1f} s (section d)")


def print_corpus(c: dict[str, Any]) -> None:
    f = c["floor"]
    print(f"\n(d) corpus: {c['articles']} ChatProtect articles ({c['characters'] / 1000:.0f}k characters), "
          f"one check_paths call, fresh cache")
    print(f"  check                     {c['seconds']:.1f} s   {c['claims']} claims   {c['claims_per_s']:.1f} claims/s"
          f"   {c['articles_per_min']:.0f} articles/min   {c['findings']} findings   peak RSS {c['max_rss_mb']:.0f} MB")
    print(f"  embedding floor           {f['encode_s']:.1f} s to embed the {f['sentences']} unique sentences "
          f"({f['sentences_per_s']:.0f}/s) + {f['model_load_s']:.1f} s model load   peak RSS {f['max_rss_mb']:.0f} MB")
    floor_s = f["encode_s"] + f["model_load_s"]
    ratio = c["seconds"] / max(floor_s, 1e-9)
    print(f"  check / floor             {ratio:.2f} x   throughput {1 / ratio:.2f} of the floor "
          "(target: at least 0.80)")
    print("  (both include loading the model; the check parses in a worker process meanwhile)")


def print_scale(rows: list[dict[str, Any]]) -> None:
    print("\n(e) reference-set scaling (synthetic 384-dim unit vectors; 1,000 held-out queries; k=10)")
    head = (f"  {'facts':>9} {'data':<8} {'index':<9} {'build s':>8} {'index MB':>9} {'loaded MB':>9} "
            f"{'+ mapped':>8} {'q ms':>6} {'1q ms':>6} {'exact ms':>8} {'recall@10':>9} {'build peak':>10} "
            f"{'query peak':>10}")
    print(head)
    for row in rows:
        print(f"  {row['facts']:>9,} {row['distribution']:<8} {row['kind']:<9} {row['build_s']:>8.1f} "
              f"{row['index_rss_mb']:>9.0f} {row['after_queries_anon_mb']:>9.0f} {row['after_queries_file_mb']:>8.0f} "
              f"{row['batch_ms_per_query']:>6.3f} "
              f"{row['single_ms_per_query']:>6.3f} {row['exact_single_ms_per_query']:>8.2f} "
              f"{row['recall_at_10']:>9.4f} {row['build_process_max_rss_mb']:>8.0f}MB "
              f"{row['query_process_max_rss_mb']:>8.0f}MB")
    print("  index MB: RSS growth while building (the float32 vectors were already in memory).\n"
          "  loaded MB / + mapped: growth of a new process's anonymous / file-backed RSS after loading the\n"
          "    stored index and running 1,300 queries (float32 vectors memory-mapped, read for re-ranking).\n"
          "  q ms: per query in a batch of 1,000 (how the pipeline searches); 1q ms: one query at a time;\n"
          "    exact ms: IndexFlatIP, one query at a time.  peaks: ru_maxrss of the build / query process\n"
          "    (the build process also holds the float32 vectors and an exact index for the ground truth).")


def machine_info() -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "torch": version("torch"), "faiss": version("faiss-cpu"), "numpy": version("numpy"),
            "sentence_transformers": version("sentence-transformers")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller corpus, reference sets up to 100,000 facts")
    parser.add_argument("--articles", type=int, help="corpus size (default 300; 60 with --quick)")
    parser.add_argument("--output", type=Path, help="JSON file (default benchmarks/results.json)")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated parts to run (default: all of {','.join(PARTS)})")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        name, *rest = args.child
        print(json.dumps(CHILDREN[name](*rest)))
        return
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    os.chdir(ROOT)
    # An installed package has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
    # would compile every module in every child and time the compiler, not the checker.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "checker")], check=True)
    started = time.perf_counter()
    articles = args.articles or (60 if args.quick else 300)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    output = args.output or ROOT / "benchmarks" / ("results-quick.json" if args.quick else "results.json")
    results: dict[str, Any] = {"quick": args.quick, "machine": machine_info(), "load_average": {}}
    with tempfile.TemporaryDirectory(prefix="checker-bench-") as tmp:
        work = Path(tmp)
        if "help" in parts:
            print("(a) checker --help ...", file=sys.stderr, flush=True)
            results["load_average"]["help"] = os.getloadavg()[0]
            results["help"] = bench_help(3 if args.quick else 5)
        if "article" in parts:
            print("(b, c) cold and warm check ...", file=sys.stderr, flush=True)
            results["load_average"]["article"] = os.getloadavg()[0]
            results["article"] = bench_article(work / "article-cache", work)
        if "corpus" in parts:
            print(f"(d) corpus of {articles} articles ...", file=sys.stderr, flush=True)
            results["load_average"]["corpus"] = os.getloadavg()[0]
            results["corpus"] = bench_corpus(articles, work)
        if "scale" in parts:
            print(f"(e) reference-set scaling {sizes} ...", file=sys.stderr, flush=True)
            results["load_average"]["scale"] = os.getloadavg()[0]
            results["scale"] = bench_scale(sizes, work, "topics")
            if not args.quick:
                results["scale"] += bench_scale([100_000], work, "blobs") + bench_scale([100_000], work, "uniform")
    results["self_max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["total_s"] = time.perf_counter() - started
    print_report(results)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()

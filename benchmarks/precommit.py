"""The pre-commit hook for real: the environment pre-commit builds for it, and how long the hook takes.

    .venv/bin/python -m benchmarks.precommit [--hook-repo PATH] [--keep]

Makes a small editorial repository in a temporary folder (four articles, a reference set, a
.checker.yml whose include selects articles/**/*.md, and a README.md that pre-commit names but the
hook must skip), then:

1. `pre-commit try-repo HOOK_REPO checker --all-files`, as someone trying the hook would, on the
   hook repository as it is, uncommitted changes included (try-repo commits them in a shadow
   copy). try-repo installs the hook into a store of its own that it deletes afterwards, every
   time, so this is only its time and its verdict.
2. `pre-commit run --all-files` with a .pre-commit-config.yaml as a newsroom's (`repo:` and `rev:`
   of a snapshot commit of the same working tree) and PRE_COMMIT_HOME and CHECKER_CACHE_DIR in the
   temporary folder: the first run builds the hook environment (and checker exports its model to
   ONNX); that environment is measured (size, nvidia-* or triton packages, torch); then three more
   runs on the unchanged repository are timed.
3. The same hook with `--format json --output FILE` (hook args in the config), for which files it
   checked; and the hook environment's checker on the same files without --force-exclude, for
   contrast.

pre-commit comes from this interpreter when it has it, else from a throwaway virtual environment
(pip install pre-commit==4.7.0). Takes a few minutes: the hook is installed twice (torch, spaCy, the
model). Prints the figures; writes nothing in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = "pre-commit==4.7.0"

ARTICLES = {
    "articles/bridges/harlow.md": """\
        # The Harlow bridge turns ninety-five

        The Harlow bridge opened in 1931. Its steel arch spans 240 metres over the river Wend at Millbrook.

        The county council repainted the arch in 2019, the first full repainting since 1988.
        """,
    "articles/transport/ferry.md": """\
        # The last ferryman of Millbrook

        Before the Harlow bridge opened in 1931, a chain ferry carried carts across the Wend.

        The ferry made its last crossing in the spring of that year and was sold for scrap.
        """,
    "articles/council/budget.md": """\
        # Council budget: roads first

        The county council approved a budget of 48 million pounds on Tuesday.

        Road repairs take the largest share, 19 million pounds, followed by school transport.
        """,
    "articles/culture/festival.md": """\
        # A festival on the river

        The Wend river festival returns to Millbrook on 14 June, with boat races under the Harlow bridge.

        Last year the festival drew 12,000 visitors, its organisers said.
        """,
}
# pre-commit names this file too (it is Markdown); .checker.yml's include leaves it out, so the
# hook must skip it. Were it checked, its date would contradict two articles and the reference set.
README = """\
    # Newsroom articles

    House style notes. Example of a sentence we must never print: the Harlow bridge opened in 1950.
    """
CONFIG = """\
    # Only articles are checked; notes such as README.md are not.
    include: ["articles/**/*.md"]
    references: [references/]
    fail-on: error
    """
REFERENCES = """\
    name: county
    description: Sourced facts about the county's bridges.
    facts:
      - id: harlow-opened-1931
        statement: The Harlow bridge opened in 1931.
        sources:
          - https://example.org/county-archive/harlow-bridge
        as_of: 2025-01-15
    """


def run(command: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stdout}{result.stderr}")
    return result


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = run(command, cwd, env, check=False)
    return time.perf_counter() - start, result


def git_env(base: dict[str, str], home: Path) -> dict[str, str]:
    env = {name: value for name, value in base.items() if not name.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    for role in ("AUTHOR", "COMMITTER"):
        env.update({f"GIT_{role}_NAME": "Bench", f"GIT_{role}_EMAIL": "bench@example.com"})
    return env


def commit_all(repo: Path, env: dict[str, str], message: str) -> str:
    run(["git", "init", "-q", "-b", "main"], repo, env)
    run(["git", "add", "-A"], repo, env)
    run(["git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message], repo, env)
    return run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


def snapshot(hook_repo: Path, into: Path, env: dict[str, str]) -> str:
    """The hook repository's working tree (tracked files and untracked ones git does not ignore),
    committed in `into`: its commit."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], hook_repo, env).stdout
    for name in filter(None, listed.split("\0")):
        source = hook_repo / name
        if source.is_file() or source.is_symlink():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name, follow_symlinks=False)
    return commit_all(into, env, "snapshot")


def editorial_repo(repo: Path, env: dict[str, str]) -> None:
    files = {**ARTICLES, "README.md": README, ".checker.yml": CONFIG, "references/county.yml": REFERENCES}
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(textwrap.dedent(text), encoding="utf-8")
    commit_all(repo, env, "articles")


def pre_commit_command(work: Path, env: dict[str, str]) -> list[str]:
    if run([sys.executable, "-c", "import pre_commit"], ROOT, env, check=False).returncode == 0:
        return [sys.executable, "-m", "pre_commit"]
    tools = work / "tools"
    run([sys.executable, "-m", "venv", str(tools)], work, env)
    run([str(tools / "bin" / "python"), "-m", "pip", "install", "--quiet", PRE_COMMIT], work, env)
    return [str(tools / "bin" / "pre-commit")]


def disk_usage(path: Path) -> int:
    """Bytes on disk, as `du -sb` counts them (each hard-linked file once)."""
    return int(subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True).stdout.split()[0])


def gigabytes(size: int) -> str:
    return f"{size / 1e9:.2f} GB ({size / 2**30:.2f} GiB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hook-repo", type=Path, default=ROOT, help="the repository with .pre-commit-hooks.yaml")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (it holds the environment)")
    options = parser.parse_args()
    source = options.hook_repo.resolve()

    work = Path(tempfile.mkdtemp(prefix="checker-precommit-"))
    try:
        env = git_env(dict(os.environ), work)
        # As on a writer's machine: nothing of this session's Python settings or caches.
        for name in ("VIRTUAL_ENV", "PRE_COMMIT_HOME", "CHECKER_CACHE_DIR", "CHECKER_CONFIG", "PYTHONPATH",
                     "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        env["PRE_COMMIT_COLOR"] = "never"
        pre_commit = pre_commit_command(work, env)
        version = run([*pre_commit, "--version"], work, env).stdout.strip()
        newsroom = work / "newsroom"
        newsroom.mkdir()
        editorial_repo(newsroom, env)
        changes = len(run(["git", "status", "--porcelain"], source, env).stdout.splitlines())
        print(f"{version}, Python {sys.version.split()[0]}; hook repository {source} ({changes} uncommitted changes)")

        # 1. try-repo, on the repository as it is.
        trial = {**env, "PRE_COMMIT_HOME": str(work / "try-home"), "CHECKER_CACHE_DIR": str(work / "try-cache")}
        seconds, result = timed([*pre_commit, "try-repo", str(source), "checker", "--all-files"], newsroom, trial)
        verdict = next((line for line in result.stdout.splitlines() if line.startswith("checker (fact consistency)")),
                       result.stdout[-2000:] + result.stderr[-2000:])
        print(f"pre-commit try-repo {source} checker --all-files: {seconds:.1f} s, install included, exit "
              f"{result.returncode}: {verdict}")
        if result.returncode != 0:  # the hook's own output says why
            print(textwrap.indent((result.stdout + result.stderr)[-3000:], "  | "))

        # 2. A newsroom's config, its environment kept in PRE_COMMIT_HOME.
        home = work / "pre-commit-home"
        env.update(PRE_COMMIT_HOME=str(home), CHECKER_CACHE_DIR=str(work / "checker-cache"))
        hook_repo = work / "hook-repo"
        hook_repo.mkdir()
        rev = snapshot(source, hook_repo, env)

        def config(name: str, **hook: object) -> Path:
            path = work / name
            repos = [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "checker", **hook}]}]
            path.write_text(json.dumps({"repos": repos}), encoding="utf-8")
            return path

        hook_run = [*pre_commit, "run", "--all-files", "--config", str(config("pre-commit-config.yaml"))]
        seconds, result = timed(hook_run, newsroom, env)
        if result.returncode not in (0, 1):
            sys.exit(f"pre-commit failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        print(f"first run, hook environment installed: {seconds:.1f} s (exit {result.returncode})")

        [environment] = home.glob("repo*/py_env-*")
        python = environment / "bin" / "python"
        site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work, env)
        packages = sorted(path.name.split("-")[0] for path in Path(site.stdout.strip()).glob("*.dist-info"))
        heavy = [name for name in packages if name.lower().startswith(("nvidia", "triton"))]
        torch = run([str(python), "-c", "from importlib.metadata import version; print(version('torch'))"],
                    work, env).stdout.strip()
        print(f"hook environment: {gigabytes(disk_usage(home))} in PRE_COMMIT_HOME, of which the virtual "
              f"environment {gigabytes(disk_usage(environment))}; {len(packages)} packages")
        largest = sorted(((disk_usage(path), path.name) for path in Path(site.stdout.strip()).iterdir()
                          if path.is_dir() and not path.name.endswith(".dist-info")), reverse=True)[:8]
        bytecode = sum(path.stat().st_size for path in environment.rglob("*.pyc"))
        print("  largest: " + ", ".join(f"{name} {size / 1e6:.0f} MB" for size, name in largest)
              + f"; compiled bytecode (.pyc) {bytecode / 1e6:.0f} MB")
        print(f"  nvidia-* or triton packages: {', '.join(heavy) if heavy else 'none'}")
        print(f"  torch: {torch}")

        again = []
        for _ in range(3):
            seconds, result = timed(hook_run, newsroom, env)
            if result.returncode not in (0, 1):
                sys.exit(f"pre-commit failed ({result.returncode}):\n{result.stdout}{result.stderr}")
            again.append(seconds)
        print(f"second run, unchanged repository: median {statistics.median(again):.2f} s of 3 "
              f"({', '.join(f'{s:.2f}' for s in again)}; exit {result.returncode})")
        named = files_passed(newsroom, hook_repo, env)
        alone = [timed([str(environment / "bin" / "checker"), "check", "--force-exclude", *named], newsroom, env)[0]
                 for _ in range(3)]
        print(f"  of which checker itself (the hook's command, without pre-commit): median "
              f"{statistics.median(alone):.2f} s")

        # 3. Which files: the same hook, asked for the JSON report in a file.
        report = work / "report.json"
        json_run = config("json-config.yaml", args=["--format", "json", "--output", str(report)])
        result = run([*pre_commit, "run", "--all-files", "--config", str(json_run)], newsroom, env, check=False)
        checked = json.loads(report.read_text(encoding="utf-8"))
        flagged = sorted({finding["path"] for finding in checked["findings"]})
        print(f"files: pre-commit passed {len(named)} ({', '.join(named)}); checker checked "
              f"{checked['summary']['documents']} documents ({len(ARTICLES)} articles), findings in: "
              f"{', '.join(flagged) or 'none'} (exit {result.returncode})")
        without = run([str(environment / "bin" / "checker"), "check", "--format", "json", *named], newsroom, env,
                      check=False)
        unfiltered = json.loads(without.stdout)
        print(f"  README.md checked: {'yes' if 'README.md' in flagged else 'no'}; without --force-exclude: "
              f"{unfiltered['summary']['documents']} documents, findings in: "
              f"{', '.join(sorted({f['path'] for f in unfiltered['findings']})) or 'none'}")
    finally:
        if options.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def files_passed(repo: Path, hook_repo: Path, env: dict[str, str]) -> list[str]:
    """The files pre-commit hands the hook with --all-files: tracked, matching its `files` pattern."""
    [hook] = yaml.safe_load((hook_repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    tracked = run(["git", "ls-files"], repo, env).stdout.split()
    return [name for name in tracked if re.search(hook["files"], name)]


if __name__ == "__main__":
    main()

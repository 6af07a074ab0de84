"""The command line. The only module that prints or exits.

Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 usage, input,
config or reference error (one line naming file:line:column); 3 internal error.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from checker.errors import CheckerError, ErrorList
from checker.model import ExitCode, Severity

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find claims in articles that contradict each other or a curated reference set.")
refs_app = typer.Typer(no_args_is_help=True, help="Work with YAML reference sets.")
app.add_typer(refs_app, name="refs")

FORMATS = ("text", "json")


def _fail(error: CheckerError) -> NoReturn:
    lines = [str(e) for e in error.errors] if isinstance(error, ErrorList) else [str(error)]
    for line in lines:
        typer.echo(f"checker: {line}", err=True)
    raise typer.Exit(ExitCode.USAGE)


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _default_references() -> list[str]:
    return ["references"] if Path("references").is_dir() else []


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (.md, .markdown, .txt); - for stdin.")],
    references: Annotated[list[str] | None, typer.Option(
        "--references", "-r", help="Reference set file or folder (repeatable). Default: ./references if present.",
    )] = None,
    no_references: Annotated[bool, typer.Option("--no-references", help="Check without any reference set.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 on findings at or above: error, warning, info.")]
    = "error",
    model: Annotated[str | None, typer.Option("--model", help="Local sentence-transformers model folder.")] = None,
    markdown_stdin: Annotated[bool, typer.Option("--stdin-markdown", help="Read standard input as Markdown.")]
    = False,
) -> None:
    """Check articles for contradictions between their claims and with the reference sets."""
    threshold = _severity(fail_on)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})",
                                 param_hint="--format")
    from checker.api import check_paths
    from checker.formatters import render
    from checker.pipeline import Settings

    refs = [] if no_references else (references if references is not None else _default_references())
    try:
        report = check_paths(paths, references=refs, settings=Settings(model=model),
                             stdin_markdown=markdown_stdin)
    except CheckerError as error:
        _fail(error)
    sys.stdout.write(render(report, fmt))
    raise typer.Exit(report.exit_code(threshold))


@refs_app.command("validate")
def refs_validate(
    paths: Annotated[list[str], typer.Argument(help="Reference set files or folders.")],
) -> None:
    """Check reference sets against the schema without loading any model."""
    from checker.references import load_reference_sets

    try:
        sets = load_reference_sets(paths)
    except CheckerError as error:
        _fail(error)
    facts = sum(len(s.facts) for s in sets)
    typer.echo(f"{len(sets)} reference set{'s' if len(sets) != 1 else ''} valid ({facts} facts).")


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="Rule id, e.g. date-mismatch.")]) -> None:
    """Print a rule's documentation."""
    from checker.detectors import RULES

    if rule not in RULES:
        typer.echo(f"checker: unknown rule {rule!r} (known: {', '.join(sorted(RULES))})", err=True)
        raise typer.Exit(ExitCode.USAGE)
    entry = RULES[rule]
    typer.echo(f"{entry.id} ({entry.severity.label})\n\n{entry.documentation}")


@app.command()
def rules() -> None:
    """List the rules with their default severity."""
    from checker.detectors import RULES

    for entry in RULES.values():
        typer.echo(f"{entry.id:<18} {entry.severity.label:<8} {entry.summary}")


@app.command("eval")
def evaluate(
    files: Annotated[list[str], typer.Argument(help="Labelled JSON Lines files (pairs or documents format).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Score a random sample of N records per file.")]
    = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the --limit sample.")] = 0,
    model: Annotated[str | None, typer.Option("--model", help="Local sentence-transformers model folder.")] = None,
) -> None:
    """Score the checker on labelled data: precision, recall, F1 and balanced accuracy."""
    import json

    from checker.embeddings import SentenceTransformerEmbedder
    from checker.evaluation import evaluate_file
    from checker.pipeline import Settings

    settings = Settings(model=model)
    embedder = SentenceTransformerEmbedder(model)
    results = []
    try:
        for path in files:
            result = evaluate_file(path, settings=settings, embedder=embedder, limit=limit, seed=seed)
            results.append(result.as_dict())
            if not as_json:
                _print_eval(results[-1])
    except OSError as exc:
        _fail(CheckerError(exc.strerror or str(exc), path=getattr(exc, "filename", None)))
    except CheckerError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps({"files": results}, indent=2))


def _print_eval(row: dict[str, object]) -> None:
    head = f"{'':<10} {'support':>7} {'P':>6} {'R':>6} {'F1':>6} {'BA':>6}"
    typer.echo(f"{row['file']} ({row['format']}): {row['records']} records, {row['scored']} scored, "
               f"{row['seconds']} s")
    typer.echo(head)
    kinds = row["by_kind"]
    assert isinstance(kinds, dict)
    for name, metrics in [("overall", {**row, "support": row["scored"]}), *kinds.items()]:
        typer.echo(f"{name:<10} {metrics['support']:>7} {metrics['precision']:>6.3f} {metrics['recall']:>6.3f} "
                   f"{metrics['f1']:>6.3f} {metrics['balanced_accuracy']:>6.3f}")
    typer.echo("")


def main() -> None:
    """Entry point: maps any unexpected exception to exit code 3 without a traceback."""
    try:
        code = app(standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("checker: interrupted", err=True)
        sys.exit(130)
    except CheckerError as error:
        typer.echo(f"checker: {error}", err=True)
        sys.exit(ExitCode.USAGE)
    except Exception as exc:  # the last line of defence: exit 3, no traceback
        # typer ships its own copy of click; its usage errors are the user's, not ours.
        from typer._click.exceptions import ClickException

        if isinstance(exc, ClickException):
            typer.echo(f"checker: {exc.format_message()} (see 'checker --help')", err=True)
            sys.exit(ExitCode.USAGE)
        if os.environ.get("CHECKER_DEBUG"):
            traceback.print_exc()
        typer.echo(f"checker: internal error: {type(exc).__name__}: {exc} (set CHECKER_DEBUG=1 for details)",
                   err=True)
        sys.exit(ExitCode.INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)

"""The command line. The only module that prints or exits.

Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 usage, input,
config or reference error (one line naming file:line:column); 3 internal error.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from checker.cli.output import counts, use_color, write_atomically
from checker.errors import CheckerError, ErrorList, InputError
from checker.model import ExitCode, Severity
from checker.report.formatters import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from checker.config import Config
    from checker.model import ReferenceSet, Report

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find claims in articles that contradict each other or a curated reference set.")
refs_app = typer.Typer(no_args_is_help=True, help="Work with YAML reference sets.")
app.add_typer(refs_app, name="refs")

FORMATS = ("auto", *REPORT_FORMATS)
DEFAULT_BASELINE = ".checker-baseline.json"

# Options shared by `check` and `baseline`.
Paths = Annotated[list[str] | None, typer.Argument(
    help="Files or folders (.md, .markdown, .txt); - for stdin. Default: the current folder.", show_default=False)]
ConfigOption = Annotated[str | None, typer.Option(
    "--config", metavar="FILE",
    help="Config file. Default: $CHECKER_CONFIG, else the nearest .checker.yml above the checked paths.")]
ForceExcludeOption = Annotated[bool, typer.Option(
    "--force-exclude",
    help="Skip files named on the command line that the config's include and exclude do not select, as in "
         "folders (for pre-commit, which names every staged file).")]
ReferencesOption = Annotated[list[str] | None, typer.Option(
    "--references", "-r", metavar="PATH",
    help="Reference set file or folder (repeatable). Default: the config's, else ./references.")]
NoReferencesOption = Annotated[bool, typer.Option("--no-references", help="Check without any reference set.")]
ModelOption = Annotated[str | None, typer.Option(
    "--model", metavar="FOLDER", help="Local sentence-transformers model folder.")]
StdinOption = Annotated[bool, typer.Option("--stdin-markdown", help="Read standard input as Markdown.")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Neither read nor write the on-disk caches of analysed text and embeddings.")]
# Options of `check` only.
FormatOption = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT",
    help=f"Output format: {', '.join(FORMATS)}. auto: html for an --output ending in .html, github when "
         "GITHUB_ACTIONS=true, else text.")]
OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write the report to this file; a one-line summary goes to stderr.")]
FailOnOption = Annotated[str | None, typer.Option(
    "--fail-on", metavar="LEVEL",
    help="Exit 1 on findings at or above: error, warning, info. Default: the config's fail-on, else error.")]
MaxAnnotationsOption = Annotated[int, typer.Option(
    "--max-annotations", min=1, metavar="N", help="github format: at most N annotations per severity.")]
BaselineOption = Annotated[str | None, typer.Option(
    "--baseline", metavar="FILE", help="Report only findings not in this baseline file (see 'checker baseline').")]
ChangedSinceOption = Annotated[str | None, typer.Option(
    "--changed-since", metavar="REV",
    help="Check all files, but report only findings whose sentence, or a related sentence, was changed "
         "since git REV.")]
AgainstOption = Annotated[list[str] | None, typer.Option(
    "--against", metavar="SOURCE",
    help="Also check against a source document (repeatable): every sentence of it serves as a reference "
         "fact for this run (a brief against the full story, a rewrite against wire copy).")]
AlsoOption = Annotated[list[str] | None, typer.Option(
    "--also", metavar="FORMAT:FILE",
    help="Also write the same report in another format to a file (repeatable), e.g. --also sarif:checker.sarif.")]


def _version(value: bool) -> None:
    if value:
        from checker.version import __version__

        typer.echo(f"checker {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False) -> None:
    """Find claims in articles that contradict each other or a curated reference set."""


def _fail(error: CheckerError) -> NoReturn:
    lines = [str(e) for e in error.errors] if isinstance(error, ErrorList) else [str(error)]
    for line in lines:
        typer.echo(f"checker: {line}", err=True)
    raise typer.Exit(ExitCode.USAGE)


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--fail-on") from None


def _config(explicit: str | None, paths: list[str]) -> Config:
    from checker.config import default_config, find_config_for, load_config

    path = find_config_for(paths, explicit, env=os.environ)
    return load_config(path) if path is not None else default_config()


def _report(paths: list[str], *, config: Config, references: list[str] | None, no_references: bool,
            model: str | None, stdin_markdown: bool, no_cache: bool = False, force_exclude: bool = False,
            against: list[str] | None = None) -> Report:
    """Run the check with the config, command-line options overriding it, and a progress bar when wanted."""
    from checker.api import check_paths
    from checker.cli.progress import ProgressBar, progress_wanted

    refs = [] if no_references else (references if references is not None else list(config.references))
    settings = dataclasses.replace(config.settings, model=model) if model is not None else config.settings
    if no_cache:
        settings = dataclasses.replace(settings, cache=False)
    with ProgressBar(enabled=progress_wanted()) as bar:
        report = check_paths(paths, references=refs, settings=settings, stdin_markdown=stdin_markdown,
                             config=config, progress=bar, force_exclude=force_exclude, against=against or ())
    for warning in report.warnings:  # a broken cache slows a run down; it never fails it
        typer.echo(f"checker: warning: {warning}", err=True)
    if report.references == 0 and not no_references and report.claims and not against:
        # A run that found no reference set compares the articles only with each other; say so, since a
        # config that was not found (checked from another folder) looks exactly like a clean check.
        where = f"the config {config.path}" if config.path is not None else "no .checker.yml, no ./references"
        typer.echo(f"checker: warning: no reference facts ({where}); claims were compared only with each other "
                   "(pass -r PATH, or --no-references to say this is meant)", err=True)
    return report


def _also(values: list[str]) -> list[tuple[str, Path]]:
    """--also FORMAT:FILE pairs, checked before the slow part."""
    pairs = []
    for value in values:
        fmt, colon, file = value.partition(":")
        if not colon or not file or fmt not in REPORT_FORMATS:
            raise typer.BadParameter(f"expected FORMAT:FILE with FORMAT one of {', '.join(REPORT_FORMATS)} "
                                     f"(got {value!r})", param_hint="--also")
        pairs.append((fmt, Path(file)))
    return pairs


def _format(fmt: str, output: str | None = None) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})",
                                 param_hint="--format")
    if fmt == "auto":
        if output is not None and output.lower().endswith((".html", ".htm")):
            return "html"  # a page nobody could read as text
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return fmt


def _render(report: Report, fmt: str, *, max_annotations: int, color: bool) -> str:
    from checker.report.formatters import github, render, sarif, text
    from checker.report.rule_docs import ENV_RULES_URL

    if fmt == "sarif":
        return sarif.format_report(report, rules_url=os.environ.get(ENV_RULES_URL) or None)
    if fmt == "text":
        return text.format_report(report, color=color)
    if fmt == "github":
        return github.format_report(report, max_annotations=max_annotations)
    return render(report, fmt)


@app.command()
def check(
    paths: Paths = None,
    config_path: ConfigOption = None,
    references: ReferencesOption = None,
    no_references: NoReferencesOption = False,
    fmt: FormatOption = "auto",
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    model: ModelOption = None,
    markdown_stdin: StdinOption = False,
    max_annotations: MaxAnnotationsOption = 10,
    baseline: BaselineOption = None,
    changed_since: ChangedSinceOption = None,
    no_cache: NoCacheOption = False,
    also: AlsoOption = None,
    force_exclude: ForceExcludeOption = False,
    against: AgainstOption = None,
) -> None:
    """Check articles for contradictions between their claims and with the reference sets."""
    threshold = _severity(fail_on) if fail_on is not None else None
    fmt = _format(fmt, output)
    extra = _also(also or [])
    paths = paths or ["."]
    from checker.report.baseline import compare_with_baseline, read_baseline
    from checker.report.changes import changed_text, touches_changes

    try:
        config = _config(config_path, paths)
        known = read_baseline(Path(baseline)) if baseline is not None else None  # fail before the slow part
        changed = (changed_text(changed_since, cwd=Path.cwd(), repo=_repository_folder(paths))
                   if changed_since is not None else None)
        report = _report(paths, config=config, references=references, no_references=no_references, model=model,
                         stdin_markdown=markdown_stdin, no_cache=no_cache, force_exclude=force_exclude,
                         against=against)
    except CheckerError as error:
        _fail(error)
    findings = list(report.findings)
    notes: list[str] = []
    if known is not None:
        result = compare_with_baseline(findings, known)
        findings = result.new
        if result.known:
            n = len(result.known)
            notes.append(f"checker: {n} finding{'s' * (n != 1)} already in the baseline not reported")
        if result.stale:
            n = len(result.stale)
            notes.append(f"checker: {n} baseline {'entry no longer occurs' if n == 1 else 'entries no longer occur'}; "
                         "run 'checker baseline' to shrink the file")
    if changed is not None:
        findings = [f for f in findings if touches_changes(f, changed, root=Path.cwd())]
    report = dataclasses.replace(report, findings=tuple(findings))
    color = output is None and use_color(sys.stdout, os.environ)
    rendered = _render(report, fmt, max_annotations=max_annotations, color=color)
    try:
        for extra_fmt, extra_path in extra:
            write_atomically(extra_path, _render(report, extra_fmt, max_annotations=max_annotations, color=False))
        if output is not None:
            write_atomically(Path(output), rendered)
    except CheckerError as error:
        _fail(error)
    if output is None:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        notes.insert(0, f"checker: {counts(report)}; report written to {output}")
    for note in notes:
        typer.echo(note, err=True)
    raise typer.Exit(report.exit_code(threshold if threshold is not None else config.fail_on))


def _repository_folder(paths: list[str]) -> Path:
    """Where git is asked about changes: the first checked path's folder (the run may start elsewhere)."""
    first = next((p for p in paths if p != "-"), ".")
    return Path(first) if os.path.isdir(first) else Path(first).parent


@app.command("baseline")
def make_baseline(
    paths: Paths = None,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="Baseline file to write.")]
    = DEFAULT_BASELINE,
    config_path: ConfigOption = None,
    references: ReferencesOption = None,
    no_references: NoReferencesOption = False,
    model: ModelOption = None,
    markdown_stdin: StdinOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Record today's findings, so that 'checker check --baseline FILE' reports only new ones."""
    from checker.report.baseline import write_baseline

    paths = paths or ["."]
    try:
        config = _config(config_path, paths)
        report = _report(paths, config=config, references=references, no_references=no_references, model=model,
                         stdin_markdown=markdown_stdin, no_cache=no_cache)
        write_baseline(Path(output), report.findings)
    except CheckerError as error:
        _fail(error)
    n = len(report.findings)
    typer.echo(f"Wrote {n} baseline {'entry' if n == 1 else 'entries'} to {output} ({counts(report)}).")


@app.command()
def init() -> None:
    """Write a starter .checker.yml in the current folder and create references/ if it is missing."""
    from checker.config import CONFIG_NAMES, STARTER_CONFIG

    for name in CONFIG_NAMES:
        if Path(name).exists():
            typer.echo(f"checker: {name} already exists; not overwriting it", err=True)
            raise typer.Exit(ExitCode.USAGE)
    try:
        with open(CONFIG_NAMES[0], "x", encoding="utf-8") as handle:
            handle.write(STARTER_CONFIG)
        created = not Path("references").is_dir()
        if created:
            Path("references").mkdir()
    except OSError as exc:
        _fail(InputError((exc.strerror or str(exc)).lower(), path=exc.filename))
    typer.echo(f"Wrote {CONFIG_NAMES[0]}: a starter configuration, every key explained in comments.")
    typer.echo("Created references/ for your reference sets (YAML files of sourced facts)." if created
               else "Kept the existing references/ folder.")
    typer.echo("Next: add reference facts (see README, 'Reference sets'), then run: checker check .")


RefsPaths = Annotated[list[str] | None, typer.Argument(
    help="Reference set files or folders. Default: the config's references, else ./references.", show_default=False)]


def _reference_sets(paths: list[str] | None) -> tuple[ReferenceSet, ...]:
    """The sets named, else the config's (found from the current folder); exits 2 on any problem."""
    from checker.inputs.references import load_reference_sets

    try:
        if not paths:
            paths = list(_config(None, ["."]).references)
            if not paths:
                raise CheckerError("no reference sets: name files or folders, or set `references` in .checker.yml")
        return load_reference_sets(paths)
    except CheckerError as error:
        _fail(error)


@refs_app.command("validate")
def refs_validate(
    paths: RefsPaths = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when a fact is past its review_by date.")] = False,
) -> None:
    """Check reference sets against the schema (no model loaded) and list facts due for review.

    A fact is due for review from the day after its review_by date (a month or a year: after its end).
    """
    import datetime as dt

    from checker.inputs.review import overdue

    sets = _reference_sets(paths)
    facts = sum(len(s.facts) for s in sets)
    today = dt.date.today()
    due = [fact for s in sets for fact in s.facts if overdue(fact, today)]
    for fact in due:
        typer.echo(f"{fact.path}:{fact.line}:{fact.column}: warning: fact '{fact.id}' was due for review by "
                   f"{fact.review_by}; findings that rest on it alone are shown one level lower")
    typer.echo(f"{len(sets)} reference set{'s' if len(sets) != 1 else ''} valid ({facts} facts"
               f"{f', {len(due)} due for review' if due else ''}).")
    if due and strict:
        raise typer.Exit(ExitCode.FINDINGS)


@refs_app.command("show")
def refs_show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="The fact's id.")],
    paths: RefsPaths = None,
) -> None:
    """Print one reference fact: statement, sources, dates, where it is defined."""
    from checker.curation import find_fact
    from checker.report.formatters.text import one_line

    sets = _reference_sets(paths)
    try:
        fact = find_fact(sets, fact_id)
    except CheckerError as error:
        _fail(error)
    lines = [f"{fact.id} ({fact.path}:{fact.line}:{fact.column}, set {fact.set_name!r})", f"  {fact.statement}"]
    lines += [f"  source: {source}" for source in fact.sources]
    for label, value in (("as of", fact.as_of), ("review by", fact.review_by)):
        if value:
            lines.append(f"  {label}: {value}")
    if fact.aliases:
        lines.append(f"  aliases: {', '.join(fact.aliases)}")
    if fact.tags:
        lines.append(f"  tags: {', '.join(fact.tags)}")
    if fact.once:
        lines.append("  once: true (the event happened one time only)")
    # Curated text is untrusted like any other: each line one line, indents kept.
    typer.echo("\n".join(f"  {one_line(line)}" if line.startswith("  ") else one_line(line) for line in lines))


@refs_app.command("search")
def refs_search(
    query: Annotated[str, typer.Argument(help="What to look for, in words.")],
    paths: RefsPaths = None,
    k: Annotated[int, typer.Option("--top", "-k", min=1, max=100, help="How many facts to list.")] = 5,
    model: ModelOption = None,
) -> None:
    """The facts nearest in meaning to QUERY, with their cosine similarity."""
    from checker.curation import search
    from checker.report.formatters.text import one_line
    from checker.retrieval.embedder import SentenceTransformerEmbedder

    sets = _reference_sets(paths)
    try:
        found = search(sets, query, k=k, embedder=SentenceTransformerEmbedder(model))
    except CheckerError as error:
        _fail(error)
    for fact, similarity in found:
        typer.echo(f"{similarity:.3f}  {fact.id}  {one_line(fact.statement)}")


@refs_app.command("lint")
def refs_lint(
    paths: RefsPaths = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list facts without a date or figure (info).")]
    = False,
    model: ModelOption = None,
) -> None:
    """Report contradicting facts, near-duplicates and, with --all, facts without figures.

    Contradictions come at the level the checker gives them in an article; near-duplicates are
    warnings; facts without a date or figure are info. Exit 1 on any error or warning.
    """
    from checker.curation import lint
    from checker.report.formatters.text import one_line
    from checker.settings import Settings

    sets = _reference_sets(paths)
    try:
        problems = lint(sets, settings=Settings(model=model))
    except CheckerError as error:
        _fail(error)
    shown = [p for p in problems if show_all or p.severity > Severity.INFO]
    for problem in shown:
        fact = problem.fact
        typer.echo(one_line(f"{fact.path}:{fact.line}:{fact.column}: {problem.severity.label} {problem.kind}: "
                            f"fact '{fact.id}' {problem.message}"))
    serious = sum(p.severity > Severity.INFO for p in problems)
    facts = sum(len(s.facts) for s in sets)
    typer.echo(f"{serious} problem{'s' * (serious != 1)} in {facts} facts"
               f"{'' if show_all else f' ({len(problems) - serious} info not shown: --all)'}.")
    if serious:
        raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def lsp() -> None:
    """Run the language server over standard input and output, for editors (needs the lsp extra).

    Diagnostics, hovers and quick fixes for Markdown and text files, checked
    as `checker check` run in the workspace root would (docs/editors.md).
    """
    try:
        from checker.lsp.server import serve
    except ImportError as exc:
        typer.echo(f"checker: the language server needs the lsp extra ({exc.name} cannot be imported): "
                   "pip install 'checker[lsp]'", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    serve()


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="Rule id, e.g. date-mismatch.")]) -> None:
    """Print a rule's documentation."""
    from checker.report.rule_docs import explain as explanation

    try:
        typer.echo(explanation(rule))
    except KeyError:
        from checker.judge.detectors import RULES
        from checker.report import suppressions

        known = sorted([*RULES, *suppressions.META_RULES])
        typer.echo(f"checker: unknown rule {rule!r} (known: {', '.join(known)})", err=True)
        raise typer.Exit(ExitCode.USAGE) from None


@app.command()
def rules(markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print every rule's documentation as Markdown (docs/rules.md is this output).")]
        = False) -> None:
    """List the rules, the most severe level each reaches, and the confidence cuts.

    The rules about suppression comments are listed too; the cuts set each finding's severity.
    """
    from checker.judge.calibration import shipped
    from checker.judge.detectors import RULES
    from checker.report.suppressions import META_RULES

    if markdown:
        from checker.report.rule_docs import rules_markdown

        typer.echo(rules_markdown(), nl=False)
        return
    rows = [(r.id, r.severity.label, r.summary) for r in RULES.values()]
    rows += [(rule_id, severity.label, f"{summary[:1].upper()}{summary[1:]}.")
             for rule_id, (severity, summary) in META_RULES.items()]
    width = max(len(row[0]) for row in rows)
    for rule_id, severity, summary in rows:
        typer.echo(f"{rule_id:<{width}}  {severity:<8} {summary}")
    cuts = shipped().cuts
    typer.echo(f"\nA finding's severity follows its confidence (the calibrated chance it is real), up to its "
               f"rule's: error from {cuts.error:.2f}, warning from {cuts.warning:.2f}, info from {cuts.info:.2f}; "
               "below, not reported. The config file's `confidence:` moves the cuts.")


@app.command("eval")
def evaluate(
    files: Annotated[list[str], typer.Argument(help="Labelled JSON Lines files (pairs, documents or probes format).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Score a random sample of N records per file.")]
    = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the --limit sample.")] = 0,
    model: ModelOption = None,
    no_cache: NoCacheOption = False,
    disable: Annotated[list[str] | None, typer.Option(
        "--disable", help="Switch a rule off for this measurement (repeatable), e.g. to measure its share.")] = None,
) -> None:
    """Score the checker on labelled data: pair metrics, every finding of exhaustive files and probes, calibration."""
    import json

    from checker.eval.run import FileResult, evaluate_file
    from checker.eval.table import combined, render_combined, render_file
    from checker.judge.detectors import RULES
    from checker.retrieval.embedder import DEFAULT_CACHE, SentenceTransformerEmbedder
    from checker.settings import Settings

    unknown = sorted(set(disable or ()) - set(RULES))
    if unknown:
        _fail(CheckerError(f"unknown rule {unknown[0]!r} (known: {', '.join(RULES)})"))
    settings = Settings(model=model, disabled=frozenset(disable or ()), cache=not no_cache)
    embedder = SentenceTransformerEmbedder(model, cache=None if no_cache else DEFAULT_CACHE)
    results: list[FileResult] = []
    try:
        for path in files:
            results.append(evaluate_file(path, settings=settings, embedder=embedder, limit=limit, seed=seed))
            if not as_json:
                typer.echo(render_file(results[-1].as_dict()))
    except OSError as exc:
        _fail(CheckerError(exc.strerror or str(exc), path=getattr(exc, "filename", None)))
    except CheckerError as error:
        _fail(error)
    together = combined(results) if len(results) > 1 else None
    if as_json:
        typer.echo(json.dumps({"files": [r.as_dict() for r in results], "combined": together}, indent=2))
    elif together is not None:
        typer.echo(render_combined(together))


# Set for this process before any model library is imported: nothing is fetched from a model
# hub, and its progress bars and chatter stay off the CLI's stderr. (The library itself sets no
# environment variable; it loads models with local_files_only.)
OFFLINE_ENVIRONMENT = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                       "TRANSFORMERS_VERBOSITY": "error"}


def main() -> None:
    """Entry point: maps any unexpected exception to exit code 3 without a traceback."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
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

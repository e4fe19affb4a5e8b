"""Command line: a thin shell over the library (load -> analyze -> render); it alone prints."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .cli_options import (
    DateCol,
    DateField,
    InputFormat,
    OutletCol,
    OutletField,
    Preset,
    SkipBad,
    TextCol,
    TextField,
    TitleCol,
    TitleField,
)
from .errors import InputError, NewstraceError
from .loaders import LoadOptions, load
from .model import Article, Report
from .pipeline import analyze_many
from .render import FORMATS as OUTPUT_FORMATS
from .render import render, render_jsonl, render_text

app = typer.Typer(
    help="Trace who said what in news articles: claims, attributions, relay chains, sourcing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
ratings_app = typer.Typer(
    help="Import and list outlet rating lists (never shipped with newstrace)."
)
app.add_typer(ratings_app, name="ratings")

_err = Console(stderr=True, highlight=False)
_state = {"debug": False}


def _fail(exc: BaseException, code: int = 2) -> NoReturn:
    if _state["debug"]:
        raise exc
    message = str(exc) if isinstance(exc, NewstraceError) else f"{type(exc).__name__}: {exc}"
    _err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    _state["debug"] = debug
    if version:
        print(__version__)
        raise typer.Exit(0)


def _options(**values: object) -> LoadOptions:
    try:
        return LoadOptions(**values)  # type: ignore[arg-type]
    except NewstraceError as exc:
        _fail(exc)


def _articles(
    paths: list[str], options: LoadOptions, problems: list[InputError]
) -> Iterator[Article]:
    for path in paths:
        yield from load(path, options, problems=problems)


def _with_progress(reports: Iterable[Report], show: bool) -> Iterator[Report]:
    if not show:
        yield from reports
        return
    columns = (
        TextColumn("analysing"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_err, transient=True) as progress:
        task = progress.add_task("analyse", total=None, rate=0.0)
        for report in reports:
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, rate=progress.tasks[0].completed / elapsed)
            yield report


@app.command()
def analyze(
    files: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to read; '-' reads stdin.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output: {', '.join(OUTPUT_FORMATS)}.")
    ] = "text",
    outlet: Annotated[
        str | None, typer.Option(help="The article's outlet (domain or name).")
    ] = None,
    date: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    input_format: InputFormat = None,
    preset: Preset = None,
    text_col: TextCol = None,
    title_col: TitleCol = None,
    date_col: DateCol = None,
    outlet_col: OutletCol = None,
    text_field: TextField = None,
    title_field: TitleField = None,
    date_field: DateField = None,
    outlet_field: OutletField = None,
    skip_bad: SkipBad = False,
    limit: Annotated[int | None, typer.Option(help="Analyse at most this many articles.")] = None,
    workers: Annotated[int, typer.Option(help="Parser processes (spaCy n_process).")] = 1,
    out: Annotated[
        Path | None, typer.Option(help="Write one file per article into this folder.")
    ] = None,
    use_ratings: Annotated[
        bool, typer.Option("--ratings/--no-ratings", help="Use imported rating lists.")
    ] = True,
    store: Annotated[
        str | None,
        typer.Option(help="Instead of files: analyse what the store has not analysed yet."),
    ] = None,
) -> None:
    """Analyse articles: claims, attributions, sources, relay chains and a sourcing score."""
    if store is not None:
        if files:
            _fail(InputError("give files or --store, not both"))
        from .cli_corpus import analyze_store_command

        analyze_store_command(store, workers=workers, limit=limit, use_ratings=use_ratings)
        return
    if not files:
        _fail(InputError("no input: give files to analyse (or --store)"))
    if fmt not in OUTPUT_FORMATS:
        _fail(
            InputError(f"unknown output format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
        )
    options = _options(
        format=input_format,
        preset=preset,
        text_col=text_col,
        title_col=title_col,
        date_col=date_col,
        outlet_col=outlet_col,
        text_field=text_field,
        title_field=title_field,
        date_field=date_field,
        outlet_field=outlet_field,
        outlet=outlet,
        date=date,
        skip_bad=skip_bad,
    )
    problems: list[InputError] = []
    try:
        ratings = _rating_lists() if use_ratings else []
        articles: Iterable[Article] = _articles(files, options, problems)
        if limit is not None:
            articles = itertools.islice(articles, limit)
        reports = analyze_many(articles, workers=workers, ratings=ratings)
        shown = _with_progress(reports, show=_err.is_terminal and (len(files) > 1 or limit != 1))
        count = _emit(shown, fmt, out)
    except NewstraceError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        _err.print("interrupted")
        raise typer.Exit(130) from None
    for problem in problems:
        _err.print(f"skipped: {problem}", markup=False, soft_wrap=True)
    if count == 0 and not problems:
        _fail(InputError("no articles found in the input"))


def _rating_lists() -> list[object]:
    from .ratings import load_rating_lists

    return list(load_rating_lists())


def _emit(reports: Iterable[Report], fmt: str, out: Path | None) -> int:
    count = 0
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        suffix = {"markdown": "md", "text": "txt"}.get(fmt, fmt)
        for report in reports:
            count += 1
            (out / f"{report.article.id}.{suffix}").write_text(render(report, fmt), "utf-8")
        return count
    stdout = Console(highlight=False, soft_wrap=False)
    previous: Report | None = None
    for count, report in enumerate(reports, start=1):
        if fmt in ("json", "jsonl"):
            # One article: one (pretty) JSON object; several: JSON Lines.
            if previous is not None:
                if count == 2:
                    sys.stdout.write(next(render_jsonl([previous])) + "\n")
                sys.stdout.write(next(render_jsonl([report])) + "\n")
            previous = report
            continue
        if fmt == "html" and count > 1:
            raise InputError("html renders one article per page: use --out DIR for several")
        if fmt == "text" and stdout.is_terminal:
            render_text(report, stdout)
        else:
            if count > 1:
                sys.stdout.write("\n---\n\n" if fmt == "markdown" else "\n")
            sys.stdout.write(render(report, fmt))
        sys.stdout.flush()
    if fmt in ("json", "jsonl") and count == 1 and previous is not None:
        text = render(previous, "json") if fmt == "json" else next(render_jsonl([previous]))
        sys.stdout.write(text + "\n")
    return count


@ratings_app.command("import")
def ratings_import(
    file: Annotated[
        Path, typer.Argument(help="OpenSources JSON/CSV, Lin et al. CSV or domain,score CSV.")
    ],
    name: Annotated[
        str | None, typer.Option(help="Name of the list (default from the file).")
    ] = None,
    date: Annotated[str | None, typer.Option(help="Date or year of the list.")] = None,
) -> None:
    """Import a rating list into the user's data folder."""
    from .ratings import import_ratings

    try:
        imported = import_ratings(file, name=name, date=date)
    except NewstraceError as exc:
        _fail(exc)
    print(f"imported {len(imported.entries):,} ratings as {imported.name!r} ({imported.format})")


@ratings_app.command("list")
def ratings_list() -> None:
    """List imported rating lists."""
    from .ratings import load_rating_lists

    try:
        lists = load_rating_lists()
    except NewstraceError as exc:
        _fail(exc)
    if not lists:
        print("no rating lists imported (newstrace ratings import FILE)")
    for item in lists:
        print(f"{item.name}\t{item.date or '-'}\t{item.format}\t{len(item.entries):,} domains")


def _register_commands() -> None:
    from . import cli_corpus, cli_eval, cli_trace, cli_web

    cli_corpus.register(app)
    cli_eval.register(app)
    cli_trace.register(app)
    cli_web.register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except NewstraceError as exc:  # raised while streaming output, outside a command's try
        _fail(exc)


if __name__ == "__main__":
    main()

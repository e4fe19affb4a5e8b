"""`newstrace analyze`: load -> analyze -> render, one article or many, to stdout or a folder."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from newstrace.corpus.store import Store
from newstrace.errors import InputError, NewstraceError
from newstrace.loaders import LoadOptions, load
from newstrace.model import Article, Report
from newstrace.pipeline import analyze_many
from newstrace.render import FORMATS as OUTPUT_FORMATS
from newstrace.render import render, render_jsonl, render_text

from .common import (
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
    check_format,
    err,
    fail,
    load_options,
    rating_lists,
)


def register(app: typer.Typer) -> None:
    """Add `analyze` to the main app."""
    app.command("analyze")(analyze_command)


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
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyse", total=None, rate=0.0)
        for report in reports:
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, rate=progress.tasks[0].completed / elapsed)
            yield report


def analyze_command(
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
        typer.Option(
            help="Instead of files: analyse what the store has not analysed yet (using the "
            "fact-checks stored there)."
        ),
    ] = None,
    factchecks: Annotated[
        str | None,
        typer.Option(help="Store of imported fact-checks: show each claim's prior checks."),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            help="With --store: 'process' (this machine's processes) or 'dask' (a Dask "
            "cluster: a local one of --workers processes, or the one at --scheduler)."
        ),
    ] = "process",
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --engine dask: an existing cluster's scheduler, tcp://HOST:8786."),
    ] = None,
) -> None:
    """Analyse articles: claims, attributions, sources, relay chains and a sourcing score."""
    if engine not in ("process", "dask"):
        fail(InputError(f"unknown engine {engine!r}: process or dask"))
    if (engine == "dask" or scheduler is not None) and store is None:
        fail(InputError("--engine dask and --scheduler analyse a store: give --store"))
    if store is not None:
        if files or factchecks:
            fail(InputError("give files (with --factchecks) or --store, not both"))
        from .corpus import analyze_store_command

        if engine == "dask":
            from .corpus import analyze_on_dask_command

            analyze_on_dask_command(store, scheduler, workers, limit, use_ratings)
            return
        analyze_store_command(store, workers=workers, limit=limit, use_ratings=use_ratings)
        return
    if not files:
        fail(InputError("no input: give files to analyse (or --store)"))
    check_format(fmt, OUTPUT_FORMATS)
    options = load_options(
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
        ratings = rating_lists() if use_ratings else []
        articles: Iterable[Article] = _articles(files, options, problems)
        if limit is not None:
            articles = itertools.islice(articles, limit)
        reports = analyze_many(articles, workers=workers, ratings=ratings)
        with ExitStack() as stack:
            if factchecks is not None:
                reports = _with_prior_checks(reports, stack.enter_context(_checks(factchecks)))
            shown = _with_progress(reports, show=err.is_terminal and (len(files) > 1 or limit != 1))
            count = _emit(shown, fmt, out)
    except NewstraceError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None
    for problem in problems:
        err.print(f"skipped: {problem}", markup=False, soft_wrap=True)
    if count == 0 and not problems:
        fail(InputError("no articles found in the input"))


def _checks(location: str) -> Store:
    """The fact-check store, read-only: analysing an article never writes to it."""
    from newstrace.corpus.store import open_store

    return open_store(location, read_only=True)


def _with_prior_checks(reports: Iterable[Report], store: Store) -> Iterator[Report]:
    from newstrace.corpus.factcheck_match import with_prior_checks

    for report in reports:
        yield with_prior_checks(report, store)


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

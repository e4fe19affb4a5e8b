"""Fill a store: the fast path (read, hash, fingerprint, index) and the resumable analysis stage."""

from __future__ import annotations

import enum
import importlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrace.corpus.factcheck_match import with_prior_checks
from newstrace.corpus.store import Store, content_id
from newstrace.errors import InputError
from newstrace.loaders import LoadOptions, load
from newstrace.model import Article, Report
from newstrace.pipeline import analyze_many
from newstrace.settings import get_settings

Fingerprinter = Callable[[Article], bytes]
FINGERPRINT_MODULE = "newstrace.corpus.fingerprint"


class Auto(enum.Enum):
    """Marker for "use the copy-detection fingerprint if it is installed"."""

    FINGERPRINT = "auto"


AUTO = Auto.FINGERPRINT


@dataclass
class IngestSummary:
    """Running totals of an ingest; handed to `on_progress` after each batch is written."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    fingerprinted: int = 0
    skipped: list[InputError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Articles read per second so far."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "fingerprinted": self.fingerprinted,
            "skipped": [str(problem) for problem in self.skipped],
            "seconds": round(self.seconds, 3),
        }


@dataclass
class AnalysisSummary:
    """Running totals of the analysis stage; handed to `on_progress` after each saved batch."""

    analysed: int = 0
    total: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "analysed": self.analysed,
            "total": self.total,
            "skipped": [{"id": key, "reason": reason} for key, reason in self.skipped],
            "seconds": round(self.seconds, 3),
        }


def default_fingerprinter() -> Fingerprinter | None:
    """The copy-detection fingerprint (MinHash) when that module is present, else None."""
    try:
        module = importlib.import_module(FINGERPRINT_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != FINGERPRINT_MODULE:
            raise
        return None
    function: Fingerprinter | None = getattr(module, "minhash_bytes", None)
    return function


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    options: LoadOptions | None = None,
    *,
    batch_size: int = 1000,
    workers: int = 1,
    on_progress: Callable[[IngestSummary], None] | None = None,
    fingerprint: Fingerprinter | Auto | None = AUTO,
) -> IngestSummary:
    """Store every article of `paths` with its fingerprint; no parsing, one transaction per batch.

    Idempotent: articles whose text is already stored count as duplicates, so re-running an
    interrupted ingest resumes it. Bad records are skipped into `summary.skipped` when
    `options.skip_bad` is set; otherwise the first one raises (earlier batches stay stored).
    With `workers` > 1, fingerprints are computed in that many processes while this one reads
    and writes the next batch.
    """
    fingerprinter = default_fingerprinter() if fingerprint is AUTO else fingerprint
    assert not isinstance(fingerprinter, Auto)
    summary = IngestSummary()
    started = time.perf_counter()
    with _Fingerprints(fingerprinter, workers) as fingerprints:
        pending: _Batch | None = None
        try:
            for batch in _batches(paths, options or LoadOptions(), batch_size, summary):
                # The next batch's fingerprints are under way while the previous one is written.
                prepared = _prepare(batch, store, fingerprints, pending)
                if pending is not None:
                    _write(pending, store, summary, started, on_progress)
                pending = prepared
        except InputError:
            # A bad record stops the ingest, but the whole batches read before it are kept.
            if pending is not None:
                _write(pending, store, summary, started, on_progress)
            raise
        if pending is not None:
            _write(pending, store, summary, started, on_progress)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Batch:
    """Articles read, the new ones among them, and a way to get the new ones' fingerprints."""

    read: int
    new: dict[str, Article]
    fingerprints: Callable[[], list[bytes]] | None


class _Fingerprints:
    """Fingerprints computed here, or in worker processes started for the ingest's duration."""

    def __init__(self, fingerprinter: Fingerprinter | None, workers: int) -> None:
        self.fingerprinter = fingerprinter
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers) if fingerprinter and workers > 1 else None

    def __enter__(self) -> _Fingerprints:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def start(self, articles: list[Article]) -> Callable[[], list[bytes]] | None:
        """Begin fingerprinting `articles`; the returned call waits for the results."""
        fingerprinter = self.fingerprinter
        if fingerprinter is None:
            return None
        if self.pool is None:
            return lambda: [fingerprinter(article) for article in articles]
        chunk = max(1, len(articles) // (4 * self.workers))
        results = self.pool.map(fingerprinter, articles, chunksize=chunk)
        return lambda: list(results)


def _batches(
    paths: Iterable[str | Path], options: LoadOptions, size: int, summary: IngestSummary
) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for path in paths:
        for article in load(path, options, problems=summary.skipped):
            summary.read += 1
            batch.append(article)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def _prepare(
    batch: Sequence[Article], store: Store, fingerprints: _Fingerprints, pending: _Batch | None
) -> _Batch:
    keys = [content_id(article) for article in batch]
    known = store.known_ids(keys)
    if pending is not None:  # written just before this batch: not in the store yet
        known |= pending.new.keys()
    # Only unseen texts are fingerprinted: a resumed ingest skips the costly part of what it did.
    new: dict[str, Article] = {}
    for key, article in zip(keys, batch, strict=True):
        if key not in known and key not in new:
            new[key] = article
    return _Batch(len(batch), new, fingerprints.start(list(new.values())))


def _write(
    batch: _Batch,
    store: Store,
    summary: IngestSummary,
    started: float,
    on_progress: Callable[[IngestSummary], None] | None,
) -> None:
    prints = None
    if batch.fingerprints is not None:
        prints = dict(zip(batch.new, batch.fingerprints(), strict=True))
    result = store.add_articles(list(batch.new.values()), prints)
    summary.stored += result.stored
    summary.duplicates += batch.read - result.stored
    summary.fingerprinted += result.stored if prints is not None else 0
    summary.seconds = time.perf_counter() - started
    if on_progress is not None:
        on_progress(summary)


def analyze_stored(
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 100,
    limit: int | None = None,
    ratings: Sequence[Any] = (),
    on_progress: Callable[[AnalysisSummary], None] | None = None,
) -> AnalysisSummary:
    """Analyse stored articles that have no report yet, saving each batch in one transaction.

    Claims get their prior fact-checks from the fact-checks stored in `store`.
    Resumable: a killed run loses at most the batch in flight, and the next run picks up
    the articles still without a report. Articles the pipeline refuses (no text, too long)
    are listed in `summary.skipped` and left unanalysed.
    """
    summary = AnalysisSummary(total=store.unanalysed_count())
    if limit is not None:
        summary.total = min(summary.total, limit)
    started = time.perf_counter()
    articles = _unanalysed(store, batch_size, limit, summary)
    pending: list[Report] = []
    # The store's own fact-checks (if any were imported) answer each claim's "checked before?".
    checked = store.factcheck_count() > 0
    for report in analyze_many(articles, workers=workers, ratings=ratings):
        pending.append(with_prior_checks(report, store) if checked else report)
        if len(pending) >= batch_size:
            _save(store, pending, summary, started, on_progress)
            pending = []
    if pending:
        _save(store, pending, summary, started, on_progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _save(
    store: Store,
    reports: Sequence[Report],
    summary: AnalysisSummary,
    started: float,
    on_progress: Callable[[AnalysisSummary], None] | None,
) -> None:
    summary.analysed += store.save_reports(reports)
    summary.seconds = time.perf_counter() - started
    if on_progress is not None:
        on_progress(summary)


def _unanalysed(
    store: Store, batch_size: int, limit: int | None, summary: AnalysisSummary
) -> Iterator[Article]:
    """Articles without a report, paged by id so a refused article is not fetched twice."""
    after: str | None = None
    yielded = 0
    while limit is None or yielded < limit:
        want = batch_size if limit is None else min(batch_size, limit - yielded)
        keys = store.unanalysed_ids(want, after=after)
        if not keys:
            return
        after = keys[-1]
        for key in keys:
            article = store.get_article(key)
            if article is None:
                continue
            reason = refusal(article)
            if reason is not None:
                summary.skipped.append((key, reason))
                continue
            yielded += 1
            yield article


def refusal(article: Article) -> str | None:
    """Why the pipeline would refuse this article, or None if it can be analysed."""
    if not article.text.strip():
        return "the article has no text"
    limit = get_settings().max_article_chars
    if len(article.text) > limit:
        return f"{len(article.text):,} characters, above the limit of {limit:,}"
    return None

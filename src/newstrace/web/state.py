"""What a running app holds: where its store is, the analysis runner, imported rating lists."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from newstrace.corpus.factcheck_match import with_prior_checks
from newstrace.corpus.store import Store, open_store
from newstrace.corpus.trace import Trace
from newstrace.errors import InputTooLargeError, NotFoundError
from newstrace.model import Article, Report
from newstrace.ratings import RatingList
from newstrace.settings import Settings
from newstrace.web.runner import AnalysisRunner
from newstrace.web.service import StoredArticle, trace_for

_T = TypeVar("_T")


@dataclass
class WebState:
    store_location: str
    runner: AnalysisRunner
    settings: Settings
    ratings: list[RatingList] = field(default_factory=list)
    _server_store: Store | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @contextmanager
    def store(self) -> Iterator[Store]:
        if _on_a_server(self.store_location):
            # A server store holds a thread-safe connection pool (and its vector matrix):
            # one for the app's life, not a new pool per request.
            with self._lock:
                if self._server_store is None:
                    self._server_store = open_store(self.store_location)
            yield self._server_store
            return
        # One connection per request: SQLite connections belong to the thread that opened them.
        with open_store(self.store_location) as opened:
            yield opened

    async def with_store(self, job: Callable[[Store], _T]) -> _T:
        """Run `job` on an open store off the event loop."""

        def run() -> _T:
            with self.store() as store:
                return job(store)

        return await run_in_threadpool(run)

    async def analyze(self, article: Article) -> Report:
        return await self.runner.analyze(article, self.ratings)

    async def analyze_posted(self, article: Article) -> Report:
        """Analyse a posted article, refusing one longer than the web's limit."""
        limit = self.settings.max_posted_chars
        if len(article.text) > limit:
            raise InputTooLargeError(
                f"the article has {len(article.text):,} characters, over the "
                f"{limit:,} this server analyses (NEWSTRACE_MAX_POSTED_CHARS)"
            )
        report = await self.analyze(article)
        return await self.with_store(lambda store: with_prior_checks(report, store))

    async def stored(self, article_id: str) -> StoredArticle:
        """A stored article and its report, analysing and storing it first when needed."""

        def fetch(store: Store) -> tuple[Article | None, Report | None]:
            article = store.get_article(article_id)
            return article, store.get_report(article.id) if article else None

        article, report = await self.with_store(fetch)
        if article is None:
            raise NotFoundError(f"no stored article {article_id!r}")
        if report is not None:
            return StoredArticle(article=article, report=report)
        fresh = await self.analyze(article)
        await self.with_store(lambda store: store.save_reports([fresh]))
        return StoredArticle(article=article, report=fresh)

    async def trace(self, target: str, *, is_article: bool, limit: int = 30) -> Trace:
        """A claim's trace; it may analyse matched articles, so it runs under the time limit."""

        def job() -> Trace:
            with self.store() as store:
                return trace_for(store, target, is_article=is_article, limit=limit)

        return await self.runner.run(job)


def web_state(request: Request) -> WebState:
    state = request.app.state.newstrace
    assert isinstance(state, WebState)
    return state


def _on_a_server(location: str) -> bool:
    scheme, sep, _ = location.partition("://")
    return bool(sep) and scheme != "sqlite"

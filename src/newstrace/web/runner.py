"""Analyses off the event loop, each under the time limit: in a thread, or in worker processes.

spaCy holds the GIL for most of a parse, so threads give no parallelism; `processes > 1`
analyses articles in that many worker processes (each loads the model once), which is what
makes a second core count. Jobs that need the store (traces) always run in the thread.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from newstrace.errors import AnalysisTimeoutError, ServerBusyError
from newstrace.model import Article, Report
from newstrace.ratings import RatingList

_T = TypeVar("_T")
_POLL_SECONDS = 0.02
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
_WARM_UP = Article(text="The mayor said the bridge would reopen.")


def _load_model() -> None:
    from newstrace.pipeline import analyze_article

    analyze_article(_WARM_UP)


def _start_worker() -> None:
    """A worker process's first act: die with the server, then load the model."""
    _die_with_parent()
    _load_model()


def _die_with_parent() -> None:
    # If the server is killed (SIGKILL leaves no time to shut the pool down), Linux sends its
    # workers SIGTERM instead of leaving them to run on as orphans. Elsewhere: nothing to do.
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return


def _analyze(article: Article, ratings: Sequence[RatingList]) -> Report:
    from newstrace.pipeline import analyze_article

    return analyze_article(article, ratings=ratings)


class AnalysisRunner:
    """Run jobs one at a time in a thread (or analyses in `processes` workers), each within
    `timeout` seconds.

    The limit counts from when a job starts, not from when it was queued, so a busy server
    makes clients wait rather than fail. A timed-out job is answered at once; it finishes in
    the background (spaCy cannot be interrupted) and holds its worker until then.
    """

    def __init__(self, timeout: float, *, processes: int = 1, max_waiting: int = 32) -> None:
        self.timeout = timeout
        self.processes = processes
        self.max_waiting = max_waiting
        self._waiting = 0
        self._thread: ThreadPoolExecutor | None = None
        self._workers: ProcessPoolExecutor | None = None

    # Pools are made on first use, so an app can start again after a shutdown (tests do).
    def _thread_pool(self) -> ThreadPoolExecutor:
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-job")
        return self._thread

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._workers is None:
            self._workers = ProcessPoolExecutor(
                max_workers=self.processes,
                # Not fork: the server process has threads, and a forked lock stays locked.
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
        return self._workers

    async def warm_up(self) -> None:
        """Load the model in every worker before requests come in (no time limit)."""
        if self.processes > 1:
            pool = self._process_pool()
            jobs = [pool.submit(_load_model) for _ in range(self.processes)]
            await asyncio.gather(*map(asyncio.wrap_future, jobs))
        else:
            await asyncio.wrap_future(self._thread_pool().submit(_load_model))

    async def analyze(self, article: Article, ratings: Sequence[RatingList] = ()) -> Report:
        if self.processes <= 1:
            return await self.run(lambda: _analyze(article, ratings))
        with self._queued():
            future = self._process_pool().submit(_analyze, article, list(ratings))
            # A worker process cannot signal the event loop. A future turns "running" when the
            # pool moves it to its call queue, which holds one job more than there are
            # workers: its time starts then, at most one analysis before it really starts.
            while not (future.running() or future.done()):
                await asyncio.sleep(_POLL_SECONDS)
        return await self._within_limit(future)

    async def run(self, job: Callable[[], _T]) -> _T:
        loop = asyncio.get_running_loop()
        started = loop.create_future()

        def timed_job() -> _T:
            loop.call_soon_threadsafe(_mark_started, started)
            return job()

        with self._queued():
            future = self._thread_pool().submit(timed_job)
            await asyncio.wait(
                {started, asyncio.wrap_future(future)}, return_when="FIRST_COMPLETED"
            )
        return await self._within_limit(future)

    @contextmanager
    def _queued(self) -> Iterator[None]:
        """Count a job while it waits for a worker; refuse it when too many already wait."""
        if self._waiting >= self.max_waiting:
            raise ServerBusyError(
                f"{self._waiting} analyses are already waiting; retry in a few seconds"
            )
        self._waiting += 1
        try:
            yield
        finally:
            self._waiting -= 1

    async def _within_limit(self, future: Future[_T]) -> _T:
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.timeout)
        except TimeoutError:
            raise AnalysisTimeoutError(
                f"analysis took longer than the {self.timeout:g} s limit; send a shorter text"
            ) from None

    def close(self) -> None:
        """Drop waiting jobs and stop the pools; worker processes end with their current job."""
        for pool in (self._thread, self._workers):
            if pool is not None:
                pool.shutdown(wait=pool is self._workers, cancel_futures=True)
        self._thread = self._workers = None


def _mark_started(started: asyncio.Future[None]) -> None:
    if not started.done():
        started.set_result(None)

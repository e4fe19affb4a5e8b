"""The analysis stage on Dask: the same reports as in-process, a killed worker loses and doubles
nothing, runs on a server store share the work, and an unreachable scheduler is a clear error."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newstrace.corpus.dask_engine import DaskRun, analyze_on_dask
from newstrace.corpus.ingest import AnalysisSummary
from newstrace.corpus.store import open_store
from newstrace.errors import ClusterError
from newstrace.model import Article, Report
from newstrace.pipeline import analyze_many

pytest.importorskip("distributed")


def _articles(count: int) -> list[Article]:
    return [
        Article(
            text=(
                f"Mayor Ana Ruiz said on Tuesday that tram line {n} would open in March. "
                f'"The trams on line {n} are being tested," Ruiz said. Officials said the line '
                f"cost {n + 2} million euros."
            ),
            outlet=f"o{n % 3}.example",
        )
        for n in range(count)
    ]


def _filled(location: str, count: int) -> list[Article]:
    articles = _articles(count)
    with open_store(location) as store:
        store.add_articles(articles)
    return articles


def test_dask_reports_equal_the_in_process_ones_and_a_rerun_has_nothing_to_do(
    store_url: str,
) -> None:
    articles = _filled(store_url, 12)
    run = analyze_on_dask(store_url, workers=2, partition=4)
    assert run.summary.analysed == 12 and run.workers == 2
    assert run.dashboard is not None and run.scheduler.startswith("tcp://")
    expected = {r.article.text: r for r in analyze_many(articles)}
    with open_store(store_url) as store:
        assert store.unanalysed_count() == 0
        for article in store.iter_articles():
            report = store.get_report(article.id)
            assert report is not None
            want = expected[article.text]
            assert report.sourcing == want.sourcing
            assert [a.content.text for a in report.attributions] == [
                a.content.text for a in want.attributions
            ]
    assert analyze_on_dask(store_url, workers=1, partition=4).summary.analysed == 0


def test_a_worker_killed_mid_partition_loses_and_doubles_nothing(store_url: str) -> None:
    from distributed import Client

    _filled(store_url, 24)
    killed: list[int] = []

    def kill_a_busy_worker(run: DaskRun) -> None:
        def watch() -> None:
            with Client(run.scheduler, timeout="10s") as client:  # type: ignore[no-untyped-call]
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    busy = [w for w, tasks in client.processing().items() if tasks]
                    if busy:
                        pids = client.run(os.getpid, workers=busy[:1])
                        pid = next(iter(pids.values()))
                        time.sleep(0.5)  # inside its partition now
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                        return
                    time.sleep(0.05)

        threading.Thread(target=watch, daemon=True).start()

    run = analyze_on_dask(store_url, workers=2, partition=3, on_start=kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    assert run.summary.analysed == 24
    with open_store(store_url) as store:
        assert store.unanalysed_count() == 0
        assert store.stats()["analysed"] == store.count() == 24


def test_two_runs_on_a_server_store_share_the_work(postgres: str) -> None:
    from .postgres_server import fresh_database

    url = fresh_database(postgres, "shared_work")
    _filled(url, 4)
    with open_store(url) as store:
        ids = sorted(article.id for article in store.iter_articles())
    holding, release = threading.Event(), threading.Event()
    first: list[int] = []

    def slow(batch: list[Article]) -> list[Report]:
        holding.set()
        release.wait(30)
        return list(analyze_many(batch))

    def run_first() -> None:
        with open_store(url) as store:
            first.append(store.analyse_ids(ids[:3], slow))

    thread = threading.Thread(target=run_first)
    thread.start()
    assert holding.wait(30)
    with open_store(url) as store:
        started = time.monotonic()
        # The first run holds three articles: the second skips them without waiting.
        assert store.analyse_ids(ids, lambda batch: list(analyze_many(batch))) == 1
        assert time.monotonic() - started < 20
    release.set()
    thread.join(60)
    assert first == [3]
    with open_store(url) as store:
        assert store.unanalysed_count() == 0 and store.stats()["analysed"] == 4


def test_an_unreachable_scheduler_is_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    location = str(tmp_path / "s.sqlite")
    _filled(location, 1)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ClusterError, match=f"127.0.0.1:{port}"):
        analyze_on_dask(location, scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - started < 60


def test_the_cli_runs_the_dask_engine_and_prints_where(tmp_path: Path) -> None:
    location = str(tmp_path / "s.sqlite")
    _filled(location, 4)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newstrace.cli",
            "analyze",
            "--store",
            location,
            "--engine",
            "dask",
            "--workers",
            "1",
            "--no-ratings",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "analysed 4 articles" in done.stdout
    assert "dask: scheduler tcp://" in done.stderr and "dashboard http" in done.stderr
    refused = subprocess.run(
        [sys.executable, "-m", "newstrace.cli", "analyze", "missing.txt", "--engine", "dask"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "--store" in refused.stderr


def test_progress_is_reported_per_partition(tmp_path: Path) -> None:
    location = str(tmp_path / "s.sqlite")
    _filled(location, 6)
    seen: list[int] = []

    def progress(summary: AnalysisSummary) -> None:
        seen.append(summary.analysed)

    analyze_on_dask(location, workers=1, partition=2, on_progress=progress)
    assert seen == [2, 4, 6]

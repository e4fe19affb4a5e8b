"""The web guards: body limit (declared and streamed), analysis time limit, loopback default."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newstrace.cli.serve import serve_command
from newstrace.errors import AnalysisTimeoutError
from newstrace.model import Article, Report
from newstrace.pipeline import analyze_article
from newstrace.settings import get_settings
from newstrace.web import create_app
from newstrace.web.runner import AnalysisRunner

from .stories import RELAYED


@pytest.fixture
def strict_client(store_path: Path) -> Iterator[TestClient]:
    settings = dataclasses.replace(get_settings(), max_request_bytes=2000, analyze_timeout=0.001)
    with TestClient(create_app(store_path, settings=settings, ratings=False)) as client:
        yield client


def test_a_streamed_body_over_the_limit_is_refused_without_content_length(
    strict_client: TestClient,
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"a" * 500
        yield b'"}'

    response = strict_client.post(
        "/api/analyze", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "NT104"


def test_an_analysis_over_the_time_limit_is_a_clear_4xx(strict_client: TestClient) -> None:
    text = " ".join([RELAYED.replace("\n", " ")] * 2)[:1900]
    response = strict_client.post("/api/analyze", json={"text": text})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "NT603" and "0.001 s limit" in error["message"]


def _slow_identity(n: int) -> int:
    time.sleep(0.3)
    return n


def test_the_runner_times_the_analysis_not_the_wait_in_the_queue() -> None:
    runner = AnalysisRunner(timeout=0.5)

    async def three_jobs() -> list[int]:
        # Each job takes 0.3 s: the third waits 0.6 s in the queue, more than the limit.
        jobs = [runner.run(functools.partial(_slow_identity, n)) for n in range(3)]
        return list(await asyncio.gather(*jobs))

    try:
        assert asyncio.run(three_jobs()) == [0, 1, 2]
        with pytest.raises(AnalysisTimeoutError):
            asyncio.run(runner.run(lambda: time.sleep(0.8)))
    finally:
        runner.close()


def test_too_many_waiting_jobs_are_refused_as_busy() -> None:
    runner = AnalysisRunner(timeout=5, max_waiting=1)

    async def three() -> list[object]:
        running = asyncio.ensure_future(runner.run(lambda: time.sleep(0.3)))
        await asyncio.sleep(0.1)  # the first job has started: nothing waits yet
        waiting = asyncio.ensure_future(runner.run(lambda: time.sleep(0.1)))
        await asyncio.sleep(0)  # the second is queued behind it
        refused = runner.run(lambda: time.sleep(0.1))
        return list(await asyncio.gather(running, waiting, refused, return_exceptions=True))

    try:
        outcomes = asyncio.run(three())
    finally:
        runner.close()
    # The first runs, the second waits, the third finds the queue full.
    assert [type(o).__name__ for o in outcomes] == ["NoneType", "NoneType", "ServerBusyError"]


def test_worker_processes_give_the_same_reports_as_the_library() -> None:
    runner = AnalysisRunner(timeout=60, processes=2)
    articles = [Article(text=RELAYED), Article(text=RELAYED + "\n\nThe mayor said nothing.")]

    async def both() -> list[Report]:
        await runner.warm_up()
        return list(await asyncio.gather(*(runner.analyze(a) for a in articles)))

    try:
        assert asyncio.run(both()) == [analyze_article(a) for a in articles]
    finally:
        runner.close()


def test_serve_binds_loopback_by_default() -> None:
    host = inspect.signature(serve_command).parameters["host"].default
    assert host == "127.0.0.1"


def test_urllib_sending_a_whole_oversized_body_gets_the_413_answer(store_path: Path) -> None:
    """urllib sends the body at once, without `Expect: 100-continue`: it must read a 413, not
    a connection reset (30 MB: more than loopback buffers hold, so unread data would reset)."""
    import json
    import socket
    import threading
    import urllib.error
    import urllib.request

    import uvicorn

    settings = dataclasses.replace(get_settings(), max_request_bytes=2000)
    app = create_app(store_path, settings=settings, ratings=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        body = json.dumps({"text": "a" * 30_000_000}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/analyze",
            data=body,
            headers={"content-type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 413
        assert json.loads(refused.value.read())["error"]["code"] == "NT104"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

"""Guards around the web app: a request body limit, security headers, an analysis time limit."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newstrace.errors import AnalysisTimeoutError, InputTooLargeError
from newstrace.web.problems import error_payload

_T = TypeVar("_T")

# Pages only load the app's own files; article text can never bring in or run anything.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The OpenAPI explorer at /docs starts itself with an inline script.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc", "/static-offline-docs")


class BodyLimit:
    """Answer 413 when a request body is over `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise InputTooLargeError(self._message())
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except InputTooLargeError:
            if not started:
                await self._refuse(send)

    def _message(self) -> str:
        return f"request body over the {self.max_bytes:,}-byte limit"

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(error_payload(InputTooLargeError.code, self._message())).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add a strict Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if str(scope["path"]).startswith(DOCS_PATHS) else PAGE_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class AnalysisRunner:
    """Run analyses one at a time off the event loop, each within `timeout` seconds.

    The limit counts from when the analysis starts, not from when it was queued, so a busy
    server makes clients wait rather than fail. A timed-out analysis is answered at once; its
    thread finishes in the background (spaCy cannot be interrupted) before the next starts.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        # Made on first use, so an app can be started again after a shutdown (tests do).
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-analyze")
        return self._pool

    async def warm_up(self, job: Callable[[], object]) -> None:
        """Run `job` (loading the model) with no time limit, before requests come in."""
        await asyncio.wrap_future(self._executor().submit(job))

    async def run(self, job: Callable[[], _T]) -> _T:
        loop = asyncio.get_running_loop()
        started = loop.create_future()

        def timed_job() -> _T:
            loop.call_soon_threadsafe(_mark_started, started)
            return job()

        future = asyncio.wrap_future(self._executor().submit(timed_job))
        await asyncio.wait({started, future}, return_when=asyncio.FIRST_COMPLETED)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            raise AnalysisTimeoutError(
                f"analysis took longer than the {self.timeout:g} s limit; send a shorter text"
            ) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _mark_started(started: asyncio.Future[None]) -> None:
    if not started.done():
        started.set_result(None)

"""Guards around the web app: a request body limit and security headers on every response."""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newstrace.errors import CrossSiteError, InputTooLargeError
from newstrace.web.problems import error_payload

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
# How much of an oversized body is read and dropped before the 413, so that a client that sends
# it all at once gets the answer; past that the connection is closed.
DRAIN_BYTES = 64 * 1024 * 1024
# Browsers mark what they send: a form posted from another site's page says so.
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


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
            await self._drain(receive)
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
                await self._drain(receive)
                await self._refuse(send)

    async def _drain(self, receive: Receive) -> None:
        """Read and drop the rest of the body, up to a bound, before answering.

        A client that sends a whole oversized body without waiting (Python's urllib sends no
        `Expect: 100-continue`) would otherwise meet a connection reset, the server closing a
        socket with unread data, instead of the 413 answer.
        """
        budget = max(DRAIN_BYTES, 4 * self.max_bytes)
        while budget > 0:
            message = await receive()
            if message["type"] != "http.request":
                return
            budget -= len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    def _message(self) -> str:
        return f"request body over the {self.max_bytes:,}-byte limit"

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(error_payload(InputTooLargeError.code, self._message())).encode()
        await _send_json(send, 413, body)


def _is_docs(path: str) -> bool:
    return any(path == docs or path.startswith(docs + "/") for docs in DOCS_PATHS)


class SameOriginWrites:
    """Refuse (403) writes that another site's page sends through the user's browser.

    The app has no login to steal, but a page elsewhere could still make the browser post
    texts for analysis: `Sec-Fetch-Site: cross-site`, or an Origin that is not an allowed
    host, gives it away. Clients that are not browsers send neither and are let through.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed_hosts = {host.lower() for host in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in _UNSAFE_METHODS:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            if self._cross_site(headers):
                body = json.dumps(
                    error_payload(CrossSiteError.code, "cross-site request refused")
                ).encode()
                await _send_json(send, 403, body)
                return
        await self.app(scope, receive, send)

    def _cross_site(self, headers: dict[str, str]) -> bool:
        if headers.get("sec-fetch-site") == "cross-site":
            return True
        origin = headers.get("origin")
        if not origin or origin == "null":
            return origin == "null"
        host = (urlsplit(origin).hostname or "").lower()
        return host not in self.allowed_hosts


async def _send_json(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
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
        csp = DOCS_CSP if _is_docs(str(scope["path"])) else PAGE_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    # Not "no-referrer": with it Chromium sends "Origin: null" on same-site
                    # form posts, which SameOriginWrites must refuse.
                    (b"referrer-policy", b"same-origin"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

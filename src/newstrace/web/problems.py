"""Errors as HTTP answers: JSON `{"error": {"code", "message"}}` for the API, a page otherwise.

Codes are the library's stable NT codes (docs: README, "Errors"); anything a client can send
gets a 4xx. Only a bug in newstrace itself gives a 500, with no internals in the body.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from newstrace.errors import (
    AnalysisTimeoutError,
    CrossSiteError,
    InputError,
    InputTooLargeError,
    ModelError,
    NewstraceError,
    NotFoundError,
    RequestError,
    ServerBusyError,
    StoreError,
    UnsupportedMediaError,
)

API_PREFIX = "/api/"
# Draws the HTML error page for a browser: (status, message) -> document.
ErrorPage = Callable[[int, str], str]
_log = logging.getLogger("newstrace.web")
_SERVER_SIDE: dict[type[NewstraceError], str] = {
    StoreError: "the article store cannot be read or written; the server log says why",
    ModelError: "a model newstrace needs is missing or unusable; the server log says why",
}

# HTTP-level refusals that happen before newstrace code runs, by status.
_HTTP_CODES = {
    404: NotFoundError.code,
    405: RequestError.code,
    413: InputTooLargeError.code,
    415: UnsupportedMediaError.code,
}


class ErrorBody(BaseModel):
    code: str = Field(description="stable code: NT1xx input, NT2xx store, NT6xx request")
    message: str = Field(description="what went wrong, in words")


class ErrorResponse(BaseModel):
    error: ErrorBody


def status_for(exc: NewstraceError) -> int:
    """The HTTP status of a newstrace error: the client's fault is 4xx, the server's 503."""
    if isinstance(exc, InputTooLargeError):
        return 413
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, UnsupportedMediaError):
        return 415
    if isinstance(exc, CrossSiteError):
        return 403
    # The text, not the server, is what takes too long: retrying the same request won't help.
    if isinstance(exc, AnalysisTimeoutError):
        return 422
    if isinstance(exc, InputError | RequestError):
        return 400
    if isinstance(exc, StoreError | ModelError | ServerBusyError):
        return 503
    return 500


def error_payload(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def _answer(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith(API_PREFIX) or "text/html" not in request.headers.get(
        "accept", ""
    ):
        return JSONResponse(error_payload(code, message), status_code=status)
    error_page: ErrorPage = request.app.state.error_page
    return HTMLResponse(error_page(status, message), status_code=status)


async def _newstrace_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NewstraceError)
    message = exc.message
    hidden = [text for kind, text in _SERVER_SIDE.items() if isinstance(exc, kind)]
    if hidden or status_for(exc) == 500:
        # The details (file paths, SQLite's words) are for the operator, not the client.
        _log.error("%s %s: %s", request.method, request.url.path, exc)
        message = hidden[0] if hidden else "internal error in newstrace"
    response = _answer(request, status_for(exc), exc.code, message)
    if isinstance(exc, ServerBusyError):
        response.headers["Retry-After"] = "5"
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        problems.append(f"{where or 'body'}: {error.get('msg', 'invalid')}")
    return _answer(request, 422, RequestError.code, "invalid request: " + "; ".join(problems))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, RequestError.code)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    response = _answer(request, exc.status_code, code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    # A bug in newstrace: say so without leaking a traceback to the client.
    _log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _answer(request, 500, NewstraceError.code, "internal error in newstrace")


def install(app: FastAPI, error_page: ErrorPage) -> None:
    """Route every error the app can meet to a JSON (API) or HTML (pages) answer.

    `error_page(status, message)` draws the HTML answer; the pages module passes its own, so
    error handling never imports the pages.
    """
    app.state.error_page = error_page
    app.add_exception_handler(NewstraceError, _newstrace_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)

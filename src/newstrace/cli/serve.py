"""Command line: `newstrace serve`, the web app and HTTP API."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from newstrace.errors import InputError, NewstraceError

from .common import fail

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(
    store_path: Annotated[
        str | None,
        typer.Option("--store", help="Store file or postgresql:// URL (default: NEWSTRACE_STORE)."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; loopback unless you mean to expose it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_body: Annotated[
        int | None,
        typer.Option(help="Largest request body in bytes (default 5 MB); larger gets 413."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(help="Seconds one analysis or trace may run (default 30)."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Processes that analyse posted articles in parallel (one per core)."
        ),
    ] = 1,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs); loopback only by default."""
    import uvicorn

    from newstrace.settings import get_settings
    from newstrace.web import create_app

    settings = get_settings()
    if max_body is not None:
        if max_body < 1:
            fail(InputError("--max-body must be positive"))
        settings = dataclasses.replace(settings, max_request_bytes=max_body)
    if timeout is not None:
        if timeout <= 0:
            fail(InputError("--timeout must be positive"))
        settings = dataclasses.replace(settings, analyze_timeout=timeout)
    if host not in LOOPBACK:
        typer.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    try:
        hosts = [] if host in LOOPBACK else [host]
        app = create_app(store_path, settings=settings, processes=workers, hosts=hosts)
    except NewstraceError as exc:
        fail(exc)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    """Add `serve` to the main app."""
    app.command("serve")(serve_command)

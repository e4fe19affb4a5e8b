"""Command line: `newstrace trace`, the provenance of a claim across the stored corpus."""

from __future__ import annotations

from typing import Annotated

import typer

from newstrace.errors import InputError, NewstraceError

from .common import err, fail


def trace_command(
    target: Annotated[str, typer.Argument(help="A stored article id, or the claim text.")],
    store_path: Annotated[
        str | None,
        typer.Option("--store", help="Store file or postgresql:// URL (default: NEWSTRACE_STORE)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text, json, markdown, graphml, dot or claimreview (a draft)."
        ),
    ] = "text",
    limit: Annotated[int, typer.Option(help="At most this many matching articles.")] = 50,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic/--lexical",
            help="Use sentence embeddings when newstrace[semantic] is installed.",
        ),
    ] = True,
    rating: Annotated[
        str | None, typer.Option(help="claimreview: your verdict as you word it, e.g. False.")
    ] = None,
    reviewer: Annotated[
        str | None, typer.Option(help="claimreview: who publishes the review.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="claimreview: address of your review.")] = None,
) -> None:
    """Trace a claim: who states it, who copied whom, and how many independent origins."""
    from newstrace.corpus.matching import default_embedder
    from newstrace.corpus.store import open_store
    from newstrace.corpus.trace import claim_of_article, trace_claim
    from newstrace.render.trace import TRACE_FORMATS, render_trace

    formats = (*TRACE_FORMATS, "claimreview")
    if fmt not in formats:
        fail(InputError(f"unknown format {fmt!r}; choose one of {', '.join(formats)}"))
    try:
        with open_store(store_path) as store:
            claim = claim_of_article(store, target)
            embedder = default_embedder() if semantic else None
            trace = trace_claim(store, claim, limit=limit, embedder=embedder)
    except NewstraceError as exc:
        fail(exc)
    if fmt == "claimreview":
        from newstrace.render.claimreview import (
            draft_claimreview,
            render_claimreview,
            still_to_fill,
        )

        review = draft_claimreview(trace, rating=rating, reviewer=reviewer, url=url)
        print(render_claimreview(review), end="")
        err.print(still_to_fill(review), markup=False, soft_wrap=True)
        return
    print(render_trace(trace, fmt), end="")


def register(app: typer.Typer) -> None:
    """Add `trace` to the main app."""
    app.command("trace")(trace_command)

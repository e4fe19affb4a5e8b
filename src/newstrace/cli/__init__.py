"""Command line: thin shells over the library, one module per command group; only they print.

`newstrace.cli:main` is the entry point; `app` is the Typer application (for tests).
"""

from __future__ import annotations

from typing import Annotated

import typer

from newstrace import __version__
from newstrace.errors import NewstraceError

from . import analyze, corpus, evaluate, factchecks, ratings, serve, trace
from .common import fail, state

app = typer.Typer(
    help="Trace who said what in news articles: claims, attributions, relay chains, sourcing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    state["debug"] = debug
    if version:
        print(__version__)
        raise typer.Exit(0)


for _group in (analyze, ratings, corpus, trace, factchecks, evaluate, serve):
    _group.register(app)


def main() -> None:
    """The `newstrace` console script."""
    try:
        app()
    except NewstraceError as exc:  # raised while streaming output, outside a command's try
        fail(exc)


__all__ = ["app", "main"]

"""`newstrace ratings import|list`: the user's outlet rating lists (none ship with newstrace)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newstrace.errors import NewstraceError

from .common import fail

ratings_app = typer.Typer(
    help="Import and list outlet rating lists (never shipped with newstrace)."
)


def register(app: typer.Typer) -> None:
    """Add the `ratings` group to the main app."""
    app.add_typer(ratings_app, name="ratings")


@ratings_app.command("import")
def ratings_import(
    file: Annotated[
        Path, typer.Argument(help="OpenSources JSON/CSV, Lin et al. CSV or domain,score CSV.")
    ],
    name: Annotated[
        str | None, typer.Option(help="Name of the list (default from the file).")
    ] = None,
    date: Annotated[str | None, typer.Option(help="Date or year of the list.")] = None,
) -> None:
    """Import a rating list into the user's data folder."""
    from newstrace.ratings import import_ratings

    try:
        imported = import_ratings(file, name=name, date=date)
    except NewstraceError as exc:
        fail(exc)
    print(f"imported {len(imported.entries):,} ratings as {imported.name!r} ({imported.format})")


@ratings_app.command("list")
def ratings_list() -> None:
    """List imported rating lists."""
    from newstrace.ratings import load_rating_lists

    try:
        lists = load_rating_lists()
    except NewstraceError as exc:
        fail(exc)
    if not lists:
        print("no rating lists imported (newstrace ratings import FILE)")
    for item in lists:
        print(f"{item.name}\t{item.date or '-'}\t{item.format}\t{len(item.entries):,} domains")

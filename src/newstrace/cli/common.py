"""What every command group shares: input options, error rendering (`fail`), rating lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from newstrace.errors import InputError, NewstraceError
from newstrace.loaders import FORMATS as INPUT_FORMATS
from newstrace.loaders import PRESETS, LoadOptions

# Progress bars and error lines go to stderr, so stdout stays the report alone.
err = Console(stderr=True, highlight=False)
state = {"debug": False}


def fail(exc: BaseException, code: int = 2) -> NoReturn:
    """One error line on stderr and exit `code` (with --debug: the traceback instead)."""
    if state["debug"]:
        raise exc
    message = str(exc) if isinstance(exc, NewstraceError) else f"{type(exc).__name__}: {exc}"
    # The message is text, not markup: "newstrace[semantic]" or a path with brackets stays whole.
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


def check_format(fmt: str, allowed: Sequence[str]) -> None:
    """Fail unless `fmt` is one of `allowed`."""
    if fmt not in allowed:
        fail(InputError(f"unknown output format {fmt!r}; choose one of {', '.join(allowed)}"))


def load_options(**values: object) -> LoadOptions:
    """LoadOptions from the command's flags; a bad combination is one error line."""
    try:
        return LoadOptions(**values)  # type: ignore[arg-type]
    except NewstraceError as exc:
        fail(exc)


def rating_lists() -> list[object]:
    """The user's imported rating lists (none ship with newstrace)."""
    from newstrace.ratings import load_rating_lists

    return list(load_rating_lists())


InputFormat = Annotated[
    str | None, typer.Option("--input-format", help=f"Force: {', '.join(INPUT_FORMATS)}.")
]
Preset = Annotated[str | None, typer.Option(help=f"Dataset preset: {', '.join(sorted(PRESETS))}.")]
TextCol = Annotated[str | None, typer.Option(help="CSV/TSV column with the text.")]
TitleCol = Annotated[str | None, typer.Option(help="CSV/TSV column with the title.")]
DateCol = Annotated[str | None, typer.Option(help="CSV/TSV column with the date.")]
OutletCol = Annotated[str | None, typer.Option(help="CSV/TSV column with the outlet.")]
TextField = Annotated[str | None, typer.Option(help="JSON field with the text.")]
TitleField = Annotated[str | None, typer.Option(help="JSON field with the title.")]
DateField = Annotated[str | None, typer.Option(help="JSON field with the date.")]
OutletField = Annotated[str | None, typer.Option(help="JSON field with the outlet.")]
SkipBad = Annotated[
    bool, typer.Option("--skip-bad", help="Skip malformed records and report them.")
]

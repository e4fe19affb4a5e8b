"""Command-line options shared by the commands that read input files (analyze, ingest)."""

from __future__ import annotations

from typing import Annotated

import typer

from .loaders import FORMATS as INPUT_FORMATS
from .loaders import PRESETS

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

"""How to read an input: format, preset, column or field mapping, overrides and limits."""

from __future__ import annotations

from dataclasses import dataclass

from newstrace.errors import InputError
from newstrace.loaders.values import normalise_date
from newstrace.settings import get_settings

FORMATS = ("record", "txt", "json", "jsonl", "csv", "tsv", "html")


@dataclass(frozen=True)
class FieldMap:
    """The column or field holding each part of an article; None means "try the usual names"."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class LoadOptions:
    """What the caller knows about an input; everything left None is detected."""

    format: str | None = None
    preset: str | None = None
    text_col: str | None = None
    title_col: str | None = None
    date_col: str | None = None
    outlet_col: str | None = None
    id_col: str | None = None
    url_col: str | None = None
    text_field: str | None = None
    title_field: str | None = None
    date_field: str | None = None
    outlet_field: str | None = None
    url_field: str | None = None
    id_field: str | None = None
    outlet: str | None = None
    date: str | None = None
    skip_bad: bool = False
    max_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            known = ", ".join(FORMATS)
            raise InputError(f"unknown format {self.format!r}; known formats: {known}")
        if self.date is not None and normalise_date(self.date) is None:
            raise InputError(f"date option {self.date!r} is not a date (expected YYYY-MM-DD)")
        if self.max_bytes is not None and self.max_bytes < 1:
            raise InputError(f"max_bytes must be positive, not {self.max_bytes}")

    @property
    def byte_limit(self) -> int:
        """Largest input (whole file, or one record of a streamed file) that will be read."""
        return self.max_bytes if self.max_bytes is not None else get_settings().max_input_bytes

    @property
    def override_date(self) -> str | None:
        return normalise_date(self.date)

    def column_map(self) -> FieldMap:
        return FieldMap(
            text=self.text_col,
            title=self.title_col,
            date=self.date_col,
            outlet=self.outlet_col,
            url=self.url_col,
            id=self.id_col,
        )

    def field_map(self) -> FieldMap:
        return FieldMap(
            text=self.text_field,
            title=self.title_field,
            date=self.date_field,
            outlet=self.outlet_field,
            url=self.url_field,
            id=self.id_field,
        )

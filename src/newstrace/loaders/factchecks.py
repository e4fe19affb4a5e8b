"""Read fact-check files: pick the reader by format (or by name and content) and decode safely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newstrace.errors import InputError
from newstrace.loaders.claimreview import OnBad, load_claimreview_html, load_claimreview_json
from newstrace.loaders.factcheck_table import (
    PRESETS,
    FactCheckColumns,
    load_factcheck_table,
    table_format,
)
from newstrace.loaders.reading import decode, read_file
from newstrace.loaders.webpage import looks_like_html
from newstrace.model import FactCheck
from newstrace.settings import get_settings

FACTCHECK_FORMATS = ("auto", "claimreview", "csv", "tsv", *PRESETS)
_JSON_SUFFIXES = (".json", ".jsonld", ".json-ld")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def load_factchecks(
    path: Path,
    on_bad: OnBad,
    *,
    fmt: str = "auto",
    columns: FactCheckColumns | None = None,
) -> Iterator[FactCheck]:
    """The fact-checks in one file. Whole-file errors (unreadable, empty, binary, not the
    format) raise; a bad record goes to `on_bad`, which raises to stop or returns to skip."""
    if fmt not in FACTCHECK_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FACTCHECK_FORMATS)}")
    name = str(path)
    if not path.is_file():
        raise InputError("no such file", path=name)
    text = decode(read_file(path, get_settings().max_input_bytes), name).text.lstrip("\ufeff")
    kind = _kind(path, text) if fmt in ("auto", "claimreview") else fmt
    if fmt == "claimreview" and kind not in ("json", "html"):
        kind = "json"
    if kind == "json":
        return load_claimreview_json(text, name, on_bad)
    if kind == "html":
        return load_claimreview_html(text, name, on_bad)
    return load_factcheck_table(text, name, table_format(kind, columns), on_bad)


def _kind(path: Path, text: str) -> str:
    """json, html, csv or tsv, by the file's suffix, else by its first characters."""
    suffix = path.suffix.lower()
    if suffix in _JSON_SUFFIXES:
        return "json"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in (".csv", ".tsv"):
        return suffix[1:]
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return "json"
    if looks_like_html(text):
        return "html"
    first = text.split("\n", 1)[0]
    if "\t" in first:
        return "tsv"
    if "," in first:
        return "csv"
    raise InputError(
        "cannot tell the format (not JSON, HTML, CSV or TSV): give --format", path=str(path)
    )

"""Tell an input's format from its file name or, failing that, from its content."""

from __future__ import annotations

import json
from pathlib import Path

from newstrace.loaders.record import is_record
from newstrace.loaders.webpage import looks_like_html

_BY_SUFFIX = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
# Text files may hold a record, a page or plain prose: their content decides.
_SNIFFED_SUFFIXES = frozenset({".txt", ".text"})
STREAMED_FORMATS = frozenset({"jsonl", "csv", "tsv"})


def _suffix(path: Path) -> str:
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def format_for_path(path: Path) -> str | None:
    """The format a file name promises, or None when only the content can tell."""
    return _BY_SUFFIX.get(_suffix(path))


def is_supported(path: Path) -> bool:
    suffix = _suffix(path)
    return suffix in _BY_SUFFIX or suffix in _SNIFFED_SUFFIXES


def supported_files(directory: Path) -> list[Path]:
    """Every loadable file under a directory, recursively, sorted; hidden ones skipped."""
    found = []
    for path in directory.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(directory).parts)
        if not hidden and path.is_file() and is_supported(path):
            found.append(path)
    return sorted(found)


def sniff_format(text: str) -> str:
    """Format of decoded text with no name to go by: record, html, json or plain txt."""
    if is_record(text):
        return "record"
    if looks_like_html(text):
        return "html"
    if _looks_like_json(text):
        return "json"
    return "txt"


def _looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        json.JSONDecoder().raw_decode(stripped)
    except json.JSONDecodeError:
        return False
    return True

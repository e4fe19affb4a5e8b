"""JSON (one object or a list of objects) and JSON Lines, one Article per object."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any

from newstrace.errors import EmptyInputError, InputError
from newstrace.loaders.articles import RecordContext
from newstrace.model import Article

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def load_json_lines(lines: Iterable[str], ctx: RecordContext) -> Iterator[Article]:
    """One object per line; blank lines are allowed, a malformed line names its number."""
    seen = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            ctx.skip_or_raise(ctx.error(f"malformed JSON: {exc.msg} (column {exc.colno})", number))
            continue
        article = _article_or_none(record, number, ctx)
        if article is not None:
            yield article
    if seen == 0:
        raise EmptyInputError("no JSON records", path=ctx.origin.file)


def load_json_text(text: str, ctx: RecordContext) -> Iterator[Article]:
    """A JSON document (object or list); several top-level values are read as JSON Lines."""
    start = _skip_whitespace(text, 0)
    try:
        first, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise ctx.error(f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno) from exc
    if _skip_whitespace(text, end) < len(text):
        ctx.origin = dataclasses.replace(ctx.origin, format="jsonl")
        yield from load_json_lines(text.splitlines(), ctx)
    elif isinstance(first, list):
        yield from _load_list(text, start, ctx)
    else:
        article = _article_or_none(first, _line_at(text, start), ctx)
        if article is not None:
            yield article


def _load_list(text: str, start: int, ctx: RecordContext) -> Iterator[Article]:
    # The list is walked element by element (it parsed whole already) so that every
    # article's provenance names the line its object starts on.
    lines = _LineCounter(text)
    position = _skip_whitespace(text, start + 1)
    if text[position] == "]":
        raise EmptyInputError("the JSON list is empty", path=ctx.origin.file)
    while text[position] != "]":
        record, end = _DECODER.raw_decode(text, position)
        article = _article_or_none(record, lines.line_at(position), ctx)
        if article is not None:
            yield article
        position = _skip_whitespace(text, end)
        if text[position] == ",":
            position = _skip_whitespace(text, position + 1)


def _article_or_none(record: Any, line: int, ctx: RecordContext) -> Article | None:
    try:
        if not isinstance(record, dict):
            raise ctx.error(f"expected a JSON object, found {type(record).__name__}", line)
        return ctx.record_article(line, record)
    except InputError as exc:
        ctx.skip_or_raise(exc)
        return None


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


class _LineCounter:
    """Line numbers of increasing positions, counting each newline once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._position = 0
        self._line = 1

    def line_at(self, position: int) -> int:
        self._line += self._text.count("\n", self._position, position)
        self._position = position
        return self._line

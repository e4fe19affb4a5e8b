"""CSV and TSV: one Article per row, columns mapped by name or by a preset."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newstrace.errors import EmptyInputError, InputError
from newstrace.loaders.articles import ALIASES, ROLES, RecordContext, resolve_keys
from newstrace.loaders.options import FieldMap
from newstrace.loaders.reading import too_large
from newstrace.model import Article


@dataclass(frozen=True)
class TableLayout:
    """How rows are written: separator, quoting, and column names for files without a header."""

    delimiter: str = ","
    header: tuple[str, ...] | None = None
    quoted: bool = True


def layout_for(format_name: str) -> TableLayout:
    return TableLayout(delimiter="\t" if format_name == "tsv" else ",")


def load_table(lines: Iterable[str], ctx: RecordContext, layout: TableLayout) -> Iterator[Article]:
    limit = ctx.options.byte_limit
    _allow_fields_up_to(limit)
    budget = _RowBudget(lines, limit, ctx.origin.file)
    if layout.quoted:
        reader = csv.reader(budget, delimiter=layout.delimiter, quoting=csv.QUOTE_MINIMAL)
    else:
        reader = csv.reader(budget, delimiter=layout.delimiter, quoting=csv.QUOTE_NONE)
    header = list(layout.header) if layout.header else _read_header(reader, ctx)
    ctx.fields = _resolve_columns(header, ctx)
    rows = 0
    while True:
        line = budget.start_row(reader.line_num + 1)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The reader cannot find the next row again after a broken one: always fatal.
            raise ctx.error(f"bad CSV row: {exc}", line) from exc
        if not row:
            continue
        rows += 1
        try:
            if len(row) != len(header):
                raise ctx.error(f"row has {len(row)} fields, the header has {len(header)}", line)
            yield ctx.record_article(line, dict(zip(header, row, strict=True)))
        except InputError as exc:
            ctx.skip_or_raise(exc)
    if rows == 0:
        raise EmptyInputError("no rows after the header", path=ctx.origin.file)


class _RowBudget:
    """Feeds lines to csv and refuses a row whose lines add up to more than the limit.

    A quoted field may run over many short lines (or, unterminated, to the end of the file);
    counting per row keeps memory bounded whatever the lines look like.
    """

    def __init__(self, lines: Iterable[str], limit: int, name: str) -> None:
        self._lines = iter(lines)
        self._limit = limit
        self._name = name
        self._used = 0
        self._row_line = 1

    def start_row(self, line: int) -> int:
        self._used = 0
        self._row_line = line
        return line

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._used += len(line)
        if self._used > self._limit:
            raise too_large(self._name, self._limit, line=self._row_line)
        return line


def _allow_fields_up_to(limit: int) -> None:
    # csv refuses fields over 128 KiB by default, far below a long article. The limit is
    # process-wide, so it is only ever raised, never lowered under another reader's feet.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _read_header(reader: Iterator[list[str]], ctx: RecordContext) -> list[str]:
    for row in reader:
        if row:
            return [name.strip() for name in row]
    raise EmptyInputError("input is empty", path=ctx.origin.file)


def _resolve_columns(header: list[str], ctx: RecordContext) -> FieldMap:
    """Actual column names for each role; a named or text column that is missing is an error."""
    found = ", ".join(repr(name) for name in header)
    for role in ROLES:
        wanted = getattr(ctx.fields, role)
        if wanted is not None and wanted not in header:
            raise ctx.error(f"no column {wanted!r}; columns found: {found}", 1)
    resolved = resolve_keys(header, ctx.fields)
    if resolved["text"] is None:
        tried = ", ".join(repr(name) for name in ALIASES["text"])
        raise ctx.error(
            f"no text column (tried {tried}; name one with text_col); columns found: {found}", 1
        )
    return FieldMap(**resolved)

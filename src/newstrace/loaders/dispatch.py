"""Route a path, stdin or text to the loader of its format and collect the articles."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from newstrace.errors import EmptyInputError, InputError
from newstrace.loaders.articles import Origin, RecordContext
from newstrace.loaders.detect import (
    STREAMED_FORMATS,
    format_for_path,
    sniff_format,
    supported_files,
)
from newstrace.loaders.jsondocs import load_json_lines, load_json_text
from newstrace.loaders.options import LoadOptions
from newstrace.loaders.plaintext import load_plaintext
from newstrace.loaders.presets import apply_preset
from newstrace.loaders.reading import (
    Decoded,
    decode,
    open_lines,
    read_bounded,
    read_file,
    too_large,
)
from newstrace.loaders.record import load_record
from newstrace.loaders.table import TableLayout, layout_for, load_table
from newstrace.loaders.webpage import load_html
from newstrace.model import Article

STDIN = "-"
STDIN_NAME = "<stdin>"


def load(
    path: str | Path,
    options: LoadOptions | None = None,
    *,
    problems: list[InputError] | None = None,
) -> Iterator[Article]:
    """Articles of a file, a directory (every supported file, recursively) or stdin ('-').

    A missing path or unknown preset raises at once; a bad input raises while iterating.
    With `options.skip_bad`, bad records (and, in a directory, bad files) are appended to
    `problems` instead.
    """
    options, layout = apply_preset(options or LoadOptions())
    if str(path) == STDIN:
        return _load_stdin(options, layout, problems)
    path = Path(path)
    if path.is_dir():
        files = supported_files(path)
        if not files:
            raise EmptyInputError("no supported files in the directory", path=str(path))
        return _load_files(files, options, layout, problems)
    if not path.exists():
        raise InputError("no such file or directory", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))
    return _load_file(path, options, layout, problems)


def load_text(
    text: str,
    options: LoadOptions | None = None,
    *,
    name: str = "<text>",
    problems: list[InputError] | None = None,
) -> Iterator[Article]:
    """Articles of text already in memory; the format is forced by options or sniffed."""
    options, layout = apply_preset(options or LoadOptions())
    if not text.strip():
        raise EmptyInputError("input is empty", path=name)
    if len(text) > options.byte_limit:
        raise too_large(name, options.byte_limit)
    return _load_decoded(Decoded(text, "utf-8"), name, options, layout, problems)


def _load_stdin(
    options: LoadOptions, layout: TableLayout | None, problems: list[InputError] | None
) -> Iterator[Article]:
    data = read_bounded(sys.stdin.buffer, options.byte_limit, STDIN_NAME)
    yield from _load_decoded(decode(data, STDIN_NAME), STDIN_NAME, options, layout, problems)


def _load_files(
    files: list[Path],
    options: LoadOptions,
    layout: TableLayout | None,
    problems: list[InputError] | None,
) -> Iterator[Article]:
    for path in files:
        try:
            yield from _load_file(path, options, layout, problems)
        except InputError as exc:
            if not options.skip_bad:
                raise
            if problems is not None:
                problems.append(exc)


def _load_file(
    path: Path,
    options: LoadOptions,
    layout: TableLayout | None,
    problems: list[InputError] | None,
) -> Iterator[Article]:
    format_name = options.format or format_for_path(path)
    if format_name is None or format_name not in STREAMED_FORMATS:
        decoded = decode(read_file(path, options.byte_limit), str(path))
        yield from _load_decoded(decoded, str(path), options, layout, problems)
        return
    ctx = _context(str(path), format_name, "utf-8", options, problems)
    stream = open_lines(path, options.byte_limit, ctx.skip_or_raise)
    # The encoding is known only once the stream's first bytes have been read.
    ctx.origin = Origin(str(path), format_name, stream.encoding)
    if format_name == "jsonl":
        yield from load_json_lines(stream.lines, ctx)
    else:
        yield from load_table(stream.lines, ctx, layout or layout_for(format_name))


def _load_decoded(
    decoded: Decoded,
    name: str,
    options: LoadOptions,
    layout: TableLayout | None,
    problems: list[InputError] | None,
) -> Iterator[Article]:
    format_name = options.format or sniff_format(decoded.text)
    ctx = _context(name, format_name, decoded.encoding, options, problems)
    text = decoded.text
    if format_name == "record":
        yield from load_record(text, ctx)
    elif format_name == "txt":
        yield from load_plaintext(text, ctx)
    elif format_name == "html":
        yield from load_html(text, ctx)
    elif format_name == "json":
        yield from load_json_text(text, ctx)
    elif format_name == "jsonl":
        yield from load_json_lines(io.StringIO(text), ctx)
    else:
        lines = io.StringIO(text, newline="")
        yield from load_table(lines, ctx, layout or layout_for(format_name))


def _context(
    name: str,
    format_name: str,
    encoding: str,
    options: LoadOptions,
    problems: list[InputError] | None,
) -> RecordContext:
    fields = options.column_map() if format_name in ("csv", "tsv") else options.field_map()
    return RecordContext(Origin(name, format_name, encoding), options, fields, problems)

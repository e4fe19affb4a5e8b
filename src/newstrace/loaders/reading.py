"""Read input bytes safely: size limits, gzip, binary sniffing, encodings, line streaming."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import charset_normalizer

from newstrace.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    MalformedInputError,
)

LIMIT_VARIABLE = "NEWSTRACE_MAX_INPUT_BYTES"
SAMPLE_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that do occur in text files (tab, newlines, form feed, backspace, escape).
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
_CORRUPT = (OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class Decoded:
    """An input's text and the codec it was decoded with."""

    text: str
    encoding: str


def too_large(name: str, limit: int, *, line: int | None = None) -> InputTooLargeError:
    what = "record" if line is not None else "input"
    return InputTooLargeError(
        f"{what} is larger than the limit of {limit:,} bytes (set {LIMIT_VARIABLE} to raise it)",
        path=name,
        line=line,
    )


@contextmanager
def open_binary(path: Path) -> Iterator[BinaryIO]:
    """Open a file for reading bytes, decompressing gzip transparently (detected by magic)."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=str(path)) from exc
    with handle:
        if handle.read(2) == _GZIP_MAGIC:
            handle.seek(0)
            with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                yield cast(BinaryIO, unzipped)
        else:
            handle.seek(0)
            yield handle


def read_bounded(stream: BinaryIO, limit: int, name: str) -> bytes:
    """All bytes of a stream, refusing (without reading on) one longer than `limit`."""
    try:
        data = stream.read(limit + 1)
    except _CORRUPT as exc:
        raise MalformedInputError(f"corrupt compressed data: {exc}", path=name) from exc
    if len(data) > limit:
        raise too_large(name, limit)
    return data


def read_file(path: Path, limit: int) -> bytes:
    # The size on disk refuses a huge plain file before reading any of it; the bounded read
    # still guards compressed files, whose content can be far larger than the file.
    if path.stat().st_size > limit and not _is_gzip(path):
        raise too_large(str(path), limit)
    with open_binary(path) as stream:
        return read_bounded(stream, limit, str(path))


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def decode(data: bytes, name: str) -> Decoded:
    """Text of a whole input; raises on empty, binary or undecodable bytes."""
    if not data.strip():
        raise EmptyInputError("input is empty", path=name)
    encoding = detect_encoding(data, name, complete=True)
    text = data.decode(encoding)
    if not text.strip():
        raise EmptyInputError("input is empty", path=name)
    return Decoded(text, encoding)


def detect_encoding(sample: bytes, name: str, *, complete: bool) -> str:
    """Codec for bytes: a BOM's, else UTF-8 when valid, else charset_normalizer's best guess."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    if looks_binary(sample):
        raise BinaryInputError("input looks binary, not text", path=name)
    try:
        # An incomplete sample may end inside a multi-byte character: not an error.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _guess_legacy_encoding(sample)
    if guess is None:
        raise EncodingError("cannot tell the text encoding (not UTF-8)", path=name)
    return guess


def looks_binary(sample: bytes) -> bool:
    head = sample[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > len(head) * 0.05


def _guess_legacy_encoding(sample: bytes) -> str | None:
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return None
    best = matches[0]
    # charset_normalizer breaks ties between Latin code pages arbitrarily (cp1250 turns
    # French 'fête' into 'fęte'); Western news in a legacy encoding is almost always cp1252.
    for match in matches:
        tied = match.chaos <= best.chaos and match.coherence >= best.coherence
        if tied and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


@dataclass(frozen=True)
class LineStream:
    """A file's decoded lines, read one at a time so the file is never held whole."""

    encoding: str
    lines: Iterator[str]


def open_lines(
    path: Path, limit: int, on_too_long: Callable[[InputTooLargeError], None]
) -> LineStream:
    """Stream a file's lines; a line over `limit` characters goes to `on_too_long`."""
    with open_binary(path) as stream:
        sample = read_sample(stream, str(path))
    if not sample.strip():
        raise EmptyInputError("input is empty", path=str(path))
    encoding = detect_encoding(sample, str(path), complete=len(sample) < SAMPLE_BYTES)
    return LineStream(encoding, _iter_lines(path, encoding, limit, on_too_long))


def read_sample(stream: BinaryIO, name: str) -> bytes:
    try:
        return stream.read(SAMPLE_BYTES)
    except _CORRUPT as exc:
        raise MalformedInputError(f"corrupt compressed data: {exc}", path=name) from exc


def _iter_lines(
    path: Path, encoding: str, limit: int, on_too_long: Callable[[InputTooLargeError], None]
) -> Iterator[str]:
    name = str(path)
    with open_binary(path) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        number = 0
        while True:
            line = _read_line(text, limit + 1, name, number + 1)
            if not line:
                return
            number += 1
            if len(line) > limit and not line.endswith(("\n", "\r")):
                _discard_rest_of_line(text, limit, name, number)
                on_too_long(too_large(name, limit, line=number))
                # A blank line in its place keeps the line numbers of what follows right.
                yield "\n"
                continue
            yield line


def _read_line(text: io.TextIOWrapper, size: int, name: str, number: int) -> str:
    try:
        return text.readline(size)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"cannot decode as {text.encoding}: {exc.reason}", path=name, line=number
        ) from exc
    except _CORRUPT as exc:
        raise MalformedInputError(
            f"corrupt compressed data: {exc}", path=name, line=number
        ) from exc


def _discard_rest_of_line(text: io.TextIOWrapper, limit: int, name: str, number: int) -> None:
    while True:
        chunk = _read_line(text, limit, name, number)
        if not chunk or chunk.endswith(("\n", "\r")):
            return

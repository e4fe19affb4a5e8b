"""Bad inputs fail with a precise error: empty, binary, undecodable, too large, missing."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newstrace.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
)
from newstrace.loaders import LoadOptions, load

MB = 1024 * 1024
STORY = "The town hall clock was repaired after ten silent years, the mayor said on Sunday."


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv", "empty.json"])
@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file_is_empty_input(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(EmptyInputError):
        list(load(path))


@pytest.mark.parametrize("name", ["photo.txt", "photo.csv", "photo.jsonl", "photo"])
def test_file_with_nul_bytes_is_binary(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(BinaryInputError):
        list(load(path))


def test_file_of_control_bytes_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 14, 15, 16]) * 50 + STORY.encode())
    with pytest.raises(BinaryInputError):
        list(load(path))


def test_cp1252_text_is_decoded_and_the_encoding_recorded(tmp_path: Path) -> None:
    text = "\u201cCaf\u00e9 owners in the old quarter were not asked,\u201d said Ren\u00e9e Dupont."
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("cp1252"))
    [article] = load(path)
    assert article.text == text
    assert article.metadata["encoding"] == "cp1252"


def test_latin1_french_is_decoded_with_its_accents(tmp_path: Path) -> None:
    text = (
        "Le maire a d\u00e9clar\u00e9 que la f\u00eate aurait lieu \u00e0 l'\u00e9t\u00e9 prochain."
    )
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("latin-1"))
    [article] = load(path)
    assert article.text == text


def test_utf8_text_records_no_encoding(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Caf\u00e9 owners were consulted, the council said.", encoding="utf-8")
    [article] = load(path)
    assert "encoding" not in article.metadata


def test_bytes_in_no_known_encoding_are_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(EncodingError):
        list(load(path))


def test_file_over_max_bytes_names_the_limit_and_the_variable(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY * 10)
    with pytest.raises(InputTooLargeError) as caught:
        list(load(path, LoadOptions(max_bytes=100)))
    assert "100 bytes" in str(caught.value)
    assert "NEWSTRACE_MAX_INPUT_BYTES" in str(caught.value)


def test_environment_variable_sets_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSTRACE_MAX_INPUT_BYTES", "100")
    path = tmp_path / "story.txt"
    path.write_text(STORY * 10)
    with pytest.raises(InputTooLargeError):
        list(load(path))


def test_50_mb_text_file_is_over_the_default_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSTRACE_MAX_INPUT_BYTES", raising=False)
    path = tmp_path / "huge.txt"
    with path.open("w") as handle:
        for _ in range(50):
            handle.write("x" * MB)
    with pytest.raises(InputTooLargeError, match="20,971,520 bytes"):
        list(load(path))


def test_gzip_that_unpacks_over_the_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "story.json.gz"
    path.write_bytes(gzip.compress(json.dumps({"text": STORY * 100}).encode()))
    assert path.stat().st_size < 1000
    with pytest.raises(InputTooLargeError):
        list(load(path, LoadOptions(max_bytes=1000)))


def test_50_mb_jsonl_of_small_records_streams_under_the_default_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSTRACE_MAX_INPUT_BYTES", raising=False)
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": STORY * 50, "outlet": "clocknews.example"}) + "\n"
    count = 50 * MB // len(line) + 1
    with path.open("w") as handle:
        for number in range(count):
            handle.write(line.replace("{", f'{{"id": {number}, ', 1))
    assert path.stat().st_size > 50 * MB
    ids = [article.id for article in load(path)]
    assert len(ids) == count
    assert ids[-1] == str(count - 1)


def test_jsonl_record_over_the_limit_is_too_large_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    records = [{"text": STORY}, {"text": STORY * 100}, {"text": "The bells rang at noon."}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    with pytest.raises(InputTooLargeError) as caught:
        list(load(path, LoadOptions(max_bytes=1000)))
    assert caught.value.line == 2
    problems: list[InputError] = []
    articles = list(load(path, LoadOptions(max_bytes=1000, skip_bad=True), problems=problems))
    assert [a.provenance.line for a in articles] == [1, 3]
    assert [p.line for p in problems] == [2]


def test_missing_path_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nowhere.txt")


@pytest.mark.parametrize(
    "make_options",
    [
        lambda: LoadOptions(preset="no-such-preset"),
        lambda: LoadOptions(format="docx"),
        lambda: LoadOptions(date="13/10/2016"),
    ],
    ids=["unknown preset", "unknown format", "bad date"],
)
def test_bad_options_are_input_errors(
    tmp_path: Path, make_options: Callable[[], LoadOptions]
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    with pytest.raises(InputError):
        load(path, make_options())

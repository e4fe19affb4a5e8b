"""Plain text, stdin and in-memory text: the whole input is one article, maybe with a title."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from newstrace.errors import InputTooLargeError
from newstrace.loaders import LoadOptions, load, load_text
from newstrace.loaders.plaintext import split_title

BODY = (
    "Volunteers planted 400 oak saplings along the river on Saturday, the parks office said.\n\n"
    "\u201cThe roots will hold the bank together,\u201d said Ines Alvarez, who led the group."
)


def test_short_first_line_followed_by_blank_line_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Volunteers plant oaks by the river\n\n{BODY}\n", encoding="utf-8")
    [article] = load(path)
    assert article.title == "Volunteers plant oaks by the river"
    assert article.text == BODY
    assert article.provenance.format == "txt"


@pytest.mark.parametrize(
    "first_line",
    [
        "The parks office announced the planting on Friday.",  # ends with a period: a sentence
        "Volunteers " * 20,  # too long for a headline
    ],
)
def test_first_line_that_reads_like_prose_is_not_a_title(first_line: str) -> None:
    title, text = split_title(f"{first_line}\n\n{BODY}")
    assert title is None
    assert text.startswith(first_line.strip())


def test_first_line_without_blank_line_after_it_is_not_a_title() -> None:
    title, text = split_title(f"Volunteers plant oaks\n{BODY}")
    assert title is None
    assert text == f"Volunteers plant oaks\n{BODY}"


def test_windows_newlines_become_plain_newlines(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(f"Oaks by the river\r\n\r\n{BODY}".replace("\n\n", "\r\n\r\n").encode())
    [article] = load(path)
    assert article.title == "Oaks by the river"
    assert "\r" not in article.text


def test_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(f"Oaks by the river\n\n{BODY}".encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    [article] = load("-")
    assert article.provenance.file == "<stdin>"
    assert article.title == "Oaks by the river"


def test_load_text_sniffs_a_record() -> None:
    [article] = load_text(f" date 2019-05-04 {BODY}")
    assert article.provenance.format == "record"
    assert article.date == "2019-05-04"


def test_load_text_sniffs_json() -> None:
    [article] = load_text('{"text": "The bridge reopened on Monday.", "id": 7}')
    assert article.provenance.format == "json"
    assert article.id == "7"


def test_load_text_with_forced_format_keeps_a_record_prefix_as_text() -> None:
    [article] = load_text(f" date 2019-05-04 {BODY}", LoadOptions(format="txt"))
    assert article.text.startswith("date 2019-05-04")
    assert article.date is None


def test_load_text_refuses_text_over_the_limit() -> None:
    with pytest.raises(InputTooLargeError):
        load_text(BODY, LoadOptions(max_bytes=50))

"""The record format: ' date YYYY-MM-DD <text>', one article per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import MalformedInputError
from newstrace.loaders import LoadOptions, load

BODY = (
    "The harbour authority said on Tuesday that the northern pier will close for repairs.\n\n"
    "\u201cWe found cracks in two pillars,\u201d a port engineer told the Coastal Herald.\n\n"
    "Ferries will use the southern pier until March, according to a statement."
)


def write(tmp_path: Path, content: str, name: str = "record.txt") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_record_gives_date_and_text_after_the_prefix_with_paragraphs_intact(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, f" date 2016-10-13 {BODY}\n")
    [article] = load(path)
    assert article.date == "2016-10-13"
    assert article.text == BODY
    assert article.provenance.file == str(path)
    assert article.provenance.line == 1
    assert article.provenance.format == "record"


def test_leading_space_before_date_is_optional(tmp_path: Path) -> None:
    [article] = load(write(tmp_path, f"date 2020-02-29 {BODY}"))
    assert article.date == "2020-02-29"
    assert article.text.startswith("The harbour authority")


def test_text_without_date_prefix_is_not_a_record(tmp_path: Path) -> None:
    [article] = load(write(tmp_path, "The date 2016-10-13 was mentioned by the minister."))
    assert article.provenance.format == "txt"
    assert article.date is None


def test_options_override_record_date_and_set_outlet(tmp_path: Path) -> None:
    options = LoadOptions(date="2016-10-14T09:00:00", outlet="Coastal Herald")
    [article] = load(write(tmp_path, f" date 2016-10-13 {BODY}"), options)
    assert article.date == "2016-10-14"
    assert article.outlet == "Coastal Herald"


def test_record_with_a_date_but_no_text_is_malformed(tmp_path: Path) -> None:
    with pytest.raises(MalformedInputError):
        list(load(write(tmp_path, " date 2016-10-13   \n")))


def test_article_without_id_gets_a_content_hash(tmp_path: Path) -> None:
    [first] = load(write(tmp_path, f" date 2016-10-13 {BODY}", "a.txt"))
    [second] = load(write(tmp_path, f"date 2016-10-13\n{BODY}", "b.txt"))
    assert first.id and first.id == second.id

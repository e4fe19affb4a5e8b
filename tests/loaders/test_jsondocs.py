"""JSON documents and JSON Lines: fields, aliases, mapping, gzip and malformed lines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.errors import EmptyInputError, InputError, MalformedInputError
from newstrace.loaders import LoadOptions, load

STORY = {
    "id": 101,
    "title": "Library extends opening hours",
    "text": "The central library will stay open until 10 pm from May, the city said on Monday.",
    "date": "2021-04-19T08:30:00+02:00",
    "url": "https://www.valleypost.example/news/library-hours",
    "outlet": "Valley Post",
    "section": "local",
}
OTHER_ID = "cycle-lane"
OTHER = {
    "id": OTHER_ID,
    "text": "A new cycle lane opened on Harbour Road, the transport office said.",
    "url": "https://www.harbourtimes.example/cycle-lane",
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_json_object_maps_known_fields_and_keeps_the_rest_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(json.dumps(STORY), encoding="utf-8")
    [article] = load(path)
    assert article.id == "101"
    assert article.title == "Library extends opening hours"
    assert article.date == "2021-04-19"
    assert article.outlet == "Valley Post"
    assert article.url == STORY["url"]
    assert article.metadata == {"section": "local"}
    assert article.provenance.format == "json"


def test_json_list_gives_each_article_the_line_its_object_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "stories.json"
    path.write_text(json.dumps([STORY, OTHER], indent=2), encoding="utf-8")
    first, second = load(path)
    assert first.provenance.line == 2
    assert second.provenance.line == 11
    assert second.outlet == "harbourtimes.example"


def test_json_lines_with_blank_lines_keep_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "stories.jsonl"
    path.write_text(f"{json.dumps(STORY)}\n\n{json.dumps(OTHER)}\n", encoding="utf-8")
    first, second = load(path)
    assert (first.provenance.line, second.provenance.line) == (1, 3)
    assert second.provenance.format == "jsonl"


def test_domain_and_publish_date_are_aliases_and_url_without_scheme_gives_outlet(
    tmp_path: Path,
) -> None:
    records = [
        {
            "text": "Flood defences held.",
            "domain": "rivernews.example",
            "publish_date": "2018-01-02",
        },
        {"text": "Snow closed the pass.", "url": "www.alpinedaily.example/snow", "domain": ""},
    ]
    first, second = load(write_jsonl(tmp_path / "a.jsonl", records))
    assert (first.outlet, first.date) == ("rivernews.example", "2018-01-02")
    assert second.outlet == "alpinedaily.example"


def test_field_options_map_unusual_field_names(tmp_path: Path) -> None:
    record = {"body": "x", "content": "The mayor opened the new market hall.", "when": "2022-07-01"}
    options = LoadOptions(text_field="content", date_field="when", id_field="body")
    [article] = load(write_jsonl(tmp_path / "a.jsonl", [record]), options)
    assert article.text == "The mayor opened the new market hall."
    assert article.date == "2022-07-01"
    assert article.id == "x"


def test_unparseable_date_is_kept_raw_in_metadata(tmp_path: Path) -> None:
    record = {"text": "The festival was cancelled.", "date": "sometime last spring"}
    [article] = load(write_jsonl(tmp_path / "a.jsonl", [record]))
    assert article.date is None
    assert article.metadata["raw_date"] == "sometime last spring"


@pytest.mark.parametrize("name", ["stories.jsonl.gz", "stories.json.gz"])
def test_gzipped_json_is_read_transparently(tmp_path: Path, name: str) -> None:
    lines = f"{json.dumps(STORY)}\n{json.dumps(OTHER)}\n"
    content = lines if name.startswith("stories.jsonl") else json.dumps([STORY, OTHER])
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    assert [article.id for article in load(path)] == ["101", OTHER_ID]


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f'{json.dumps(STORY)}\n{{"text": "unfinished\n{json.dumps(OTHER)}\n')
    with pytest.raises(MalformedInputError) as caught:
        list(load(path))
    assert caught.value.line == 2
    assert f"{path}:2:" in str(caught.value)


def test_skip_bad_records_the_malformed_line_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f'{json.dumps(STORY)}\n{{"text": "unfinished\n[1, 2]\n{json.dumps(OTHER)}\n')
    problems: list[InputError] = []
    articles = list(load(path, LoadOptions(skip_bad=True), problems=problems))
    assert len(articles) == 2
    assert [problem.line for problem in problems] == [2, 3]
    assert all(problem.path == str(path) for problem in problems)


def test_record_without_text_names_the_fields_it_has(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"headline": "Rain due", "summary": "Wet week"}])
    with pytest.raises(MalformedInputError, match="fields found: headline, summary"):
        list(load(path))


def test_empty_json_list_is_empty_input(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    path.write_text("[ ]")
    with pytest.raises(EmptyInputError):
        list(load(path))


def test_politifact_preset_maps_fakenewsnet_fields(tmp_path: Path) -> None:
    record = {
        "id": "politifact001",
        "label": "real",
        "url": "https://www.statehouse.example/budget",
        "domain": "statehouse.example",
        "title": "Budget passes",
        "publish_date": "2017-03-09",
        "authors": ["A. Writer"],
        "text": "The state budget passed by 61 votes to 39, the clerk said.",
    }
    path = tmp_path / "records.data"
    path.write_text(json.dumps(record) + "\n")
    [article] = load(path, LoadOptions(preset="politifact"))
    assert (article.id, article.date, article.outlet) == (
        "politifact001",
        "2017-03-09",
        "statehouse.example",
    )
    assert article.metadata == {"label": "real", "authors": ["A. Writer"]}

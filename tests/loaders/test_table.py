"""CSV and TSV: explicit columns, usual names, presets, row line numbers and bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import InputError, InputTooLargeError, MalformedInputError
from newstrace.loaders import LoadOptions, load


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


CSV = (
    "story_id,headline,body,published,site\n"
    '11,Bakery wins prize,"The Corner Bakery won the regional bread prize, the jury said.",'
    "2019-09-01,townnews.example\n"
    '12,Road works,"Road works on Mill Lane start in June.\n\nDrivers should use Elm Street, '
    'the council said.",2019-09-02,townnews.example\n'
    "13,School opens,The new primary school opened its doors.,2019-09-03,townnews.example\n"
)


def test_explicit_columns_map_each_part_and_rows_keep_their_line(tmp_path: Path) -> None:
    options = LoadOptions(
        text_col="body",
        title_col="headline",
        id_col="story_id",
        date_col="published",
        outlet_col="site",
    )
    first, second, third = load(write(tmp_path / "news.csv", CSV), options)
    assert (first.id, first.title, first.date, first.outlet) == (
        "11",
        "Bakery wins prize",
        "2019-09-01",
        "townnews.example",
    )
    assert second.text == (
        "Road works on Mill Lane start in June.\n\nDrivers should use Elm Street, the council said."
    )
    assert [a.provenance.line for a in (first, second, third)] == [2, 3, 6]
    assert third.provenance.format == "csv"


def test_usual_column_names_are_found_without_options(tmp_path: Path) -> None:
    first, *_ = load(write(tmp_path / "news.csv", CSV))
    assert first.text.startswith("The Corner Bakery")
    assert first.title == "Bakery wins prize"
    assert (first.date, first.outlet) == ("2019-09-01", "townnews.example")
    assert first.metadata == {"story_id": "11"}


def test_tsv_is_read_with_tabs(tmp_path: Path) -> None:
    content = "text\tlabel\nThe ferry was late again on Friday.\t0\n"
    [article] = load(write(tmp_path / "s.tsv", content))
    assert article.text == "The ferry was late again on Friday."
    assert article.metadata == {"label": "0"}
    assert article.provenance.format == "tsv"


def test_csv_without_text_column_names_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "headline,score\nRain due,3\n")
    with pytest.raises(MalformedInputError, match="columns found: 'headline', 'score'"):
        list(load(path))


def test_named_column_missing_from_header_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MalformedInputError, match="no column 'story'"):
        list(load(write(tmp_path / "news.csv", CSV), LoadOptions(text_col="story")))


def test_row_with_wrong_number_of_fields_is_skipped_with_skip_bad(tmp_path: Path) -> None:
    content = "text,label\nThe market reopened.,1\nToo,many,fields\nThe pool closed.,0\n"
    problems: list[InputError] = []
    articles = list(
        load(write(tmp_path / "x.csv", content), LoadOptions(skip_bad=True), problems=problems)
    )
    assert [a.text for a in articles] == ["The market reopened.", "The pool closed."]
    assert [p.line for p in problems] == [3]
    with pytest.raises(MalformedInputError, match="row has 3 fields"):
        list(load(tmp_path / "x.csv"))


def test_fields_larger_than_csv_default_limit_load(tmp_path: Path) -> None:
    long_text = "The council met again. " * 20_000  # ~460 kB, over csv's 128 kB default
    [article] = load(write(tmp_path / "long.csv", f'text\n"{long_text}"\n'))
    assert len(article.text) == len(long_text.strip())


def test_a_row_over_the_size_limit_is_too_large(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "text\nshort row\n" + "word " * 400 + "\n")
    with pytest.raises(InputTooLargeError) as caught:
        list(load(path, LoadOptions(max_bytes=1000)))
    assert caught.value.line == 3


def test_cp1252_csv_is_decoded_and_the_encoding_recorded(tmp_path: Path) -> None:
    content = 'text\n"\u201cCaf\u00e9 owners were not consulted,\u201d said Ren\u00e9e Dubois."\n'
    [article] = load(write(tmp_path / "x.csv", content, encoding="cp1252"))
    assert (
        article.text == "\u201cCaf\u00e9 owners were not consulted,\u201d said Ren\u00e9e Dubois."
    )
    assert article.metadata["encoding"] == "cp1252"


def test_fnc1_presets_read_bodies_and_stances(tmp_path: Path) -> None:
    bodies = write(
        tmp_path / "bodies.csv",
        'Body ID,articleBody\n0,"A small earthquake shook the valley, officials said."\n',
    )
    stances = write(
        tmp_path / "stances.csv", "Headline,Body ID,Stance\nValley shaken by quake,0,agree\n"
    )
    [body] = load(bodies, LoadOptions(preset="fnc1-bodies"))
    [stance] = load(stances, LoadOptions(preset="fnc1-stances"))
    assert (body.id, body.text) == ("0", "A small earthquake shook the valley, officials said.")
    assert stance.text == "Valley shaken by quake"
    assert stance.title is None
    assert stance.metadata == {"Body ID": "0", "Stance": "agree"}


def test_liar_preset_reads_headerless_tsv_with_bare_quotes(tmp_path: Path) -> None:
    row = [
        "1234.json",
        "half-true",
        'Says the "new" tax doubles bills.',
        "taxes",
        "jane-roe",
        "Mayor",
        "Ohio",
        "democrat",
        "0",
        "1",
        "2",
        "0",
        "0",
        "a radio interview",
    ]
    path = write(tmp_path / "liar.tsv", "\t".join(row) + "\n")
    [article] = load(path, LoadOptions(preset="liar"))
    assert article.id == "1234.json"
    assert article.text == 'Says the "new" tax doubles bills.'
    assert article.metadata["speaker"] == "jane-roe"
    assert article.metadata["context"] == "a radio interview"


def test_clef_presets_read_sentences(tmp_path: Path) -> None:
    csv_path = write(
        tmp_path / "c19.csv",
        "line_number,speaker,text,label,file_name\n1,HOST,Welcome back.,0,debate.tsv\n",
    )
    tsv_path = write(tmp_path / "c20.tsv", 'text\tlabel\n"He said ""no"" twice."\t1\n')
    [c19] = load(csv_path, LoadOptions(preset="clef2019"))
    [c20] = load(tsv_path, LoadOptions(preset="clef2020"))
    assert c19.text == "Welcome back."
    assert c19.metadata["speaker"] == "HOST"
    assert c20.text == 'He said "no" twice.'


def test_quoted_field_over_the_csv_limit_stops_the_load_even_with_skip_bad(
    tmp_path: Path,
) -> None:
    field = "A line of the council minutes.\n" * 10_000  # ~300 kB over many short lines
    path = write(tmp_path / "x.csv", f'text\n"{field}"\nThe next row.\n')
    with pytest.raises(InputTooLargeError) as caught:
        list(load(path, LoadOptions(max_bytes=1000, skip_bad=True)))
    assert caught.value.line == 2

"""Importing user rating lists (OpenSources, Lin 2023, generic CSV) and looking domains up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.errors import RatingsError
from newstrace.model import Rating
from newstrace.ratings import (
    RatingEntry,
    RatingList,
    import_ratings,
    load_rating_lists,
    lookup,
    lookup_outlet,
    normalize_domain,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def opensources_json(tmp_path: Path) -> Path:
    record = {"type": "", "2nd type": "", "3rd type": "", "Source Notes (things to know?)": ""}
    data = {
        "example-news.test": {**record, "type": "fake", "2nd type": "Clickbait "},
        "WWW.Satire-Site.test": {**record, "type": "satire", "3rd type": "satire"},
        "untyped.test": record,
    }
    return write(tmp_path / "sources.json", json.dumps(data))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_opensources_json_keeps_every_type_in_the_label(tmp_path: Path, data_dir: Path) -> None:
    imported = import_ratings(opensources_json(tmp_path), data_dir=data_dir)
    assert (imported.name, imported.format, imported.date) == ("opensources", "opensources", "2017")
    assert imported.entries["example-news.test"].label == "fake, clickbait"
    assert imported.entries["satire-site.test"].label == "satire"
    assert "untyped.test" not in imported.entries  # nothing to look up


def test_opensources_csv_reads_the_unnamed_domain_column(tmp_path: Path, data_dir: Path) -> None:
    path = write(
        tmp_path / "sources.csv",
        ",type,2nd type,3rd type,Source Notes (things to know?),\n"
        "example-news.test,fake,bias,,notes,\n"
        "other.test,reliable,,,,\n",
    )
    imported = import_ratings(path, data_dir=data_dir)
    assert imported.format == "opensources"
    assert imported.entries["example-news.test"].label == "fake, bias"
    assert imported.entries["other.test"].label == "reliable"


def test_lin_pc1_csv_gives_scores_and_the_2023_date(tmp_path: Path, data_dir: Path) -> None:
    path = write(tmp_path / "domain_pc1.csv", "domain,pc1\nexample-news.test,0.25\ngood.test,1\n")
    imported = import_ratings(path, data_dir=data_dir)
    assert (imported.name, imported.format, imported.date) == ("lin2023-pc1", "lin2023", "2023")
    assert imported.entries["example-news.test"].score == 0.25
    assert imported.entries["good.test"].label is None


def test_generic_csv_takes_score_and_label_and_names_the_list_after_the_file(
    tmp_path: Path, data_dir: Path
) -> None:
    path = write(
        tmp_path / "My Team List.csv",
        "label,domain,score\nlow,example-news.test,0.1\n,scored-only.test,0.9\nhigh,label-only.test,\n",
    )
    imported = import_ratings(path, data_dir=data_dir)
    assert (imported.name, imported.format, imported.date) == ("my-team-list", "csv", None)
    assert imported.entries["example-news.test"].model_dump() == {"score": 0.1, "label": "low"}
    assert imported.entries["scored-only.test"].label is None
    assert imported.entries["label-only.test"].score is None


def test_name_and_date_given_by_the_user_win(tmp_path: Path, data_dir: Path) -> None:
    imported = import_ratings(
        opensources_json(tmp_path), name="os-frozen", date="2017-04", data_dir=data_dir
    )
    assert (imported.name, imported.date) == ("os-frozen", "2017-04")
    assert (data_dir / "ratings" / "os-frozen.json").is_file()


def test_imported_lists_are_stored_and_load_back_sorted_by_name(
    tmp_path: Path, data_dir: Path
) -> None:
    lin = import_ratings(
        write(tmp_path / "pc1.csv", "domain,pc1\nexample-news.test,0.25\n"), data_dir=data_dir
    )
    opensources = import_ratings(opensources_json(tmp_path), data_dir=data_dir)
    assert load_rating_lists(data_dir) == [lin, opensources]
    assert not list((data_dir / "ratings").glob(".*"))  # no temporary file left behind


def test_importing_again_under_the_same_name_replaces_the_list(
    tmp_path: Path, data_dir: Path
) -> None:
    import_ratings(
        write(tmp_path / "a.csv", "domain,score\nold.test,1\n"), name="team", data_dir=data_dir
    )
    import_ratings(
        write(tmp_path / "b.csv", "domain,score\nnew.test,1\n"), name="team", data_dir=data_dir
    )
    (stored,) = load_rating_lists(data_dir)
    assert list(stored.entries) == ["new.test"]


def test_without_data_dir_the_settings_ratings_dir_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSTRACE_DATA_DIR", str(tmp_path / "env-data"))
    import_ratings(opensources_json(tmp_path))
    assert (tmp_path / "env-data" / "ratings" / "opensources.json").is_file()
    assert [rating_list.name for rating_list in load_rating_lists()] == ["opensources"]


def test_no_imported_lists_is_an_empty_list(data_dir: Path) -> None:
    assert load_rating_lists(data_dir) == []


def test_a_corrupt_stored_list_is_reported_with_its_file(data_dir: Path) -> None:
    (data_dir / "ratings").mkdir(parents=True)
    write(data_dir / "ratings" / "broken.json", "{not json")
    with pytest.raises(RatingsError, match=r"broken\.json"):
        load_rating_lists(data_dir)


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("empty.csv", "  \n", "empty"),
        ("list.csv", "site,rating\nexample-news.test,1\n", "needs a 'domain' column"),
        ("list.csv", "domain,score\nexample-news.test,high\n", r"list\.csv:2: score 'high'"),
        ("list.csv", "domain,score\nexample-news.test,nan\n", "not a finite number"),
        ("list.csv", "domain,score\n,0.5\n", "empty domain"),
        ("list.csv", "domain,score\n", "no rated domains"),
        ("list.json", "[1, 2]", "unknown format"),
        ("list.json", '{"example-news.test": 3}', "unknown format"),
        ("list.json", '{"example-news.test": ', "invalid JSON"),
    ],
)
def test_bad_files_raise_a_ratings_error_that_says_why(
    tmp_path: Path, data_dir: Path, file_name: str, content: str, message: str
) -> None:
    with pytest.raises(RatingsError, match=message):
        import_ratings(write(tmp_path / file_name, content), data_dir=data_dir)
    assert not (data_dir / "ratings").exists()


def test_a_missing_file_raises_a_ratings_error(tmp_path: Path) -> None:
    with pytest.raises(RatingsError, match="no such file"):
        import_ratings(tmp_path / "absent.csv", data_dir=tmp_path)


def test_a_list_name_that_is_not_a_safe_file_name_is_refused(
    tmp_path: Path, data_dir: Path
) -> None:
    with pytest.raises(RatingsError, match="invalid list name"):
        import_ratings(opensources_json(tmp_path), name="../escape", data_dir=data_dir)


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("https://WWW.Example-News.test/Politics/A?id=1#x", "example-news.test/politics/a"),
        ("example-news.test/", "example-news.test"),
        ("http://user@example-news.test:8080", "example-news.test"),
        (" Example-News. test ", "example-news.test"),
    ],
)  # fmt: skip
def test_domains_are_normalised(given: str, normal: str) -> None:
    assert normalize_domain(given) == normal


def rating_lists() -> list[RatingList]:
    return [
        RatingList(
            name="team",
            date="2024",
            format="csv",
            source_file="team.csv",
            entries={
                "example.co.uk": RatingEntry(score=0.8),
                "big-site.test/opinion": RatingEntry(label="opinion"),
                "big-site.test": RatingEntry(score=0.6),
            },
        ),
        RatingList(
            name="other",
            date=None,
            format="csv",
            source_file="other.csv",
            entries={"news.example.co.uk": RatingEntry(label="regional")},
        ),
    ]


def test_lookup_tries_parent_domains_after_the_exact_host() -> None:
    assert lookup(rating_lists(), "https://www.news.example.co.uk/story") == [
        Rating(list_name="team", list_date="2024", score=0.8),
        Rating(list_name="other", label="regional"),
    ]


def test_lookup_prefers_a_rated_section_over_its_domain() -> None:
    (section,) = lookup(rating_lists()[:1], "big-site.test/opinion/2024/column")
    assert section.label == "opinion"
    (domain,) = lookup(rating_lists()[:1], "big-site.test/sport/match")
    assert domain.score == 0.6


def test_lookup_never_rates_a_bare_public_suffix_or_an_unknown_name() -> None:
    assert lookup(rating_lists(), "elsewhere.co.uk") == []
    assert lookup(rating_lists(), "Reuters") == []
    assert lookup(rating_lists(), "") == []


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared datasets")
def test_the_published_lists_import_whole(tmp_path: Path) -> None:
    opensources = import_ratings(SHARED / "opensources" / "sources.json", data_dir=tmp_path)
    # 825 records; one repeats a domain with a '#articles' fragment.
    assert len(opensources.entries) == 824
    lin = import_ratings(SHARED / "domain_ratings" / "domain_pc1.csv", data_dir=tmp_path)
    # 11,520 rows; www.xinhuanet.com and xinhuanet.com are one domain.
    assert len(lin.entries) == 11_519
    assert all(0 <= (entry.score or 0) <= 1 for entry in lin.entries.values())
    (reuters,) = lookup([lin], "https://www.reuters.com/world/")
    assert reuters.score == 1.0


def test_an_outlet_named_by_its_name_finds_a_list_keyed_by_its_domain(
    tmp_path: Path, data_dir: Path
) -> None:
    listing = write(tmp_path / "desk.csv", "domain,score\nrt.com/news,0.2\nrt.com,0.3\n")
    lists = [import_ratings(listing, data_dir=data_dir)]
    assert [r.score for r in lookup_outlet(lists, "Russia Today")] == [0.3]
    assert [r.score for r in lookup_outlet(lists, "https://www.rt.com/news/1")] == [0.2]
    assert lookup_outlet(lists, "Nobody Gazette") == []

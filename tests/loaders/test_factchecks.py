"""Fact-check files: every ClaimReview shape, tables and presets, bad records, hostile input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.errors import EmptyInputError, InputError, MalformedInputError
from newstrace.loaders.factcheck_table import FactCheckColumns
from newstrace.loaders.factchecks import load_factchecks
from newstrace.loaders.verdicts import verdict_of
from newstrace.model import FactCheck

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

REVIEW: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": "The harbour tunnel was closed for ten years.",
    "url": "https://checks.example/harbour-tunnel",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "datePublished": "2023-05-04T10:00:00Z",
    "headline": "Was the harbour tunnel closed for a decade?",
    "inLanguage": "en",
    "reviewRating": {
        "@type": "Rating",
        "alternateName": "Mostly False",
        "ratingValue": "2",
        "bestRating": 5,
        "worstRating": 1,
    },
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Pat Speaker"},
        "datePublished": "2023-04-30",
        "appearance": [
            {"@type": "CreativeWork", "url": "https://news.example/a"},
            "https://b.example/x",
        ],
        "firstAppearance": {"@type": "CreativeWork", "url": "https://news.example/a"},
    },
}


def _raise(problem: InputError) -> None:
    raise problem


def read(path: Path, **options: Any) -> list[FactCheck]:
    return list(load_factchecks(path, _raise, **options))


def read_skipping(path: Path, **options: Any) -> tuple[list[FactCheck], list[InputError]]:
    problems: list[InputError] = []
    return list(load_factchecks(path, problems.append, **options)), problems


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_single_claimreview_keeps_every_field(tmp_path: Path) -> None:
    [check] = read(write(tmp_path, "one.json", json.dumps(REVIEW)))
    assert check.claim_reviewed == "The harbour tunnel was closed for ten years."
    assert check.rating == "Mostly False"
    assert check.verdict == "mostly-false"
    assert (check.rating_value, check.best_rating, check.worst_rating) == (2.0, 5.0, 1.0)
    assert check.publisher == "Example Checks"
    assert check.url == "https://checks.example/harbour-tunnel"
    assert check.date_published == "2023-05-04"
    assert check.title == "Was the harbour tunnel closed for a decade?"
    assert check.claimant == "Pat Speaker"
    assert check.claim_date == "2023-04-30"
    assert check.appearances == ["https://news.example/a", "https://b.example/x"]
    assert check.first_appearance == "https://news.example/a"
    assert check.language == "en"
    assert check.provenance.line == 1
    assert check.id.startswith("fc")


def test_the_id_is_stable_and_depends_on_url_and_claim(tmp_path: Path) -> None:
    first = read(write(tmp_path, "a.json", json.dumps(REVIEW)))[0].id
    again = read(write(tmp_path, "b.json", json.dumps(REVIEW, indent=4)))[0].id
    other = read(write(tmp_path, "c.json", json.dumps({**REVIEW, "url": "https://x.example/"})))
    assert first == again
    assert other[0].id != first


def test_array_graph_and_datafeed_shapes_all_read_with_their_lines(tmp_path: Path) -> None:
    second = {**REVIEW, "claimReviewed": "The ferry costs nothing on Sundays.", "url": "u2"}
    array = json.dumps([REVIEW, second], indent=2)
    graph = json.dumps({"@context": "https://schema.org", "@graph": [REVIEW, second]}, indent=2)
    feed = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [REVIEW]},
                {"@type": "DataFeedItem", "item": [second]},
            ],
        },
        indent=2,
    )
    for name, text in (("array.json", array), ("graph.jsonld", graph), ("feed.json", feed)):
        checks = read(write(tmp_path, name, text))
        assert [c.claim_reviewed for c in checks] == [
            REVIEW["claimReviewed"],
            second["claimReviewed"],
        ], name
        lines = [c.provenance.line for c in checks]
        assert lines[0] is not None and lines[1] is not None and lines[0] < lines[1]
        # The line names where the review's object starts.
        assert text.splitlines()[lines[1] - 1].strip().startswith("{")


def test_fact_check_tools_api_response_gives_one_check_per_review(tmp_path: Path) -> None:
    response = {
        "claims": [
            {
                "text": "Bus fares will triple next spring.",
                "claimant": "A campaign leaflet",
                "claimDate": "2024-01-10T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "Checker One", "site": "one.example"},
                        "url": "https://one.example/fares",
                        "title": "No, fares will not triple",
                        "reviewDate": "2024-01-12T00:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    },
                    {
                        "publisher": {"site": "two.example"},
                        "url": "https://two.example/fares",
                        "textualRating": "Misleading",
                        "languageCode": "en",
                    },
                ],
            }
        ],
        "nextPageToken": "abc",
    }
    checks = read(write(tmp_path, "search.json", json.dumps(response, indent=1)))
    assert [(c.publisher, c.rating, c.verdict) for c in checks] == [
        ("Checker One", "False", "false"),
        ("two.example", "Misleading", None),
    ]
    assert checks[0].claimant == "A campaign leaflet"
    assert checks[0].claim_date == "2024-01-10"
    assert checks[0].date_published == "2024-01-12"


def test_html_page_json_ld_is_read_and_other_blocks_are_passed_over(tmp_path: Path) -> None:
    page = f"""<!doctype html>
<html><head><title>Check</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "not a review"}}</script>
<script>document.write("never run")</script>
<script type="application/ld+json">
<!--
{json.dumps(REVIEW)}
-->
</script>
</head><body><p>The text of the page.</p></body></html>"""
    [check] = read(write(tmp_path, "page.html", page))
    assert check.claim_reviewed == REVIEW["claimReviewed"]
    assert check.provenance.format == "claimreview-html"
    assert check.provenance.line == 7


def test_hostile_html_is_parsed_as_data(tmp_path: Path) -> None:
    hostile = {**REVIEW, "claimReviewed": "<img src=x onerror=alert(1)> tunnels </script>"}
    page = (
        "<html><body>"
        + "<div>" * 5000
        + "<script type='application/ld+json'>"
        + json.dumps(hostile).replace("</", "<\\/")
        + "</script><script type='application/ld+json'>{broken</script>"
        + "</body></html>"
    )
    checks, problems = read_skipping(write(tmp_path, "hostile.htm", page))
    assert [c.claim_reviewed for c in checks] == [hostile["claimReviewed"]]
    assert len(problems) == 1 and isinstance(problems[0], MalformedInputError)
    with pytest.raises(MalformedInputError, match="not valid JSON"):
        read(write(tmp_path, "hostile2.html", page))


def test_a_bad_record_names_file_and_line_and_can_be_skipped(tmp_path: Path) -> None:
    no_claim = {k: v for k, v in REVIEW.items() if k != "claimReviewed"}
    bad_value = {**REVIEW, "reviewRating": {"ratingValue": "two"}, "url": "u3"}
    path = write(tmp_path, "mixed.json", json.dumps([REVIEW, no_claim, bad_value], indent=2))
    with pytest.raises(MalformedInputError, match=r"mixed\.json:\d+: ClaimReview without"):
        read(path)
    checks, problems = read_skipping(path)
    assert len(checks) == 1
    assert [p.line for p in problems] == [
        i + 1 for i, line in enumerate(path.read_text().splitlines()) if line == "  {"
    ][1:]


def test_malformed_and_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(MalformedInputError, match=r"bad\.json:2: not valid JSON"):
        read(write(tmp_path, "bad.json", '[\n{"claimReviewed": }\n]'))
    with pytest.raises(MalformedInputError, match="nested too deeply"):
        read(write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000))


def test_bom_and_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    text = json.dumps({**REVIEW, "claimReviewed": "Le café coûte deux euros."}, ensure_ascii=False)
    [bom] = read(write(tmp_path, "bom.json", b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert bom.claim_reviewed == "Le café coûte deux euros."
    table = "claim,verdict\nLe café coûte deux euros et la tarte aussi.,Faux\n"
    [legacy] = read(write(tmp_path, "legacy.csv", table.encode("cp1252")))
    assert legacy.claim_reviewed.startswith("Le café coûte")


def test_binary_and_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        read(write(tmp_path, "x.json", b"\x00\x01\x02" * 100))
    with pytest.raises(EmptyInputError):
        read(write(tmp_path, "e.json", "  \n"))


def test_csv_with_named_columns(tmp_path: Path) -> None:
    table = (
        "statement,rating,link,when,who,said_by\n"
        "The new library opened in 2019.,True,https://c.example/1,2020-02-03,"
        """City Check,"Mayor Ames"\n"""
        ",False,https://c.example/2,,,\n"
        '"Road tolls, parking and fines rose.",Half True,https://c.example/3,,City Check,\n'
    )
    columns = FactCheckColumns(
        claim="statement",
        verdict="rating",
        url="link",
        date="when",
        publisher="who",
        speaker="said_by",
    )
    path = write(tmp_path, "checks.csv", table)
    checks, problems = read_skipping(path, columns=columns)
    assert [(c.claim_reviewed, c.verdict) for c in checks] == [
        ("The new library opened in 2019.", "true"),
        ("Road tolls, parking and fines rose.", "half"),
    ]
    assert checks[0].claimant == "Mayor Ames"
    assert checks[0].date_published == "2020-02-03"
    assert [str(p) for p in problems] == [f"[NT105] {path}:3: row has no claim in 'statement'"]


def test_a_missing_named_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "t.tsv", "claim\tverdict\nThe river flooded twice.\tFalse\n")
    with pytest.raises(MalformedInputError, match="no url column 'address'"):
        read(path, columns=FactCheckColumns(url="address"))
    with pytest.raises(MalformedInputError, match="--claim-column"):
        read(path, columns=FactCheckColumns(claim="text"))
    [check] = read(path)
    assert check.verdict == "false" and check.provenance.format == "tsv"


def test_wrong_width_rows_are_bad_records(tmp_path: Path) -> None:
    path = write(tmp_path, "w.tsv", "claim\tverdict\nOne claim here.\tFalse\textra\nTwo.\tTrue\n")
    checks, problems = read_skipping(path)
    assert [c.claim_reviewed for c in checks] == ["Two."]
    assert problems[0].line == 2


def test_liar_preset_reads_the_headerless_table(tmp_path: Path) -> None:
    row = [
        "99.json",
        "barely-true",
        'Says the "new" bridge cost twice the budget.',
        "transport",
        "jo-example",
        "Council member",
        "Nowhere",
        "none",
        *["0"] * 5,
        "a debate",
    ]
    [check] = read(write(tmp_path, "liar.tsv", "\t".join(row) + "\n"), fmt="liar")
    assert check.claim_reviewed == 'Says the "new" bridge cost twice the budget.'
    assert (check.rating, check.verdict) == ("barely-true", "mostly-false")
    assert (check.claimant, check.publisher) == ("Jo Example", "PolitiFact")


def test_clef_preset_skips_its_header_and_keys_rows_by_id(tmp_path: Path) -> None:
    table = (
        "\tvclaim\ttitle\n0\tA meme says cats can vote.\tCan Cats Vote?\n"
        '1\t"A ""quoted"" claim."\tT\n'
    )
    checks = read(write(tmp_path, "v.tsv", table), fmt="clef")
    assert [c.claim_reviewed for c in checks] == ["A meme says cats can vote.", 'A "quoted" claim.']
    assert checks[0].title == "Can Cats Vote?" and checks[0].publisher == "Snopes"


def test_unknown_format_and_unsniffable_content(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown format"):
        read(write(tmp_path, "a.json", "{}"), fmt="xml")
    with pytest.raises(InputError, match="cannot tell the format"):
        read(write(tmp_path, "a.dat", "just some words"))


@pytest.mark.parametrize(
    ("rating", "verdict"),
    [
        ("Pants on Fire!", "false"),
        ("FALSE", "false"),
        ("half-true", "half"),
        ("Mostly  True", "mostly-true"),
        ("Misleading", None),
        ("Four Pinocchios", None),
        ("Mixture", None),
        ("", None),
        (None, None),
    ],
)
def test_verdicts_are_normalised_only_when_unambiguous(
    rating: str | None, verdict: str | None
) -> None:
    assert verdict_of(rating) == verdict


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
def test_real_clef_and_liar_files_load_whole() -> None:
    data = SHARED / "datasets"
    clef = read(data / "claim_retrieval" / "verified_claims.docs.tsv", fmt="clef")
    # The README says 10,373; the file holds 10,375 rows, each with its own vclaim_id.
    assert len(clef) == 10_375
    assert len({c.id for c in clef}) == len(clef)
    liar = read(data / "liar" / "train.tsv", fmt="liar")
    assert len(liar) == 10_269
    assert {c.verdict for c in liar} == {"false", "mostly-false", "half", "mostly-true", "true"}


def test_lines_stay_right_when_a_duplicate_key_drops_an_object(tmp_path: Path) -> None:
    second = {**REVIEW, "claimReviewed": "The ferry costs nothing on Sundays.", "url": "u2"}
    first = json.dumps(REVIEW).replace('"url"', '"itemReviewed": {"@type": "Claim"}, "url"', 1)
    text = f"[\n{first},\n\n{json.dumps(second)}\n]"
    checks = read(write(tmp_path, "dup.json", text))
    assert [c.provenance.line for c in checks] == [2, 4]
    assert checks[0].claimant == "Pat Speaker"  # JSON's rule: the last duplicate wins


def test_braces_inside_strings_do_not_shift_the_lines(tmp_path: Path) -> None:
    braced = {**REVIEW, "claimReviewed": 'A post said {"tunnel": {closed}} for years.'}
    second = {**REVIEW, "claimReviewed": "The ferry costs nothing on Sundays.", "url": "u2"}
    text = f"[\n{json.dumps(braced)},\n\n\n{json.dumps(second)}\n]"
    checks = read(write(tmp_path, "braced.json", text))
    assert [c.provenance.line for c in checks] == [2, 5]

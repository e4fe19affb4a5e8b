"""Fact-check commands: import, list, search; prior checks in analyze and trace; ClaimReview out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from newstrace.cli import app
from newstrace.ml.factcheck.rerank import load_threshold

CULL = "About 4,000 geese will be culled on Lake Vessen this winter."
REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": CULL,
        "url": "https://checks.example/geese",
        "author": {"@type": "Organization", "name": "Lake Checks"},
        "datePublished": "2024-01-20",
        "reviewRating": {"@type": "Rating", "alternateName": "Half True"},
    },
    {
        "@type": "ClaimReview",
        "claimReviewed": "The ferry to the island will stop running in spring.",
        "url": "https://checks.example/ferry",
        "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
    },
]
ARTICLES = [
    {
        "id": "geese-1",
        "title": "Geese cull planned on Lake Vessen",
        "outlet": "vessen-daily.example",
        "url": "https://vessen-daily.example/geese-1",
        "date": "2024-01-08",
        "text": "Environment Minister Ola Brekke said on Monday that about 4,000 geese will be "
        "culled on Lake Vessen this winter. Brekke said farmers had asked for the cull.",
    },
    {
        "id": "geese-2",
        "title": "Lake Vessen geese to be culled",
        "outlet": "north-herald.example",
        "url": "https://north-herald.example/geese-2",
        "date": "2024-01-09",
        "text": "About 4,000 geese will be culled on Lake Vessen, Environment Minister Ola "
        "Brekke told reporters on Tuesday, adding that the spring crops needed protection.",
    },
]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(REVIEWS, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path, reviews: Path) -> Path:
    path = tmp_path / "s.sqlite"
    assert run("factchecks", "import", str(reviews), "--store", str(path)).exit_code == 0
    return path


def test_import_reports_counts_and_is_idempotent(tmp_path: Path, reviews: Path) -> None:
    path = str(tmp_path / "s.sqlite")
    first = run("factchecks", "import", str(reviews), "--store", path)
    assert first.exit_code == 0, first.output
    assert "read 2 fact-checks: 2 new, 0 already stored" in first.stdout
    again = run("factchecks", "import", str(reviews), "--store", path)
    assert "0 new, 2 already stored" in again.stdout


def test_a_bad_record_stops_the_import_unless_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([REVIEWS[0], {"@type": "ClaimReview"}], indent=2), "utf-8")
    path = str(tmp_path / "s.sqlite")
    stopped = run("factchecks", "import", str(bad), "--store", path)
    assert stopped.exit_code == 2
    assert f"{bad}:" in stopped.stderr and "without claimReviewed" in stopped.stderr
    listed = run("factchecks", "list", "--store", path)
    assert listed.stdout.startswith("0 fact-checks stored")
    skipped = run("factchecks", "import", str(bad), "--store", path, "--skip-bad")
    assert skipped.exit_code == 0 and "1 new" in skipped.stdout
    assert "skipped:" in skipped.stderr


def test_csv_columns_are_options(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("text,label,who\nThe dam was built in 1920.,Mostly True,Jo\n", "utf-8")
    path = str(tmp_path / "s.sqlite")
    missing = run("factchecks", "import", str(table), "--store", path)
    assert missing.exit_code == 2 and "--claim-column" in missing.stderr
    ok = run(
        "factchecks", "import", str(table), "--store", path,
        "--claim-column", "text", "--verdict-column", "label", "--speaker-column", "who",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    [check] = json.loads(run("factchecks", "list", "--store", path, "-f", "json").stdout)
    assert (check["rating"], check["verdict"], check["claimant"]) == (
        "Mostly True",
        "mostly-true",
        "Jo",
    )


def test_list_and_search(store: Path) -> None:
    listed = run("factchecks", "list", "--store", str(store), "--limit", "1")
    assert listed.stdout.splitlines()[0] == "2 fact-checks stored; the first 1:"
    assert '"Half True" (half)' in listed.stdout
    found = run("factchecks", "search", "Will 4,000 geese really be culled?", "--store", str(store))
    assert found.stdout.startswith('1. "Half True" (half)  score ')
    hits = json.loads(run("factchecks", "search", CULL, "--store", str(store), "-f", "json").stdout)
    assert hits[0]["url"] == "https://checks.example/geese" and hits[0]["score"] > 0.5
    none = run("factchecks", "search", "A dragon flew over the castle.", "--store", str(store))
    assert none.exit_code == 0 and "no stored fact-check matches" in none.stderr


def test_missing_store_and_bad_format_are_one_line_errors(tmp_path: Path, reviews: Path) -> None:
    missing = run("factchecks", "list", "--store", str(tmp_path / "none.sqlite"))
    assert missing.exit_code == 2 and "no such store" in missing.stderr
    wrong = run("factchecks", "import", str(reviews), "--store", "x.sqlite", "--format", "xml")
    assert wrong.exit_code == 2 and "unknown output format" in wrong.stderr


def test_analyze_with_factchecks_shows_prior_checks_in_every_format(
    tmp_path: Path, store: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES[0]["text"], "utf-8")
    report = json.loads(
        run("analyze", str(article), "--factchecks", str(store), "-f", "json").stdout
    )
    priors = [p for c in report["claims"] for p in c["prior_factchecks"]]
    assert priors and priors[0]["rating"] == "Half True" and priors[0]["verdict"] == "half"
    assert priors[0]["publisher"] == "Lake Checks" and priors[0]["date"] == "2024-01-20"
    for fmt, marker in (("markdown", "## Prior fact-checks"), ("html", "<h2>Prior fact-checks")):
        shown = run("analyze", str(article), "--factchecks", str(store), "-f", fmt).stdout
        assert marker in shown and "checks.example/geese" in shown
    text = run("analyze", str(article), "--factchecks", str(store), "-f", "text").stdout
    assert "Prior fact-checks" in text and "Half True" in text
    plain = json.loads(run("analyze", str(article), "-f", "json").stdout)
    assert all(c["prior_factchecks"] == [] for c in plain["claims"])


def test_analyze_store_uses_its_own_factchecks(tmp_path: Path, store: Path) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), "utf-8")
    assert run("ingest", str(source), "--store", str(store)).exit_code == 0
    assert run("analyze", "--store", str(store)).exit_code == 0
    shown = json.loads(run("show", "geese-1", "--store", str(store), "-f", "json").stdout)
    assert any(c["prior_factchecks"] for c in shown["claims"])


def test_trace_shows_prior_checks_and_writes_a_claimreview_draft(
    tmp_path: Path, store: Path
) -> None:
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), "utf-8")
    assert run("ingest", str(source), "--store", str(store)).exit_code == 0
    claim = "4,000 geese will be culled on Lake Vessen"
    trace = json.loads(run("trace", claim, "--store", str(store), "--lexical", "-f", "json").stdout)
    assert trace["prior_factchecks"][0]["url"] == "https://checks.example/geese"
    markdown = run("trace", claim, "--store", str(store), "--lexical", "-f", "markdown").stdout
    assert "## Prior fact-checks" in markdown
    draft = run("trace", claim, "--store", str(store), "--lexical", "-f", "claimreview")
    assert draft.exit_code == 0, draft.output
    review = json.loads(draft.stdout)
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Ola Brekke"}
    assert item["datePublished"] == "2024-01-08"
    assert item["firstAppearance"]["url"] == "https://vessen-daily.example/geese-1"
    assert {a["url"] for a in item["appearance"]} == {a["url"] for a in ARTICLES}
    assert "reviewRating" not in review and "url" not in review
    assert "reviewRating (--rating), url (--url), author (--reviewer)" in draft.stderr
    full = run(
        "trace", claim, "--store", str(store), "--lexical", "-f", "claimreview",
        "--rating", "False", "--reviewer", "Lake Checks", "--url", "https://checks.example/r",
    )  # fmt: skip
    done = json.loads(full.stdout)
    assert done["reviewRating"] == {"@type": "Rating", "alternateName": "False"}
    assert done["author"]["name"] == "Lake Checks" and done["url"] == "https://checks.example/r"
    assert "every required ClaimReview field" in full.stderr


SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
def test_real_clef_and_liar_files_import_and_are_found(tmp_path: Path) -> None:
    store = str(tmp_path / "real.sqlite")
    clef = SHARED / "claim_retrieval" / "verified_claims.docs.tsv"
    imported = run("factchecks", "import", str(clef), "--format", "clef", "--store", store)
    assert imported.exit_code == 0, imported.output
    assert "read 10,375 fact-checks: 10,375 new" in imported.stdout
    liar = [str(SHARED / "liar" / name) for name in ("train.tsv", "valid.tsv")]
    both = run("factchecks", "import", *liar, "--format", "liar", "--store", store)
    assert both.exit_code == 0, both.output
    assert "read 11,553 fact-checks" in both.stdout
    again = run("factchecks", "import", str(clef), "--format", "clef", "--store", store)
    assert "0 new, 10,375 already stored" in again.stdout
    # A LIAR statement (read from the file, not copied here) is found with PolitiFact's verdict
    # as written and on the scale.
    first = (SHARED / "liar" / "valid.tsv").read_text("utf-8").split("\n", 1)[0].split("\t")
    label, statement = first[1], " ".join(first[2].split())
    [best, *_] = json.loads(
        run("factchecks", "search", statement, "--store", store, "--lexical", "-f", "json").stdout
    )
    assert (best["claim_reviewed"], best["rating"]) == (statement, label)
    assert best["verdict"] is not None
    assert best["publisher"] == "PolitiFact" and best["score"] > load_threshold("lexical")

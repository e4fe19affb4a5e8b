"""Fact-checks in the stores (SQLite and PostgreSQL, through the `store` fixture): idempotent
saves, search, old and read-only stores, import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newstrace.corpus.factcheck_import import import_factchecks
from newstrace.corpus.factcheck_match import match_claims, with_prior_checks
from newstrace.corpus.store import Store, open_store
from newstrace.errors import InputError, MalformedInputError, StoreError
from newstrace.model import Claim, FactCheck, Report, Sourcing

TUNNEL = "The harbour tunnel was closed to traffic for ten years."
FERRY = "The island ferry carries cars for free on Sundays."
BRIDGE = "The council spent four million pounds painting the old bridge."


def check(claim: str, rating: str | None = "False", url: str | None = None) -> FactCheck:
    from newstrace.loaders.verdicts import verdict_of

    return FactCheck(
        claim_reviewed=claim,
        rating=rating,
        verdict=verdict_of(rating),
        publisher="Example Checks",
        url=url or f"https://checks.example/{abs(hash(claim))}",
        date_published="2024-01-02",
    )


def test_saving_twice_stores_once_and_a_changed_rating_replaces(store: Store) -> None:
    checks = [check(TUNNEL), check(FERRY, "Mostly True")]
    first = store.save_factchecks(checks)
    again = store.save_factchecks(checks)
    assert (first.stored, first.duplicates) == (2, 0)
    assert (again.stored, again.duplicates) == (0, 2)
    assert store.factcheck_count() == 2
    rerated = checks[0].model_copy(update={"rating": "True", "verdict": "true"})
    store.save_factchecks([rerated])
    assert store.factcheck_count() == 2
    stored = store.get_factcheck(checks[0].id)
    assert stored is not None and stored.rating == "True"
    # The full-text index follows the update: the claim is found once, not twice.
    assert [hit.factcheck.id for hit in store.search_factchecks("harbour tunnel")] == [checks[0].id]


def test_iteration_and_lookup(store: Store) -> None:
    checks = [check(TUNNEL), check(FERRY), check(BRIDGE)]
    store.save_factchecks(checks)
    assert [c.id for c in store.iter_factchecks(batch_size=2)] == [c.id for c in checks]
    assert store.get_factcheck(checks[1].id) == checks[1]
    assert store.get_factcheck("nope") is None
    assert store.stats()["factchecks"] == 3


def test_search_ranks_the_claim_sharing_most_words_first(store: Store) -> None:
    store.save_factchecks([check(TUNNEL), check(FERRY), check(BRIDGE)])
    hits = store.search_factchecks("Was the old bridge really painted for four million?")
    assert hits[0].factcheck.claim_reviewed == BRIDGE
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert store.search_factchecks("the of and") == []
    assert store.search_factchecks('"unbalanced * OR') == []


def test_factcheck_frequencies_count_checks_by_stem(store: Store) -> None:
    store.save_factchecks([check(TUNNEL), check(FERRY), check("Two tunnels were closed.")])
    counts = store.factcheck_frequencies(["tunnel", "tunnels", "ferry", "volcano"])
    assert counts == {"tunnel": 2, "tunnels": 2, "ferry": 1, "volcano": 0}


def test_an_old_store_gains_the_tables_and_a_read_only_one_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_store(path):
        pass
    conn = sqlite3.connect(path)
    for name in ("factchecks_ai", "factchecks_ad", "factchecks_au"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE factchecks_fts")
    conn.execute("DROP TABLE factchecks")
    conn.commit()
    conn.close()
    with open_store(path, read_only=True) as old:
        assert old.factcheck_count() == 0
        assert list(old.iter_factchecks()) == []
        assert old.search_factchecks(TUNNEL) == []
        assert old.factcheck_frequencies(["tunnel"]) == {"tunnel": 0}
        assert match_claims([TUNNEL], old) == [[]]
    with open_store(path) as writable:
        writable.save_factchecks([check(TUNNEL)])
        assert writable.factcheck_count() == 1
    with open_store(path, read_only=True) as reopened, pytest.raises(StoreError):
        reopened.save_factchecks([check(FERRY)])


def test_match_claims_keeps_checks_above_the_threshold(store: Store) -> None:
    store.save_factchecks([check(TUNNEL), check(FERRY), check(BRIDGE)])
    found = match_claims(
        [
            "Officials admit the harbour tunnel stayed closed to traffic for a decade.",
            "A dragon was seen over the lake.",
        ],
        store,
    )
    assert [p.claim_reviewed for p in found[0]] == [TUNNEL]
    assert found[0][0].rating == "False" and found[0][0].verdict == "false"
    assert 0 < found[0][0].score <= 1
    assert found[1] == []


def test_the_lexical_matcher_finds_the_same_check_without_embeddings(store: Store) -> None:
    """The core install (no `semantic` extra) runs the re-ranker's lexical variant."""
    store.save_factchecks([check(TUNNEL), check(FERRY), check(BRIDGE)])
    claim = "Officials admit the harbour tunnel stayed closed to traffic for a decade."
    found = match_claims([claim, "A dragon was seen over the lake."], store, semantic=False)
    # At the threshold chosen on 10k checks: the BM25 feature is a share of what the query
    # could score, not the raw score, which grows with the collection (docs/factchecks.md).
    assert [p.claim_reviewed for p in found[0]] == [TUNNEL]
    assert found[1] == []


def test_a_changed_verdict_is_shown_without_rebuilding_the_index(store: Store) -> None:
    store.save_factchecks([check(TUNNEL)])
    assert match_claims([TUNNEL], store)[0][0].rating == "False"
    store.save_factchecks([check(TUNNEL, rating="Mostly false")])
    assert match_claims([TUNNEL], store)[0][0].rating == "Mostly false"


def test_with_prior_checks_fills_each_claim(store: Store) -> None:
    store.save_factchecks([check(TUNNEL)])
    text = f"{TUNNEL} Nothing else happened."
    report = Report(
        article={"text": text},
        claims=[Claim(text=TUNNEL, start=0, end=len(TUNNEL), checkworthiness=0.9)],
        sourcing=Sourcing(score=0.1, independent_sources=0, named_sources=0, anonymous_sources=0),
    )
    filled = with_prior_checks(report, store)
    assert [p.claim_reviewed for p in filled.claims[0].prior_factchecks] == [TUNNEL]
    assert report.claims[0].prior_factchecks == []  # the input report is left as it was
    assert Report.from_json(filled.to_json()) == filled


def test_import_is_one_transaction_and_idempotent(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"@type": "ClaimReview", "claimReviewed": TUNNEL, "url": "u1"}]))
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"@type": "ClaimReview", "claimReviewed": FERRY, "url": "u2"},
                {"@type": "ClaimReview"},
            ],
            indent=1,
        )
    )
    with pytest.raises(MalformedInputError, match=r"bad\.json:\d+"):
        import_factchecks([good, bad], store)
    assert store.factcheck_count() == 0  # nothing half-written
    summary = import_factchecks([good, bad], store, skip_bad=True)
    assert (summary.read, summary.stored, len(summary.skipped)) == (2, 2, 1)
    again = import_factchecks([good, bad], store, skip_bad=True)
    assert (again.stored, again.duplicates) == (0, 2)
    assert store.factcheck_count() == 2


def test_importing_nothing_is_an_error(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "none.json"
    empty.write_text('{"@type": "NewsArticle"}')
    with pytest.raises(InputError, match="no fact-checks found"):
        import_factchecks([empty], store)

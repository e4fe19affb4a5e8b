"""The stores (SQLite and PostgreSQL, through the `store` fixture): content-keyed idempotent
writes, full-text search, reports, fingerprints; faults of each backend."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from newstrace.corpus.postgres_store import PostgresStore
from newstrace.corpus.sqlite_store import SQLiteStore
from newstrace.corpus.store import ArticleQuery, Store, content_id, open_store
from newstrace.errors import SearchTimeoutError, StoreError
from newstrace.model import Article, Claim, Provenance, Report, Sourcing

BRIDGE = "The council said on Monday that the old river bridge would reopen in May."
FLOOD = "Rescue teams evacuated 300 residents after the flood barrier failed, officials said."
FIGHTERS = "About 9,000 fighters crossed the border last week, a defence official told reporters."

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def article(text: str, **fields: object) -> Article:
    return Article(text=text, **fields)


def sourcing() -> Sourcing:
    return Sourcing(score=0.5, independent_sources=1, named_sources=1, anonymous_sources=0)


# -- idempotent writes ---------------------------------------------------------------------


def test_each_backend_implements_the_store_interface(store_url: str, store: Store) -> None:
    backend = SQLiteStore if "://" not in store_url else PostgresStore
    assert isinstance(store, backend)
    assert isinstance(store, Store)


def test_same_text_with_different_whitespace_is_stored_once(store: Store) -> None:
    spaced = "The council said on Monday  that the old river\n\nbridge would reopen in May. "
    result = store.add_articles(
        [article(BRIDGE, outlet="a.test"), article(spaced, outlet="a.test")]
    )
    assert (result.stored, result.duplicates) == (1, 1)
    assert store.count() == 1
    kept = store.get_article(content_id(article(spaced, outlet="a.test")))
    assert kept is not None and kept.outlet == "a.test"


def test_the_same_text_on_two_outlets_is_two_articles(store: Store) -> None:
    """An exact copy on another site is a fact copy detection and trace must see."""
    result = store.add_articles(
        [article(BRIDGE, outlet="a.test"), article(BRIDGE, outlet="b.test")]
    )
    assert (result.stored, result.duplicates) == (2, 0)


def test_adding_the_same_batch_twice_stores_nothing_new(store: Store) -> None:
    batch = [article(BRIDGE), article(FLOOD), article(FIGHTERS)]
    assert store.add_articles(batch).stored == 3
    again = store.add_articles(batch)
    assert (again.stored, again.duplicates) == (0, 3)
    assert store.count() == 3


def test_known_ids_names_only_stored_texts(store: Store) -> None:
    store.add_articles([article(BRIDGE)])
    ids = [content_id(article(BRIDGE)), content_id(article(FLOOD))]
    assert store.known_ids(ids) == {ids[0]}


def test_stored_article_keeps_its_text_fields_and_provenance(store: Store) -> None:
    original = article(
        "  The mayor said the tram line would close.\n\nIt will reopen in June.  ",
        id="input-7",
        title="Tram line to close",
        date="2021-03-04",
        outlet="city-news.test",
        url="https://city-news.test/tram",
        provenance=Provenance(file="in.jsonl", line=7, format="jsonl"),
        metadata={"label": "real", "authors": ["A. Writer"]},
    )
    store.add_articles([original])
    stored = store.get_article(content_id(original))
    assert stored is not None
    assert stored.model_dump(exclude={"id"}) == original.model_dump(exclude={"id"})
    assert stored.id == content_id(original)


def test_an_article_is_found_by_the_id_its_input_gave(store: Store) -> None:
    store.add_articles([article(BRIDGE, id="gossip-12")])
    found = store.get_article("gossip-12")
    assert found is not None and found.text == BRIDGE
    assert store.get_article("gossip-13") is None


def test_iter_articles_yields_every_article_in_insertion_order(store: Store) -> None:
    texts = [f"Item {n}: the harbour reopened after {n} days of repairs." for n in range(25)]
    store.add_articles([article(text) for text in texts])
    assert [a.text for a in store.iter_articles(batch_size=7)] == texts


# -- search --------------------------------------------------------------------------------


def filled(store: Store) -> Store:
    store.add_articles(
        [
            article(BRIDGE, title="River bridge to reopen", outlet="a.test", date="2020-05-01"),
            article(FLOOD, title="Flood barrier fails", outlet="b.test"),
            article(FIGHTERS, title="Border crossing", outlet="c.test"),
            article("The bridge club met on Tuesday to plan its winter tournament.", title="Club"),
            article("Farmers said the harvest was late because of the cold spring."),
        ]
    )
    return store


def test_search_ranks_the_best_match_first_and_marks_the_matched_words(store: Store) -> None:
    hits = filled(store).search("river bridge")
    assert hits[0].title == "River bridge to reopen"
    assert hits[0].outlet == "a.test" and hits[0].date == "2020-05-01"
    assert "**river** **bridge**" in hits[0].snippet.lower()
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))


def test_search_ids_rank_as_search_does_without_snippets(store: Store) -> None:
    filled(store)
    for query in ("river bridge", "bridge", '9,000 "fighters', '"border', "*"):
        assert store.search_ids(query, limit=3) == [h.id for h in store.search(query, limit=3)]
    assert store.search_ids("   ") == [] and store.search_ids("bridge", limit=0) == []


def test_search_matches_word_forms(store: Store) -> None:
    hits = filled(store).search("evacuate resident")
    assert [hit.title for hit in hits] == ["Flood barrier fails"]


def test_search_accepts_text_that_is_not_fts_syntax(store: Store) -> None:
    hits = filled(store).search('9,000 "fighters')
    assert [hit.title for hit in hits] == ["Border crossing"]


def test_search_box_syntax_that_fts5_refuses_falls_back_to_the_words(store: Store) -> None:
    filled(store)
    for query in ('"', "*", "fighters*x -", "border - crossing", "{border crossing}", '"border'):
        hits = store.search(query)
        page = store.find_articles(ArticleQuery(text=query))
        assert page.total == len(hits) <= 1, query
    assert [hit.title for hit in store.search('"border')] == ["Border crossing"]


def test_search_supports_phrases(store: Store) -> None:
    hits = filled(store).search('"bridge club"')
    assert [hit.title for hit in hits] == ["Club"]


def test_search_respects_the_limit_and_finds_nothing_for_absent_words(store: Store) -> None:
    filled(store)
    assert len(store.search("the", limit=2)) == 2
    assert store.search("zeppelin") == []
    assert store.search("   ") == []


def test_find_articles_filters_by_words_outlet_and_inclusive_dates(store: Store) -> None:
    filled(store)
    store.add_articles(
        [article("The bridge was closed for repairs in June.", outlet="A.test", date="2020-06-03")]
    )
    page = store.find_articles(ArticleQuery(text="bridge", outlets=("a.test",)))
    assert page.total == 2 and {hit.date for hit in page.hits} == {"2020-05-01", "2020-06-03"}
    page = store.find_articles(
        ArticleQuery(text="bridge", date_from="2020-05-01", date_to="2020-05-01")
    )
    assert [hit.title for hit in page.hits] == ["River bridge to reopen"]
    assert store.find_articles(ArticleQuery(text='9,000 "fighters')).total == 1
    assert store.find_articles(ArticleQuery(text="!!!")).total == 0


def test_find_articles_without_words_lists_newest_first_in_pages(store: Store) -> None:
    filled(store)
    first = store.find_articles(ArticleQuery(), limit=2)
    second = store.find_articles(ArticleQuery(), limit=2, offset=2)
    assert first.total == second.total == 5
    assert first.hits[0].date == "2020-05-01"  # dated articles come before undated ones
    assert not {hit.id for hit in first.hits} & {hit.id for hit in second.hits}
    assert first.hits[1].snippet  # the start of the text stands in for a snippet


# -- reports -------------------------------------------------------------------------------


def report_for(stored: Article) -> Report:
    start = stored.text.index("the old river bridge")
    claim = Claim(text=stored.text[start:], start=start, end=len(stored.text), checkworthiness=0.8)
    return Report(article=stored, claims=[claim], sourcing=sourcing())


def test_a_saved_report_comes_back_equal_and_leaves_the_unanalysed_list(store: Store) -> None:
    store.add_articles([article(BRIDGE, id="src-1"), article(FLOOD)])
    stored = store.get_article("src-1")
    assert stored is not None
    report = report_for(stored)
    store.save_reports([report])
    assert store.get_report(stored.id) == report
    assert store.get_report("src-1") == report
    assert store.unanalysed_ids(10) == [content_id(article(FLOOD))]
    assert store.unanalysed_count() == 1


def test_an_article_without_report_has_none(store: Store) -> None:
    store.add_articles([article(FLOOD)])
    assert store.get_report(content_id(article(FLOOD))) is None
    assert store.get_report("unknown") is None


def test_saving_a_report_of_an_unstored_article_stores_the_article(store: Store) -> None:
    store.save_reports([report_for(article(BRIDGE))])
    assert store.count() == 1
    assert store.unanalysed_ids(10) == []


def test_unanalysed_ids_page_after_a_given_id(store: Store) -> None:
    store.add_articles([article(BRIDGE), article(FLOOD), article(FIGHTERS)])
    first = store.unanalysed_ids(2)
    rest = store.unanalysed_ids(2, after=first[-1])
    assert len(first) == 2 and len(rest) == 1
    assert sorted(first + rest) == first + rest


# -- fingerprints --------------------------------------------------------------------------


def test_fingerprints_are_stored_with_their_articles(store: Store) -> None:
    key = content_id(article(BRIDGE))
    store.add_articles([article(BRIDGE)], {key: b"\x01\x02"})
    store.save_fingerprints([(key, b"\x03\x04")])
    assert list(store.iter_fingerprints()) == [(key, b"\x03\x04")]


def test_a_fingerprint_of_an_unstored_article_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="not stored"):
        store.save_fingerprints([("0123456789abcdef", b"\x00")])


def test_a_failing_batch_stores_neither_articles_nor_fingerprints(store: Store) -> None:
    good = article(BRIDGE)
    with pytest.raises(StoreError):
        store.add_articles([good], {content_id(good): b"\x01", "no-such-article": b"\x02"})
    assert store.count() == 0
    assert list(store.iter_fingerprints()) == []


# -- overview ------------------------------------------------------------------------------


def test_stats_describe_the_corpus(store: Store) -> None:
    stats = filled(store).stats()
    assert stats["articles"] == 5
    assert stats["analysed"] == 0 and stats["fingerprinted"] == 0
    assert stats["outlets"] == 3
    assert stats["first_date"] == stats["last_date"] == "2020-05-01"
    assert stats["size_bytes"] > 0


def test_a_sound_store_passes_the_consistency_check(store: Store) -> None:
    assert filled(store).check() == []


# -- where the store lives -----------------------------------------------------------------


def test_the_store_path_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "elsewhere" / "mine.sqlite"
    monkeypatch.setenv("NEWSTRACE_STORE", str(target))
    with open_store() as opened:
        assert opened.location == str(target)
    assert target.exists()


def test_an_unknown_url_scheme_is_refused() -> None:
    with pytest.raises(StoreError, match="postgresql"):
        open_store("postgresql://db.test/news")


# -- faults --------------------------------------------------------------------------------


def test_a_corrupt_store_file_is_a_store_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"these bytes are not an SQLite database at all\n" * 200)
    with pytest.raises(StoreError, match=r"broken\.sqlite.*corrupt"):
        open_store(path)


def test_a_store_with_damaged_pages_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    with open_store(path) as opened:
        opened.add_articles([article(f"{BRIDGE} Item {n}." * 20) for n in range(200)])
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged\.sqlite"), open_store(path) as opened:
        list(opened.iter_articles())
        opened.search("bridge")


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (name TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a newstrace store"):
        open_store(path)


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_a_read_only_store_refuses_writes_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    with open_store(path) as opened:
        opened.add_articles([article(BRIDGE)])
    with open_store(path, read_only=True) as readonly:
        with pytest.raises(StoreError, match="read-only"):
            readonly.add_articles([article(FLOOD), article(FIGHTERS)])
        assert readonly.count() == 1
        assert readonly.search("bridge")[0].id == content_id(article(BRIDGE))


def test_a_missing_store_opened_read_only_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "absent.sqlite", read_only=True)


@pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions")
def test_a_read_only_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    with open_store(path) as opened:
        opened.add_articles([article(BRIDGE)])
    path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"), open_store(path) as opened:
        opened.add_articles([article(FLOOD)])


def test_a_full_disk_is_a_store_error_and_leaves_no_partial_rows(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "small.sqlite", max_bytes=300_000) as small:
        small.add_articles([article(BRIDGE)])
        words = (f"item{n}x{k}" for n in range(40) for k in range(1000))
        big = [article(" ".join(next(words) for _ in range(1000))) for _ in range(40)]
        with pytest.raises(StoreError, match="disk is full"):
            small.add_articles(big)
        assert small.count() == 1
        assert small.check() == []


def test_search_works_while_another_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite"
    with open_store(path) as opened:
        opened.add_articles([article(BRIDGE)])
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM articles")
        with open_store(path, read_only=True) as reader:
            assert [hit.id for hit in reader.search("bridge")] == [content_id(article(BRIDGE))]
            assert reader.count() == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_similar_ids_finds_a_copy_through_the_lsh_index(store: Store) -> None:
    from newstrace.corpus.fingerprint import minhash_bytes

    original = article(" ".join([BRIDGE, FLOOD, FIGHTERS]), outlet="a.test")
    repost = article("Share this. " + original.text, outlet="b.test")
    other = article(FLOOD, outlet="c.test")
    prints = {content_id(a): minhash_bytes(a) for a in (original, repost, other)}
    store.add_articles([original, repost, other], prints)
    assert store.similar_ids(content_id(original)) == [content_id(repost)]


def test_a_search_over_its_time_limit_is_refused_as_too_broad(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "slow.sqlite", search_timeout=0.0) as store:
        store.add_articles(
            [
                article(f"Report {n}: the harbour board met about dredging plan {n}.")
                for n in range(300)
            ]
        )
        with pytest.raises(SearchTimeoutError, match="fewer or more specific words"):
            store.search("h* OR d* OR p* OR r*")
        with pytest.raises(SearchTimeoutError):
            store.find_articles(ArticleQuery(text="d* OR p*"))
        # The limit is per search: the connection is usable again afterwards.
        assert store.count() == 300

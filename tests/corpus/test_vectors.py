"""Sentence vectors in the store (`newstrace embed`) and trace's semantic candidates."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newstrace.corpus.embed import embed_store
from newstrace.corpus.store import SentenceVectors, open_store
from newstrace.corpus.trace import trace_claim
from newstrace.errors import StoreError
from newstrace.ml.embedding import MODEL_NAME
from newstrace.model import Article

CLAIM = "The harbour ferry to Lindholm island will stop running in March"
# A version that shares no rare word with the claim: only an embedding sees it.
PARAPHRASE = (
    "Boat service between the port and the little isle ends next spring, the operator "
    "confirmed on Monday."
)
UNRELATED = "The city orchestra played three new symphonies to a full hall on Saturday night."


def stand_in(texts: Sequence[str]) -> np.ndarray:
    """A deterministic embedder: texts about the ferry point one way, the rest elsewhere."""
    rows = []
    for text in texts:
        lowered = text.lower()
        if any(w in lowered for w in ("ferry", "boat service", "harbour ferry")):
            rows.append([1.0, 0.0, 0.0])
        else:
            seed = zlib.crc32(text.encode()) % 1000 / 1000
            rows.append([0.0, np.cos(seed), np.sin(seed)])
    return np.array(rows, dtype=np.float32)


def articles() -> list[Article]:
    return [
        Article(id="p", text=PARAPHRASE, outlet="isle-news.example", date="2024-02-01"),
        Article(id="u", text=UNRELATED, outlet="city.example", date="2024-02-01"),
        Article(
            id="w",
            text="Lindholm island ferry will stop running in March, the council said.",
            outlet="wire.example",
            date="2024-02-02",
        ),
    ]


def test_vectors_round_trip_and_nearest_gives_one_hit_per_article(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles(articles())
        summary = embed_store(store, stand_in, MODEL_NAME)
        assert (summary.articles, summary.remaining) == (3, 0)
        assert store.vector_count() == 3 and store.unembedded_ids(10) == []
        ids = [h.id for h in store.search("orchestra")]
        (item,) = store.get_vectors(ids).values()
        assert item.model == MODEL_NAME and item.vectors.shape == (len(item.spans), 3)
        hits = store.nearest_articles(stand_in([CLAIM])[0], model=MODEL_NAME, limit=10)
        assert len({h.article_id for h in hits}) == len(hits) == 3
        assert hits[0].score == pytest.approx(1.0, abs=1e-3) and hits[-1].score < 0.5
        # Vectors of another encoder are never compared with this one's.
        assert store.nearest_articles(stand_in([CLAIM])[0], model="other", limit=10) == []
        with pytest.raises(StoreError, match="dimensions"):
            store.nearest_articles(np.ones(5, dtype=np.float32), model=MODEL_NAME)


def test_embedding_resumes_where_it_stopped_and_doubles_nothing(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles(articles())
        first = embed_store(store, stand_in, MODEL_NAME, batch_size=1, max_articles=2)
        assert (first.articles, first.remaining) == (2, 1)
        second = embed_store(store, stand_in, MODEL_NAME, batch_size=1)
        assert (second.articles, second.remaining) == (1, 0)
        assert store.vector_count() == store.count() == 3
        assert store.stats()["embedded"] == 3


def test_a_vector_for_an_article_not_stored_is_refused(store_url: str) -> None:
    with open_store(store_url) as store:
        item = SentenceVectors("nope", MODEL_NAME, ((0, 5),), np.ones((1, 3), dtype=np.float32))
        with pytest.raises(StoreError, match="not stored"):
            store.save_vectors([item])
        bad = SentenceVectors(
            "nope", MODEL_NAME, ((0, 5), (6, 9)), np.ones((1, 3), dtype=np.float32)
        )
        with pytest.raises(StoreError, match="one vector per span"):
            store.save_vectors([bad])


def test_a_store_from_before_vectors_reads_as_having_none(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_store(path) as store:
        store.add_articles(articles())
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE sentence_vectors")
    with open_store(path, read_only=True) as store:
        assert store.vector_count() == 0 and store.unembedded_ids(5) == []
        assert store.nearest_articles(np.ones(3, dtype=np.float32), model=MODEL_NAME) == []
        assert store.get_vectors(["p"]) == {}


def test_trace_finds_a_paraphrase_through_stored_vectors_and_says_when_it_cannot(
    store_url: str,
) -> None:
    with open_store(store_url) as store:
        store.add_articles(articles())
        lexical = trace_claim(store, CLAIM, embedder=None)
        found = {store.get_article(m.article_id).text for m in lexical.matches}  # type: ignore[union-attr]
        assert PARAPHRASE not in found
        assert any("shared words only" in line for line in lexical.explanation)
        no_vectors = trace_claim(store, CLAIM, embedder=stand_in)
        assert any("no sentence vectors" in line for line in no_vectors.explanation)
        embed_store(store, stand_in, MODEL_NAME)
        semantic = trace_claim(store, CLAIM, embedder=stand_in)
        texts = {store.get_article(m.article_id).text for m in semantic.matches}  # type: ignore[union-attr]
        assert PARAPHRASE in texts and UNRELATED not in texts
        assert not any("shared words only" in line for line in semantic.explanation)
        assert all(m.semantic is not None for m in semantic.matches)


def test_a_trace_cut_at_its_limit_says_more_may_state_the_claim(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles(articles())
        cut = trace_claim(store, CLAIM, embedder=None, limit=1, analyze_missing=False)
        assert len(cut.matches) == 1
        assert any("raise the limit" in line for line in cut.explanation)
        whole = trace_claim(store, CLAIM, embedder=None, analyze_missing=False)
        assert not any("raise the limit" in line for line in whole.explanation)


def test_an_article_with_no_sentence_to_embed_breaks_no_search(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles(
            [Article(id="t", title="Hi", text="Short one. Tiny.", outlet="a.example")]
        )
        assert embed_store(store, stand_in, MODEL_NAME).articles == 1
        assert store.vector_count() == 1
        assert store.nearest_articles(stand_in([CLAIM])[0], model=MODEL_NAME) == []
        assert trace_claim(store, CLAIM, embedder=stand_in, analyze_missing=False).matches == []


def test_vectors_of_another_encoder_are_stale_and_embedded_again(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add_articles(articles())
        embed_store(store, stand_in, "old-encoder")
        assert store.vector_count() == 3 and store.vector_count(MODEL_NAME) == 0
        stale = trace_claim(store, CLAIM, embedder=stand_in, analyze_missing=False)
        assert any("no sentence vectors" in line for line in stale.explanation)
        again = embed_store(store, stand_in, MODEL_NAME)
        assert (again.articles, again.remaining) == (3, 0)
        assert store.vector_count(MODEL_NAME) == 3


def test_rows_without_a_vector_are_held_to_the_lexical_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the cap of sentences embedded at trace time, a row is scored by the lexical
    matcher and must pass its threshold, not the semantic one (nor the cross variant's, which
    re-scores embedded rows only)."""
    from newstrace.corpus import matching
    from newstrace.ml.versions.matcher import load_version_matcher

    monkeypatch.setattr(matching, "EMBED_NOW", 1)
    found = matching.candidate_sentences(CLAIM, articles(), embedder=stand_in, limit=0)
    assert found is not None and 0 < len(found.embedded) < len(found.rows)
    _, thresholds = matching.match_scores(found)
    embedded = set(found.embedded.tolist())
    for i, threshold in enumerate(thresholds):
        variants = ("semantic", "cross") if i in embedded else ("lexical",)
        assert threshold in {load_version_matcher(v).threshold for v in variants}

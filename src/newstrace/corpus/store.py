"""The article store interface every backend implements, and `open_store` to pick one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

import numpy as np
import numpy.typing as npt

from newstrace.errors import StoreError
from newstrace.model import Article, FactCheck, Report, article_id
from newstrace.outlets import canonical_outlet
from newstrace.settings import get_settings

# Markers around the matched words in a search snippet: readable as text and as Markdown.
HIGHLIGHT_START = "**"
HIGHLIGHT_END = "**"


def content_id(article: Article) -> str:
    """The store key: a hash of the whitespace-normalised text and of who published it.

    The same article read twice is stored once; the same text on two outlets is two articles
    (an exact copy), which copy detection and trace must see. Input ids may repeat, so they
    are not the key.
    """
    publisher = canonical_outlet(article.outlet or article.url) or ""
    if not publisher:
        return article_id(article.text)
    return article_id(f"{article.text}\n{publisher.lower()}")


@dataclass(frozen=True)
class AddResult:
    """What one `add_articles` call did: new rows, and articles whose text was already stored."""

    stored: int
    duplicates: int


@dataclass(frozen=True)
class SearchHit:
    """One full-text match, best first; `snippet` marks the matched words with HIGHLIGHT_*."""

    id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    source_id: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class ArticleQuery:
    """Which articles to list: full-text words, outlet names and an inclusive date range.

    Every part left empty matches everything; `outlets` are compared case-insensitively with
    the stored outlet value (pass every alias and domain of an outlet to match it whole).
    """

    text: str = ""
    outlets: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class ArticlePage:
    """One page of `find_articles`: the hits and how many articles match in all."""

    total: int
    hits: list[SearchHit]


@dataclass(frozen=True)
class FactCheckHit:
    """One stored fact-check found by `search_factchecks`; a higher score is a better match."""

    factcheck: FactCheck
    score: float


@dataclass(frozen=True)
class SentenceVectors:
    """The embedded title and sentences of one stored article (`newstrace embed`)."""

    article_id: str
    model: str  # the sentence encoder that made the vectors
    spans: tuple[tuple[int, int], ...]  # (start, end) char offsets; (-1, -1) is the title
    vectors: npt.NDArray[np.float32]  # one L2-normalised row per span


@dataclass(frozen=True)
class VectorHit:
    """One article found by sentence embedding: its closest sentence and their cosine."""

    article_id: str
    start: int
    end: int
    score: float


@runtime_checkable
class Store(Protocol):
    """A corpus of articles with their fingerprints, full-text index and analysis reports.

    Articles are keyed by `content_id`: adding the same text twice (up to whitespace) stores
    it once. Every write method is one transaction: it lands whole or not at all.
    """

    @property
    def location(self) -> str:
        """Where the store lives (a file path, or a URL without credentials)."""
        ...

    def add_articles(
        self, batch: Sequence[Article], fingerprints: Mapping[str, bytes] | None = None
    ) -> AddResult:
        """Store new articles (and their fingerprints, keyed by content id) in one transaction."""
        ...

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of `ids` (content ids) already stored."""
        ...

    def get_article(self, id: str) -> Article | None:
        """The stored article by content id or by the id its input gave it; None if unknown."""
        ...

    def iter_articles(self, *, batch_size: int = 1000) -> Iterator[Article]:
        """Every stored article in insertion order, read `batch_size` rows at a time."""
        ...

    def count(self) -> int:
        """Number of stored articles."""
        ...

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Full-text search over title and text, ranked by BM25, with highlighted snippets."""
        ...

    def search_ids(self, query: str, limit: int = 10) -> list[str]:
        """The ids `search` ranks first, without snippets: trace's candidates need none, and
        making snippets costs about ten times the ranking on a 100k store."""
        ...

    def find_articles(
        self, query: ArticleQuery, *, limit: int = 20, offset: int = 0
    ) -> ArticlePage:
        """A page of articles matching `query`: by rank when it has words, else newest first."""
        ...

    def unanalysed_ids(self, limit: int, *, after: str | None = None) -> list[str]:
        """Up to `limit` content ids with no report yet, in id order, greater than `after`."""
        ...

    def unanalysed_count(self) -> int:
        """Number of stored articles with no report yet."""
        ...

    def save_reports(self, reports: Sequence[Report]) -> int:
        """Store (or replace) reports in one transaction; their articles are added if new."""
        ...

    def analyse_ids(
        self, ids: Sequence[str], analyse: Callable[[list[Article]], list[Report]]
    ) -> int:
        """Analyse those of `ids` that have no report yet and that no other run holds, and
        save their reports in one transaction; how many were saved. On a server the articles
        stay claimed (`FOR UPDATE SKIP LOCKED`) until then, so runs on several machines share
        the work; a run killed mid-way releases them, and nothing is saved twice."""
        ...

    def get_report(self, id: str) -> Report | None:
        """The stored report of an article (content id or input id); None if not analysed."""
        ...

    def save_fingerprints(self, rows: Iterable[tuple[str, bytes]]) -> int:
        """Store (or replace) fingerprints as (content id, bytes) rows in one transaction."""
        ...

    def iter_fingerprints(self, *, batch_size: int = 5000) -> Iterator[tuple[str, bytes]]:
        """Every stored (content id, fingerprint) row."""
        ...

    def term_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """How many stored articles contain each word (as the full-text index stems it)."""
        ...

    def similar_ids(self, id: str, limit: int = 200) -> list[str]:
        """Articles sharing an LSH band with `id`: candidates for its copies (to verify)."""
        ...

    def save_factchecks(self, batch: Sequence[FactCheck]) -> AddResult:
        """Store fact-checks in one transaction; one already stored (same id) is kept, not
        doubled, and updated when its fields changed."""
        ...

    def iter_factchecks(self, *, batch_size: int = 1000) -> Iterator[FactCheck]:
        """Every stored fact-check in insertion order."""
        ...

    def factcheck_count(self) -> int:
        """Number of stored fact-checks."""
        ...

    def get_factcheck(self, id: str) -> FactCheck | None:
        """The stored fact-check by id; None if unknown."""
        ...

    def search_factchecks(self, text: str, limit: int = 10) -> list[FactCheckHit]:
        """Fact-checks whose claim (or title) shares words with `text`, best first (BM25 over
        any of its words, so a claim worded otherwise still finds them)."""
        ...

    def factcheck_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """How many stored fact-checks contain each word (as the full-text index stems it)."""
        ...

    def save_vectors(self, batch: Sequence[SentenceVectors]) -> int:
        """Store the sentence vectors of stored articles (replacing older ones), in one
        transaction; returns how many articles were written."""
        ...

    def unembedded_ids(
        self, limit: int, *, after: str | None = None, model: str | None = None
    ) -> list[str]:
        """Up to `limit` ids of articles without sentence vectors (of `model`, when given: a
        vector of another encoder is stale), in id order after `after`."""
        ...

    def vector_count(self, model: str | None = None) -> int:
        """How many stored articles have sentence vectors (of `model`, when given)."""
        ...

    def get_vectors(self, ids: Iterable[str]) -> dict[str, SentenceVectors]:
        """The sentence vectors of those of `ids` that have them."""
        ...

    def nearest_articles(
        self, vector: npt.NDArray[np.float32], *, model: str, limit: int = 100
    ) -> list[VectorHit]:
        """The articles whose closest sentence (by cosine, vectors of `model` only) is nearest
        `vector`, best first, one hit per article."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts and ranges that describe the corpus, JSON-serialisable."""
        ...

    def check(self) -> list[str]:
        """Problems found by a full consistency check of data and index; empty when sound."""
        ...

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


# Store backends by URL scheme. A backend module registers itself when imported;
# `newstrace.corpus` imports the built-in ones, so this module never imports a backend.
Opener = Callable[[str, bool], "Store"]
_BACKENDS: dict[str, Opener] = {}


def register_backend(scheme: str, opener: Opener) -> None:
    """Make `open_store` open `scheme://...` URLs with `opener(url_or_path, read_only)`.

    The scheme "sqlite" also serves plain file paths.
    """
    _BACKENDS[scheme] = opener


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating if needed, unless `read_only`) the store at `path`; None: the configured one.

    A file path (or `sqlite:///path`) opens the SQLite backend; a URL opens the backend
    registered for its scheme.
    """
    target = str(path) if path is not None else get_settings().store_location
    scheme, sep, _ = target.partition("://")
    if not (sep and scheme.isalpha()):
        scheme = "sqlite"
    opener = _BACKENDS.get(scheme)
    if opener is None:
        known = ", ".join(f"{name}://" for name in sorted(_BACKENDS))
        raise StoreError(f"no store backend for {scheme}:// URLs (known: {known} and file paths)")
    return opener(target, read_only)

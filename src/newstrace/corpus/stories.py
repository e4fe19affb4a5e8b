"""Stories: the copies in a store grouped into the stories that ran on several outlets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..outlets import canonical_outlet
from .dedupe import Fingerprint, find_copies, group_stories
from .fingerprint import minhash_from_bytes, shingles
from .store import Store


@dataclass(frozen=True)
class StorySummary:
    articles: list[str]  # earliest first; undated last
    outlets: list[str]
    earliest_date: str | None
    title: str | None
    copy_pairs: int


def _fingerprints(store: Store) -> Iterator[Fingerprint]:
    """Stored MinHashes (no recomputation) with each article's shingles for verification."""
    stored = dict(store.iter_fingerprints())
    for article in store.iter_articles():
        blob = stored.get(article.id)
        if blob is None:
            yield Fingerprint.of(article.id, article.text)
        else:
            yield Fingerprint(article.id, minhash_from_bytes(blob), shingles(article.text))


def store_stories(store: Store, *, min_outlets: int = 2) -> list[StorySummary]:
    """Every story whose copies ran on at least `min_outlets` outlets, largest first."""
    summaries = []
    for story in group_stories(find_copies(_fingerprints(store))):
        articles = [a for i in story.articles if (a := store.get_article(i)) is not None]
        outlets = sorted({canonical_outlet(a.outlet or a.url) or "?" for a in articles})
        if len(outlets) < min_outlets:
            continue
        articles.sort(key=lambda a: a.date or "9999")
        dated = [a.date for a in articles if a.date]
        summaries.append(
            StorySummary(
                articles=[a.id for a in articles],
                outlets=outlets,
                earliest_date=min(dated) if dated else None,
                title=next((a.title for a in articles if a.title), None),
                copy_pairs=len(story.pairs),
            )
        )
    return sorted(summaries, key=lambda s: (-len(s.outlets), -len(s.articles)))

"""Copy detection: MinHash LSH candidates, exact Jaccard and containment checks, stories."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from newstrace.corpus.fingerprint import (
    NUM_PERM,
    ShingleArray,
    hashvalues,
    minhash_of,
    shingles,
)
from newstrace.model import Article

# LSH banding: 42 bands of 3 MinHash rows (126 of the 128). Two sets share a band with
# probability 1 - (1 - J**3)**42: 1.0 at J >= 0.6 (near-duplicates are never missed: the miss
# rate at J = 0.8 is 1e-13), 0.996 at J = 0.5, 0.94 at 0.4, 0.68 at 0.3, 0.29 at 0.2, 0.04 at 0.1.
# The knee is low on purpose: a partial copy has a Jaccard well below its containment (an article
# wrapped in as much text again of its own: containment 1.0, J = 0.5; containment 0.8 in a text
# twice its size: J = 0.36) and must still become a candidate. Candidates are cheap to verify.
BANDS = 42
ROWS_PER_BAND = 3
JACCARD = 0.8
CONTAINMENT = 0.8
# Containment of a very short text says little ("Click here to subscribe" is contained in many
# pages): a partial copy needs at least this many shingles (about 25 words) on the contained side.
MIN_CONTAINED_SHINGLES = 20

_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it is a bijection


@dataclass(frozen=True)
class Fingerprint:
    """What copy detection needs of one article: its MinHash and its sorted shingle hashes."""

    id: str
    minhash: MinHash
    shingles: ShingleArray

    @classmethod
    def of(cls, article_id: str, text: str) -> Fingerprint:
        shingle_hashes = shingles(text)
        return cls(article_id, minhash_of(hashvalues(shingle_hashes)), shingle_hashes)


Record = Article | Fingerprint | tuple[str, str] | tuple[str, MinHash, ShingleArray]


@dataclass(frozen=True)
class CopyPair:
    """Two articles that share most of their text; a comes before b in the input."""

    a: str
    b: str
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    shingles_a: int
    shingles_b: int

    @property
    def near_duplicate(self) -> bool:
        """True when the pair passed on Jaccard; False for a partial copy (containment only)."""
        return self.jaccard >= JACCARD


@dataclass(frozen=True)
class Story:
    """Articles joined by copy pairs (transitively): one story that ran in several places."""

    articles: frozenset[str]
    pairs: tuple[CopyPair, ...] = field(default=(), compare=False)

    def __len__(self) -> int:
        return len(self.articles)


@functools.lru_cache(maxsize=4096)
def _article_fingerprint(article_id: str, text: str) -> Fingerprint:
    """Cached: a trace checks the same stored articles for copies again on every query that
    finds them (shingling is most of that check's time)."""
    return Fingerprint.of(article_id, text)


def as_fingerprint(record: Record) -> Fingerprint:
    """Normalise any accepted record to a Fingerprint."""
    if isinstance(record, Fingerprint):
        return record
    if isinstance(record, Article):
        return _article_fingerprint(record.id, record.text)
    if len(record) == 2:
        return _article_fingerprint(record[0], record[1])
    return Fingerprint(record[0], record[1], record[2])


def find_copies(
    records: Iterable[Record],
    *,
    jaccard: float = JACCARD,
    containment: float = CONTAINMENT,
    min_contained_shingles: int = MIN_CONTAINED_SHINGLES,
) -> list[CopyPair]:
    """Every pair with Jaccard >= `jaccard` or one side contained in the other >= `containment`.

    Candidates come from MinHash LSH (banding, see BANDS); every candidate is then checked on the
    exact shingle sets, so each reported figure is exact and no pair below both thresholds is kept.
    Records with an empty text, and a second record with an id already seen, are skipped.
    """
    prints = _unique_nonempty(records)
    if len(prints) < 2:
        return []
    signatures = np.stack([p.minhash.hashvalues.astype(np.uint64) for p in prints])
    pairs = []
    for first, second in candidate_pairs(signatures):
        pair = verify(prints[first], prints[second])
        if _is_copy(pair, jaccard, containment, min_contained_shingles):
            pairs.append(pair)
    return pairs


def _unique_nonempty(records: Iterable[Record]) -> list[Fingerprint]:
    seen: set[str] = set()
    prints = []
    for record in records:
        found = as_fingerprint(record)
        if found.id in seen or len(found.shingles) == 0:
            continue
        seen.add(found.id)
        prints.append(found)
    return prints


def candidate_pairs(signatures: npt.NDArray[np.uint64]) -> list[tuple[int, int]]:
    """Row index pairs (i < j) whose MinHash signatures agree on all rows of at least one band.

    The banding of datasketch's MinHashLSH(params=(BANDS, ROWS_PER_BAND)), done with numpy over
    the whole signature matrix at once: one sort per band instead of a dict lookup per article.
    """
    if signatures.ndim != 2 or signatures.shape[1] < BANDS * ROWS_PER_BAND:
        raise ValueError(f"signatures must be (n, {NUM_PERM}), not {signatures.shape}")
    count = signatures.shape[0]
    codes: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        keys = _band_keys(signatures[:, band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND])
        codes.extend(_bucket_pair_codes(keys, count))
    if not codes:
        return []
    unique = np.unique(np.concatenate(codes))
    return [(int(code // count), int(code % count)) for code in unique]


def _band_keys(rows: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """One 64-bit key per signature band; a rare key collision only adds a candidate to verify."""
    keys = np.zeros(rows.shape[0], dtype=np.uint64)
    for column in range(rows.shape[1]):
        keys = (keys ^ rows[:, column]) * _BAND_MIX
    return keys ^ (keys >> np.uint64(29))


def _bucket_pair_codes(keys: npt.NDArray[np.uint64], count: int) -> Iterator[npt.NDArray[np.int64]]:
    """Pairs of rows with equal keys, encoded i * count + j (i < j)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    # Most buckets hold one pair (a copy and its original): do those in one vectorised step.
    twos = starts[sizes == 2]
    if len(twos):
        yield _pair_codes(order[twos], order[twos + 1], count)
    for start, size in zip(starts[sizes > 2], sizes[sizes > 2], strict=True):
        members = order[start : start + size]
        first, second = _triangle(int(size))
        yield _pair_codes(members[first], members[second], count)


@functools.cache
def _triangle(size: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Index pairs (i < j) of a bucket of this size; the same few sizes recur in every band."""
    first, second = np.triu_indices(size, k=1)
    return first, second


def _pair_codes(
    first: npt.NDArray[np.intp], second: npt.NDArray[np.intp], count: int
) -> npt.NDArray[np.int64]:
    low = np.minimum(first, second).astype(np.int64)
    high = np.maximum(first, second).astype(np.int64)
    return low * count + high


def verify(first: Fingerprint, second: Fingerprint) -> CopyPair:
    """Exact Jaccard and both containments of two shingle sets."""
    size_a, size_b = len(first.shingles), len(second.shingles)
    common = _intersection_size(first.shingles, second.shingles)
    union = size_a + size_b - common
    return CopyPair(
        a=first.id,
        b=second.id,
        jaccard=common / union if union else 0.0,
        containment_a_in_b=common / size_a if size_a else 0.0,
        containment_b_in_a=common / size_b if size_b else 0.0,
        shingles_a=size_a,
        shingles_b=size_b,
    )


def _intersection_size(first: ShingleArray, second: ShingleArray) -> int:
    """Size of the intersection of two sorted unique arrays (binary search of the smaller)."""
    small, large = (first, second) if len(first) <= len(second) else (second, first)
    if len(small) == 0:
        return 0
    where = np.searchsorted(large, small)
    where[where == len(large)] = 0
    return int(np.count_nonzero(large[where] == small))


def _is_copy(pair: CopyPair, jaccard: float, containment: float, min_contained: int) -> bool:
    if pair.jaccard >= jaccard:
        return True
    a_in_b = pair.containment_a_in_b >= containment and pair.shingles_a >= min_contained
    b_in_a = pair.containment_b_in_a >= containment and pair.shingles_b >= min_contained
    return a_in_b or b_in_a


def group_stories(pairs: Iterable[CopyPair]) -> list[Story]:
    """Connected components of the copy graph, largest first (ties by smallest id)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the trees flat
            node = parent[node]
        return node

    kept = list(pairs)
    for pair in kept:
        first, second = root(pair.a), root(pair.b)
        if first != second:
            parent[max(first, second)] = min(first, second)
    members: dict[str, set[str]] = {}
    for node in parent:
        members.setdefault(root(node), set()).add(node)
    by_root: dict[str, list[CopyPair]] = {}
    for pair in kept:
        by_root.setdefault(root(pair.a), []).append(pair)
    stories = [Story(frozenset(ids), tuple(by_root.get(top, ()))) for top, ids in members.items()]
    return sorted(stories, key=lambda story: (-len(story), min(story.articles)))


def band_keys(blob: bytes) -> list[tuple[int, int]]:
    """(band, key) of each LSH band of a stored fingerprint, keys as signed 64-bit integers.

    The store indexes them, so the copies of one article are found without a full scan.
    """
    if len(blob) < BANDS * ROWS_PER_BAND * 8:  # not a MinHash of ours: nothing to index
        return []
    signature = np.frombuffer(blob, dtype="<u8", count=BANDS * ROWS_PER_BAND)
    keys = _band_keys(signature.reshape(BANDS, ROWS_PER_BAND)).view(np.int64)
    return [(band, int(key)) for band, key in enumerate(keys)]

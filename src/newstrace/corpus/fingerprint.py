"""Article fingerprints: normalised word shingles, their MinHash, and its compact byte form."""

from __future__ import annotations

import functools
import re
import zlib

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from newstrace.errors import StoreError
from newstrace.model import Article, article_id

# Five-word shingles: long enough that two unrelated articles rarely share one by chance
# ("the president said on monday" is about as common as they get), short enough that a copy
# with a few edited words still shares most of its shingles with the original.
SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 20240604
# affine64 keeps hash values as uint64, so the stored blob is the hash values as they are, and
# the 64-bit permutation space does not saturate on long texts (datasketch issue 212).
SCHEME = "affine64"
MINHASH_BYTES = NUM_PERM * 8

ShingleArray = npt.NDArray[np.uint64]

_APOSTROPHES = re.compile(r"['’ʼ`]")
_NON_WORD = re.compile(r"[^\w\s]+|_+")
# Odd multipliers, one per position in the shingle, so "a b c d e" and "e d c b a" differ.
_POSITION_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7],
    dtype=np.uint64,
)
_FMIX = (
    np.uint64(33),
    np.uint64(0xFF51AFD7ED558CCD),
    np.uint64(0xC4CEB9FE1A85EC53),
)
_CHUNK_ROWS = 2048  # shingles per permutation block: bounds memory to 2048 x 128 x 8 bytes


def normalise(text: str) -> str:
    """Lower-cased text with apostrophes dropped, other punctuation as spaces, spaces collapsed."""
    text = _APOSTROPHES.sub("", text.lower())
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    return normalise(text).split()


def content_hash(text: str) -> str:
    """The id newstrace gives an article without one: same text up to whitespace, same hash."""
    return article_id(text)


def _fmix64(values: ShingleArray) -> ShingleArray:
    """MurmurHash3's 64-bit finaliser: spreads weak hashes over all bits (wrapping is intended)."""
    shift, mul1, mul2 = _FMIX
    values = values ^ (values >> shift)
    values = values * mul1
    values = values ^ (values >> shift)
    values = values * mul2
    return values ^ (values >> shift)


def shingles(text: str) -> ShingleArray:
    """Sorted unique 64-bit hashes of the text's 5-word shingles (one shingle if it is shorter)."""
    tokens = words(text)
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    # crc32 is the cheapest stable word hash in the standard library (~70 ns a word); the
    # position mix and finaliser below turn five of them into a well spread 64-bit shingle hash.
    word_hashes = np.fromiter(
        (zlib.crc32(token.encode("utf-8")) for token in tokens), dtype=np.uint64, count=len(tokens)
    )
    width = min(SHINGLE_WORDS, len(tokens))
    count = len(tokens) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for position in range(width):
        combined += word_hashes[position : position + count] * _POSITION_MULTIPLIERS[position]
    return np.unique(_fmix64(combined))


@functools.cache
def _permutations() -> npt.NDArray[np.uint64]:
    """datasketch's own affine64 permutations for (NUM_PERM, SEED), generated once."""
    template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    permutations: npt.NDArray[np.uint64] = template.permutations
    return permutations


def hashvalues(shingle_hashes: ShingleArray) -> ShingleArray:
    """MinHash values of a shingle set, computed in numpy with datasketch's affine64 scheme.

    Equal to `MinHash(scheme="affine64", hashfunc=identity).update_batch(shingle_hashes)` but
    without a Python call per shingle: fmix, then a * h + b (mod 2**64), then the column minimum.
    """
    a, b = _permutations()
    result = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    mixed = _fmix64(shingle_hashes)
    for start in range(0, len(mixed), _CHUNK_ROWS):
        block = mixed[start : start + _CHUNK_ROWS, None] * a + b
        np.minimum(result, block.min(axis=0), out=result)
    return result


def minhash_of(values: ShingleArray) -> MinHash:
    """A datasketch MinHash over given hash values, sharing the one permutation array."""
    return MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values, permutations=_permutations()
    )


def minhash(text: str) -> MinHash:
    """MinHash (128 permutations, fixed seed) of the text's 5-word shingle set."""
    return minhash_of(hashvalues(shingles(text)))


def minhash_bytes(article: Article) -> bytes:
    """The article's MinHash as 128 little-endian uint64 values (1,024 bytes), for the store."""
    return hashvalues(shingles(article.text)).astype("<u8").tobytes()


def minhash_from_bytes(blob: bytes) -> MinHash:
    """Inverse of `minhash_bytes`."""
    if len(blob) != MINHASH_BYTES:
        raise StoreError(
            f"stored fingerprint has {len(blob)} bytes, expected {MINHASH_BYTES} "
            f"({NUM_PERM} uint64 MinHash values); re-run ingest to rebuild it"
        )
    return minhash_of(np.frombuffer(blob, dtype="<u8").astype(np.uint64))

"""Fingerprints: normalised 5-word shingles, MinHash in datasketch's scheme, compact bytes."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from newstrace.corpus.fingerprint import (
    MINHASH_BYTES,
    NUM_PERM,
    SCHEME,
    SEED,
    content_hash,
    minhash,
    minhash_bytes,
    minhash_from_bytes,
    normalise,
    shingles,
)
from newstrace.errors import StoreError
from newstrace.model import Article, article_id

STORY = (
    "The harbour authority of Eastbridge said on Tuesday that the old ferry terminal will close "
    "for good at the end of the summer, after engineers found cracks in the pier that supports "
    "the loading ramp. About four hundred commuters use the morning crossing every day, and the "
    "authority promised a replacement bus service until a new terminal opens in two years."
)


def test_normalise_lowercases_drops_punctuation_and_collapses_whitespace() -> None:
    assert (
        normalise("  The Mayor's  office—said:\n'No comment!'  ")
        == "the mayors office said no comment"
    )


def test_shingles_are_five_word_windows() -> None:
    assert len(shingles("one two three four five six")) == 2
    assert len(shingles("one two three four five")) == 1


def test_text_shorter_than_a_shingle_is_one_shingle_and_empty_text_none() -> None:
    assert len(shingles("ferry closes")) == 1
    assert len(shingles(" ... ")) == 0


def test_shingles_ignore_case_punctuation_and_spacing_but_not_word_order() -> None:
    assert np.array_equal(
        shingles("Ferry closes, says the port!"), shingles("ferry closes says the port")
    )
    assert not np.array_equal(
        shingles("ferry closes says the port"), shingles("port the says closes ferry")
    )


def test_shingles_are_sorted_and_unique() -> None:
    hashes = shingles("one two three four five " * 3)
    assert np.all(np.diff(hashes.astype(np.float64)) > 0)
    assert len(hashes) == 5


def test_minhash_equals_datasketch_update_batch_over_the_same_shingles() -> None:
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=lambda value: value)
    reference.update_batch(shingles(STORY))
    assert np.array_equal(minhash(STORY).hashvalues, reference.hashvalues)


def test_minhash_estimates_the_jaccard_of_an_edited_copy() -> None:
    edited = STORY.replace("four hundred", "five hundred").replace("two years", "three years")
    first, second = set(shingles(STORY).tolist()), set(shingles(edited).tolist())
    exact = len(first & second) / len(first | second)
    assert minhash(STORY).jaccard(minhash(edited)) == pytest.approx(exact, abs=0.12)


def test_minhash_bytes_are_128_little_endian_uint64_and_round_trip() -> None:
    blob = minhash_bytes(Article(text=STORY))
    assert len(blob) == MINHASH_BYTES == 1024
    assert np.array_equal(np.frombuffer(blob, dtype="<u8"), minhash(STORY).hashvalues)
    assert minhash_from_bytes(blob).jaccard(minhash(STORY)) == 1.0


def test_a_blob_of_the_wrong_size_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="1024"):
        minhash_from_bytes(b"\x00" * 100)


def test_content_hash_is_the_article_id_and_ignores_whitespace() -> None:
    assert content_hash(STORY) == article_id(STORY) == Article(text=STORY).id
    assert content_hash(STORY) == content_hash("  " + STORY.replace(" ", "\n  "))

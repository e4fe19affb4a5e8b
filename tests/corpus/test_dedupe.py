"""Copy detection: near-duplicates and partial copies across outlets, grouped into stories."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHashLSH

from newstrace.corpus.dedupe import (
    BANDS,
    ROWS_PER_BAND,
    CopyPair,
    Fingerprint,
    Record,
    candidate_pairs,
    find_copies,
    group_stories,
)
from newstrace.corpus.fingerprint import minhash, shingles
from newstrace.model import Article

FERRY = (
    "The harbour authority of Eastbridge said on Tuesday that the old ferry terminal will close "
    "for good at the end of the summer, after engineers found cracks in the pier that supports "
    "the loading ramp. About four hundred commuters use the morning crossing every day, and the "
    "authority promised a replacement bus service until a new terminal opens in two years. "
    "Local shop owners near the quay fear that fewer visitors will stop in the old town once the "
    "boats are gone, and a petition to repair the pier has collected nine thousand signatures."
)
FESTIVAL = (
    "Organisers of the Larkfield folk festival cancelled this year's event on Friday, blaming a "
    "sharp rise in insurance costs and a shortage of volunteers. The festival, which started in a "
    "farmer's barn thirty years ago, drew more than twelve thousand people last summer. Tickets "
    "will be refunded within six weeks, the organisers said, and they hope to return next year "
    "with a smaller programme on the village green instead of the usual three stages."
)
BEETLE = (
    "A student at the Marrow Valley field station has found a beetle that researchers believe was "
    "never described before. The insect, barely three millimetres long, lives under the bark of "
    "fallen alder trees and glows faintly green under ultraviolet light. The station's director "
    "said the find shows how little is known about the valley's forest floor, and asked walkers "
    "to leave dead wood where it lies so that the beetle's habitat is not disturbed."
)
WRAPPER_INTRO = (
    "Residents have been waiting for weeks for news about the crossing. Here is what the port "
    "announced this morning. "
)
WRAPPER_OUTRO = " We will update this page when the council meets to discuss the bus timetable."


def pair_of(pairs: list[CopyPair], first: str, second: str) -> CopyPair:
    return next(p for p in pairs if {p.a, p.b} == {first, second})


def test_verbatim_repost_on_another_outlet_is_a_near_duplicate() -> None:
    pairs = find_copies([("ferry", FERRY), ("festival", FESTIVAL), ("repost", FERRY)])
    assert [(p.a, p.b) for p in pairs] == [("ferry", "repost")]
    assert pairs[0].jaccard == 1.0
    assert pairs[0].near_duplicate


def test_lightly_edited_copy_is_found_with_its_exact_jaccard() -> None:
    edited = FERRY.replace("Tuesday", "Wednesday").replace("nine thousand", "ten thousand")
    pair = find_copies([("ferry", FERRY), ("edited", edited)])[0]
    first, second = set(shingles(FERRY).tolist()), set(shingles(edited).tolist())
    assert pair.jaccard == len(first & second) / len(first | second)
    assert pair.jaccard >= 0.8


def test_article_wrapped_in_sentences_of_its_own_is_a_partial_copy() -> None:
    wrapper = WRAPPER_INTRO + FERRY + WRAPPER_OUTRO
    pair = find_copies([("ferry", FERRY), ("wrapper", wrapper)])[0]
    assert pair.jaccard < 0.8
    assert pair.containment_a_in_b == 1.0
    assert pair.containment_b_in_a < 0.8
    assert not pair.near_duplicate


def test_containment_threshold_decides_partial_copies() -> None:
    wrapper = WRAPPER_INTRO + FERRY + WRAPPER_OUTRO
    records = [("ferry", FERRY), ("wrapper", wrapper)]
    assert find_copies(records, containment=1.01, jaccard=0.8) == []


def test_unrelated_stories_are_not_copies() -> None:
    assert find_copies([("ferry", FERRY), ("festival", FESTIVAL), ("beetle", BEETLE)]) == []


def test_short_boilerplate_inside_an_article_is_not_a_partial_copy() -> None:
    footer = "Subscribe to our newsletter for the latest local news."
    pairs = find_copies([("footer", footer), ("ferry", FERRY + " " + footer)])
    assert pairs == []


def test_articles_pairs_and_fingerprints_are_all_accepted() -> None:
    records: list[Record] = [
        Article(text=FERRY, id="as-article"),
        ("as-pair", FERRY),
        ("as-triple", minhash(FERRY), shingles(FERRY)),
        Fingerprint.of("as-fingerprint", FERRY),
    ]
    stories = group_stories(find_copies(records))
    assert [story.articles for story in stories] == [
        frozenset({"as-article", "as-pair", "as-triple", "as-fingerprint"})
    ]


def test_repeated_ids_and_empty_texts_are_skipped() -> None:
    pairs = find_copies([("ferry", FERRY), ("ferry", FERRY), ("blank", "  "), ("blank2", "...")])
    assert pairs == []


def test_stories_are_connected_components_largest_first() -> None:
    def pair(a: str, b: str) -> CopyPair:
        return CopyPair(a, b, 1.0, 1.0, 1.0, 10, 10)

    stories = group_stories([pair("d", "e"), pair("a", "b"), pair("c", "b")])
    assert [sorted(story.articles) for story in stories] == [["a", "b", "c"], ["d", "e"]]
    assert len(stories[0].pairs) == 2


def test_copies_of_one_story_across_three_outlets_form_one_story() -> None:
    edited = FERRY.replace("Tuesday", "Monday")
    wrapper = WRAPPER_INTRO + FERRY + WRAPPER_OUTRO
    records = [("a", FERRY), ("b", edited), ("c", wrapper), ("d", FESTIVAL), ("e", FESTIVAL)]
    stories = group_stories(find_copies(records))
    assert [story.articles for story in stories] == [frozenset("abc"), frozenset("de")]


def test_banding_finds_the_same_candidates_as_datasketch_minhash_lsh() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(300)]
    base = [rng.choices(vocabulary, k=80) for _ in range(20)]
    texts = [" ".join(words) for words in base]
    # Variants at several edit levels so that some pairs fall on each side of the LSH knee.
    for words in base[:10]:
        changed = list(words)
        for position in rng.sample(range(80), rng.randint(1, 30)):
            changed[position] = rng.choice(vocabulary)
        texts.append(" ".join(changed))
    sketches = [minhash(text) for text in texts]
    index = MinHashLSH(num_perm=128, params=(BANDS, ROWS_PER_BAND))
    for number, sketch in enumerate(sketches):
        index.insert(number, sketch)
    expected = {
        (min(i, j), max(i, j))
        for i, sketch in enumerate(sketches)
        for j in index.query(sketch)
        if i != j
    }
    found = candidate_pairs(np.stack([sketch.hashvalues for sketch in sketches]))
    assert set(found) == expected
    assert expected  # the variants do collide, so the comparison is not vacuous

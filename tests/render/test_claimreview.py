"""The draft ClaimReview: who its author is, and which required fields it says are missing."""

from __future__ import annotations

from newstrace.corpus.matching import ClaimMatch
from newstrace.corpus.trace import Node, Origin, Trace
from newstrace.render.claimreview import (
    draft_claimreview,
    missing_required,
    original_speaker,
    still_to_fill,
    unknown_properties,
)


def trace(origins: list[Origin], earliest: list[str]) -> Trace:
    ids = ["a1", "a2"]
    return Trace(
        claim="  The pier   will close in June. ",
        matches=[
            ClaimMatch(article_id=i, start=0, end=5, sentence="s", score=1.0, lexical=1.0)
            for i in ids
        ],
        nodes=[
            Node(id="article:a1", kind="article", label="a1", url="https://one.example/1"),
            Node(id="article:a2", kind="article", label="a2"),
        ],
        edges=[],
        earliest=earliest,
        earliest_date="2024-02-01" if earliest else None,
        copy_roots=ids,
        origins=origins,
        independent_origins=len(origins),
        explanation=[],
    )


def test_the_author_is_the_named_speaker_behind_the_earliest_version() -> None:
    mayor = Origin(id="person:mayor", label="Mayor Ames", type="person", articles=["a2"])
    council = Origin(id="org:c", label="Town Council", type="organization", articles=["a1"])
    anonymous = Origin(id="anon", label="an official", type="anonymous", articles=["a1", "a2"])
    assert original_speaker(trace([mayor, council, anonymous], ["a1"])) == council
    assert original_speaker(trace([mayor, anonymous], ["a1"])) == mayor
    assert original_speaker(trace([anonymous], ["a1"])) is None
    review = draft_claimreview(trace([council], ["a1"]))
    assert review["claimReviewed"] == "The pier will close in June."
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Town Council"}
    assert review["itemReviewed"]["firstAppearance"]["url"] == "https://one.example/1"
    # Only versions with an address appear.
    assert review["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://one.example/1"}
    ]
    assert unknown_properties(review) == []


def test_missing_fields_are_named_until_given() -> None:
    bare = draft_claimreview(trace([], []))
    assert "author" not in bare["itemReviewed"] and "datePublished" not in bare["itemReviewed"]
    assert missing_required(bare) == ["reviewRating", "url", "author"]
    assert "reviewRating (--rating)" in still_to_fill(bare)
    full = draft_claimreview(trace([], []), rating="False", reviewer="Checks", url="https://c/")
    assert missing_required(full) == []
    assert missing_required({**full, "reviewRating": {"@type": "Rating"}}) == ["reviewRating"]
    assert unknown_properties({**full, "ratng": 1}) == ["ratng"]

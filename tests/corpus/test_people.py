"""Versions about other people: sibling stories the matcher finds alike in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.corpus.people import claim_surnames, other_person
from newstrace.model import Article

CLAIM = "Dana Ruiz and Tom Brandle are getting back together"


def test_the_claims_people_are_its_full_names() -> None:
    assert claim_surnames(CLAIM) == ["ruiz", "brandle"]
    assert claim_surnames("The harbour will close for a year") == []


@pytest.mark.parametrize(
    ("sentence", "other"),
    [
        ("Brandle and Velmora show no signs of getting back together.", "Velmora"),
        ("Ana Velmora is not getting back with any of her exes.", "Ana Velmora"),
        ("Tom Brandle and Dana Ruiz are not getting back together.", None),
        ("Sadly, Brandle and Ruiz are never getting back together.", None),
        ("Tom has said that they are not getting back together.", None),  # no other person
        ("Dana Ruiz-Brandle Is Back With Tom", None),  # parts of the claim's names
        ("Ruiz Meets Ana At The Airport As Brandle Waits", None),  # a headline's capitals
        # a name that describes the claim's person by a tie to someone else
        ("Ana Velmora's alleged boyfriend is back with Ruiz.", None),
        ("Ana Velmora self-proclaimed boyfriend is back with Ruiz.", None),
    ],
)
def test_a_sentence_naming_someone_else_in_place_of_the_claims_people(
    sentence: str, other: str | None
) -> None:
    assert other_person(CLAIM, sentence) == other


def test_a_claim_naming_nobody_keeps_every_version() -> None:
    claim = "The harbour bridge will close for a year"
    assert other_person(claim, "Ana Velmora said the harbour bridge will close.") is None


def test_trace_leaves_a_sibling_story_out_and_says_so(tmp_path: Path) -> None:
    from newstrace.corpus.store import open_store
    from newstrace.corpus.trace import trace_claim

    version = "Dana Ruiz and Tom Brandle are getting back together, friends of the pair say."
    sibling = "Tom Brandle and Ana Velmora are getting back together, friends of the pair say."
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_articles(
            [
                Article(text=version, outlet="north-herald.example", date="2024-01-08"),
                Article(text=sibling, outlet="vessen-courier.example", date="2024-01-09"),
            ]
        )
        traced = trace_claim(store, CLAIM, embedder=None)
    assert [m.sentence for m in traced.matches] == [version]
    assert any("Velmora" in line for line in traced.explanation)

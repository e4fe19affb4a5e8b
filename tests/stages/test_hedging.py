"""Hedges: the words by which an article distances itself from a claim."""

from __future__ import annotations

import pytest

from newstrace import Claim, Report, analyze

ARTICLE = (
    "The factory reportedly dumped 200 tonnes of waste into the Orlen river last year. "
    "The owner allegedly paid inspectors 50,000 euros to look away. "
    "The spill may have killed 3,000 fish, a biologist said. "
    "The mayor is said to have known about the dumping since 2019. "
    "The owner claimed that the waste contained no more than 2 percent of heavy metals. "
    "The plant reopened in May 2023 after a refit that cost 4 million euros."
)


@pytest.fixture(scope="module")
def report() -> Report:
    return analyze(ARTICLE, outlet="example-news.test")


def claim_containing(report: Report, words: str) -> Claim:
    found = [c for c in report.claims if words in c.text]
    assert len(found) == 1, f"no single claim contains {words!r}"
    return found[0]


@pytest.mark.parametrize(
    ("words", "hedge", "kind"),
    [
        ("dumped 200 tonnes", "reportedly", "adverb"),
        ("paid inspectors", "allegedly", "adverb"),
        ("killed 3,000 fish", "may", "modal"),
        ("known about the dumping", "is said to", "phrase"),
        ("no more than 2 percent", "The owner claimed", "distancing_cue"),
    ],
)
def test_hedge_is_attached_to_the_claim_containing_it(
    report: Report, words: str, hedge: str, kind: str
) -> None:
    claim = claim_containing(report, words)
    assert [(h.text, h.kind) for h in claim.hedges] == [(hedge, kind)]


def test_hedge_spans_lie_inside_their_claim(report: Report) -> None:
    for claim in report.claims:
        for hedge in claim.hedges:
            assert claim.start <= hedge.start < hedge.end <= claim.end
            assert report.article.text[hedge.start : hedge.end] == hedge.text


def test_the_month_may_is_not_a_modal_hedge(report: Report) -> None:
    assert claim_containing(report, "reopened in May 2023").hedges == []


def test_hedged_claims_are_named_in_the_sourcing_reasons(report: Report) -> None:
    assert any("claims are hedged" in r and "“reportedly”" in r for r in report.sourcing.reasons)

"""Direction of a copy: dates, containment asymmetry and explicit credits decide who copied whom."""

from __future__ import annotations

import pytest

from newstrace.corpus.dedupe import find_copies
from newstrace.corpus.direction import CopyEdge, direct, find_credits, outlet_key
from newstrace.model import Article

REPORT = (
    "A spokesman for the northern garrison told reporters on Sunday that nine hundred volunteers "
    "had crossed the river overnight and were being housed in a disused school near the bridge. "
    "The spokesman did not say where the volunteers came from or who had organised the crossing, "
    "and the regional governor declined to comment when asked about the reports on Monday. "
    "Residents of the nearby village said they had heard lorries moving along the river road."
)


def article(id: str, text: str = REPORT, *, outlet: str | None, date: str | None) -> Article:
    return Article(id=id, text=text, outlet=outlet, date=date)


def edge(a: Article, b: Article) -> CopyEdge:
    pairs = find_copies([a, b])
    assert len(pairs) == 1, "the two articles must be detected as copies first"
    return direct(pairs[0], a, b)


def test_earlier_date_is_the_source() -> None:
    result = edge(
        article("x", outlet="rt.com", date="2024-03-01"),
        article("y", outlet="dailyorbit.net", date="2024-03-03"),
    )
    assert (result.source, result.copy) == ("x", "y")
    assert result.confidence == pytest.approx(0.6)
    assert any("2024-03-01, before" in line for line in result.evidence)


def test_same_date_and_nothing_else_is_unknown_not_a_guess() -> None:
    result = edge(
        article("x", outlet="rt.com", date="2024-03-01"),
        article("y", outlet="dailyorbit.net", date="2024-03-01"),
    )
    assert result.source is None and result.copy is None
    assert not result.known
    assert result.reason is not None and "both dated 2024-03-01" in result.reason


def test_missing_date_says_which_article_has_none() -> None:
    result = edge(
        article("x", outlet="rt.com", date=None),
        article("y", outlet="dailyorbit.net", date="2024-03-01"),
    )
    assert result.source is None
    assert result.reason is not None and "no date for x (RT)" in result.reason


def test_credit_to_the_other_outlet_names_the_source_even_on_the_same_day() -> None:
    result = edge(
        article("x", outlet="rt.com", date="2024-03-01"),
        article("y", "RT reports: " + REPORT, outlet="dailyorbit.net", date="2024-03-01"),
    )
    assert (result.source, result.copy) == ("x", "y")
    assert result.confidence >= 0.8
    assert any("credits RT" in line for line in result.evidence)


def test_credit_matches_the_outlet_after_canonicalisation() -> None:
    credited = REPORT + " This article was originally published by Russia Today."
    result = edge(
        article("x", outlet="https://www.rt.com/news/123", date=None),
        article("y", credited, outlet="dailyorbit.net", date=None),
    )
    assert (result.source, result.copy) == ("x", "y")


def test_originally_published_on_an_unknown_site_matches_its_domain() -> None:
    credited = REPORT + "\nThis article first appeared on The Valley Courier."
    result = edge(
        article("x", outlet="valleycourier.org", date=None),
        article("y", credited, outlet="dailyorbit.net", date=None),
    )
    assert (result.source, result.copy) == ("x", "y")


def test_agency_dateline_in_the_copy_credits_the_agency() -> None:
    result = edge(
        article("x", outlet="Reuters", date="2024-03-02"),
        article("y", "KYIV (Reuters) - " + REPORT, outlet="dailyorbit.net", date="2024-03-02"),
    )
    assert (result.source, result.copy) == ("x", "y")


def test_credit_carried_by_both_texts_does_not_count() -> None:
    text = "Source: RT. " + REPORT
    result = edge(
        article("x", text, outlet="dailyorbit.net", date=None),
        article("y", text, outlet="mirrorpost.com", date=None),
    )
    assert result.source is None
    assert any("came with the copied text" in line for line in result.evidence)


def test_an_article_naming_its_own_outlet_credits_nobody() -> None:
    result = edge(
        article("x", "RT reports: " + REPORT, outlet="rt.com", date=None),
        article("y", outlet="dailyorbit.net", date=None),
    )
    assert result.source is None


def test_the_article_that_wraps_the_other_in_text_of_its_own_is_the_copy() -> None:
    wrapper = (
        "Our readers have asked what is going on at the river. Below is the full report as it "
        "was released this week, with no changes. " + REPORT + " We will keep following "
        "the story and publish any statement from the governor's office as soon as we get it."
    )
    result = edge(
        article("x", wrapper, outlet="dailyorbit.net", date=None),
        article("y", outlet="rt.com", date=None),
    )
    assert (result.source, result.copy) == ("y", "x")
    assert result.confidence == pytest.approx(0.35)


def test_credit_outweighs_a_contrary_date_with_low_confidence() -> None:
    result = edge(
        article("x", "Via RT: " + REPORT, outlet="dailyorbit.net", date="2024-03-01"),
        article("y", outlet="rt.com", date="2024-03-02"),
    )
    assert (result.source, result.copy) == ("y", "x")
    assert result.confidence < 0.5


def test_articles_may_be_given_in_either_order_but_must_be_the_pair() -> None:
    x = article("x", outlet="rt.com", date="2024-03-01")
    y = article("y", outlet="dailyorbit.net", date="2024-03-02")
    pair = find_copies([x, y])[0]
    assert direct(pair, y, x).source == "x"
    with pytest.raises(ValueError, match="not the pair"):
        direct(pair, x, article("z", outlet=None, date=None))


def test_credit_phrases_are_found_with_the_name_they_credit() -> None:
    text = (
        "MOSCOW (Interfax) - The ministry said so. Source: TASS. h/t Zero Hedge. "
        "Meanwhile RT reports: more to come. Reprinted with permission from the Valley Courier."
    )
    names = {credit.name for credit in find_credits(text)}
    assert {"Interfax", "TASS", "Zero Hedge", "Meanwhile RT", "the Valley Courier"} <= names


def test_outlet_keys_compare_names_domains_and_urls() -> None:
    assert outlet_key("Russia Today") == outlet_key("https://rt.com/x") == outlet_key("RT")
    assert outlet_key("The Valley Courier") == outlet_key("thevalleycourier.com")
    assert outlet_key(None) is None

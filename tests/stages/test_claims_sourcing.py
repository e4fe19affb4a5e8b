"""Claims and the sourcing score: what the article's check-worthy claims rest on."""

from __future__ import annotations

import pytest

from newstrace import Report, analyze

OUTLET = "example-news.test"

WELL_SOURCED = (
    "Mayor John Harper said on Tuesday that the city would spend 40 million euros on new "
    "flood barriers. A report by the city audit office found that the old barriers had failed "
    "twice in 2021. Engineer Sofia Marin, who led the survey, said that 12 of the 30 pumps were "
    'broken. "We have known about the broken pumps since the spring of 2020," said council '
    "member David Osei. The environment ministry said the construction work would start in May."
)
ONE_ANONYMOUS_RELAYED_TWICE = (
    "RIA Novosti reports:\n\n"
    "A senior official who spoke on condition of anonymity told TASS that the army had moved "
    "40 tanks to the border. The official said the tanks would stay there until March.\n\n"
    '"The order to move them came from the very top," he said.\n'
)
SAME_PERSON_TWICE_AND_A_RELAY = (
    "Mayor John Harper said on Tuesday that the city would spend 40 million euros on new "
    'flood barriers. "The first 12 kilometres of barrier will be finished by October 2025," '
    "Harper said. A ministry spokesman told Reuters that the government would cover 30 percent "
    "of the cost."
)
NO_CLAIMS = "Good morning.\n\nSee you soon."

ARTICLES = {
    "well_sourced": WELL_SOURCED,
    "anonymous_relayed": ONE_ANONYMOUS_RELAYED_TWICE,
    "same_person": SAME_PERSON_TWICE_AND_A_RELAY,
    "no_claims": NO_CLAIMS,
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: analyze(text, outlet=OUTLET) for name, text in ARTICLES.items()}


def test_well_sourced_article_scores_clearly_higher_than_one_anonymous_relayed_source(
    reports: dict[str, Report],
) -> None:
    strong = reports["well_sourced"].sourcing
    weak = reports["anonymous_relayed"].sourcing
    assert strong.score >= weak.score + 0.4
    assert strong.named_sources >= 4 and strong.anonymous_sources == 0
    assert weak.anonymous_sources == 1 and weak.named_sources == 0


def test_reasons_name_the_single_anonymous_source(reports: dict[str, Report]) -> None:
    reasons = reports["anonymous_relayed"].sourcing.reasons
    assert any("single anonymous source" in r and "senior official" in r for r in reasons)


def test_reasons_name_the_relay_path_through_both_outlets(reports: dict[str, Report]) -> None:
    reasons = reports["anonymous_relayed"].sourcing.reasons
    relay = [r for r in reasons if r.startswith("relayed through 2 outlet(s)")]
    assert relay and "RIA Novosti → TASS → senior official" in relay[0]


def test_every_anonymous_claim_carries_the_full_relay_chain(reports: dict[str, Report]) -> None:
    report = reports["anonymous_relayed"]
    by_id = {a.id: a for a in report.attributions}
    chains = {tuple(link.name for link in by_id[c.attribution or ""].chain) for c in report.claims}
    assert chains == {(OUTLET, "RIA Novosti", "TASS", "senior official")}


def test_two_quotes_from_one_person_count_once_and_a_relay_outlet_not_at_all(
    reports: dict[str, Report],
) -> None:
    report = reports["same_person"]
    assert {s.name for s in report.sources if s.original} == {"John Harper", "ministry spokesman"}
    assert report.sourcing.independent_sources == 2
    reuters = next(s for s in report.sources if s.name == "Reuters")
    assert not reuters.original


@pytest.mark.parametrize("name", list(ARTICLES))
def test_score_lies_between_zero_and_one(reports: dict[str, Report], name: str) -> None:
    assert 0.0 <= reports[name].sourcing.score <= 1.0


def test_claims_point_at_the_attribution_and_source_they_rest_on(
    reports: dict[str, Report],
) -> None:
    report = reports["well_sourced"]
    by_id = {a.id: a for a in report.attributions}
    claim = next(c for c in report.claims if "12 of the 30 pumps" in c.text)
    assert claim.attribution is not None
    attribution = by_id[claim.attribution]
    assert attribution.source.name == "Sofia Marin"
    assert claim.source == attribution.source.entity
    assert 0.0 <= claim.checkworthiness <= 1.0


def test_article_without_claims_says_so(reports: dict[str, Report]) -> None:
    report = reports["no_claims"]
    assert report.claims == []
    assert report.sourcing.independent_sources == 0
    assert "no check-worthy claims" in report.sourcing.reasons[0]


@pytest.mark.parametrize("name", list(ARTICLES))
def test_report_round_trips_through_json(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert Report.from_json(report.to_json()) == report
    assert Report.from_json(report.to_json(indent=None)) == report


def test_a_vague_media_relay_is_no_source_of_the_claims_it_passes_on() -> None:
    from newstrace import analyze

    report = analyze(
        "State media reported that the minister had resigned over the grain scandal on Friday.",
        outlet="example-news.test",
    )
    (source,) = report.sources
    assert (source.type, source.original) == ("anonymous", False)
    assert report.sourcing.independent_sources == 0
    assert any("vague relay" in reason for reason in report.sourcing.reasons)
    named = analyze(
        "A report by the audit office found that the navy had overspent by 12 percent last year.",
        outlet="example-news.test",
    )
    assert named.sourcing.independent_sources == 1

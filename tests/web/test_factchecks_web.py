"""Fact-checks on the web: the API lookup, the page, prior checks on reports and traces, and the
draft ClaimReview export."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newstrace.corpus.store import open_store
from newstrace.model import FactCheck
from newstrace.web import create_app

from .conftest import build_store
from .stories import CLAIM

CHECKED = "About 4,000 migratory geese will be culled on Lake Vessen this winter."
HOSTILE = '<script>alert("x")</script> The harbour library burned down twice.'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = build_store(tmp_path_factory.mktemp("web-factchecks"))
    with open_store(path) as store:
        store.save_factchecks(
            [
                FactCheck(
                    claim_reviewed=CHECKED,
                    rating="Mostly True",
                    verdict="mostly-true",
                    publisher="Lake Checks",
                    url="https://checks.example/geese",
                    date_published="2024-01-20",
                ),
                FactCheck(claim_reviewed=HOSTILE, rating="<b>False</b>", url="javascript:alert(1)"),
            ]
        )
    with TestClient(create_app(path, ratings=False)) as test_client:
        yield test_client


def test_api_lookup_returns_matches_best_first(client: TestClient) -> None:
    body = client.get("/api/factchecks", params={"claim": CLAIM}).json()
    assert body["stored"] == 2
    assert [m["url"] for m in body["matches"]] == ["https://checks.example/geese"]
    assert body["matches"][0]["verdict"] == "mostly-true"
    empty = client.get("/api/factchecks", params={"claim": "A dragon over the castle."}).json()
    assert empty["matches"] == []
    assert client.get("/api/factchecks", params={"claim": ""}).status_code == 422
    assert client.get("/api/factchecks").status_code == 422


def test_page_lists_matches_and_escapes_them(client: TestClient) -> None:
    form = client.get("/factchecks")
    assert form.status_code == 200 and "2 stored" in form.text
    found = client.get("/factchecks", params={"claim": CLAIM})
    assert "Lake Checks" in found.text and 'href="https://checks.example/geese"' in found.text
    assert "1 prior fact-check found" in found.text
    hostile = client.get("/factchecks", params={"claim": "the harbour library burned down"})
    assert "<script>alert" not in hostile.text and "&lt;script&gt;" in hostile.text
    assert "&lt;b&gt;False&lt;/b&gt;" in hostile.text
    assert 'href="javascript' not in hostile.text


def test_posted_analysis_and_trace_show_prior_checks(client: TestClient) -> None:
    text = f"{CHECKED} The environment minister said so on Monday."
    report = client.post("/api/analyze", json={"text": text}).json()
    assert any(c["prior_factchecks"] for c in report["claims"])
    page = client.post("/analyze", data={"text": text})
    assert "Prior fact-checks" in page.text
    trace = client.get("/api/trace", params={"claim": CLAIM}).json()
    assert trace["prior_factchecks"][0]["publisher"] == "Lake Checks"
    assert "Prior fact-checks" in client.get("/trace", params={"claim": CLAIM}).text


def test_trace_api_writes_a_claimreview_draft(client: TestClient) -> None:
    draft = client.get("/api/trace", params={"claim": CLAIM, "format": "claimreview"})
    assert draft.status_code == 200
    assert draft.headers["content-type"].startswith("application/ld+json")
    assert draft.headers["newstrace-missing-fields"] == "reviewRating, url, author"
    review = draft.json()
    assert review["claimReviewed"] == CLAIM
    assert review["itemReviewed"]["appearance"]
    done = client.get(
        "/api/trace",
        params={
            "claim": CLAIM,
            "format": "claimreview",
            "rating": "True",
            "reviewer": "Lake Checks",
            "url": "https://checks.example/r",
        },
    )
    assert done.headers["newstrace-missing-fields"] == ""
    assert done.json()["reviewRating"]["alternateName"] == "True"

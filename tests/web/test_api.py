"""The JSON API: analyze, articles, stories, traces, outlets, and its errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from fastapi.testclient import TestClient

from newstrace.model import Report
from newstrace.ratings import import_ratings
from newstrace.settings import get_settings
from newstrace.web import create_app

from .stories import CLAIM, INDEPENDENT, RELAYED


def _ids(client: TestClient, q: str) -> list[str]:
    response = client.get("/api/articles", params={"q": q})
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_analyze_json_gives_the_report_of_the_cli(client: TestClient) -> None:
    response = client.post(
        "/api/analyze",
        json={"text": RELAYED, "outlet": "vessen-daily.example", "date": "2024-01-08"},
    )
    assert response.status_code == 200
    report = Report.model_validate(response.json())
    assert report.article.outlet == "vessen-daily.example" and report.article.date == "2024-01-08"
    anonymous = [s for s in report.sources if s.type == "anonymous"]
    assert len(anonymous) == 1 and report.sourcing.independent_sources == 1
    chains = {" → ".join(link.name for link in a.chain) for a in report.attributions}
    assert any("Harbor Post → Nordmark Press Agency" in chain for chain in chains)


def test_analyze_reads_an_uploaded_file_with_overrides(client: TestClient) -> None:
    page = f"<html><head><title>Cull</title></head><body><p>{INDEPENDENT}</p></body></html>"
    response = client.post(
        "/api/analyze",
        files={"file": ("cull.html", page.encode("utf-8"), "text/html")},
        data={"outlet": "north-herald.example"},
    )
    assert response.status_code == 200
    report = Report.model_validate(response.json())
    assert report.article.outlet == "north-herald.example"
    assert report.article.provenance.file == "cull.html"
    assert any(s.name == "Ola Brekke" for s in report.sources)


def test_analyze_accepts_a_plain_form_text_field(client: TestClient) -> None:
    response = client.post("/api/analyze", data={"text": INDEPENDENT})
    assert response.status_code == 200
    assert Report.model_validate(response.json()).article.text == INDEPENDENT


def test_bad_bodies_get_4xx_with_a_stable_code(client: TestClient) -> None:
    cases = [
        ({"json": {"text": "   "}}, 400, "NT101"),
        ({"json": {"body": "no text field"}}, 422, "NT600"),
        ({"json": {"text": "A mayor spoke.", "date": "yesterday-ish"}}, 400, "NT100"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "NT600"),
        ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "NT602"),
        ({"content": b"[" * 5000, "headers": {"content-type": "application/json"}}, 400, "NT600"),
        ({"files": {"file": ("x.txt", b"\x00\x01\x02\x03binary", "text/plain")}}, 400, "NT102"),
        ({"files": {"file": ("x.txt", b"", "text/plain")}}, 400, "NT101"),
    ]
    for kwargs, status, code in cases:
        response = client.post("/api/analyze", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == status, (kwargs, response.text)
        assert response.json()["error"]["code"] == code, kwargs
        assert response.json()["error"]["message"]


def test_a_body_over_the_limit_is_answered_413(client: TestClient) -> None:
    response = client.post(
        "/api/analyze",
        content=b'{"text": "' + b"a" * (6 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "NT104"


def test_articles_search_filters_and_pages(client: TestClient) -> None:
    body = client.get("/api/articles", params={"q": "geese", "per_page": 2}).json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["page"] == 1
    assert all("**" in item["snippet"] for item in body["items"])
    second = client.get("/api/articles", params={"q": "geese", "per_page": 2, "page": 2}).json()
    assert len(second["items"]) == 1
    dated = client.get("/api/articles", params={"from": "2024-01-09", "to": "2024-01-10"}).json()
    assert {item["date"] for item in dated["items"]} == {"2024-01-09", "2024-01-10"}
    by_outlet = client.get("/api/articles", params={"outlet": "north-herald.example"}).json()
    assert [item["outlet"] for item in by_outlet["items"]] == ["north-herald.example"]
    bad = client.get("/api/articles", params={"from": "not a date"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "NT600"


def test_article_by_id_comes_with_its_report(client: TestClient) -> None:
    article_id = _ids(client, "Vessen harbor")[0]
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["article"]["id"] == article_id
    assert body["report"]["article"]["id"] == article_id
    missing = client.get("/api/articles/no-such-article")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NT601"


def test_story_lists_the_copy_with_its_direction(client: TestClient) -> None:
    article_id = _ids(client, '"Share this story"')[0]
    story = client.get(f"/api/stories/{article_id}").json()
    assert len(story["articles"]) == 2
    (link,) = story["links"]
    assert link["copy_id"] == article_id and link["directed"]


def test_trace_by_claim_and_by_article_in_every_export_format(client: TestClient) -> None:
    body = client.get("/api/trace", params={"claim": CLAIM}).json()
    assert body["independent_origins"] == 2
    assert sorted(o["type"] for o in body["origins"]) == ["anonymous", "person"]
    article_id = _ids(client, "Vessen harbor")[0]
    assert client.get(f"/api/trace/{article_id}").status_code == 200
    for fmt, marker in (("graphml", "<graphml"), ("markdown", "# Trace"), ("dot", "digraph")):
        response = client.get("/api/trace", params={"claim": CLAIM, "format": fmt})
        assert response.status_code == 200 and marker in response.text
    assert client.get("/api/trace", params={"claim": CLAIM, "format": "pdf"}).status_code == 422
    assert client.get("/api/trace", params={"claim": ""}).status_code == 422
    # Only stop words: nothing to match, said as the client's error.
    stop_words = client.get("/api/trace", params={"claim": "and of the"})
    assert stop_words.status_code == 400 and "no word to match" in stop_words.text


def test_outlet_by_any_name_with_its_stored_articles(client: TestClient) -> None:
    body = client.get("/api/outlets/Russia Today").json()
    assert body["name"] == "RT" and body["known"] and "rt.com" in body["domains"]
    herald = client.get("/api/outlets/north-herald.example").json()
    assert not herald["known"] and herald["articles"]["total"] == 1
    missing = client.get("/api/outlets/nobody-at-all.example")
    assert missing.status_code == 404


def test_unknown_routes_and_methods_are_json_errors(client: TestClient) -> None:
    assert client.get("/api/nothing").json()["error"]["code"] == "NT601"
    response = client.delete("/api/articles")
    assert response.status_code == 405 and response.json()["error"]["code"] == "NT600"


def test_openapi_and_offline_docs_are_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/analyze", "/api/articles", "/api/trace", "/api/outlets/{name}"} <= set(
        spec["paths"]
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()


def test_outlet_ratings_come_from_an_imported_list(store_path: Path, tmp_path: Path) -> None:
    listing = tmp_path / "desk-list.csv"
    listing.write_text(
        "domain,score,label\nnorth-herald.example,0.8,reliable\nrt.com,0.3,state\n",
        encoding="utf-8",
    )
    import_ratings(listing, data_dir=tmp_path)
    settings = dataclasses.replace(get_settings(), data_dir=tmp_path)
    with TestClient(create_app(store_path, settings=settings)) as rated:
        body = rated.get("/api/outlets/north-herald.example").json()
        by_name = rated.get("/api/outlets/Russia Today").json()
        report = rated.post(
            "/api/analyze", json={"text": INDEPENDENT, "outlet": "north-herald.example"}
        ).json()
    assert [(r["list_name"], r["score"], r["label"]) for r in body["ratings"]] == [
        ("desk-list", 0.8, "reliable")
    ]
    assert report["outlet_ratings"][0]["list_name"] == "desk-list"
    assert [r["label"] for r in by_name["ratings"]] == ["state"]  # a name finds its domain


def test_requests_for_another_host_name_are_refused(client: TestClient) -> None:
    # DNS rebinding: a page on evil.example that resolves its name to 127.0.0.1.
    response = client.get("/api/articles", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_cross_site_posts_are_refused_and_same_site_ones_pass(client: TestClient) -> None:
    body = {"text": INDEPENDENT}
    for headers in ({"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}):
        response = client.post("/api/analyze", json=body, headers=headers)
        assert response.status_code == 403, headers
        assert response.json()["error"]["code"] == "NT604"
    same = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    assert client.post("/api/analyze", json=body, headers=same).status_code == 200


def test_a_posted_article_over_the_character_limit_is_413_even_as_a_big_form_field(
    client: TestClient,
) -> None:
    long_text = "The mayor said the bridge would reopen. " * 40_000  # 1.6 MB: over 1 MB parts
    for kwargs in ({"json": {"text": long_text}}, {"data": {"text": long_text}}):
        response = client.post("/api/analyze", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 413, response.text[:200]
        assert "characters" in response.json()["error"]["message"]


def test_the_markdown_export_keeps_article_html_inert(client: TestClient) -> None:
    response = client.get("/api/trace/hostile", params={"format": "markdown"})
    assert response.status_code == 200
    assert "<img" not in response.text and "<script" not in response.text

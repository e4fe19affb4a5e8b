"""Server-rendered pages: each renders, links through, escapes article text, sends a strict CSP."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from .stories import CLAIM, RELAYED

HTML = {"accept": "text/html"}


def _page(client: TestClient, path: str, **params: str) -> str:
    response = client.get(path, params=params, headers=HTML)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_every_page_renders_and_sends_a_strict_policy(client: TestClient) -> None:
    for path in ("/", "/search", "/trace", "/articles/geese-1", "/stories/geese-1"):
        response = client.get(path, headers=HTML)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_analyze_page_marks_sources_with_their_type_and_chain(client: TestClient) -> None:
    response = client.post("/analyze", data={"text": RELAYED}, headers=HTML)
    assert response.status_code == 200
    page = response.text
    assert 'class="hl-source type-anonymous"' in page
    assert re.search(r'data-chain="[^"]*Harbor Post → Nordmark Press Agency', page)
    assert 'class="badge type-anonymous"' in page and "hl-quote" in page and "hl-cue" in page
    assert 'data-testid="independent-sources">1<' in page


def test_a_refused_analysis_gives_back_what_was_typed(client: TestClient) -> None:
    response = client.post("/analyze", data={"text": "  "}, headers=HTML)
    assert response.status_code == 400 and 'role="alert"' in response.text
    response = client.post("/analyze", data={"outlet": "kept.example"}, headers=HTML)
    assert response.status_code == 422 and "paste an article" in response.text
    assert 'value="kept.example"' in response.text
    typed = {"text": "The mayor <b>said</b> so.", "outlet": "x.example", "date": "13 Smarch"}
    response = client.post("/analyze", data=typed, headers=HTML)
    assert response.status_code == 400 and "not a date" in response.text
    assert "The mayor &lt;b&gt;said&lt;/b&gt; so.</textarea>" in response.text
    assert 'value="x.example"' in response.text and 'value="13 Smarch"' in response.text


def test_search_lists_snippets_with_marked_words_and_links(client: TestClient) -> None:
    page = _page(client, "/search", q="geese")
    assert "3 articles match" in page
    assert "<mark>geese</mark>" in page.lower() or "<mark>Geese</mark>" in page
    assert 'href="/stories/' in page and 'href="/trace/' in page


def test_story_and_trace_pages_show_copies_origins_graph_and_exports(client: TestClient) -> None:
    story = _page(client, "/stories/geese-2")
    assert "copies" in story and "repost-hub.example" in story
    trace = _page(client, "/trace", claim=CLAIM)
    assert 'data-testid="independent-origins">2<' in trace
    assert "<svg" in trace and 'class="node node-speaker' in trace
    for fmt in ("json", "graphml", "markdown"):
        assert f"format={fmt}" in trace


class _Tags(HTMLParser):
    """Every tag a browser would build from the page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_hostile_article_text_is_escaped_everywhere(client: TestClient) -> None:
    pages = [
        _page(client, "/articles/hostile"),
        _page(client, "/search", q="bridge"),
        _page(client, "/stories/hostile"),
        _page(client, "/outlets/javascript:alert(5)"),
        _page(client, "/trace/hostile"),
    ]
    for page in pages:
        tags = _tags(page)
        scripts = [attrs.get("src") for tag, attrs in tags if tag == "script"]
        assert scripts == ["/static/newstrace.js"]
        assert not [tag for tag, _ in tags if tag in ("img", "iframe", "object", "embed")]
        for _, attrs in tags:
            assert not [name for name in attrs if name.startswith("on")]
            for name in ("href", "src", "action"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:")), attrs
    assert "&lt;script&gt;alert(&#34;pwned&#34;)" in pages[0] or "&lt;script&gt;" in pages[0]


def test_unknown_pages_get_an_html_error_page(client: TestClient) -> None:
    response = client.get("/articles/no-such-id", headers=HTML)
    assert response.status_code == 404 and "<h1>" in response.text

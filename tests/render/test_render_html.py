"""Standalone HTML page: no scripts or external resources, nested highlights, inert report text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from newstrace.model import Report
from newstrace.render.html import CSP, render_html

from .render_fixtures import ATTRIBUTE_BREAK, MARKUP, SCRIPT

VOID = {"meta", "br", "hr", "img", "input", "link"}


class Page(HTMLParser):
    """Collects tags, attributes and text, and checks that elements nest."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag, f"</{tag}> closes another element"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def marks(self) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == "mark"]


def test_page_is_standalone_with_a_strict_content_security_policy(report: Report) -> None:
    page = render_html(report)
    parsed = Page(page)
    assert page.startswith("<!DOCTYPE html>")
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'"
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in parsed.tags
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not re.search(r"url\(|@import|src=", page)


def test_every_element_is_closed_in_order(report: Report) -> None:
    assert Page(render_html(report)).open == []


def test_sections_are_present_in_reading_order(report: Report) -> None:
    headings = re.findall(r"<h2>(.*?)</h2>", render_html(report))
    assert headings == ["Sourcing", "Sources", "Claims", "Attributions", "Article"]


def test_highlights_carry_tooltips_with_source_and_chain(report: Report) -> None:
    marks = Page(render_html(report)).marks()
    content = [m for m in marks if m["class"] == "content" and "A3" in (m.get("title") or "")]
    assert content
    assert "anonymous source (anonymous)" in (content[0]["title"] or "")
    assert "yournewswire.test → Globe Wire → Northern Agency → anonymous source" in (
        content[0]["title"] or ""
    )


def test_a_hedge_inside_a_claim_nests_inside_its_mark(report: Report) -> None:
    page = render_html(report)
    assert '<mark class="hedge" title="hedge (modal)">may</mark> have been' in page


def test_hostile_text_cannot_open_tags_or_attributes(hostile_report: Report) -> None:
    page = render_html(hostile_report)
    parsed = Page(page)
    assert "<script" not in page.lower()
    assert {tag for tag, _ in parsed.tags} <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "dl", "dt", "dd", "a",
        "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "mark", "div",
    }  # fmt: skip
    attribute_names = {name for _, attrs in parsed.tags for name in attrs}
    assert not any(name.startswith("on") for name in attribute_names)
    assert parsed.open == []


@pytest.mark.parametrize("payload", [SCRIPT, ATTRIBUTE_BREAK, MARKUP])
def test_hostile_text_is_shown_literally(hostile_report: Report, payload: str) -> None:
    page = Page(render_html(hostile_report))
    assert payload in "".join(page.text)
    titles = " ".join(attrs.get("title") or "" for _, attrs in page.tags)
    assert payload in titles


def test_only_web_urls_become_links(report: Report) -> None:
    article = report.article.model_copy(update={"url": "javascript:alert(1)"})
    page = Page(render_html(report.model_copy(update={"article": article})))
    assert "a" not in {tag for tag, _ in page.tags}
    assert "javascript:alert(1)" in "".join(page.text)
    assert ("a", {"href": "https://example-daily.test/a", "rel": "noreferrer noopener"}) in Page(
        render_html(report)
    ).tags

"""HTML pages: main text by trafilatura, date by htmldate, title and outlet from the head."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from newstrace.errors import InputError
from newstrace.loaders.articles import Parts, RecordContext
from newstrace.model import Article
from newstrace.outlets import normalise_domain

_SNIFF_MARKERS = ("<!doctype html", "<html", "<head", "<body")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1024].lower()
    return head.startswith("<") and any(marker in head for marker in _SNIFF_MARKERS)


def load_html(text: str, ctx: RecordContext) -> Iterator[Article]:
    # Imported here: the extractor and its lxml stack are needed for HTML alone, and an install
    # that lacks a piece of them (an old pip leaving out lxml's html-clean extra) must still
    # read plain text.
    import trafilatura

    body = trafilatura.extract(text, include_comments=False)
    if not isinstance(body, str) or not body.strip():
        raise InputError("no article text found in the HTML page", path=ctx.origin.file)
    head = _HeadReader.read(text)
    url = next((link for link in (head.canonical, head.og_url) if link and "://" in link), None)
    outlet = head.site_name or (normalise_domain(url) if url else None)
    yield ctx.article(
        1,
        Parts(
            text=body,
            title=head.og_title or head.title,
            date=_publication_date(text),
            outlet=outlet,
            url=url,
        ),
    )


def _publication_date(text: str) -> str | None:
    # htmldate fetches a URL when handed a string that looks like one: give it a parsed tree.
    import htmldate
    import trafilatura

    tree = trafilatura.load_html(text)
    if tree is None:
        return None
    found = htmldate.find_date(tree, extensive_search=False, outputformat="%Y-%m-%d")
    return found if isinstance(found, str) else None


class _HeadReader(HTMLParser):
    """Collects <title>, og: metadata and the canonical link; reads markup, runs nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.og_title: str | None = None
        self.site_name: str | None = None
        self.og_url: str | None = None
        self.canonical: str | None = None
        self._in_title = False
        self._title_parts: list[str] = []

    @classmethod
    def read(cls, text: str) -> _HeadReader:
        reader = cls()
        reader.feed(text)
        reader.close()
        return reader

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "title" and self.title is None:
            self._in_title = True
        elif tag == "meta":
            self._read_meta(values.get("property") or values.get("name") or "", values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None

    def _read_meta(self, key: str, values: dict[str, str]) -> None:
        content = values.get("content") or None
        if key == "og:title":
            self.og_title = self.og_title or content
        elif key == "og:site_name":
            self.site_name = self.site_name or content
        elif key == "og:url":
            self.og_url = self.og_url or content

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = " ".join("".join(self._title_parts).split()) or None

"""ClaimReview in: JSON-LD (object, array, @graph, DataFeed), Fact Check Tools API responses and
saved HTML pages that embed JSON-LD, each review read into a FactCheck with its file and line."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

from newstrace.errors import InputError, MalformedInputError
from newstrace.loaders.values import normalise_date
from newstrace.loaders.verdicts import verdict_of
from newstrace.model import FactCheck, Provenance

# A bad record goes here: the caller raises it (stop) or keeps it (skip and report).
OnBad = Callable[[InputError], None]
_LD_JSON = "application/ld+json"
_NEWLINE = re.compile("\n")


class _Located(dict[str, Any]):
    """A JSON object that remembers the character offset where it starts in its text."""

    offset: int = 0


def _located_decoder() -> json.JSONDecoder:
    """A decoder whose objects are `_Located`: every record can name its line.

    It swaps the C scanner for the pure-Python one (whose object parser can be wrapped), so
    it is several times slower: the fallback of `parse_json` for the rare text where counting
    braces cannot place the objects.
    """
    decoder = json.JSONDecoder(object_pairs_hook=_Located)

    def parse_object(
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Any,
        object_hook: Any,
        object_pairs_hook: Any,
        memo: Any = None,
    ) -> tuple[Any, int]:
        value, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo
        )
        if isinstance(value, _Located):
            value.offset = s_and_end[1] - 1
        return value, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


# A JSON string (skipped whole, braces inside it do not count) or an object's opening brace.
_STRING_OR_BRACE = re.compile(r'"(?:[^"\\]|\\.)*"|\{')
_BRACE = re.compile(r"\{")


def _object_offsets(text: str, value: Any) -> dict[int, int] | None:
    """Offset of every object of `value` (by id), or None when they cannot be placed.

    The objects of a parsed document, visited in document order, are its opening braces
    outside strings, one for one; a duplicate key (whose dropped value held objects) breaks
    the count, and then the caller parses again the slow way.
    """
    objects: list[dict[str, Any]] = []
    braced = False  # a key or string holding "{": then the braces are found string-aware
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            objects.append(node)
            braced = braced or any("{" in key for key in node)
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, str) and not braced:
            braced = "{" in node
    pattern = _STRING_OR_BRACE if braced else _BRACE
    braces = [m.start() for m in pattern.finditer(text) if text[m.start()] == "{"]
    if len(objects) != len(braces):
        return None
    return {id(node): offset for node, offset in zip(objects, braces, strict=True)}


class _Lines:
    """Where the objects of one parsed JSON text start, as line numbers."""

    def __init__(self, text: str, offsets: dict[int, int], first_line: int = 1) -> None:
        self._starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        self._offsets = offsets
        self._first = first_line

    def of(self, node: object) -> int | None:
        offset = self._offsets.get(id(node))
        if offset is None:
            return None
        return bisect.bisect_right(self._starts, offset) - 1 + self._first


def parse_json(text: str, name: str, first_line: int = 1) -> tuple[Any, _Lines]:
    """The JSON value of `text` and where its objects start; malformed JSON names its line."""
    text = text.lstrip("\ufeff")
    try:
        value = json.loads(text)
        offsets = _object_offsets(text, value)
        if offsets is None:
            located = _located_decoder().decode(text)
            value, offsets = located, _offsets_of(located)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(
            f"not valid JSON: {exc.msg}", path=name, line=exc.lineno + first_line - 1
        ) from exc
    except RecursionError as exc:
        raise MalformedInputError("JSON nested too deeply", path=name, line=first_line) from exc
    return value, _Lines(text, offsets, first_line)


def _offsets_of(value: Any) -> dict[int, int]:
    offsets: dict[int, int] = {}
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, _Located):
            offsets[id(node)] = node.offset
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return offsets


def load_claimreview_json(text: str, name: str, on_bad: OnBad) -> Iterator[FactCheck]:
    """Every ClaimReview in a JSON document (any of the shapes this module reads)."""
    value, lines = parse_json(text, name)
    yield from _reviews(value, _Reader(name, lines, "claimreview", on_bad))


def load_claimreview_html(text: str, name: str, on_bad: OnBad) -> Iterator[FactCheck]:
    """Every ClaimReview in the JSON-LD blocks of a saved page. The page is only tokenised
    (the standard library's HTMLParser: no tree, so no nesting limit; nothing in it runs);
    a block that is not valid JSON is a bad record at its line."""
    finder = _JsonLdFinder()
    finder.feed(text)
    finder.close()
    for line, block in finder.blocks:
        try:
            value, lines = parse_json(_unwrap(block), name, first_line=line)
        except InputError as exc:
            on_bad(exc)
            continue
        yield from _reviews(value, _Reader(name, lines, "claimreview-html", on_bad))


class _JsonLdFinder(HTMLParser):
    """Collects the text of each `<script type="application/ld+json">` with its first line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[int, str]] = []
        self._parts: list[str] | None = None
        self._line = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = next((value or "" for key, value in attrs if key == "type"), "")
        if kind.split(";")[0].strip().lower() == _LD_JSON:
            self._parts = []
            self._line = self.getpos()[0]

    def handle_data(self, data: str) -> None:
        if self._parts is not None:
            if not self._parts:
                self._line = self.getpos()[0]
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._finish()

    def close(self) -> None:
        super().close()
        self._finish()  # a page cut off inside its last block: what was read of it counts

    def _finish(self) -> None:
        if self._parts is not None:
            block = "".join(self._parts)
            if block.strip():
                self.blocks.append((self._line, block))
            self._parts = None


def _unwrap(block: str) -> str:
    """JSON-LD some sites wrap in an HTML comment or CDATA for old browsers: the wrapper is
    blanked out in place, so the lines of what is inside stay right."""
    stripped = block.strip()
    for start, end in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if stripped.startswith(start) and stripped.endswith(end):
            head = block.index(start)
            tail = block.rindex(end)
            return (
                block[:head]
                + " " * len(start)
                + block[head + len(start) : tail]
                + " " * len(end)
                + block[tail + len(end) :]
            )
    return block


class _Reader:
    def __init__(self, name: str, lines: _Lines, fmt: str, on_bad: OnBad) -> None:
        self.name = name
        self.lines = lines
        self.format = fmt
        self.on_bad = on_bad

    def line(self, node: object) -> int | None:
        return self.lines.of(node)

    def provenance(self, node: object) -> Provenance:
        return Provenance(file=self.name, line=self.line(node), format=self.format)

    def bad(self, message: str, node: object) -> None:
        self.on_bad(MalformedInputError(message, path=self.name, line=self.line(node)))


def _type_names(node: dict[str, Any]) -> set[str]:
    """`@type` as bare names: "schema:ClaimReview" and "https://schema.org/ClaimReview" too."""
    raw = node.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)}


def _reviews(node: Any, reader: _Reader) -> Iterator[FactCheck]:
    """Walk a JSON-LD value to its ClaimReviews: arrays, @graph, DataFeed(Item), API responses.

    Other JSON-LD (a page's NewsArticle, its breadcrumbs) is passed over, not an error.
    """
    if isinstance(node, list):
        for item in node:
            yield from _reviews(item, reader)
        return
    if not isinstance(node, dict):
        return
    types = _type_names(node)
    if "ClaimReview" in types:
        review = _review(node, reader)
        if review is not None:
            yield review
        return
    if isinstance(node.get("claims"), list) and not types:
        yield from _api_claims(node["claims"], reader)
        return
    for key in ("@graph", "dataFeedElement", "item", "mainEntity", "itemListElement"):
        if key in node:
            yield from _reviews(node[key], reader)


def _review(node: dict[str, Any], reader: _Reader) -> FactCheck | None:
    claim = _text(node.get("claimReviewed"))
    if not claim:
        reader.bad("ClaimReview without claimReviewed", node)
        return None
    rating = _first_dict(node.get("reviewRating"))
    item = _first_dict(node.get("itemReviewed"))
    try:
        values = {
            key: _number(rating.get(field))
            for key, field in (
                ("rating_value", "ratingValue"),
                ("best_rating", "bestRating"),
                ("worst_rating", "worstRating"),
            )
        }
    except ValueError as exc:
        reader.bad(f"reviewRating: {exc}", node)
        return None
    textual = _text(rating.get("alternateName")) or _text(rating.get("name"))
    return FactCheck(
        claim_reviewed=claim,
        title=_text(node.get("headline")) or _text(node.get("name")),
        rating=textual,
        verdict=verdict_of(textual),
        publisher=_name(node.get("author")) or _name(node.get("publisher")),
        url=_url(node.get("url")),
        date_published=normalise_date(_text(node.get("datePublished"))),
        claimant=_name(item.get("author")),
        claim_date=normalise_date(_text(item.get("datePublished"))),
        appearances=_urls(item.get("appearance")),
        first_appearance=_url(item.get("firstAppearance")),
        language=_language(node.get("inLanguage")),
        provenance=reader.provenance(node),
        **values,
    )


def _api_claims(claims: list[Any], reader: _Reader) -> Iterator[FactCheck]:
    """Google Fact Check Tools `claims:search`: a claim with its reviews, one FactCheck each."""
    for claim in claims:
        if not isinstance(claim, dict):
            reader.bad("an entry of `claims` is not an object", claim)
            continue
        text = _text(claim.get("text"))
        reviews = claim.get("claimReview")
        if not text or not isinstance(reviews, list):
            reader.bad("claim without `text` or `claimReview` list", claim)
            continue
        for review in reviews:
            if not isinstance(review, dict):
                reader.bad("an entry of `claimReview` is not an object", claim)
                continue
            textual = _text(review.get("textualRating"))
            yield FactCheck(
                claim_reviewed=text,
                title=_text(review.get("title")),
                rating=textual,
                verdict=verdict_of(textual),
                publisher=_name(review.get("publisher")),
                url=_url(review.get("url")),
                date_published=normalise_date(_text(review.get("reviewDate"))),
                claimant=_text(claim.get("claimant")),
                claim_date=normalise_date(_text(claim.get("claimDate"))),
                language=_text(review.get("languageCode")),
                provenance=reader.provenance(review),
            )


def _first_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    """A string field as one line of text; numbers as written; anything else is absent."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        flat = " ".join(value.split())
        return flat or None
    return None


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"rating value {value!r} is not a number")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"rating value {value!r} is not a number") from None


def _name(value: Any) -> str | None:
    """An author or publisher: a name, an object with a name (or its site), or the first."""
    if isinstance(value, list):
        return next((n for v in value if (n := _name(v))), None)
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("site")) or _url(value.get("url"))
    return _text(value)


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        return _url(value.get("url") or value.get("@id"))
    if isinstance(value, list):
        return next((u for v in value if (u := _url(v))), None)
    text = _text(value)
    return text if text and " " not in text else None


def _urls(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return list(dict.fromkeys(u for v in values if (u := _url(v))))


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("alternateName")) or _text(value.get("name"))
    return _text(value)

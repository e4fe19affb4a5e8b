"""What the API and the pages both do: read a posted article, list, trace, describe outlets.

Every function here is plain Python over a `Store` (no request objects), so the JSON API and
the HTML pages answer from the same code and tests can call it directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from pydantic import BaseModel, Field

from newstrace.corpus.factcheck_match import match_claims
from newstrace.corpus.matching import default_embedder
from newstrace.corpus.store import ArticleQuery, SearchHit, Store
from newstrace.corpus.trace import (
    TRACE_LIMIT,
    CopyLink,
    Trace,
    claim_of_article,
    copy_links,
    trace_claim,
)
from newstrace.errors import EmptyInputError, InputError, MalformedInputError, NotFoundError
from newstrace.loaders import LoadOptions, load_text
from newstrace.loaders.detect import format_for_path
from newstrace.loaders.reading import decode
from newstrace.loaders.values import clean_text, normalise_date
from newstrace.model import Article, PriorCheck, Provenance, Rating, Report
from newstrace.outlets import canonical_outlet, normalise_domain, outlet_index
from newstrace.ratings import RatingList, lookup_outlet

# Upload names decide the format; anything else is read as plain text with a title line.
UPLOAD_FORMATS = {"txt", "html", "json", "record"}
MAX_PAGE_SIZE = 100
MAX_TRACE_MATCHES = 100


class AnalyzeRequest(BaseModel):
    """An article posted as JSON: its text, and what is known about where it was published."""

    text: str = Field(min_length=1, description="the article text")
    title: str | None = Field(default=None, description="headline")
    outlet: str | None = Field(default=None, description="domain or name of the outlet")
    date: str | None = Field(default=None, description="publication date, YYYY-MM-DD")
    url: str | None = Field(default=None, description="address of the article")


class ArticleHit(BaseModel):
    id: str = Field(description="content id of the stored article")
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    snippet: str = Field(description="matched words between ** markers, or the text's start")
    score: float = Field(description="full-text rank, higher is better; 0 when listing")


class ArticleList(BaseModel):
    total: int = Field(description="articles matching in all")
    page: int
    per_page: int
    items: list[ArticleHit]


class StoredArticle(BaseModel):
    article: Article
    report: Report = Field(description="the analysis (made and stored now if it was missing)")


class StoryArticle(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None


class Story(BaseModel):
    """An article and its verified copies across outlets, with who copied whom."""

    article_id: str
    articles: list[StoryArticle] = Field(description="the article and its copies, earliest first")
    links: list[CopyLink] = Field(description="copy_id copies source_id (direction if known)")


class FactCheckMatches(BaseModel):
    """The stored fact-checks of one claim, best first, as `newstrace factchecks search`."""

    claim: str = Field(description="the claim looked up")
    stored: int = Field(description="fact-checks in the store")
    matches: list[PriorCheck] = Field(description="those scoring above the threshold")


def factcheck_matches(store: Store, claim: str, limit: int = 5) -> FactCheckMatches:
    return FactCheckMatches(
        claim=claim,
        stored=store.factcheck_count(),
        matches=match_claims([claim], store, limit=limit)[0],
    )


class OutletInfo(BaseModel):
    name: str = Field(description="canonical name, or the name asked for when unregistered")
    known: bool = Field(description="in newstrace's outlet registry")
    kind: str | None = Field(description="outlet or agency, when registered")
    aliases: list[str]
    domains: list[str]
    ratings: list[Rating] = Field(description="from imported rating lists; empty when none")
    articles: ArticleList = Field(description="stored articles from this outlet, newest first")


def article_from_request(request: AnalyzeRequest) -> Article:
    """The posted JSON as an Article; a bad date or whitespace-only text is refused."""
    text = clean_text(request.text)
    if not text.strip():
        raise EmptyInputError("the text is empty", path="request")
    date = normalise_date(request.date) if request.date else None
    if request.date and date is None:
        raise InputError(f"date {request.date!r} is not a date (expected YYYY-MM-DD)")
    return Article(
        text=text,
        title=_blank_to_none(request.title),
        outlet=_blank_to_none(request.outlet),
        date=date,
        url=_blank_to_none(request.url),
        provenance=Provenance(format="api"),
    )


def article_from_upload(
    filename: str, data: bytes, overrides: AnalyzeRequest | None = None
) -> Article:
    """The one article of an uploaded .txt, .html or .json file (encoding detected)."""
    name = Path(filename or "upload.txt").name
    fmt = format_for_path(Path(name))
    if fmt not in UPLOAD_FORMATS:
        fmt = "txt"
    if not data.strip():
        raise EmptyInputError("the file is empty", path=name)
    decoded = decode(data, name)
    outlet = _blank_to_none(overrides.outlet) if overrides else None
    date = _blank_to_none(overrides.date) if overrides else None
    articles = list(load_text(decoded.text, LoadOptions(format=fmt, outlet=outlet, date=date)))
    if not articles:
        raise EmptyInputError("no article in the file", path=name)
    if len(articles) > 1:
        raise MalformedInputError(
            f"the file holds {len(articles)} articles; send one per request", path=name
        )
    article = articles[0]
    update: dict[str, object] = {"provenance": Provenance(file=name, format=fmt)}
    if overrides is not None:
        update |= {
            key: value
            for key in ("title", "url")
            if (value := _blank_to_none(getattr(overrides, key))) is not None
        }
    return article.model_copy(update=update)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def find_articles(
    store: Store,
    *,
    q: str = "",
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> ArticleList:
    """One page of stored articles by words, outlet (any of its names) and date range."""
    per_page = min(max(per_page, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    query = ArticleQuery(
        text=q,
        outlets=outlet_names(outlet) if outlet else (),
        date_from=_date_bound(date_from, "from"),
        date_to=_date_bound(date_to, "to"),
    )
    found = store.find_articles(query, limit=per_page, offset=(page - 1) * per_page)
    return ArticleList(
        total=found.total, page=page, per_page=per_page, items=[_hit(h) for h in found.hits]
    )


def _date_bound(value: str | None, name: str) -> str | None:
    if not value:
        return None
    date = normalise_date(value)
    if date is None:
        raise InputError(f"{name} {value!r} is not a date (expected YYYY-MM-DD)")
    return date


def _hit(hit: SearchHit) -> ArticleHit:
    return ArticleHit.model_validate(asdict(hit))  # its extra fields (source_id) are dropped


def outlet_names(name: str) -> tuple[str, ...]:
    """Every stored spelling an outlet may have: its name, aliases and domains."""
    found = outlet_index().find(name, tagged=True)
    names = {name.strip(), normalise_domain(name)}
    if found is not None:
        names |= {found.name, *found.aliases, *found.domains}
        names |= {f"www.{domain}" for domain in found.domains}
    return tuple(sorted(n for n in names if n))


def story_of(store: Store, article_id: str) -> Story:
    """The article with the stored articles that copy it or that it copies (verified)."""
    article = store.get_article(article_id)
    if article is None:
        raise NotFoundError(f"no stored article {article_id!r}")
    candidates = [a for i in store.similar_ids(article.id) if (a := store.get_article(i))]
    links = copy_links([article, *candidates])
    linked = {i for link in links for i in (link.source_id, link.copy_id)} | {article.id}
    members = [a for a in [article, *candidates] if a.id in linked]
    members.sort(key=lambda a: (a.date is None, a.date or "", a.outlet or ""))
    return Story(
        article_id=article.id,
        articles=[StoryArticle.model_validate(a.model_dump()) for a in members],
        links=links,
    )


def trace_for(store: Store, target: str, *, is_article: bool, limit: int = TRACE_LIMIT) -> Trace:
    """The trace of a claim, or of a stored article's main claim (with sentence embeddings
    when the semantic extra is installed, as the command line does)."""
    if is_article:
        if store.get_article(target) is None:
            raise NotFoundError(f"no stored article {target!r}")
        claim = claim_of_article(store, target)
    else:
        claim = " ".join(target.split())
        if not claim:
            raise EmptyInputError("the claim is empty", path="claim")
    limit = min(max(limit, 1), MAX_TRACE_MATCHES)
    return trace_claim(store, claim, limit=limit, embedder=default_embedder())


def outlet_info(store: Store, name: str, ratings: Sequence[RatingList] = ()) -> OutletInfo:
    """What newstrace knows about an outlet; unknown everywhere means not found."""
    name = name.strip()
    found = outlet_index().find(name, tagged=True) if name else None
    articles = find_articles(store, outlet=name) if name else None
    if found is None and (articles is None or articles.total == 0):
        raise NotFoundError(f"no outlet {name!r} in the registry or the store")
    assert articles is not None
    return OutletInfo(
        name=found.name if found else (canonical_outlet(name) or name),
        known=found is not None,
        kind=found.kind if found else None,
        aliases=list(found.aliases) if found else [],
        domains=list(found.domains) if found else [],
        ratings=lookup_outlet(ratings, name) if ratings else [],
        articles=articles,
    )

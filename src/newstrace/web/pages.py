"""Server-rendered pages: analyze, search, article, story, trace, outlet.

Templates autoescape everything; the only markup inserted as is comes from `web.marks` and
`render.svg`, which escape every article-derived string themselves.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Annotated, Any, NamedTuple
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException

from newstrace.corpus.store import HIGHLIGHT_END, HIGHLIGHT_START
from newstrace.corpus.trace import Node, Trace
from newstrace.errors import NewstraceError
from newstrace.model import Report
from newstrace.render.svg import score_gauge_svg, timeline_svg, trace_svg
from newstrace.render.view import (
    SourceRow,
    attributions_of,
    claim_ref,
    claim_rows,
    format_ratings,
    source_rows,
    title_of,
)
from newstrace.web.api import FORM_FIELDS, posted_article
from newstrace.web.marks import LEGEND, article_markup
from newstrace.web.problems import status_for
from newstrace.web.service import factcheck_matches, find_articles, outlet_info, story_of
from newstrace.web.state import web_state

_TEMPLATES = Path(__file__).parent / "templates"

router = APIRouter(include_in_schema=False)


def web_url(value: str | None) -> str | None:
    """Only http(s) addresses become links: `javascript:` and friends stay text."""
    if value and urlsplit(value.strip()).scheme.lower() in ("http", "https"):
        return value.strip()
    return None


def snippet_markup(snippet: str) -> Markup:
    """A search snippet with its matched words (between ** markers) as `<mark>`.

    The store marks both ends with the same marker; a "**" in the article itself shifts the
    marks, never the escaping.
    """
    assert HIGHLIGHT_START == HIGHLIGHT_END
    pieces = snippet.split(HIGHLIGHT_START)
    html = "".join(
        f"<mark>{escape(piece)}</mark>" if n % 2 else escape(piece)
        for n, piece in enumerate(pieces)
    )
    return Markup(html)  # escaped by its maker


def _path_part(value: str) -> str:
    return quote(value, safe="")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    env.filters["snippet"] = snippet_markup
    env.filters["path_part"] = _path_part
    env.filters["ratings"] = format_ratings
    env.filters["prior_pair"] = lambda prior: ("", prior)  # prior_checks.html rows, no claim ref
    return env


_ENV = _environment()


def render(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status)


def error_page(status: int, message: str) -> str:
    return render("error.html", title=f"Error {status}", status=status, message=message)


def report_context(report: Report, *, stored: bool) -> dict[str, Any]:
    """Everything report.html shows, for a fresh or a stored analysis."""
    return {
        "title": title_of(report),
        "report": report,
        "stored": stored,
        "article_html": article_markup(report),
        "legend": LEGEND,
        "gauge": Markup(
            score_gauge_svg(report.sourcing.score, label="sourcing score")
        ),  # escaped by its maker
        "sources": _source_cards(report),
        # Rows are built from report.claims in order: each row beside the claim it shows.
        "claims": list(zip(claim_rows(report), report.claims, strict=True)),
        "prior_checks": [
            (claim_ref(number), prior)
            for number, claim in enumerate(report.claims, 1)
            for prior in claim.prior_factchecks
        ],
    }


class SourceCard(NamedTuple):
    id: str
    row: SourceRow
    chains: list[list[str]]  # each distinct relay chain, outlet first, as link names


def _source_cards(report: Report) -> list[SourceCard]:
    cards = []
    for source, row in zip(report.sources, source_rows(report), strict=True):
        chains = {
            tuple(link.name for link in attribution.chain): None
            for attribution in attributions_of(report, source)
            if attribution.chain
        }
        cards.append(SourceCard(source.id, row, [list(chain) for chain in chains]))
    return cards


@router.get("/", response_class=HTMLResponse)
async def analyze_form() -> HTMLResponse:
    return page("analyze.html", title="Analyze an article", form={})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(request: Request) -> HTMLResponse:
    try:
        article = await posted_article(request)
        report = await web_state(request).analyze_posted(article)
    except (NewstraceError, RequestValidationError) as exc:
        # Give back what was typed: a refused paste must not be lost.
        problem = _problem(exc)
        return page(
            "analyze.html",
            status=problem[0],
            title="Analyze an article",
            error=problem[1],
            form=await _typed_fields(request),
        )
    return page("report.html", **report_context(report, stored=False))


def _problem(exc: NewstraceError | RequestValidationError) -> tuple[int, str]:
    if isinstance(exc, NewstraceError):
        return status_for(exc), exc.message
    fields = sorted({str(error.get("loc", ("body",))[-1]) for error in exc.errors()})
    if "text" in fields:
        return 422, "paste an article or choose a file"
    return 422, "check these fields: " + ", ".join(fields)


async def _typed_fields(request: Request) -> dict[str, str]:
    try:
        form = await request.form()  # parsed once already: Starlette keeps it
    except HTTPException:  # a malformed form has nothing to give back
        return {}
    return {name: value for name in FORM_FIELDS if isinstance(value := form.get(name), str)}


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    date_from: Annotated[str, Query(alias="from", max_length=40)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=40)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    form = {"q": q, "outlet": outlet, "from": date_from, "to": date_to}
    results = await web_state(request).with_store(
        lambda store: find_articles(
            store,
            q=q,
            outlet=outlet or None,
            date_from=date_from or None,
            date_to=date_to or None,
            page=page_number,
        )
    )
    last = max(1, -(-results.total // results.per_page))
    pages = {
        "previous": _page_link(form, page_number - 1) if page_number > 1 else None,
        "next": _page_link(form, page_number + 1) if page_number < last else None,
        "last": last,
    }
    return page("search.html", title="Search", form=form, q=q, results=results, pages=pages)


def _page_link(form: dict[str, str], number: int) -> str:
    params = {key: value for key, value in form.items() if value}
    return "/search?" + urlencode({**params, "page": number})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str) -> HTMLResponse:
    stored = await web_state(request).stored(article_id)
    return page("report.html", **report_context(stored.report, stored=True))


@router.get("/stories/{article_id}", response_class=HTMLResponse)
async def story_page(request: Request, article_id: str) -> HTMLResponse:
    story = await web_state(request).with_store(lambda store: story_of(store, article_id))
    names = {a.id: a.outlet or a.title or a.id for a in story.articles}
    return page("story.html", title="Story", story=story, names=names)


def _article_link(node: Node) -> str | None:
    if node.kind == "article" and node.id.startswith("article:"):
        return "/articles/" + _path_part(node.id.removeprefix("article:"))
    return None


def _trace_page(trace: Trace, exports: dict[str, str], **context: Any) -> HTMLResponse:
    nodes = {node.id: node for node in trace.nodes}
    return page(
        "trace.html",
        title="Trace",
        trace=trace,
        nodes=nodes,
        graph=Markup(trace_svg(trace, link=_article_link)),  # escaped by its maker
        timeline=Markup(timeline_svg(trace)),  # escaped by its maker
        exports=exports,
        **context,
    )


def _exports(base: str, params: dict[str, str]) -> dict[str, str]:
    return {
        fmt: f"{base}?{urlencode({**params, 'format': fmt})}"
        for fmt in ("json", "graphml", "markdown", "claimreview")
    }


@router.get("/trace", response_class=HTMLResponse)
async def trace_page(
    request: Request, claim: Annotated[str, Query(max_length=2000)] = ""
) -> HTMLResponse:
    if not claim.strip():
        return page("trace_form.html", title="Trace a claim")
    trace = await web_state(request).trace(claim, is_article=False)
    return _trace_page(trace, _exports("/api/trace", {"claim": claim}), claim=claim)


@router.get("/trace/{article_id}", response_class=HTMLResponse)
async def trace_article_page(request: Request, article_id: str) -> HTMLResponse:
    trace = await web_state(request).trace(article_id, is_article=True)
    base = "/api/trace/" + _path_part(article_id)
    return _trace_page(trace, _exports(base, {}), claim=trace.claim, article_id=article_id)


@router.get("/factchecks", response_class=HTMLResponse)
async def factchecks_page(
    request: Request, claim: Annotated[str, Query(max_length=2000)] = ""
) -> HTMLResponse:
    found = await web_state(request).with_store(
        lambda store: factcheck_matches(store, claim.strip()) if claim.strip() else None
    )
    total = (
        found.stored
        if found
        else await web_state(request).with_store(lambda store: store.factcheck_count())
    )
    matches = found.matches if found else []
    return page(
        "factchecks.html", title="Fact-checks", claim=claim.strip(), matches=matches, total=total
    )


@router.get("/outlets/{name:path}", response_class=HTMLResponse)
async def outlet_page(request: Request, name: str) -> HTMLResponse:
    state = web_state(request)
    info = await state.with_store(lambda store: outlet_info(store, name, state.ratings))
    return page("outlet.html", title=info.name, info=info)

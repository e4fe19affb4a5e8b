"""The JSON API under /api: analyze, articles, stories, traces and outlets."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from newstrace.corpus.trace import Trace
from newstrace.errors import RequestError, UnsupportedMediaError
from newstrace.model import Article, Report
from newstrace.render.claimreview import draft_claimreview, missing_required, render_claimreview
from newstrace.render.trace import render_trace
from newstrace.web.problems import ErrorResponse
from newstrace.web.service import (
    AnalyzeRequest,
    ArticleList,
    FactCheckMatches,
    OutletInfo,
    StoredArticle,
    Story,
    article_from_request,
    article_from_upload,
    factcheck_matches,
    find_articles,
    outlet_info,
    story_of,
)
from newstrace.web.state import web_state

FORM_FIELDS = ("text", "title", "outlet", "date", "url")
MAX_CLAIM_CHARS = 2000
_DATE: dict[str, Any] = {
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "json_schema_extra": {"format": "date"},
    "description": "first or last day, YYYY-MM-DD (inclusive)",
}

_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "anyOf": [{"required": ["text"]}, {"required": ["file"]}],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": ".txt, .html or .json"},
        **{name: {"type": "string"} for name in FORM_FIELDS},
        "text": {"type": "string", "minLength": 1},
    },
}
_ANALYZE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": AnalyzeRequest.model_json_schema()},
            "multipart/form-data": {"schema": _FORM_SCHEMA},
        },
    }
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 403, 404, 413, 415, 422, 503)
}
_TRACE_TYPES = {
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "markdown": "text/markdown; charset=utf-8",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "claimreview": "application/ld+json",
}
TraceFormat = Literal["json", "graphml", "markdown", "dot", "claimreview"]
# The required ClaimReview fields a draft still lacks, comma-separated (empty: none).
MISSING_HEADER = "Newstrace-Missing-Fields"

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


async def posted_article(request: Request) -> Article:
    """The article in a JSON body, or in a form (an uploaded file, or a `text` field)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        return article_from_request(_validated(await _json_body(request)))
    if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        # A pasted text may be as large as the body limit allows (Starlette's default: 1 MB).
        form = await request.form(
            max_files=1,
            max_fields=len(FORM_FIELDS) + 1,
            max_part_size=web_state(request).settings.max_request_bytes,
        )
        fields = {name: value for name in FORM_FIELDS if isinstance(value := form.get(name), str)}
        upload = form.get("file")
        if isinstance(upload, UploadFile) and (upload.filename or upload.size):
            # The file brings the text; the form fields only override its metadata.
            overrides = _validated({"text": "-", **fields})
            return article_from_upload(upload.filename or "", await upload.read(), overrides)
        return article_from_request(_validated(fields))
    raise UnsupportedMediaError(
        f"cannot read a {media or 'body without a content type'}: send application/json "
        "or multipart/form-data"
    )


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, or absurd nesting
        raise RequestError(f"the body is not valid JSON: {exc}") from exc


def _validated(data: Any) -> AnalyzeRequest:
    try:
        return AnalyzeRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from exc


@router.post("/analyze", response_model=Report, openapi_extra=_ANALYZE_BODY)
async def analyze(request: Request) -> Report:
    """Analyse one article: the same report JSON as `newstrace analyze --format json`."""
    article = await posted_article(request)
    return await web_state(request).analyze_posted(article)


@router.get("/articles", response_model=ArticleList)
async def list_articles(
    request: Request,
    q: Annotated[str, Query(max_length=500, description="words to search for")] = "",
    outlet: Annotated[str | None, Query(max_length=200, description="any name or domain")] = None,
    date_from: Annotated[str | None, Query(alias="from", **_DATE)] = None,
    date_to: Annotated[str | None, Query(alias="to", **_DATE)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ArticleList:
    """Stored articles by words (ranked), outlet and date range; newest first without words."""
    return await web_state(request).with_store(
        lambda store: find_articles(
            store,
            q=q,
            outlet=outlet,
            date_from=date_from,
            date_to=date_to,
            page=page,
            per_page=per_page,
        )
    )


ArticleId = Annotated[str, Path(min_length=1, max_length=200, description="content or input id")]


@router.get("/articles/{article_id}", response_model=StoredArticle)
async def get_article(request: Request, article_id: ArticleId) -> StoredArticle:
    """A stored article with its report (analysed and stored now if it had none)."""
    return await web_state(request).stored(article_id)


@router.get("/stories/{article_id}", response_model=Story)
async def get_story(request: Request, article_id: ArticleId) -> Story:
    """The article and its verified copies on other outlets, with who copied whom."""
    return await web_state(request).with_store(lambda store: story_of(store, article_id))


class ReviewParts(BaseModel):
    """The reviewer's own parts of a ClaimReview draft (format=claimreview)."""

    rating: str | None = None
    reviewer: str | None = None
    url: str | None = None


def _review_parts(
    rating: Annotated[
        str | None, Query(max_length=200, description="claimreview: the verdict, e.g. False")
    ] = None,
    reviewer: Annotated[
        str | None, Query(max_length=200, description="claimreview: who publishes the review")
    ] = None,
    url: Annotated[
        str | None, Query(max_length=2000, description="claimreview: address of the review")
    ] = None,
) -> ReviewParts:
    return ReviewParts(rating=rating, reviewer=reviewer, url=url)


Review = Annotated[ReviewParts, Depends(_review_parts)]


def _trace_response(trace: Trace, fmt: TraceFormat, parts: ReviewParts | None = None) -> Response:
    if fmt == "claimreview":
        given = parts or ReviewParts()
        review = draft_claimreview(
            trace, rating=given.rating, reviewer=given.reviewer, url=given.url
        )
        missing = ", ".join(missing_required(review))
        return Response(
            render_claimreview(review),
            media_type=_TRACE_TYPES["claimreview"],
            headers={MISSING_HEADER: missing},
        )
    if fmt == "json":
        return Response(trace.model_dump_json(), media_type=_TRACE_TYPES["json"])
    return PlainTextResponse(render_trace(trace, fmt), media_type=_TRACE_TYPES[fmt])


_FORMATS_TEXT = "json, graphml, markdown, dot or claimreview (a draft ClaimReview)"
_TRACE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {media.split(";")[0]: {} for media in _TRACE_TYPES.values()},
        "description": "The trace (JSON, GraphML, Markdown or DOT), or a draft ClaimReview "
        f"(JSON-LD; the {MISSING_HEADER} header names the required fields it lacks).",
    }
}


@router.get("/trace", response_model=Trace, responses=_TRACE_RESPONSES)
async def trace_claim_text(
    request: Request,
    claim: Annotated[str, Query(min_length=1, max_length=MAX_CLAIM_CHARS)],
    review: Review,
    format: Annotated[TraceFormat, Query(description=_FORMATS_TEXT)] = "json",
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> Response:
    """Trace a claim: the same JSON as `newstrace trace "claim" --format json`."""
    trace = await web_state(request).trace(claim, is_article=False, limit=limit)
    return _trace_response(trace, format, review)


@router.get("/trace/{article_id}", response_model=Trace, responses=_TRACE_RESPONSES)
async def trace_article(
    request: Request,
    article_id: ArticleId,
    review: Review,
    format: Annotated[TraceFormat, Query(description=_FORMATS_TEXT)] = "json",
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> Response:
    """Trace a stored article's main claim (its headline, else its most check-worthy one)."""
    trace = await web_state(request).trace(article_id, is_article=True, limit=limit)
    return _trace_response(trace, format, review)


@router.get("/factchecks", response_model=FactCheckMatches)
async def search_factchecks(
    request: Request,
    claim: Annotated[str, Query(min_length=1, max_length=MAX_CLAIM_CHARS)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> FactCheckMatches:
    """Has this claim been fact-checked? The same matches as `newstrace factchecks search`."""
    return await web_state(request).with_store(lambda store: factcheck_matches(store, claim, limit))


@router.get("/outlets/{name:path}", response_model=OutletInfo)
async def get_outlet(
    request: Request, name: Annotated[str, Path(min_length=1, max_length=200)]
) -> OutletInfo:
    """An outlet's names and domains, its ratings (when a list is imported), its articles."""
    state = web_state(request)
    return await state.with_store(lambda store: outlet_info(store, name, state.ratings))

"""One way through: Article -> parse once -> stages in order -> Report."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .errors import InputError, InputTooLargeError
from .ml.checkworthy.scorer import MODEL_FILE as CHECKWORTHY_FILE
from .ml.shipped import model_version
from .model import Article, Report
from .nlp import get_nlp
from .settings import get_settings
from .stages import (
    attribution,
    boilerplate,
    claims,
    hedging,
    quotes,
    sentences,
    sources,
    sourcing,
)
from .stages.base import Context, Stage, check_order

STAGES: tuple[Stage, ...] = (
    sentences.STAGE,
    boilerplate.STAGE,
    quotes.STAGE,
    attribution.STAGE,
    sources.STAGE,
    hedging.STAGE,
    claims.STAGE,
    sourcing.STAGE,
)
check_order(STAGES)


def _check(article: Article) -> None:
    if not article.text.strip():
        raise InputError("the article has no text", path=article.provenance.file)
    limit = get_settings().max_article_chars
    if len(article.text) > limit:
        raise InputTooLargeError(
            f"the article has {len(article.text):,} characters, above the limit of {limit:,} "
            "(set NEWSTRACE_MAX_ARTICLE_CHARS to raise it)",
            path=article.provenance.file,
            line=article.provenance.line,
        )


def run_stages(article: Article, doc: Any, ratings: Sequence[Any] = ()) -> Report:
    """Run every stage over an already parsed Doc. Pure: no store, no globals but the model."""
    ctx = Context(article=article, doc=doc, ratings=ratings)
    for stage in STAGES:
        stage.run(ctx)
    assert ctx.sourcing is not None
    return Report(
        article=article,
        claims=ctx.claims,
        attributions=ctx.attributions,
        sources=ctx.sources,
        sourcing=ctx.sourcing,
        outlet_ratings=ctx.outlet_ratings,
        models=models_used(),
    )


@functools.cache
def models_used() -> dict[str, str]:
    """What produced a report's findings, by task, with versions (every report names them)."""
    nlp = get_nlp()
    meta = nlp.meta
    return {
        "parser": f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}",
        # The rule stages: their version is the package's; docs/architecture.md says why the
        # learned PolNeAR taggers are not in this path (measured on the real-news dev half).
        "attribution": f"rules (newstrace {package_version()})",
        "checkworthy": model_version(CHECKWORTHY_FILE),
    }


def package_version() -> str:
    from newstrace import __version__  # the package imports this module: read it late

    return __version__


def analyze_article(article: Article, *, ratings: Sequence[Any] = ()) -> Report:
    _check(article)
    return run_stages(article, get_nlp()(article.text), ratings)


def analyze(
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    ratings: Sequence[Any] = (),
) -> Report:
    """Analyse one article given as text; see `Report` for what comes back."""
    article = Article(text=text, title=title, date=date, outlet=outlet, url=url)
    return analyze_article(article, ratings=ratings)


def analyze_many(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    batch_size: int = 32,
    ratings: Sequence[Any] = (),
) -> Iterator[Report]:
    """Analyse a stream of articles, parsing in batches (and in `workers` processes)."""
    checked = (_checked(a) for a in articles)
    nlp = get_nlp()
    pairs = ((a.text, a) for a in checked)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=workers):
        yield run_stages(article, doc, ratings)


def _checked(article: Article) -> Article:
    _check(article)
    return article

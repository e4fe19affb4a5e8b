"""Articles, reports and search hits as the SQL store backends keep them: one row layout,
so a store moved from SQLite to PostgreSQL reads back the same Articles."""

from __future__ import annotations

import json
from typing import Any

from newstrace.corpus.store import SearchHit, content_id
from newstrace.model import Article, Provenance, Report

Row = tuple[Any, ...]


def article_row(article: Article) -> Row:
    """(id, source_id, title, date, outlet, url, file, line, format, metadata JSON, text)."""
    key = content_id(article)
    provenance = article.provenance
    return (
        key,
        article.id if article.id != key else None,
        article.title,
        article.date,
        article.outlet,
        article.url,
        provenance.file,
        provenance.line,
        provenance.format,
        json.dumps(article.metadata, ensure_ascii=False, default=str),
        article.text,
    )


def row_article(row: Row) -> Article:
    """The Article of a stored row; metadata comes as JSON text (SQLite) or decoded (JSONB)."""
    key, _source_id, title, date, outlet, url, file, line, fmt, metadata, text = row
    return Article(
        id=key,
        text=text,
        title=title,
        date=date,
        outlet=outlet,
        url=url,
        provenance=Provenance(file=file, line=line, format=fmt),
        metadata=metadata if isinstance(metadata, dict) else json.loads(metadata),
    )


def report_json(report: Report) -> str:
    """A report without its article, which the store keeps once, in its own row."""
    return report.model_dump_json(exclude={"article"})


def search_hit(row: Row, *, lower_is_better: bool) -> SearchHit:
    """A (id, title, outlet, date, url, source_id, snippet, rank) row as a hit whose higher
    score is the better match (SQLite's bm25() is lower-is-better and negative)."""
    key, title, outlet, date, url, source_id, snippet, rank = row
    return SearchHit(
        id=key,
        title=title,
        outlet=outlet,
        date=date,
        url=url,
        source_id=source_id,
        snippet=" ".join(str(snippet).split()),
        score=-float(rank) if lower_is_better else float(rank),
    )

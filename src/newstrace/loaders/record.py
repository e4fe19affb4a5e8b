"""The record format: one article per file, ' date YYYY-MM-DD <text>'."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newstrace.loaders.articles import Parts, RecordContext
from newstrace.model import Article

_RECORD_START = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})(?:\s+|\Z)")


def is_record(text: str) -> bool:
    return _RECORD_START.match(text) is not None


def load_record(text: str, ctx: RecordContext) -> Iterator[Article]:
    match = _RECORD_START.match(text)
    if match is None:
        raise ctx.error("not a record: it should start with 'date YYYY-MM-DD'", 1)
    yield ctx.article(1, Parts(text=text[match.end() :], date=match.group(1)))

"""Plain text: the whole input is one article, with an optional title line."""

from __future__ import annotations

from collections.abc import Iterator

from newstrace.loaders.articles import Parts, RecordContext
from newstrace.model import Article

# A first line longer than this is a paragraph, not a headline.
MAX_TITLE_CHARS = 150


def split_title(text: str) -> tuple[str | None, str]:
    """'Headline\\n\\nBody...' -> ('Headline', 'Body...'); text without a title is kept whole."""
    stripped = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    first, sep, rest = stripped.partition("\n")
    title = first.strip()
    body_start, blank, body = rest.partition("\n")
    looks_like_title = (
        sep
        and blank
        and not body_start.strip()
        and body.strip()
        and len(title) < MAX_TITLE_CHARS
        and not title.endswith(".")
    )
    if looks_like_title:
        return title, body
    return None, stripped


def load_plaintext(text: str, ctx: RecordContext) -> Iterator[Article]:
    title, body = split_title(text)
    yield ctx.article(1, Parts(text=body, title=title))

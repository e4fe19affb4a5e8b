"""Quote pairing: double quotes straight and curly (also typed as two marks), single quotes
where a page quotes with them, quotes that run over paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable

from .base import Context, Quote, Stage

_OPENERS = {"“", "«", "„"}
_CLOSERS = {"”", "»"}
_STRAIGHT = '"'
_FILLER = "\u200b"
_REPLACED_MARK = re.compile(r"(?<!\ufffd)\ufffd{1,3}(?!\ufffd)")


def _replaced_mark(match: re.Match[str]) -> str:
    """A run of replacement characters as a straight quote, unless it sits inside a word
    (there it was an apostrophe: "They���re"); the fillers keep every offset."""
    text, start, end = match.string, match.start(), match.end()
    inside = start > 0 and text[start - 1].isalnum() and end < len(text) and text[end].isalnum()
    return match.group() if inside else _STRAIGHT + _FILLER * (end - start - 1)


_OPEN_PRECEDERS = set(" \t\n([{—–-/")


def _mark_role(text: str, i: int) -> str | None:
    """'open', 'close' or None for the character at i."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "“":
        # “good spirits“, with an opener typed for the closer: after a word, before a space
        # or punctuation, it closes (else the quote runs on into the next paragraph's).
        if (
            not before.isspace()
            and before not in _OPEN_PRECEDERS
            and (after.isspace() or after in ",.;:!?")
        ):
            return "close"
        return "open"
    if ch == "”":
        # ”I am taking it one day at a time.”, with a closer typed for the opener: after a
        # space, a paragraph's start or a colon, before a word, it opens.
        if (before in _OPEN_PRECEDERS or before == ":") and (after.isalnum() or after in "‘'["):
            return "open"
        return "close"
    if ch in _OPENERS:
        return "open"
    if ch in _CLOSERS:
        return "close"
    if ch != _STRAIGHT:
        return None
    if before in _OPEN_PRECEDERS and not after.isspace():
        return "open"
    return "close"


def _paragraph_end(text: str, i: int) -> int:
    """Index of the paragraph break at or after i (the first newline), or len(text)."""
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _next_paragraph_start(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _make_quote(text: str, open_at: int, close_at: int) -> Quote | None:
    start, end = open_at + 1, close_at
    while start < end and (text[start].isspace() or text[start] == _FILLER):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    return Quote(start, end, open_at, close_at, len(text[start:end].split()))


def _single_role(text: str, i: int, straight: bool = False) -> str | None:
    """British-style ‘quotes’: ’ is also the apostrophe, so it closes only where no letter
    follows (don’t, it’s stay words) and an opener ‘ must start a word. With `straight`, the
    typewriter ' plays both parts ('90s is a year, not an opener)."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opener = ch == "‘" or (straight and ch == "'")
    if opener and before in _OPEN_PRECEDERS and not after.isspace() and not after.isdigit():
        return "open"
    closer = ch == "’" or (straight and ch == "'")
    if closer and not before.isspace() and not after.isalnum():
        return "close"
    return None


def pair_quotes(text: str) -> list[Quote]:
    # Typewriter style ''like this'' (and ``this'') marks a quote with two characters: read
    # the pair as one straight quote; the filler keeps every offset where it was.
    text = text.replace("''", '"' + _FILLER).replace("``", '"' + _FILLER)
    # The same with typeset singles (“...’’ and ‘‘...’’, as some papers print them).
    text = text.replace("’’", "”" + _FILLER).replace("‘‘", "“" + _FILLER)
    # A page saved in the wrong encoding shows each curly quote as replacement characters
    # ("���They are so in love,��� he said"): a run not inside a word was a quote mark.
    text = _REPLACED_MARK.sub(_replaced_mark, text)
    doubles = _pair(text, _mark_role, _OPENERS | _CLOSERS | {_STRAIGHT})
    # Pages that quote only with the typewriter ' (British and Australian tabloids) have no
    # double marks at all; elsewhere a ' is an apostrophe or a quote within a quote.
    straight = not any(mark in text for mark in (_STRAIGHT, *_OPENERS, *_CLOSERS))
    singles = _pair_singles(text, straight) if "‘" in text or straight else []
    # One single-quoted word is a scare quote (the ‘final’ offer), not something said.
    singles = [q for q in singles if q.words >= 2]
    # A single-quoted passage inside a double-quoted one is a quote within the quote.
    inside = [q for q in singles if any(d.open < q.open < d.close for d in doubles)]
    return sorted(doubles + [q for q in singles if q not in inside], key=lambda q: q.open)


def _pair_singles(text: str, straight: bool = False) -> list[Quote]:
    """‘…’ quotes, paragraph by paragraph. ’ is also the apostrophe of "workers’ call", so an
    opener takes the last candidate closer before the next opener or the paragraph's end."""
    quotes: list[Quote] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start, end = paragraph.span()
        openers = [i for i in range(start, end) if _single_role(text, i, straight) == "open"]
        for n, opener in enumerate(openers):
            limit = openers[n + 1] if n + 1 < len(openers) else end
            # a typed ‘ is closed by ’, a typewriter ' by ' ("the ‘final’ offer by the
            # drivers' union" is one scare quote, not a passage up to the possessive)
            mark = "'" if text[opener] == "'" else "’"
            closers = [
                i
                for i in range(opener + 1, limit)
                if text[i] == mark and _single_role(text, i, straight) == "close"
            ]
            if closers and (quote := _make_quote(text, opener, closers[-1])) is not None:
                quotes.append(quote)
    return quotes


def _pair(text: str, role_of: Callable[[str, int], str | None], marks: set[str]) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None
    nested = 0  # curly quotes opened inside the open one: “A “B” C” is one quote, A to C
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\n" and open_at is not None:
            nested = 0
            # Newspaper convention: a quote that runs on re-opens at the next paragraph
            # without closing the previous one.
            nxt = _next_paragraph_start(text, i)
            if nxt < len(text) and text[nxt] in marks and role_of(text, nxt) == "open":
                i = nxt + 1
                continue
            quote = _make_quote(text, open_at, i)
            if quote is not None and quote.words >= 3:
                quotes.append(quote)
            open_at = None
        else:
            role = role_of(text, i) if ch in marks else None
            if role == "open" and ch == "“" and open_at is not None and text[open_at] == "“":
                nested += 1
            elif role == "open":
                open_at = i  # an opener left unclosed in the same paragraph starts afresh
            elif role == "close" and nested and ch == "”":
                nested -= 1
            elif role == "close" and open_at is not None:
                quote = _make_quote(text, open_at, i)
                if quote is not None:
                    quotes.append(quote)
                open_at = None
        i += 1
    if open_at is not None:
        quote = _make_quote(text, open_at, len(text))
        if quote is not None and quote.words >= 3:
            quotes.append(quote)
    return quotes


def find_quotes(ctx: Context) -> None:
    ctx.quotes = pair_quotes(ctx.article.text)


STAGE = Stage("quotes", reads=("article",), adds=("quotes",), run=find_quotes)

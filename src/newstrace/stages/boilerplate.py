"""Boilerplate: datelines, bylines, photo credits, promos, teasers and copyright lines, which are
neither claims nor anyone's words."""

from __future__ import annotations

import re

from .base import Context, Stage

# "WASHINGTON (AP) — ", "NEW YORK — ", "LONDON (Reuters) - ", "Kelso, Ohio (AP) — ": a place in
# capitals, or any place with an agency tag, then a dash, at the start of a paragraph.
_AGENCY_TAG = r"\([A-Za-z.& ]{2,30}\)"
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    rf"(?: {_AGENCY_TAG})?"
    r"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
    rf" {_AGENCY_TAG})"
    r" ?[—–-]{1,2} "
)
_BYLINE = re.compile(
    r"(?:By|Written by|Posted by|Reporting by|Story by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:,[^\n]{0,60})?",
)
_CREDIT = re.compile(r"\((?:Photo|Photos|Image|Images|Credit|Video)s?:[^)\n]{0,120}\)")
# Paragraphs that open like this are the page's furniture, not the story.
_PROMO_OPENINGS = (
    "all rights reserved",
    "click here",
    "copyright",
    "©",
    "follow us",
    "get informed",
    "image zoom",
    "like us on",
    "share this",
    "sign up",
    "subscribe",
    "view this post on instagram",
    # syndication footers: "This article was written by A from B and was legally licensed ..."
    "this article first appeared",
    "this article originally appeared",
    "this article was originally published",
    "this article was written by",
    "this material may not be published",
    "this story first appeared",
    "this story originally appeared",
    "this story was originally published",
    "you may also like",
)
# Words that open ordinary sentences too ("Related costs rose"): furniture only as a label,
# with a colon, a bar or nothing after them ("RELATED: ...", "Trending |", "Advertisement").
_PROMO_LABELS = re.compile(
    r"(?i:advertisement|more from [^:|\n]{1,40}|read more|recommended|related|see also|trending"
    r"|watch)\s*(?:[:|»>-]|$)"
    # "RELATED GALLERY:", "Related Video:", "MORE:": a label word and up to two capitalised
    # words, then a colon.
    r"|(?i:related|more|watch)(?: [A-Z][A-Za-z]*){0,2}:",
)
_PROMO_MAX_CHARS = 300
# After a label standing alone ("RELATED CONTENT:"), the teasers it lists: short lines in title
# case with no closing full stop ("Dana Ruiz Says She Knew 'Something Was Up'").
_TEASER_MAX_CHARS = 160
_TEASERS_AFTER_LABEL = 6


def find_boilerplate(ctx: Context) -> None:
    text = ctx.article.text
    found: list[tuple[int, int]] = []
    teasers = 0  # how many more lines may be the teasers of a label standing alone
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        line = paragraph.group()
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if not body:
            continue
        if teasers and _teaser(body):
            found.append((start + lead, start + lead + len(body)))
            teasers -= 1
            continue
        teasers = 0
        if _promo(body):
            found.append((start + lead, start + lead + len(body)))
            if body.endswith(":"):
                teasers = _TEASERS_AFTER_LABEL
            continue
        byline = _BYLINE.fullmatch(body)
        if byline is not None and len(body) <= 80:
            found.append((start + lead, start + lead + len(body)))
            continue
        dateline = _DATELINE.match(line, lead)
        if dateline is not None:
            found.append((start + lead, start + dateline.end()))
        found.extend((start + m.start(), start + m.end()) for m in _CREDIT.finditer(line))
    ctx.boilerplate = sorted(found)


def _promo(body: str) -> bool:
    lowered = body.lower()
    # A newsletter box pasted as text: "Get the stories by email Subscribe ... privacy notice"
    newsletter = "subscrib" in lowered and ("newsletter" in lowered or "privacy" in lowered)
    return len(body) <= _PROMO_MAX_CHARS and (
        lowered.startswith(_PROMO_OPENINGS) or _PROMO_LABELS.match(body) is not None or newsletter
    )


def _teaser(body: str) -> bool:
    """A headline: short, no closing full stop, nearly every longer word capitalised."""
    if len(body) > _TEASER_MAX_CHARS or body.endswith((".", '."', ".”")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", body) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies (at least half) within boilerplate."""
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return end > start and covered * 2 >= end - start


def after(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """`start` moved past any boilerplate it begins in (a dateline before the words)."""
    for s, e in spans:
        if s <= start < e < end:
            start = e
    return start


STAGE = Stage("boilerplate", reads=("article",), adds=("boilerplate",), run=find_boilerplate)

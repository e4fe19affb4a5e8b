"""Direction of a copy: which article of a pair is the source, with confidence and evidence."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from newstrace.corpus.dedupe import CopyPair
from newstrace.model import Article
from newstrace.outlets import canonical_outlet

Side = Literal["a", "b"]

# Weight of each kind of evidence, read as "probability this clue alone points the right way".
# A credit naming the other article's outlet is the author saying so; an earlier date is usually
# right but dates on pages are often crawl or update dates; a wrapper can also be an original
# that the other article excerpted, so containment asymmetry is the weakest clue.
CREDIT_MATCHING_OUTLET = 0.85
CREDIT_ANY_SOURCE = 0.4
EARLIER_DATE = 0.6
CONTAINMENT_ASYMMETRY = 0.35
# Below this (after subtracting the evidence for the other way) the direction is "unknown".
MIN_CONFIDENCE = 0.2
# Containment asymmetry counts when at least WRAPPED of one article is in the other, and the
# other has EXTRA_TEXT (as a fraction of shingles) more text of its own.
WRAPPED = 0.8
EXTRA_TEXT = 0.1

# A publisher name: up to four capitalised words on one line ("The Conversation", "E! News",
# "RT.com"), or a bare domain. Dots only inside a word, so a full stop ends the name.
_WORD = r"[A-Z][\w&!'’-]*(?:\.[A-Za-z0-9]+)*"
_NAME = rf"(?P<name>(?:[Tt]he[ \t]+)?{_WORD}(?:[ \t]+{_WORD}){{0,3}}|[a-z0-9-]+\.[a-z]{{2,}})"

# Phrases that say the text was published elsewhere first, whoever is named.
_REPUBLISH_CUES = (
    r"(?i:originally\s+(?:published|appeared|ran)\s+(?:by|on|in|at))",
    r"(?i:first\s+(?:published|appeared|ran)\s+(?:by|on|in|at))",
    r"(?i:(?:republished|reprinted|reposted)\s+(?:with\s+permission\s+)?(?:from|by))",
    r"(?i:courtesy\s+of)",
)
# Phrases that credit someone, but are also used for sources that are not the copied text
# ("via Instagram", "Source: a person close to the couple"): evidence only if the named outlet
# is the other article's outlet, or a known outlet.
_CREDIT_CUES = (
    r"(?i:via)",
    r"(?i:sources?)\s*:",
    r"(?i:h/t|hat\s+tip)\s*:?",
)
_CREDIT_PATTERNS = (
    *(re.compile(rf"\b{cue}\s+{_NAME}") for cue in _REPUBLISH_CUES),
    *(re.compile(rf"(?:\b|(?<=\W)){cue}\s*{_NAME}") for cue in _CREDIT_CUES),
    re.compile(rf"{_NAME}\s+(?i:reports|reported|says|said)\s*:"),
)
_REPUBLISH_PATTERNS = frozenset(range(len(_REPUBLISH_CUES)))
# Agency datelines: "MOSCOW (Reuters) - ", "(AP) — " near the start of the text.
_DATELINE = re.compile(r"^[^\n(]{0,60}\((?P<name>[A-Z][\w .&-]{1,40})\)\s*[-–—]")
_DATELINE_REACH = 200


@dataclass(frozen=True)
class Credit:
    """A phrase in an article's text that credits another publisher."""

    text: str
    name: str
    republished: bool  # "originally published on ...": says the text itself came from there


@dataclass(frozen=True)
class CopyEdge:
    """source -> copy for one copy pair; source and copy are None when the direction is unknown."""

    a: str
    b: str
    source: str | None
    copy: str | None
    confidence: float
    evidence: list[str] = field(default_factory=list)
    reason: str | None = None

    @property
    def known(self) -> bool:
        return self.source is not None


@dataclass
class _Tally:
    """Evidence for "a is the source" and for "b is the source", combined as noisy-or."""

    evidence: list[str] = field(default_factory=list)
    doubt: dict[str, float] = field(default_factory=lambda: {"a": 1.0, "b": 1.0})

    def vote(self, source: Side, weight: float, why: str) -> None:
        self.doubt[source] *= 1.0 - weight
        self.evidence.append(why)

    def note(self, why: str) -> None:
        self.evidence.append(why)

    def support(self, side: Side) -> float:
        return 1.0 - self.doubt[side]


def direct(pair: CopyPair, a: Article, b: Article) -> CopyEdge:
    """Who copied whom in `pair`, from dates, containment asymmetry and credits in the texts."""
    if (a.id, b.id) == (pair.b, pair.a):
        a, b = b, a
    if (a.id, b.id) != (pair.a, pair.b):
        raise ValueError(f"articles {a.id}, {b.id} are not the pair {pair.a}, {pair.b}")
    tally = _Tally()
    _weigh_dates(tally, a, b)
    _weigh_containment(tally, pair, a, b)
    _weigh_credits(tally, a, b)
    return _decide(tally, a, b)


def _label(article: Article) -> str:
    outlet = canonical_outlet(article.outlet or article.url)
    return f"{article.id} ({outlet})" if outlet else article.id


def _weigh_dates(tally: _Tally, a: Article, b: Article) -> None:
    if not a.date or not b.date:
        missing = " and ".join(_label(x) for x in (a, b) if not x.date)
        tally.note(f"no date for {missing}: dates cannot tell which came first")
    elif a.date == b.date:
        tally.note(f"both dated {a.date}: dates cannot tell which came first")
    else:
        side: Side = "a" if a.date < b.date else "b"
        earlier, later = (a, b) if side == "a" else (b, a)
        tally.vote(
            side,
            EARLIER_DATE,
            f"{_label(earlier)} is dated {earlier.date}, before {_label(later)} ({later.date})",
        )


def _weigh_containment(tally: _Tally, pair: CopyPair, a: Article, b: Article) -> None:
    """The article that holds the other plus text of its own is taken for the copy."""
    if _wraps(pair.containment_a_in_b, pair.containment_b_in_a, pair.shingles_a, pair.shingles_b):
        _vote_wrapper(tally, "a", inner=a, outer=b, inside=pair.containment_a_in_b,
                      extra=pair.shingles_b - pair.shingles_a)  # fmt: skip
    elif _wraps(pair.containment_b_in_a, pair.containment_a_in_b, pair.shingles_b, pair.shingles_a):
        _vote_wrapper(tally, "b", inner=b, outer=a, inside=pair.containment_b_in_a,
                      extra=pair.shingles_a - pair.shingles_b)  # fmt: skip


def _wraps(inside: float, back: float, inner_size: int, outer_size: int) -> bool:
    """Inner is (nearly) all in outer, and outer has clearly more text than inner."""
    more_text = outer_size >= inner_size * (1 + EXTRA_TEXT)
    return inside >= WRAPPED and more_text and back <= inside - EXTRA_TEXT


def _vote_wrapper(
    tally: _Tally, source: Side, *, inner: Article, outer: Article, inside: float, extra: int
) -> None:
    tally.vote(
        source,
        CONTAINMENT_ASYMMETRY,
        f"{_label(outer)} contains {inside:.0%} of {_label(inner)} plus text of its own "
        f"({extra} more shingles): the wrapper is taken for the copy",
    )


def find_credits(text: str) -> list[Credit]:
    """Credit phrases in a text: "originally published on X", "via X", "Source: X", datelines."""
    return list(_credits(text))


@functools.lru_cache(maxsize=4096)
def _credits(text: str) -> tuple[Credit, ...]:
    # Cached: a trace weighs every pair of copies, so one article's text is read many times.
    found = []
    for index, pattern in enumerate(_CREDIT_PATTERNS):
        for match in pattern.finditer(text):
            name = match.group("name").rstrip(".'’")
            found.append(Credit(match.group(0).strip(), name, index in _REPUBLISH_PATTERNS))
    dateline = _DATELINE.match(text[:_DATELINE_REACH])
    if dateline is not None:
        found.append(Credit(dateline.group(0).strip(), dateline.group("name"), False))
    return tuple(found)


def outlet_key(name: str | None) -> str | None:
    """Comparable form of an outlet: canonical name, letters and digits only, without "the"."""
    canonical = canonical_outlet(name)
    if not canonical:
        return None
    key = canonical.lower()
    if "." in key and " " not in key:  # an unknown domain: theconversation.com -> theconversation
        key = key.rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "", key).removeprefix("the") or None


def _weigh_credits(tally: _Tally, a: Article, b: Article) -> None:
    sides: tuple[tuple[Article, Article, Side], ...] = ((a, b, "b"), (b, a, "a"))
    for copy, source, side in sides:
        for credit in find_credits(copy.text):
            if credit.text in source.text:
                tally.note(
                    f"both {_label(copy)} and {_label(source)} carry {credit.text!r}: "
                    "it came with the copied text and does not tell who copied"
                )
            else:
                _weigh_credit(tally, credit, copy, source, side)


def _credited_key(credit: Credit, wanted: str | None) -> str | None:
    """The outlet key a credit names; tries "RT" for "Meanwhile RT" when that is the one wanted."""
    words = credit.name.split()
    keys = [outlet_key(" ".join(words[start:])) for start in range(len(words))]
    if wanted is not None and wanted in keys:
        return wanted
    return keys[0] if keys else None


def _weigh_credit(
    tally: _Tally, credit: Credit, copy: Article, source: Article, side: Side
) -> None:
    source_key = outlet_key(source.outlet or source.url)
    key = _credited_key(credit, source_key)
    if key is None or key == outlet_key(copy.outlet or copy.url):
        return  # a text naming its own outlet ("CNN reports:" on cnn.com) credits nobody
    if key == source_key:
        tally.vote(
            side,
            CREDIT_MATCHING_OUTLET,
            f"{_label(copy)} credits {credit.name} ({credit.text!r}), "
            f"the outlet of {_label(source)}",
        )
    elif credit.republished:
        tally.vote(
            side,
            CREDIT_ANY_SOURCE,
            f"{_label(copy)} says its text was published elsewhere first ({credit.text!r})",
        )
    else:
        tally.note(f"{_label(copy)} credits {credit.name} ({credit.text!r}), a third party")


def _decide(tally: _Tally, a: Article, b: Article) -> CopyEdge:
    for_a, for_b = tally.support("a"), tally.support("b")
    confidence = round(abs(for_a - for_b), 3)
    if for_a == 0.0 and for_b == 0.0:
        reason = "no evidence of direction: " + "; ".join(tally.evidence or ["nothing to compare"])
        return CopyEdge(a.id, b.id, None, None, 0.0, tally.evidence, reason)
    if confidence < MIN_CONFIDENCE:
        reason = (
            f"evidence conflicts or is too weak (for {a.id} as source {for_a:.2f}, "
            f"for {b.id} {for_b:.2f})"
        )
        return CopyEdge(a.id, b.id, None, None, confidence, tally.evidence, reason)
    source, copy = (a, b) if for_a > for_b else (b, a)
    return CopyEdge(a.id, b.id, source.id, copy.id, confidence, tally.evidence)

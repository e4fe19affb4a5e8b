"""Pipeline plumbing: analysis state and stages that declare what they read and add."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import PipelineError
from ..model import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    Hedge,
    Rating,
    Source,
    Sourcing,
)

if TYPE_CHECKING:
    from ..ratings import RatingList


@dataclass
class Quote:
    """A quoted passage: `start`/`end` bound the words inside the marks, `open`/`close` them."""

    start: int
    end: int
    open: int
    close: int
    words: int


@dataclass
class RawAttribution:
    """An attribution before coreference: spans as char offsets, tokens as Doc indices."""

    cue: tuple[int, int] | None
    content: tuple[int, int]
    kind: AttributionKind
    source: tuple[int, int] | None
    source_head: int | None
    cue_lemma: str = ""
    recipient: tuple[int, int] | None = None
    recipient_head: int | None = None
    # The recipient is where the words were given ("said on Live With Kelly", "in an interview
    # with 60 Minutes"), not merely whom they were told: a relay, even a name no list holds.
    recipient_medium: bool = False
    # Relays named inside the frame, outer to inner: "Reuters reported, citing X" -> Reuters.
    inner_relays: list[tuple[tuple[int, int], int]] = field(default_factory=list)
    # "RT reports:" introduces the paragraphs after it: content is the first of them, scope all
    # of them, and every attribution inside the scope was relayed by RT.
    scope: tuple[int, int] | None = None
    # A transcript turn ("KERRY: ...") or a post's signature: the source is a name written
    # apart from the sentence (a speaker label), not a parsed phrase.
    label: bool = False

    @property
    def reach(self) -> tuple[int, int]:
        return self.scope or self.content


@dataclass
class Context:
    """Everything the stages know about one article. Stages read and add named fields."""

    article: Article
    doc: Any
    ratings: Sequence[RatingList] = ()
    outlet_ratings: list[Rating] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    # Datelines, bylines, promos: char spans that are neither claims nor anyone's words.
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    raw_attributions: list[RawAttribution] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sourcing: Sourcing | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[Context], None]


def check_order(stages: Sequence[Stage]) -> None:
    """Fail early when a stage reads a field that no earlier stage adds."""
    available = {"article", "doc", "ratings"}
    for stage in stages:
        missing = [name for name in stage.reads if name not in available]
        if missing:
            raise PipelineError(f"stage {stage.name!r} reads {missing} before any stage adds them")
        available.update(stage.adds)

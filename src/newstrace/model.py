"""The one data model: an Article owns its text; every finding is a span (start/end) into it."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceType = Literal[
    "person", "organization", "government", "outlet", "anonymous", "document", "unattributed"
]
AttributionKind = Literal["direct", "indirect", "mixed"]

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A piece of `Article.text`: `text == article.text[start:end]`."""

    text: str
    start: int
    end: int


class Provenance(_Model):
    """Where an article was read from, so any finding can be traced back to its file and line."""

    file: str | None = None
    line: int | None = None
    format: str | None = None


class Article(_Model):
    text: str
    id: str = ""
    title: str | None = None
    date: str | None = Field(default=None, description="ISO date YYYY-MM-DD when known")
    outlet: str | None = Field(default=None, description="domain or name of the publishing outlet")
    url: str | None = None
    provenance: Provenance = Field(default_factory=Provenance)
    metadata: dict[str, Any] = Field(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def span(self, start: int, end: int) -> Span:
        return Span(text=self.text[start:end], start=start, end=end)


def article_id(text: str) -> str:
    """Content id: the same text (up to whitespace) always gets the same id."""
    normal = " ".join(text.split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


class Hedge(Span):
    kind: Literal["adverb", "modal", "distancing_cue", "phrase"] = "phrase"


class Claim(Span):
    checkworthiness: float = Field(description="calibrated probability that a fact-checker would check it")
    hedges: list[Hedge] = Field(default_factory=list)
    attribution: str | None = Field(default=None, description="id of the attribution it rests on")
    source: str | None = Field(default=None, description="id of the source entity behind it")


class SourceMention(Span):
    type: SourceType
    name: str
    entity: str | None = Field(default=None, description="id of the resolved source entity")


class ChainLink(_Model):
    name: str
    type: SourceType | Literal["outlet"]


class Attribution(_Model):
    id: str
    content: Span
    kind: AttributionKind
    cue: Span | None
    source: SourceMention
    chain: list[ChainLink] = Field(default_factory=list)
    recipient: Span | None = Field(default=None, description="who was told: 'told RIA Novosti'")


class Rating(_Model):
    list_name: str
    list_date: str | None = None
    score: float | None = None
    label: str | None = None


class Source(_Model):
    """A distinct source after coreference: one anonymous source quoted five times is one Source."""

    id: str
    name: str
    type: SourceType
    description: str | None = None
    attributions: int = 0
    mentions: list[Span] = Field(default_factory=list)
    original: bool = Field(default=True, description="an original speaker, not only a relay")
    ratings: list[Rating] = Field(default_factory=list)


class Sourcing(_Model):
    score: float
    independent_sources: int
    named_sources: int
    anonymous_sources: int
    reasons: list[str] = Field(default_factory=list)
    components: dict[str, float] = Field(default_factory=dict)


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    article: Article
    claims: list[Claim] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    sourcing: Sourcing
    outlet_ratings: list[Rating] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Report:
        return cls.model_validate_json(data)

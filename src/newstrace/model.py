"""The one data model: an Article owns its text; every finding is a span (start/end) into it."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceType = Literal[
    "person", "organization", "government", "outlet", "anonymous", "document", "unattributed"
]
AttributionKind = Literal["direct", "indirect", "mixed"]
# A fact-checker's verdict on one five-step scale, set only where the wording maps to it
# without doubt (loaders.verdicts holds the table); "Misleading" or "Four Pinocchios" stay None.
Verdict = Literal["false", "mostly-false", "half", "mostly-true", "true"]

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A piece of `Article.text`: `text == article.text[start:end]`."""

    text: str = Field(description="the covered text, equal to article.text[start:end]")
    start: int = Field(description="char offset of the first character in article.text")
    end: int = Field(description="char offset just past the last character")


class Provenance(_Model):
    """Where an article was read from, so any finding can be traced back to its file and line."""

    file: str | None = Field(default=None, description="file the article was read from")
    line: int | None = Field(default=None, description="line (or row) in that file")
    format: str | None = Field(default=None, description="input format the loader used")


class Article(_Model):
    text: str = Field(description="the article text every offset refers to")
    id: str = Field(default="", description="id from the input, else a hash of the text")
    title: str | None = Field(default=None, description="headline when known")
    date: str | None = Field(default=None, description="ISO date YYYY-MM-DD when known")
    outlet: str | None = Field(default=None, description="domain or name of the publishing outlet")
    url: str | None = Field(default=None, description="address of the article when known")
    provenance: Provenance = Field(default_factory=Provenance, description="file and line")
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="input fields newstrace does not use, kept as read"
    )

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
    kind: Literal["adverb", "modal", "distancing_cue", "phrase"] = Field(
        default="phrase",
        description="adverb (reportedly), modal (may), distancing_cue (he claimed)",
    )


class FactCheck(_Model):
    """One published fact-check of a claim (a ClaimReview, a row of a verdict table)."""

    id: str = Field(default="", description="hash of the review url and the claim text")
    claim_reviewed: str = Field(description="the claim as the fact-checker stated it")
    title: str | None = Field(default=None, description="headline of the fact-check article")
    rating: str | None = Field(default=None, description="the verdict as the fact-checker wrote it")
    rating_value: float | None = Field(default=None, description="numeric rating when given")
    best_rating: float | None = Field(default=None, description="best value of that scale")
    worst_rating: float | None = Field(default=None, description="worst value of that scale")
    verdict: Verdict | None = Field(
        default=None, description="the rating on one scale, only where the wording is unambiguous"
    )
    publisher: str | None = Field(default=None, description="who published the fact-check")
    url: str | None = Field(default=None, description="address of the fact-check")
    date_published: str | None = Field(default=None, description="date of the fact-check")
    claimant: str | None = Field(default=None, description="who made the claim (itemReviewed)")
    claim_date: str | None = Field(default=None, description="when the claim was made")
    appearances: list[str] = Field(
        default_factory=list, description="urls where the claim appeared"
    )
    first_appearance: str | None = Field(default=None, description="url of its first appearance")
    language: str | None = Field(default=None, description="language code of the fact-check")
    provenance: Provenance = Field(default_factory=Provenance, description="file and line")

    def model_post_init(self, __context: Any) -> None:
        if not self.id:
            self.id = factcheck_id(self.url, self.claim_reviewed)


def factcheck_id(url: str | None, claim: str) -> str:
    """Stable fact-check id: the same review of the same claim read twice gets the same id."""
    normal = " ".join(claim.split()).lower()
    return "fc" + hashlib.sha1(f"{url or ''}\n{normal}".encode()).hexdigest()[:16]


class PriorCheck(_Model):
    """A stored fact-check that matches a claim: has it been checked before?"""

    id: str = Field(description="id of the stored fact-check")
    claim_reviewed: str = Field(description="the claim as the fact-checker stated it")
    rating: str | None = Field(default=None, description="the verdict as the fact-checker wrote it")
    verdict: Verdict | None = Field(
        default=None, description="the rating on one scale, only where the wording is unambiguous"
    )
    publisher: str | None = Field(default=None, description="who published the fact-check")
    date: str | None = Field(default=None, description="date of the fact-check")
    url: str | None = Field(default=None, description="address of the fact-check")
    score: float = Field(description="match score 0..1 between the claim and the checked claim")


class Claim(Span):
    checkworthiness: float = Field(
        description="calibrated probability that a fact-checker would check it"
    )
    hedges: list[Hedge] = Field(default_factory=list, description="hedge spans inside the claim")
    attribution: str | None = Field(default=None, description="id of the attribution it rests on")
    source: str | None = Field(default=None, description="id of the source entity behind it")
    prior_factchecks: list[PriorCheck] = Field(
        default_factory=list,
        description="stored fact-checks of the same claim, best first (analyze --factchecks)",
    )


class SourceMention(Span):
    type: SourceType = Field(description="type of the resolved source")
    name: str = Field(description="canonical name of the resolved source ('he' -> 'Ashton Carter')")
    entity: str | None = Field(default=None, description="id of the resolved source entity")


class ChainLink(_Model):
    name: str = Field(description="outlet or speaker name")
    type: SourceType = Field(description="source type of this link")


class Attribution(_Model):
    id: str = Field(description="a1, a2, ... in reading order")
    content: Span = Field(description="what is attributed (quote text without the marks)")
    kind: AttributionKind = Field(description="direct quote, indirect speech, or mixed")
    cue: Span | None = Field(description="'said', 'told', 'according to'; null for a bare quote")
    source: SourceMention = Field(description="the mention as written, resolved to a source")
    chain: list[ChainLink] = Field(
        default_factory=list,
        description="relay path from the article's outlet inward to the original speaker",
    )
    recipient: Span | None = Field(default=None, description="who was told: 'told RIA Novosti'")


class Rating(_Model):
    list_name: str = Field(description="name of the imported rating list")
    list_date: str | None = Field(default=None, description="date or year of the list")
    score: float | None = Field(default=None, description="quality 0 (low) .. 1 (high)")
    label: str | None = Field(default=None, description="category label, e.g. 'fake, bias'")


class Source(_Model):
    """A distinct source after coreference: one anonymous source quoted five times is one Source."""

    id: str = Field(description="s1, s2, ...; attributions point here via source.entity")
    name: str = Field(description="canonical name")
    type: SourceType = Field(description="person, organization, government, outlet, ...")
    description: str | None = Field(
        default=None, description="title or role: 'US Secretary of Defense'"
    )
    attributions: int = Field(default=0, description="number of attributions to this source")
    mentions: list[Span] = Field(default_factory=list, description="every mention, resolved")
    original: bool = Field(default=True, description="an original speaker, not only a relay")
    ratings: list[Rating] = Field(default_factory=list, description="ratings of an outlet")


class Sourcing(_Model):
    score: float = Field(description="0 (weak) .. 1 (strong); the weakest link caps it")
    independent_sources: int = Field(
        description="distinct original speakers behind the check-worthy claims (relays excluded)"
    )
    named_sources: int = Field(description="distinct identified original sources")
    anonymous_sources: int = Field(description="distinct unnamed original sources")
    reasons: list[str] = Field(default_factory=list, description="plain-language explanation")
    components: dict[str, float] = Field(
        default_factory=dict, description="base score and the caps that bound it"
    )


class Report(_Model):
    schema_version: str = Field(default=SCHEMA_VERSION, description="report format version")
    article: Article = Field(description="the analysed article")
    claims: list[Claim] = Field(default_factory=list, description="check-worthy statements")
    attributions: list[Attribution] = Field(
        default_factory=list, description="quotes, reported speech and relay frames"
    )
    sources: list[Source] = Field(default_factory=list, description="distinct sources")
    sourcing: Sourcing = Field(description="how well the claims are sourced")
    outlet_ratings: list[Rating] = Field(
        default_factory=list, description="ratings of the article's own outlet"
    )
    models: dict[str, str] = Field(
        default_factory=dict,
        description="what produced the findings, by task, with versions: parser, attribution, "
        "checkworthy",
    )

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Report:
        return cls.model_validate_json(data)

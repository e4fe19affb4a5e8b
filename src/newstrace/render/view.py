"""Renderer-neutral rows for a Report's tables, so every output format shows the same facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newstrace.model import Attribution, Claim, Rating, Report, Source

CHAIN_ARROW = " → "
UNATTRIBUTED = "unattributed"


@dataclass(frozen=True)
class SourceRow:
    name: str
    type: str
    description: str
    attributions: int
    original: bool
    chains: tuple[str, ...]
    ratings: str


@dataclass(frozen=True)
class ClaimRow:
    ref: str
    text: str
    checkworthiness: float
    hedges: tuple[str, ...]
    rests_on: str


@dataclass(frozen=True)
class PriorCheckRow:
    """One prior fact-check of a claim: `claim` is the claim's ref (C1, ...)."""

    claim: str
    verdict: str
    publisher: str
    date: str
    url: str
    score: float
    checked: str


@dataclass(frozen=True)
class AttributionRow:
    ref: str
    source: str
    cue: str
    kind: str
    chain: str
    recipient: str
    content: str


def source_label(name: str, source_type: str) -> str:
    return f"{name} ({source_type})"


def chain_text(attribution: Attribution) -> str:
    """`yournewswire.com → RT → RIA Novosti → anonymous source`, or "" when nothing relayed it."""
    return CHAIN_ARROW.join(link.name for link in attribution.chain)


def format_ratings(ratings: Sequence[Rating]) -> str:
    """`opensources (2017): state; lin2023-pc1 (2023): 0.29`: each list in its own words."""
    parts: list[str] = []
    for rating in ratings:
        name = f"{rating.list_name} ({rating.list_date})" if rating.list_date else rating.list_name
        values = [f"{rating.score:.2f}"] if rating.score is not None else []
        values += [rating.label] if rating.label else []
        parts.append(f"{name}: {', '.join(values) or 'listed'}")
    return "; ".join(parts)


def excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def claim_ref(number: int) -> str:
    """Claims have no id: they are `C1`, `C2`, ... by position in the report (from 1)."""
    return f"C{number}"


def attribution_refs(report: Report) -> dict[str, str]:
    return {
        attribution.id: f"A{number}" for number, attribution in enumerate(report.attributions, 1)
    }


def attributions_of(report: Report, source: Source) -> list[Attribution]:
    """The attributions resolved to `source` (by entity id, else by name)."""
    return [
        attribution
        for attribution in report.attributions
        if attribution.source.entity == source.id
        or (attribution.source.entity is None and attribution.source.name == source.name)
    ]


def rests_on(report: Report, claim: Claim) -> str:
    """The source a claim rests on: its resolved source, else its attribution's speaker."""
    for source in report.sources:
        if claim.source is not None and source.id == claim.source:
            return source_label(source.name, source.type)
    for attribution in report.attributions:
        if claim.attribution is not None and attribution.id == claim.attribution:
            return source_label(attribution.source.name, attribution.source.type)
    return UNATTRIBUTED


def source_rows(report: Report) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for source in report.sources:
        chains = dict.fromkeys(
            chain for chain in map(chain_text, attributions_of(report, source)) if chain
        )
        rows.append(
            SourceRow(
                name=source.name,
                type=source.type,
                description=source.description or "",
                attributions=source.attributions,
                original=source.original,
                chains=tuple(chains),
                ratings=format_ratings(source.ratings),
            )
        )
    return rows


def claim_rows(report: Report) -> list[ClaimRow]:
    return [
        ClaimRow(
            ref=claim_ref(number),
            text=excerpt(claim.text, 240),
            checkworthiness=claim.checkworthiness,
            hedges=tuple(dict.fromkeys(hedge.text for hedge in claim.hedges)),
            rests_on=rests_on(report, claim),
        )
        for number, claim in enumerate(report.claims, 1)
    ]


def verdict_text(rating: str | None, verdict: str | None) -> str:
    """`"Pants on Fire!" (false)`: the fact-checker's words, then the common scale when the
    wording maps to it unambiguously."""
    written = f'"{rating}"' if rating else "no rating"
    return f"{written} ({verdict})" if verdict else written


def prior_check_rows(report: Report) -> list[PriorCheckRow]:
    return [
        PriorCheckRow(
            claim=claim_ref(number),
            verdict=verdict_text(prior.rating, prior.verdict),
            publisher=prior.publisher or "",
            date=prior.date or "",
            url=prior.url or "",
            score=prior.score,
            checked=excerpt(prior.claim_reviewed, 240),
        )
        for number, claim in enumerate(report.claims, 1)
        for prior in claim.prior_factchecks
    ]


def prior_check_cells(report: Report) -> list[list[str]]:
    """The Prior fact-checks table as strings: claim, verdict, publisher, date, score, checked
    claim, url."""
    return [
        [row.claim, row.verdict, row.publisher, row.date, f"{row.score:.2f}", row.checked, row.url]
        for row in prior_check_rows(report)
    ]


PRIOR_CHECK_COLUMNS = ("Claim", "Verdict", "Publisher", "Date", "Score", "Checked claim", "URL")


def attribution_rows(report: Report) -> list[AttributionRow]:
    refs = attribution_refs(report)
    return [
        AttributionRow(
            ref=refs[attribution.id],
            source=source_label(attribution.source.name, attribution.source.type),
            cue=attribution.cue.text if attribution.cue is not None else "",
            kind=attribution.kind,
            chain=chain_text(attribution),
            recipient=attribution.recipient.text if attribution.recipient is not None else "",
            content=excerpt(attribution.content.text),
        )
        for attribution in report.attributions
    ]


def header_facts(report: Report) -> list[tuple[str, str]]:
    """The article's identity as (label, value) pairs, leaving out what is unknown."""
    article = report.article
    facts = [
        ("Outlet", article.outlet or ""),
        ("Date", article.date or ""),
        ("URL", article.url or ""),
        ("Outlet ratings", format_ratings(report.outlet_ratings)),
        ("Article id", article.id),
        ("Models", ", ".join(f"{task} {name}" for task, name in report.models.items())),
    ]
    return [(label, value) for label, value in facts if value]


def title_of(report: Report) -> str:
    return report.article.title or f"Article {report.article.id}"


def sourcing_facts(report: Report) -> list[tuple[str, str]]:
    sourcing = report.sourcing
    return [
        ("Sourcing score", f"{sourcing.score:.2f} (0 weak .. 1 strong)"),
        ("Independent sources", str(sourcing.independent_sources)),
        ("Named sources", str(sourcing.named_sources)),
        ("Anonymous sources", str(sourcing.anonymous_sources)),
    ]


def component_text(report: Report) -> str:
    return ", ".join(
        f"{name} {value:.2f}" for name, value in sorted(report.sourcing.components.items())
    )


def source_cells(report: Report, chain_separator: str) -> list[list[str]]:
    """The Sources table as strings: name, type (", relay" marks relays), description, count,
    relay chains joined by `chain_separator`, ratings."""
    return [
        [
            row.name,
            row.type + ("" if row.original else ", relay"),
            row.description,
            str(row.attributions),
            chain_separator.join(row.chains),
            row.ratings,
        ]
        for row in source_rows(report)
    ]

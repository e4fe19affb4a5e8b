"""ClaimReview out: a draft schema.org ClaimReview (JSON-LD) from a claim's trace, for a
fact-checker to complete, and the required fields it still lacks."""

from __future__ import annotations

import json
from typing import Any

from ..corpus.trace import Origin, Trace

# Google's required ClaimReview properties (developers.google.com/search/docs/appearance/
# structured-data/factcheck), with author, which the issue asks for as well, and the option
# of `newstrace trace` that fills each.
REQUIRED = {
    "claimReviewed": "the claim text",
    "reviewRating": "--rating",
    "url": "--url",
    "author": "--reviewer",
}
# schema.org properties a draft may hold: a check against typos in what this module writes.
_CLAIMREVIEW_PROPERTIES = frozenset(
    {"@context", "@type", "claimReviewed", "itemReviewed", "reviewRating", "url", "author"}
)
_CLAIM_PROPERTIES = frozenset({"@type", "author", "datePublished", "firstAppearance", "appearance"})
_PERSON_TYPES = frozenset({"person", "anonymous"})


def draft_claimreview(
    trace: Trace,
    *,
    rating: str | None = None,
    reviewer: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """The trace as a ClaimReview draft: itemReviewed is the Claim with its original speaker,
    its earliest date and version, and every version found; the review's own parts (rating,
    reviewer, address) only when given, for newstrace cannot judge the claim itself."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": " ".join(trace.claim.split()),
        "itemReviewed": _claim(trace),
    }
    if rating:
        review["reviewRating"] = {"@type": "Rating", "alternateName": rating}
    if reviewer:
        review["author"] = {"@type": "Organization", "name": reviewer}
    if url:
        review["url"] = url
    return review


def _claim(trace: Trace) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": "Claim"}
    origin = original_speaker(trace)
    if origin is not None:
        kind = "Person" if origin.type in _PERSON_TYPES else "Organization"
        claim["author"] = {"@type": kind, "name": origin.label}
    if trace.earliest_date:
        claim["datePublished"] = trace.earliest_date
    urls = _version_urls(trace)
    first = next((urls[i] for i in trace.earliest if i in urls), None)
    if first:
        claim["firstAppearance"] = {"@type": "CreativeWork", "url": first}
    if urls:
        claim["appearance"] = [{"@type": "CreativeWork", "url": u} for u in urls.values()]
    return claim


def original_speaker(trace: Trace) -> Origin | None:
    """The origin behind the earliest version, else the one most versions rest on; None when
    no version names a source. An anonymous source is not an author: it is left out."""
    named = [o for o in trace.origins if o.type != "anonymous"]
    if not named:
        return None
    earliest = set(trace.earliest)
    behind_first = [o for o in named if earliest & set(o.articles)]
    pool = behind_first or named
    return max(pool, key=lambda o: len(o.articles))


def _version_urls(trace: Trace) -> dict[str, str]:
    """Article id -> url of every matched version that has one, in match order."""
    by_id = {n.id.removeprefix("article:"): n.url for n in trace.nodes if n.kind == "article"}
    urls: dict[str, str] = {}
    for match in trace.matches:
        address = by_id.get(match.article_id)
        if address and match.article_id not in urls:
            urls[match.article_id] = address
    return urls


def missing_required(review: dict[str, Any]) -> list[str]:
    """The required properties the draft lacks (or holds empty), in Google's order."""
    missing = [name for name in REQUIRED if not review.get(name)]
    rating = review.get("reviewRating")
    if isinstance(rating, dict) and not rating.get("alternateName"):
        missing.append("reviewRating")
    return missing


def unknown_properties(review: dict[str, Any]) -> list[str]:
    """Properties outside the ClaimReview and Claim vocabulary this draft uses."""
    unknown = [k for k in review if k not in _CLAIMREVIEW_PROPERTIES]
    item = review.get("itemReviewed", {})
    unknown += [f"itemReviewed.{k}" for k in item if k not in _CLAIM_PROPERTIES]
    return unknown


def still_to_fill(review: dict[str, Any]) -> str:
    """One line for the user: which required fields are missing and how to fill them."""
    missing = missing_required(review)
    if not missing:
        return "the draft has every required ClaimReview field"
    parts = [f"{name} ({REQUIRED[name]})" for name in missing]
    return "still to fill before publishing: " + ", ".join(parts)


def render_claimreview(review: dict[str, Any]) -> str:
    return json.dumps(review, indent=2, ensure_ascii=False) + "\n"

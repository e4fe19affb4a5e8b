"""Sourcing score: how well the article's check-worthy claims are sourced; the weakest link caps it.

score = min(base, cap_diversity, cap_anonymity, cap_rating), where
  base          = checkworthiness-weighted mean over claims of  type_weight x 0.9^relays x hedge
  type_weight   = person 1.0, government/document 0.9, organization 0.85, outlet 0.6,
                  unattributed (the article asserts it) 0.45, anonymous 0.25
  hedge         = 0.8 when the claim carries a hedge ("reportedly", "he claimed"), else 1
  cap_diversity = 0.4 / 0.55 / 0.75 / 1.0 for 0 / 1 / 2 / 3+ independent original sources
  cap_anonymity = 1 - 0.75 x (weighted share of claims resting on anonymous sources)
  cap_rating    = 0.25 + 0.75 x outlet rating (0..1), or 0.3 for a low-quality label, when a
                  loaded rating list rates the article's own outlet
"""

from __future__ import annotations

from collections import Counter

from ..model import Attribution, Claim, Rating, Source, Sourcing
from .base import Context, Stage

TYPE_WEIGHT = {
    "person": 1.0,
    "government": 0.9,
    "document": 0.9,
    "organization": 0.85,
    "outlet": 0.6,
    "unattributed": 0.45,
    "anonymous": 0.25,
}
RELAY_FACTOR = 0.9
HEDGE_FACTOR = 0.8
DIVERSITY_CAP = {0: 0.4, 1: 0.55, 2: 0.75}
LOW_QUALITY_LABELS = frozenset(
    ["fake", "conspiracy", "junksci", "hate", "satire", "unreliable", "rumor", "clickbait"]
)
NAMED_TYPES = frozenset(("person", "organization", "government", "document", "outlet"))


def _hops(att: Attribution | None, has_outlet: bool) -> int:
    if att is None:
        return 0
    inner = len(att.chain) - 1 - (1 if has_outlet else 0)  # links between reporter and speaker
    return max(inner, 0)


def _rating_cap(ratings: list[Rating]) -> float | None:
    caps = []
    for rating in ratings:
        if rating.score is not None:
            caps.append(0.25 + 0.75 * max(0.0, min(1.0, rating.score)))
        elif rating.label and LOW_QUALITY_LABELS & set(
            rating.label.lower().replace(",", " ").split()
        ):
            caps.append(0.3)
    return min(caps) if caps else None


def score_sourcing(ctx: Context) -> None:
    by_id = {a.id: a for a in ctx.attributions}
    sources = {s.id: s for s in ctx.sources}
    has_outlet = bool(ctx.article.outlet)
    claims = ctx.claims
    weights, supports = [], []
    claim_source: list[Source | None] = []
    for claim in claims:
        att = by_id.get(claim.attribution or "")
        source = sources.get(att.source.entity or "") if att else None
        kind = source.type if source else "unattributed"
        support = TYPE_WEIGHT[kind] * RELAY_FACTOR ** _hops(att, has_outlet)
        support *= HEDGE_FACTOR if claim.hedges else 1.0
        weights.append(max(claim.checkworthiness, 0.05))
        supports.append(support)
        claim_source.append(source)

    total = sum(weights)
    base = sum(w * s for w, s in zip(weights, supports, strict=True)) / total if total else 0.3
    # A vague relay ("Russian media claim") is no origin: it names no one behind the claim.
    origins = {
        s.id: s
        for s in claim_source
        if s is not None and s.type != "unattributed" and (s.original or s.type != "anonymous")
    }
    anon_weight = sum(
        w for w, s in zip(weights, claim_source, strict=True) if s and s.type == "anonymous"
    )
    anon_share = anon_weight / total if total else 0.0
    caps = {
        "cap_diversity": DIVERSITY_CAP.get(len(origins), 1.0),
        "cap_anonymity": 1.0 - 0.75 * anon_share,
    }
    rating_cap = _rating_cap(ctx.outlet_ratings)
    if rating_cap is not None:
        caps["cap_rating"] = rating_cap
    score = min(base, *caps.values())

    originals = [s for s in ctx.sources if s.original and s.type != "unattributed"]
    ctx.sourcing = Sourcing(
        score=round(score, 3),
        independent_sources=len(origins),
        named_sources=sum(1 for s in originals if s.type in NAMED_TYPES),
        anonymous_sources=sum(1 for s in originals if s.type == "anonymous"),
        reasons=_reasons(ctx, claims, claim_source, origins, caps, base),
        components={"base": round(base, 3), **{k: round(v, 3) for k, v in caps.items()}},
    )


def _kind(source: Source) -> str:
    return f"{source.type}, {source.description}" if source.description else source.type


def _quote_name(source: Source) -> str:
    return f"“{source.name}”"


def _reasons(
    ctx: Context,
    claims: list[Claim],
    claim_source: list[Source | None],
    origins: dict[str, Source],
    caps: dict[str, float],
    base: float,
) -> list[str]:
    n = len(claims)
    if n == 0:
        return ["no check-worthy claims found: the score reflects the absence of sourced claims"]
    reasons: list[str] = []
    counts = Counter(s.id for s in claim_source if s is not None and s.id in origins)
    anonymous = [origins[i] for i, _ in counts.most_common() if origins[i].type == "anonymous"]
    vague = Counter(s.name for s in claim_source if s is not None and s.id not in origins)
    vague.pop("unattributed", None)
    if vague:
        names = ", ".join(f"“{name}”" for name in vague)
        reasons.append(
            f"{sum(vague.values())} of {n} check-worthy claims rest on a vague relay that names "
            f"no one behind it ({names}): not counted as a source"
        )
    if anonymous:
        k = sum(counts[s.id] for s in anonymous)
        share = "all" if k == n else f"{k} of"
        by_name = Counter(s.name for s in anonymous)
        names = ", ".join(
            f"“{name}”" + (f" ×{times}" if times > 1 else "") for name, times in by_name.items()
        )
        which = (
            "a single anonymous source"
            if len(anonymous) == 1
            else (f"{len(anonymous)} anonymous sources")
        )
        reasons.append(f"{share} {n} check-worthy claims rest on {which} ({names})")
    unsourced = [
        c
        for c, s in zip(claims, claim_source, strict=True)
        if s is None or s.type == "unattributed"
    ]
    if unsourced:
        hedged = sum(1 for c in unsourced if c.hedges)
        note = f", {hedged} of them hedged" if hedged else ""
        reasons.append(f"{len(unsourced)} claim(s) asserted by the article without a source{note}")
    named = [s for s in origins.values() if s.type != "anonymous"]
    if named:
        listed = ", ".join(f"{s.name} ({_kind(s)}; {counts[s.id]} claim(s))" for s in named)
        only = "the only named, on-record source" if len(named) == 1 else "named, on-record sources"
        reasons.append(f"{only}: {listed}")
    reasons.extend(_relay_reasons(ctx))
    hedged_claims = [c for c in claims if c.hedges]
    if hedged_claims:
        words = sorted({h.text.lower() for c in hedged_claims for h in c.hedges})[:4]
        reasons.append(
            f"{len(hedged_claims)} of {n} claims are hedged ("
            + ", ".join(f"“{w}”" for w in words)
            + ")"
        )
    reasons.append(
        f"{len(origins)} independent original source(s) behind the claims; relays do not count"
    )
    if "cap_rating" in caps:
        cap = caps["cap_rating"]
        reasons.append(f"a loaded rating list rates the article's outlet low (cap {cap:.2f})")
    if min(caps.values()) < base:
        weakest = min(caps, key=lambda k: caps[k])
        reasons.append(f"score capped by {weakest.removeprefix('cap_')} ({caps[weakest]:.2f})")
    return reasons


def _relay_reasons(ctx: Context) -> list[str]:
    """The longest chain of outlets a quote travelled through before reaching this article."""
    skip = 1 if ctx.article.outlet else 0

    def outlets(att: Attribution) -> int:
        return sum(1 for link in att.chain[skip:-1] if link.type == "outlet")

    longest = max(ctx.attributions, key=outlets, default=None)
    if longest is None or outlets(longest) == 0:
        return []
    path = " → ".join(link.name for link in longest.chain)
    return [f"relayed through {outlets(longest)} outlet(s) before this one: {path}"]


STAGE = Stage(
    "sourcing",
    reads=("claims", "attributions", "sources"),
    adds=("sourcing",),
    run=score_sourcing,
)

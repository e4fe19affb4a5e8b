"""Highlight layers of a Report's article text, split into segments at every span boundary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import NamedTuple

from newstrace.model import Report
from newstrace.render.view import attribution_refs, chain_text, claim_ref, rests_on, source_label

# Outer to inner: when two spans start and end together, the earlier name wraps the later.
LAYER_ORDER = ("claim", "content", "source", "cue", "hedge")

LAYER_MEANINGS = {
    "claim": "claim",
    "content": "quoted or reported content",
    "source": "source",
    "cue": "attribution cue",
    "hedge": "hedge",
}


class Layer(NamedTuple):
    """One highlighted span of the article text."""

    name: str
    start: int
    end: int
    title: str = ""  # tooltip: what it is, who said it, through whom
    ref: str = ""  # short key of its row in a table: "C1", "A2"


class Segment(NamedTuple):
    """A stretch of text covered by the same layers throughout."""

    start: int
    end: int
    names: frozenset[str]
    layers: tuple[Layer, ...]  # outermost first


class Run(NamedTuple):
    """A segment plus the markup changes before it: close `closes` (in order), then open `opens`."""

    start: int
    end: int
    closes: tuple[Layer, ...]
    opens: tuple[Layer, ...]


def _nesting_key(layer: Layer) -> tuple[int, int, int]:
    return (layer.start, -layer.end, LAYER_ORDER.index(layer.name))


def _clip(layers: Iterable[Layer], length: int) -> list[Layer]:
    clipped: set[Layer] = set()
    for layer in layers:
        start, end = max(layer.start, 0), min(layer.end, length)
        if start < end:
            clipped.add(layer._replace(start=start, end=end))
    return sorted(clipped, key=_nesting_key)


def segments(text: str, layers: Iterable[Layer]) -> list[Segment]:
    """Cover `text` with segments cut at every layer boundary; empty and out-of-range spans drop."""
    kept = _clip(layers, len(text))
    cuts = sorted({0, len(text)} | {edge for layer in kept for edge in (layer.start, layer.end)})
    result: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = tuple(layer for layer in kept if layer.start <= start and end <= layer.end)
        result.append(Segment(start, end, frozenset(layer.name for layer in covering), covering))
    return result


def runs(segment_list: Sequence[Segment]) -> tuple[list[Run], tuple[Layer, ...]]:
    """Properly nested open/close events for tag-like markup, and the layers still open at the end.

    A layer that ends while a layer opened after it goes on is closed above it and the inner
    one is reopened, as HTML requires.
    """
    stack: list[Layer] = []
    result: list[Run] = []
    for segment in segment_list:
        wanted = set(segment.layers)
        depth = next((i for i, layer in enumerate(stack) if layer not in wanted), len(stack))
        closes = tuple(reversed(stack[depth:]))
        del stack[depth:]
        opens = tuple(sorted(wanted - set(stack), key=_nesting_key))
        stack.extend(opens)
        result.append(Run(segment.start, segment.end, closes, opens))
    return result, tuple(reversed(stack))


def report_layers(report: Report) -> list[Layer]:
    """Every highlight of a report: claims, hedges, attributed content, cues and sources."""
    layers: list[Layer] = []
    for number, claim in enumerate(report.claims, 1):
        ref = claim_ref(number)
        title = (
            f"{ref} · claim · checkworthiness {claim.checkworthiness:.2f}"
            f" · rests on {rests_on(report, claim)}"
        )
        layers.append(Layer("claim", claim.start, claim.end, title, ref))
        layers.extend(
            Layer("hedge", hedge.start, hedge.end, f"hedge ({hedge.kind})", ref)
            for hedge in claim.hedges
        )
    attribution_ref = attribution_refs(report)
    for attribution in report.attributions:
        ref = attribution_ref[attribution.id]
        who = source_label(attribution.source.name, attribution.source.type)
        chain = chain_text(attribution)
        via = f" · chain: {chain}" if chain else ""
        layers.append(
            Layer(
                "content",
                attribution.content.start,
                attribution.content.end,
                f"{ref} · {attribution.kind} · said by {who}{via}",
                ref,
            )
        )
        if attribution.cue is not None:
            layers.append(
                Layer(
                    "cue", attribution.cue.start, attribution.cue.end, f"{ref} · cue for {who}", ref
                )
            )
        layers.append(
            Layer(
                "source",
                attribution.source.start,
                attribution.source.end,
                f"{ref} · source: {who}{via}",
                ref,
            )
        )
    return layers + _mention_layers(report, layers)


def _mention_layers(report: Report, existing: Sequence[Layer]) -> list[Layer]:
    """Source mentions found by coreference that no attribution already marks."""
    marked = {(layer.start, layer.end) for layer in existing if layer.name == "source"}
    extra: list[Layer] = []
    for source in report.sources:
        title = f"source: {source_label(source.name, source.type)}"
        for mention in source.mentions:
            if (mention.start, mention.end) not in marked:
                marked.add((mention.start, mention.end))
                extra.append(Layer("source", mention.start, mention.end, title))
    return extra

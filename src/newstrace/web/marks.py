"""The article text as HTML with every finding marked, for the web pages.

Like `render.html.marked_article`, but each source mark also carries what the page shows when
it is clicked or focused: the resolved name, its type and its relay chain, as data attributes
(read with `textContent`, never as HTML). Every piece of article text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import NamedTuple

from markupsafe import Markup

from newstrace.model import Report
from newstrace.render.highlight import Layer
from newstrace.render.html import marked_article
from newstrace.render.view import attribution_refs, chain_text

# What each layer is called on the page (the legend and the CSS classes use the same names).
LEGEND = (
    ("claim", "claim"),
    ("quote", "direct quote"),
    ("content", "reported content"),
    ("source", "source"),
    ("cue", "attribution cue"),
    ("hedge", "hedge"),
)


def _attr(value: str) -> str:
    return escape(value, quote=True)


class SourceFacts(NamedTuple):
    """Who a source mark stands for: entity id, resolved name, type, relay chain."""

    entity: str
    name: str
    type: str
    chain: str


class _Index:
    """The source facts of each attribution ref ("A3") and of each mention span."""

    def __init__(self, report: Report) -> None:
        self.by_ref: dict[str, SourceFacts] = {}
        self.by_span: dict[tuple[int, int], SourceFacts] = {}
        self.direct_refs: set[str] = set()
        refs = attribution_refs(report)
        for attribution in report.attributions:
            ref = refs[attribution.id]
            said = attribution.source
            facts = SourceFacts(said.entity or "", said.name, said.type, chain_text(attribution))
            self.by_ref[ref] = facts
            self.by_span.setdefault((said.start, said.end), facts)
            if attribution.kind == "direct":
                self.direct_refs.add(ref)
        for source in report.sources:
            for mention in source.mentions:
                facts = SourceFacts(source.id, source.name, source.type, "")
                self.by_span.setdefault((mention.start, mention.end), facts)

    def facts_for(self, layer: Layer) -> SourceFacts | None:
        return self.by_ref.get(layer.ref) or self.by_span.get((layer.start, layer.end))


def _source_attributes(facts: SourceFacts) -> str:
    label = f"source: {facts.name}, {facts.type}"
    return (
        f' data-source="{_attr(facts.entity)}" data-name="{_attr(facts.name)}"'
        f' data-type="{_attr(facts.type)}" data-chain="{_attr(facts.chain)}"'
        f' tabindex="0" role="button" aria-label="{_attr(label)}"'
    )


def _open(layer: Layer, index: _Index) -> str:
    classes = [f"hl-{layer.name}"]
    extra = ""
    if layer.name == "content" and layer.ref in index.direct_refs:
        classes.append("hl-quote")
    facts = index.facts_for(layer) if layer.name == "source" else None
    if facts is not None:
        classes.append(f"type-{facts.type}")
        extra = _source_attributes(facts)
    ref = f' data-ref="{_attr(layer.ref)}"' if layer.ref else ""
    return f'<mark class="{" ".join(classes)}" title="{_attr(layer.title)}"{ref}{extra}>'


def article_markup(report: Report) -> Markup:
    """The article text with nested, properly closed `<mark>` elements."""
    index = _Index(report)
    # marked_article escapes every piece of text; _open escapes every attribute value.
    return Markup(marked_article(report, lambda layer: _open(layer, index)))

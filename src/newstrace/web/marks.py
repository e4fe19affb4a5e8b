"""The article text as HTML with every finding marked, for the web pages.

Like `render.html.marked_article`, but each source mark also carries what the page shows when
it is clicked or focused: the resolved name, its type and its relay chain, as data attributes
(read with `textContent`, never as HTML). Every piece of article text is escaped.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from newstrace.model import Report
from newstrace.render.highlight import Layer, report_layers, runs, segments
from newstrace.render.view import chain_text

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


class _SourceFacts:
    """Name, type and chain of the source behind each attribution ref and mention span."""

    def __init__(self, report: Report) -> None:
        self.by_ref: dict[str, tuple[str, str, str, str]] = {}
        self.by_span: dict[tuple[int, int], tuple[str, str, str, str]] = {}
        self.direct_refs: set[str] = set()
        for number, attribution in enumerate(report.attributions, 1):
            said = attribution.source
            facts = (said.entity or "", said.name, said.type, chain_text(attribution))
            self.by_ref[f"A{number}"] = facts
            self.by_span.setdefault((said.start, said.end), facts)
            if attribution.kind == "direct":
                self.direct_refs.add(f"A{number}")
        for source in report.sources:
            for mention in source.mentions:
                facts = (source.id, source.name, source.type, "")
                self.by_span.setdefault((mention.start, mention.end), facts)

    def source_attributes(self, layer: Layer) -> str:
        facts = self.by_ref.get(layer.ref) or self.by_span.get((layer.start, layer.end))
        if facts is None:
            return ""
        entity, name, source_type, chain = facts
        return (
            f' data-source="{_attr(entity)}" data-name="{_attr(name)}"'
            f' data-type="{_attr(source_type)}" data-chain="{_attr(chain)}"'
            f' tabindex="0" role="button" aria-label="{_attr(f"source: {name}, {source_type}")}"'
        )


def _open(layer: Layer, facts: _SourceFacts) -> str:
    classes = [f"hl-{layer.name}"]
    extra = ""
    if layer.name == "content" and layer.ref in facts.direct_refs:
        classes.append("hl-quote")
    if layer.name == "source":
        extra = facts.source_attributes(layer)
        source_type = facts.by_ref.get(layer.ref, facts.by_span.get((layer.start, layer.end)))
        if source_type is not None:
            classes.append(f"type-{source_type[2]}")
    ref = f' data-ref="{_attr(layer.ref)}"' if layer.ref else ""
    return f'<mark class="{" ".join(classes)}" title="{_attr(layer.title)}"{ref}{extra}>'


def article_markup(report: Report) -> Markup:
    """The article text with nested, properly closed `<mark>` elements."""
    text = report.article.text
    facts = _SourceFacts(report)
    run_list, still_open = runs(segments(text, report_layers(report)))
    parts: list[str] = []
    for run in run_list:
        parts.append("</mark>" * len(run.closes))
        parts.append("".join(_open(layer, facts) for layer in run.opens))
        parts.append(escape(text[run.start : run.end], quote=False))
    parts.append("</mark>" * len(still_open))
    return Markup("".join(parts))  # every piece escaped above

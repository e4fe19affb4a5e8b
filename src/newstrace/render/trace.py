"""Render a claim Trace: JSON (the contract), Markdown, GraphML and DOT for graph tools."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..corpus.trace import Trace
from .view import verdict_text

TRACE_FORMATS = ("text", "json", "markdown", "graphml", "dot")


def render_trace(trace: Trace, fmt: str) -> str:
    if fmt == "json":
        return trace.model_dump_json(indent=2)
    if fmt in ("markdown", "text"):
        return trace_markdown(trace, terminal=fmt == "text")
    if fmt == "graphml":
        return trace_graphml(trace)
    if fmt == "dot":
        return trace_dot(trace)
    raise ValueError(f"unknown trace format {fmt!r}: choose one of {', '.join(TRACE_FORMATS)}")


def _md(text: str | None) -> str:
    """Article-derived text made inert in Markdown: no raw HTML, no table breaks, one line."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _plain(text: str | None) -> str:
    """Article-derived text for a terminal table: one line, no cell break."""
    return " ".join(text.split()).replace("|", "\\|") if text else ""


def trace_markdown(trace: Trace, *, terminal: bool = False) -> str:
    """Markdown; with `terminal` (the `text` format) article text is only flattened, since a
    terminal shows "&amp;" as it is and runs no HTML."""
    cell = _plain if terminal else _md
    lines = [f"# Trace: {cell(trace.claim)}", "", "## What the trace found", ""]
    lines += [f"- {cell(line)}" for line in trace.explanation]
    lines += ["", "## Independent origins", ""]
    for origin in trace.origins:
        via = " → ".join(cell(name) for name in origin.via) or "-"
        lines.append(
            f"- **{cell(origin.label)}** ({origin.type}); via {via}; "
            f"{len(origin.articles)} article(s)"
        )
    if trace.prior_factchecks:
        lines += ["", "## Prior fact-checks", ""]
        lines += ["| verdict | publisher | date | score | checked claim | url |"]
        lines += ["|---|---|---|---|---|---|"]
        for prior in trace.prior_factchecks:
            verdict = cell(verdict_text(prior.rating, prior.verdict))
            lines.append(
                f"| {verdict} | {cell(prior.publisher) or '-'} | {cell(prior.date) or '-'} | "
                f"{prior.score:.2f} | {cell(prior.claim_reviewed)} | {cell(prior.url) or '-'} |"
            )
    nodes = {n.id: n for n in trace.nodes}
    lines += [
        "",
        "## Matching articles",
        "",
        "| date | outlet | score | stance | sentence |",
        "|---|---|---|---|---|",
    ]
    for match in trace.matches:
        node = nodes.get(f"article:{match.article_id}")
        outlet = cell(node.outlet) if node else ""
        date = cell(node.date) if node else ""
        stance = match.stance or "-"
        if match.stance and match.stance_probability is not None:
            stance = f"{match.stance} ({match.stance_probability:.2f})"
        score = f"{match.score:.2f}"
        if match.via is not None:  # a version of a version: name the one it came through
            through = nodes.get(f"article:{match.via}")
            score += f" (via {cell(through.outlet or through.label) if through else match.via})"
        lines.append(
            f"| {date or '-'} | {outlet or '-'} | {score} | {stance} | {cell(match.sentence)} |"
        )
    if trace.timeline:
        lines += ["", "## Timeline", "", "| date | versions | first from | copies | disputes |"]
        lines.append("|---|---|---|---|---|")
        for day in trace.timeline:
            date = f"{day.date} (apart: earlier story?)" if day.apart else day.date
            outlets = ", ".join(cell(o) for o in day.new_outlets) or "-"
            lines.append(
                f"| {date} | {len(day.articles)} | {outlets} | {day.copies} | {day.disputes} |"
            )
    copies = [e for e in trace.edges if e.kind == "copies"]
    if copies:
        lines += ["", "## Copies", ""]
        for edge in copies:
            copy, source = nodes[edge.source], nodes[edge.target]
            why = cell("; ".join(edge.evidence)) or "text containment"
            lines.append(
                f"- {cell(copy.outlet or copy.label)} copies {cell(source.outlet or source.label)} "
                f"(confidence {edge.confidence:.2f}: {why})"
            )
    return "\n".join(lines) + "\n"


def trace_graphml(trace: Trace) -> str:
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    node_keys = ("kind", "label", "type", "outlet", "date", "url")
    for key in node_keys:
        ET.SubElement(
            root, "key", id=key, attrib={"for": "node", "attr.name": key, "attr.type": "string"}
        )
    for key, kind in (("edge_kind", "string"), ("confidence", "double")):
        ET.SubElement(
            root, "key", id=key, attrib={"for": "edge", "attr.name": key, "attr.type": kind}
        )
    graph = ET.SubElement(root, "graph", id="trace", edgedefault="directed")
    for node in trace.nodes:
        element = ET.SubElement(graph, "node", id=node.id)
        for key in node_keys:
            value = getattr(node, key)
            if value is not None:
                ET.SubElement(element, "data", key=key).text = str(value)
    for n, edge in enumerate(trace.edges):
        element = ET.SubElement(graph, "edge", id=f"e{n}", source=edge.source, target=edge.target)
        ET.SubElement(element, "data", key="edge_kind").text = edge.kind
        ET.SubElement(element, "data", key="confidence").text = f"{edge.confidence:.3f}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _dot_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def trace_dot(trace: Trace) -> str:
    shapes = {"article": "box", "outlet": "ellipse", "speaker": "doubleoctagon"}
    styles = {"copies": "dashed", "cites": "solid", "quotes": "bold"}
    lines = ["digraph trace {", "  rankdir=LR;"]
    for node in trace.nodes:
        label = node.label if node.kind != "article" else f"{node.outlet or ''}\\n{node.date or ''}"
        lines.append(
            f"  {_dot_string(node.id)} [label={_dot_string(label)}, shape={shapes[node.kind]}];"
        )
    for edge in trace.edges:
        lines.append(
            f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f"[label={_dot_string(edge.kind)}, style={styles[edge.kind]}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"

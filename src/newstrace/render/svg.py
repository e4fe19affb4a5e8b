"""Inline SVG for the web UI: a claim trace's provenance graph and a sourcing-score gauge.

No scripts, no external resources, no <style> element (it would leak into the page): only
presentation attributes. Every string from a trace is article-derived, so all text and attribute
values go through `_esc`, and links are limited to local paths.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..corpus.trace import Edge, Node, Trace

__all__ = ["score_gauge_svg", "timeline_svg", "trace_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"

NODE_W, NODE_H = 160, 44
COL_GAP, ROW_GAP = 48, 16
LEFT, RIGHT, TOP, BOTTOM = 52, 8, 16, 16  # LEFT leaves room for the copy arcs
LABEL_CHARS, SUB_CHARS = 18, 24  # what fits NODE_W at 14 px / 11 px
HEX_INSET = 10  # how far a speaker hexagon's points reach in
WAY_H = 8  # the room edges to one target take in a column they cross

# kind -> (fill, stroke); anonymous speakers get their own
STYLE = {
    "article": ("#eaf1fb", "#3b6ea8"),
    "outlet": ("#fdf4e3", "#b7791f"),
    "speaker": ("#e8f5ec", "#2e7d4f"),
    "anonymous": ("#f3f3f3", "#6b6b6b"),
}
COPY_COLOUR, UNKNOWN_COLOUR = "#3b6ea8", "#8a8a8a"

# XML 1.0 forbids these characters even escaped; an article's text may carry them
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f\\]")


def _esc(value: object) -> str:
    """Text or attribute value made inert: markup and both quote kinds escaped."""
    return escape(_INVALID_XML.sub("", str(value)), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _attrs(attrs: Mapping[str, object]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = _num(value) if isinstance(value, float) else value
        parts.append(f' {name}="{_esc(shown)}"')
    return "".join(parts)


def _el(tag: str, attrs: Mapping[str, object], body: str | None = None) -> str:
    """An element; `attrs` are escaped here, `body` is markup already escaped."""
    if body is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{body}</{tag}>"


def _clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, an ellipsis marking the cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _local_href(url: str | None) -> str | None:
    """`url` if it is a local path; "//host" and "/\\host" are other sites, and browsers drop
    tabs and newlines ("/\\t/host"), so paths with spaces, controls or backslashes are refused."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    return None if _CONTROL_OR_SPACE.search(url) else url


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Box:
    node: Node
    col: int
    x: float
    y: float  # top

    @property
    def cy(self) -> float:
        return self.y + NODE_H / 2


@dataclass(frozen=True)
class _Layout:
    boxes: dict[str, _Box]  # by node id
    ways: dict[int, list[tuple[float, float]]]  # by edge index: (left x, y) per crossed column
    width: float
    height: float


def _is_anonymous(node: Node) -> bool:
    return node.kind == "speaker" and (node.type == "anonymous" or node.id.startswith("anonymous:"))


def _article_key(node: Node) -> tuple[bool, str, str, str]:
    """Dated articles first, oldest first, then by outlet."""
    return (node.date is None, node.date or "", (node.outlet or node.label).lower(), node.id)


def _relay_depths(
    relays: Sequence[str], articles: set[str], edges: Sequence[Edge]
) -> dict[str, int]:
    """Longest cites path from an article to each relay (capped, so a cycle ends)."""
    depth = dict.fromkeys(articles, 0)
    relay_set, cap = set(relays), max(len(relays), 1)
    cites = [e for e in edges if e.kind == "cites" and e.target in relay_set]
    for _ in range(cap):
        changed = False
        for edge in cites:
            if edge.source in depth:
                d = min(depth[edge.source] + 1, cap)
                if d > depth.get(edge.target, 0):
                    depth[edge.target], changed = d, True
        if not changed:
            break
    return {r: max(depth.get(r, 1), 1) for r in relays}


def _columns(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, int]:
    articles = {n.id for n in nodes if n.kind == "article"}
    relays = [n.id for n in nodes if n.kind == "outlet"]
    depths = _relay_depths(relays, articles, edges)
    last = max(depths.values(), default=0) + 1
    raw = {n.id: 0 if n.kind == "article" else depths.get(n.id, last) for n in nodes}
    used = sorted(set(raw.values()))  # no empty columns in between
    return {node_id: used.index(col) for node_id, col in raw.items()}


# a column slot: (node id, -1) for a node, (target id, column) for the waypoint of edges to
# that target crossing the column; tuples, so that no node id can pass for a waypoint
_Key = tuple[str, int]


def _chains(edges: Sequence[Edge], cols: Mapping[str, int]) -> dict[int, list[_Key]]:
    """Each drawable edge (by index) as slots: its two ends with, between them, a waypoint in
    every column it crosses, so it is routed around the nodes there instead of under them.
    Edges to one target share their waypoints: they bundle instead of stacking up."""
    chains = {}
    for i, edge in enumerate(edges):
        if edge.source in cols and edge.target in cols and edge.source != edge.target:
            crossed = [(edge.target, c) for c in range(cols[edge.source] + 1, cols[edge.target])]
            chains[i] = [(edge.source, -1), *crossed, (edge.target, -1)]
    return chains


def _height(key: _Key) -> int:
    return NODE_H if key[1] < 0 else WAY_H


def _span(keys: Sequence[_Key]) -> float:
    return sum(_height(k) for k in keys) + (len(keys) - 1) * ROW_GAP


def _order(
    keys: list[_Key],
    nodes: Mapping[str, Node],
    preds: Mapping[_Key, list[_Key]],
    centre: Mapping[_Key, float],
) -> list[_Key]:
    if all(k[1] < 0 and nodes[k[0]].kind == "article" for k in keys):
        return sorted(keys, key=lambda k: _article_key(nodes[k[0]]))

    def key(k: _Key) -> tuple[float, str, _Key]:  # beside what leads to it: fewer crossings
        return (_barycentre(preds.get(k, []), centre), nodes[k[0]].label if k[1] < 0 else "", k)

    return sorted(keys, key=key)


def _barycentre(sources: Sequence[_Key], centre: Mapping[_Key, float]) -> float:
    placed = [centre[s] for s in sources if s in centre]
    return sum(placed) / len(placed) if placed else math.inf


def _col_x(col: int) -> float:
    return float(LEFT + col * (NODE_W + COL_GAP))


def _layout(trace: Trace) -> _Layout:
    nodes = {n.id: n for n in trace.nodes}
    cols = _columns(list(nodes.values()), trace.edges)
    chains = _chains(trace.edges, cols)
    slot_col = {(i, -1): c for i, c in cols.items()} | {
        k: k[1] for chain in chains.values() for k in chain[1:-1]
    }
    preds: dict[_Key, list[_Key]] = {}
    for chain in chains.values():
        for prev, key in itertools.pairwise(chain):
            if slot_col[key] > slot_col[prev] and prev not in preds.get(key, []):
                preds.setdefault(key, []).append(prev)
    by_col: dict[int, list[_Key]] = {}
    for key, col in slot_col.items():
        by_col.setdefault(col, []).append(key)
    inner = max(_span(keys) for keys in by_col.values())
    centre: dict[_Key, float] = {}
    for col in sorted(by_col):
        keys = _order(by_col[col], nodes, preds, centre)
        top = TOP + (inner - _span(keys)) / 2  # columns are centred on each other
        for key in keys:
            centre[key] = top + _height(key) / 2
            top += _height(key) + ROW_GAP
    boxes = {
        i: _Box(n, cols[i], _col_x(cols[i]), centre[(i, -1)] - NODE_H / 2) for i, n in nodes.items()
    }
    ways = {i: [(_col_x(k[1]), centre[k]) for k in c[1:-1]] for i, c in chains.items()}
    width = LEFT + len(by_col) * NODE_W + (len(by_col) - 1) * COL_GAP + RIGHT
    return _Layout(boxes, ways, float(width), TOP + inner + BOTTOM)


# ---------------------------------------------------------------- nodes


def _node_lines(node: Node) -> tuple[str, str | None]:
    """(main line, subtitle) shown in a node's box."""
    if node.kind == "article":
        return node.outlet or node.label, (node.date or "undated")[:10]
    if node.kind == "outlet":
        return node.label, f"relay · {node.type}" if node.type else "relay"
    if _is_anonymous(node):
        return node.label.removesuffix(" (anonymous)"), "anonymous"
    return node.label, None


def _node_title(node: Node) -> str:
    if node.kind == "article":
        facts = ["article", node.outlet, node.date]
        lines = [node.label, " · ".join(f for f in facts if f), node.url or ""]
    elif node.kind == "outlet":
        lines = [node.label, f"relay ({node.type or 'unknown type'})"]
    else:
        lines = [node.label, f"original speaker ({node.type or 'unknown type'})"]
    return "\n".join(line for line in lines if line)


def _shape(box: _Box, fill: str, stroke: str, dashed: bool) -> str:
    common: dict[str, object] = {
        "class": "shape",
        "fill": fill,
        "stroke": stroke,
        "stroke-width": "1.5",
        "stroke-dasharray": "5 3" if dashed else None,
    }
    x, y, w, h = box.x, box.y, NODE_W, NODE_H
    if box.node.kind == "speaker":
        pts = [(x + HEX_INSET, y), (x + w - HEX_INSET, y), (x + w, y + h / 2)]
        pts += [(x + w - HEX_INSET, y + h), (x + HEX_INSET, y + h), (x, y + h / 2)]
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
        return _el("polygon", {"points": points, **common})
    radius = h / 2 if box.node.kind == "outlet" else 3.0  # relays are pills
    attrs = {"x": x, "y": y, "width": float(w), "height": float(h), "rx": radius}
    return _el("rect", {**attrs, **common})


def _badge(box: _Box, text: str) -> str:
    """The speaker's type, as a small tag on the box's top edge."""
    label = _clip(text, 14)
    w = 8 + 6 * len(label)
    x, y = box.x + NODE_W - HEX_INSET - w, box.y - 7
    rect = _el("rect", {"x": x, "y": y, "width": w, "height": 14, "rx": 7, "fill": "#2e7d4f"})
    attrs = {"x": x + w / 2, "y": y + 10.5, "font-size": "10", "fill": "#fff"}
    return _el(
        "g", {"class": "badge"}, rect + _el("text", {**attrs, "text-anchor": "middle"}, _esc(label))
    )


def _node_texts(box: _Box) -> str:
    main, sub = _node_lines(box.node)
    cx = box.x + NODE_W / 2
    base = {"x": cx, "text-anchor": "middle"}
    if sub is None:
        attrs = {**base, "y": box.y + NODE_H / 2 + 5, "font-size": "14", "fill": "#1d1d1f"}
        return _el("text", attrs, _esc(_clip(main, LABEL_CHARS)))
    first = _el(
        "text",
        {**base, "y": box.y + 19, "font-size": "14", "fill": "#1d1d1f"},
        _esc(_clip(main, LABEL_CHARS)),
    )
    italic = "italic" if _is_anonymous(box.node) else None
    second = {**base, "y": box.y + 35, "font-size": "11", "fill": "#555", "font-style": italic}
    return first + _el("text", second, _esc(_clip(sub, SUB_CHARS)))


def _node_svg(box: _Box, href: str | None) -> str:
    node = box.node
    anonymous = _is_anonymous(node)
    fill, stroke = STYLE["anonymous" if anonymous else node.kind]
    body = _el("title", {}, _esc(_node_title(node))) + _shape(box, fill, stroke, anonymous)
    body += _node_texts(box)
    if node.kind == "speaker" and node.type and not anonymous:
        body += _badge(box, node.type)
    if href is not None:
        body = _el("a", {"href": href, "tabindex": "0"}, body)
    attrs = {"class": f"node node-{node.kind}", "data-node-id": node.id}
    return _el("g", {**attrs, "data-anonymous": "true" if anonymous else None}, body)


# ---------------------------------------------------------------- edges


def _bezier(x1: float, y1: float, x2: float, y2: float, c1: float, c2: float) -> str:
    """A cubic curve whose control points sit level with its ends, at x `c1` and `c2`."""
    pts = [(x1, y1), (c1, y1), (c2, y2), (x2, y2)]
    start, *rest = [f"{_num(x)},{_num(y)}" for x, y in pts]
    return f"M{start} C{' '.join(rest)}"


def _route(points: Sequence[tuple[float, float]]) -> str:
    """Through (enter, leave) point pairs of each column: a level-ended curve across each gap
    between columns, a straight line across each crossed column."""
    parts = [f"M{_num(points[0][0])},{_num(points[0][1])}"]
    for k in range(0, len(points) - 1, 2):
        (x1, y1), (x2, y2) = points[k], points[k + 1]
        if k:
            parts.append(f"L{_num(x1)},{_num(y1)}")
        mid = _num((x1 + x2) / 2)
        parts.append(f"C{mid},{_num(y1)} {mid},{_num(y2)} {_num(x2)},{_num(y2)}")
    return " ".join(parts)


def _edge_path(
    a: _Box, b: _Box, ways: Sequence[tuple[float, float]]
) -> tuple[str, tuple[float, float]]:
    """SVG path data and a label anchor: an arc on the left between boxes of one column (copies
    among articles), else from right edge to left edge through the waypoints."""
    if a.col == b.col:
        bulge = min(LEFT - 6, 18 + 6 * abs(a.y - b.y) / (NODE_H + ROW_GAP))
        x, c = a.x, a.x - bulge
        return _bezier(x, a.cy, x, b.cy, c, c), (x - 0.75 * bulge, (a.cy + b.cy) / 2)
    if b.col < a.col:  # only a hand-made trace points backwards
        points = [(a.x, a.cy), (b.x + NODE_W, b.cy)]
    else:
        crossed = [p for x, y in ways for p in ((x, y), (x + NODE_W, y))]
        points = [(a.x + NODE_W, a.cy), *crossed, (b.x, b.cy)]
    return _route(points), ((a.x + b.x + NODE_W) / 2, (a.cy + b.cy) / 2)


def _edge_title(edge: Edge, a: Node, b: Node) -> str:
    if edge.kind == "copies":
        if edge.confidence > 0:
            lines = [
                f"{a.outlet or a.label} copies {b.outlet or b.label}",
                f"confidence {edge.confidence:.2f}",
            ]
        else:
            lines = [
                f"{a.outlet or a.label} and {b.outlet or b.label} are copies",
                "direction unknown",
            ]
    else:
        verb = "cites" if edge.kind == "cites" else "quotes"
        lines = [f"{a.label} {verb} {b.label}"]
    if edge.evidence:
        lines.append("evidence: " + "; ".join(edge.evidence))
    return "\n".join(lines)


def _edge_stroke(edge: Edge, marker: str) -> dict[str, object]:
    if edge.kind == "cites":
        return {"stroke": "#7a7a7a", "stroke-width": "1.5"}
    if edge.kind == "quotes":
        return {"stroke": STYLE["speaker"][1], "stroke-width": "3"}
    if edge.confidence > 0:  # directed: the arrow points from the copy to its source
        dash = {"stroke-dasharray": "6 4", "marker-end": f"url(#{marker})"}
        return {"stroke": COPY_COLOUR, "stroke-width": "1.5", **dash}
    return {"stroke": UNKNOWN_COLOUR, "stroke-width": "1.5", "stroke-dasharray": "2 4"}


def _edge_svg(
    edge: Edge, a: _Box, b: _Box, ways: Sequence[tuple[float, float]], marker: str
) -> str:
    d, (lx, ly) = _edge_path(a, b, ways)
    body = _el("title", {}, _esc(_edge_title(edge, a.node, b.node)))
    body += _el("path", {"d": d, "fill": "none", **_edge_stroke(edge, marker)})
    # a wide invisible twin so the thin line's tooltip is easy to hit
    body += _el("path", {"d": d, "fill": "none", "stroke": "transparent", "stroke-width": "10"})
    if edge.kind == "copies":
        text = f"{edge.confidence:.2f}" if edge.confidence > 0 else "?"
        halo = {"stroke": "#fff", "stroke-width": "3", "paint-order": "stroke"}
        attrs = {"x": lx, "y": ly + 4, "font-size": "10", "text-anchor": "middle", "fill": "#333"}
        body += _el("text", {**attrs, **halo}, _esc(text))
    attrs = {
        "class": f"edge edge-{edge.kind}",
        "data-source": edge.source,
        "data-target": edge.target,
    }
    directed = edge.kind != "copies" or edge.confidence > 0
    return _el("g", {**attrs, "data-directed": "true" if directed else "false"}, body)


# ---------------------------------------------------------------- documents


def _marker_id(trace: Trace) -> str:
    """Unique per trace, so two graphs on one page do not share an id."""
    digest = hashlib.sha1(
        "\n".join([trace.claim, *(n.id for n in trace.nodes)]).encode(), usedforsecurity=False
    )
    return f"nt-arrow-{digest.hexdigest()[:10]}"


def _svg_root(width: float, height: float, label: str, body: str, css_class: str) -> str:
    attrs = {
        "xmlns": SVG_NS,
        "class": css_class,
        "viewBox": f"0 0 {_num(width)} {_num(height)}",
        # Natural size; the page's CSS scales it down (max-width: 100%). No style attribute:
        # the web pages' Content-Security-Policy refuses inline styles.
        "width": _num(width),
        "height": _num(height),
        "role": "group",
        "aria-label": label,
        "font-family": FONT,
    }
    return _el("svg", attrs, body)


def _empty_svg() -> str:
    text = _el(
        "text",
        {"x": 160.0, "y": 34.0, "text-anchor": "middle", "font-size": "14", "fill": "#555"},
        "nothing to draw",
    )
    return _svg_root(320, 60, "provenance graph: nothing to draw", text, "nt-trace nt-trace-empty")


def trace_svg(trace: Trace, *, link: Callable[[Node], str | None] | None = None) -> str:
    """The trace's provenance graph as an inline SVG string, laid out left to right.

    Column 0 holds the articles (by date, then outlet), then relays by their depth along cites
    edges, then the original speakers. `link` may give a node a local URL ("/..."); any other
    URL is dropped.
    """
    if not trace.nodes:
        return _empty_svg()
    layout = _layout(trace)
    marker = _marker_id(trace)
    arrow = _el("path", {"d": "M0,0 L10,5 L0,10 z", "fill": COPY_COLOUR})
    marker_attrs = {"id": marker, "viewBox": "0 0 10 10", "refX": "9", "refY": "5"}
    marker_attrs |= {"markerWidth": "7", "markerHeight": "7", "orient": "auto"}
    parts = [_el("title", {}, _esc(f"Provenance of: {trace.claim}"))]
    parts.append(_el("defs", {}, _el("marker", marker_attrs, arrow)))
    boxes = layout.boxes
    edges = [
        _edge_svg(e, boxes[e.source], boxes[e.target], layout.ways[i], marker)
        for i, e in enumerate(trace.edges)
        if i in layout.ways
    ]
    parts.append(_el("g", {"class": "edges"}, "".join(edges)))
    ordered = sorted(boxes.values(), key=lambda b: (b.col, b.y))
    nodes = [_node_svg(b, _local_href(link(b.node)) if link else None) for b in ordered]
    parts.append(_el("g", {"class": "nodes"}, "".join(nodes)))
    counts = {
        k: sum(1 for n in trace.nodes if n.kind == k) for k in ("article", "outlet", "speaker")
    }
    label = (
        f"provenance graph: {counts['article']} article(s), {counts['outlet']} relay(s), "
        f"{counts['speaker']} original speaker(s)"
    )
    return _svg_root(layout.width, layout.height, label, "".join(parts), "nt-trace")


# ---------------------------------------------------------------- gauge

GAUGE_R, GAUGE_CX, GAUGE_CY = 48.0, 60.0, 58.0
GAUGE_COLOURS = ((0.4, "red", "#c0392b"), (0.7, "amber", "#d68910"), (math.inf, "green", "#1e8449"))


def _gauge_colour(score: float) -> tuple[str, str]:
    return next((name, hex_) for limit, name, hex_ in GAUGE_COLOURS if score < limit)


def _arc_point(fraction: float) -> tuple[float, float]:
    """The point `fraction` of the way along the upper semicircle, left to right."""
    angle = math.pi * (1 - fraction)
    return GAUGE_CX + GAUGE_R * math.cos(angle), GAUGE_CY - GAUGE_R * math.sin(angle)


def _arc(fraction: float, colour: str) -> str:
    (x0, y0), (x1, y1) = _arc_point(0.0), _arc_point(fraction)
    d = f"M{x0:.2f},{y0:.2f} A{GAUGE_R:.0f},{GAUGE_R:.0f} 0 0 1 {x1:.2f},{y1:.2f}"
    return _el("path", {"d": d, "fill": "none", "stroke": colour, "stroke-width": "12"})


def score_gauge_svg(score: float, *, label: str) -> str:
    """A semicircle gauge of a 0..1 score (clamped; NaN counts as 0), red below 0.4, amber
    below 0.7, green above, with the number in the middle."""
    value = 0.0 if math.isnan(score) else min(max(score, 0.0), 1.0)
    name, colour = _gauge_colour(value)
    body = _el("title", {}, _esc(f"{label}: {value:.2f}")) + _arc(1.0, "#e4e4e8")
    if value > 0:
        body += _arc(value, colour)
    number = {"x": GAUGE_CX, "y": GAUGE_CY - 4, "text-anchor": "middle", "font-size": "20"}
    body += _el("text", {**number, "font-weight": "700", "fill": colour}, f"{value:.2f}")
    caption = {"x": GAUGE_CX, "y": 84.0, "text-anchor": "middle", "font-size": "11", "fill": "#555"}
    body += _el("text", caption, _esc(_clip(label, 22)))
    attrs = {
        "xmlns": SVG_NS,
        "class": f"nt-gauge nt-gauge-{name}",
        "viewBox": "0 0 120 90",
        "width": "120",
        "height": "90",
        "role": "img",
        "aria-label": f"{label}: {value:.2f} of 1",
        "data-score": f"{value:.2f}",
        "font-family": FONT,
    }
    return _el("svg", attrs, body)


TIMELINE_BAR = 22.0
TIMELINE_GAP = 6.0
TIMELINE_HEIGHT = 120.0
TIMELINE_TOP = 14.0
TIMELINE_AXIS = 36.0


def timeline_svg(trace: Trace) -> str:
    """Who ran the claim when: one bar a day (height: versions that day; the disputing part
    red, copies hatched grey), days far from the burst drawn apart and labelled "apart"."""
    days = trace.timeline
    if not days:
        return ""
    most = max(len(day.articles) for day in days)
    scale = (TIMELINE_HEIGHT - TIMELINE_TOP) / most
    width = len(days) * (TIMELINE_BAR + TIMELINE_GAP) + TIMELINE_GAP
    body = _el("title", {}, _esc(f"spread of the claim over {len(days)} day(s)"))
    for n, day in enumerate(days):
        x = TIMELINE_GAP + n * (TIMELINE_BAR + TIMELINE_GAP)
        total = len(day.articles)
        height = total * scale
        y = TIMELINE_HEIGHT - height
        tip = (
            f"{day.date}: {total} version(s), {day.copies} cop(ies), {day.disputes} disputing; "
            f"first from {', '.join(day.new_outlets) or 'no new outlet'}"
            + ("; long before the first burst: an earlier story?" if day.apart else "")
        )
        bars = _el("title", {}, _esc(tip))
        fill = "#b9b9c3" if day.apart else "#4a6fa5"
        bars += _el("rect", {"x": x, "y": y, "width": TIMELINE_BAR, "height": height, "fill": fill})
        if day.copies:
            copied = day.copies * scale
            bars += _el(
                "rect",
                {
                    "x": x,
                    "y": TIMELINE_HEIGHT - copied,
                    "width": TIMELINE_BAR,
                    "height": copied,
                    "fill": "#8c8c99",
                    "class": "copies",
                },
            )
        if day.disputes:
            disputed = day.disputes * scale
            bars += _el(
                "rect",
                {
                    "x": x,
                    "y": y,
                    "width": TIMELINE_BAR,
                    "height": disputed,
                    "fill": "#c0392b",
                    "class": "disputes",
                },
            )
        label = {"x": x + TIMELINE_BAR / 2, "text-anchor": "middle", "font-size": "9"}
        bars += _el(
            "text", {**label, "y": TIMELINE_HEIGHT + 12, "fill": "#333"}, _esc(day.date[5:])
        )
        if day.apart:
            bars += _el("text", {**label, "y": TIMELINE_HEIGHT + 24, "fill": "#777"}, "apart")
        css = "day apart" if day.apart else "day"
        body += _el("g", {"class": css, "data-date": day.date, "data-versions": total}, bars)
    attrs = {
        "xmlns": SVG_NS,
        "class": "nt-timeline",
        "viewBox": f"0 0 {_num(width)} {_num(TIMELINE_HEIGHT + TIMELINE_AXIS)}",
        "width": _num(width),
        "height": _num(TIMELINE_HEIGHT + TIMELINE_AXIS),
        "role": "img",
        "aria-label": f"versions per day over {len(days)} day(s)",
        "font-family": FONT,
    }
    return _el("svg", attrs, body)

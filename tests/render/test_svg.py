"""Inline SVG: the trace graph's layout, edge styles, inert hostile text, links, and the gauge."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from newstrace.corpus.trace import Edge, Node, Trace
from newstrace.render import score_gauge_svg, trace_svg
from newstrace.render.svg import SVG_NS

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", '" onload="alert(1)', "x' onmouseover='alert(1)", "a&b"]


def make_trace(nodes: Sequence[Node], edges: Sequence[Edge], claim: str = "geese culled") -> Trace:
    return Trace(
        claim=claim,
        matches=[],
        nodes=list(nodes),
        edges=list(edges),
        earliest=[],
        earliest_date=None,
        copy_roots=[],
        origins=[],
        independent_origins=0,
        explanation=[],
    )


def article(key: str, outlet: str, date: str | None, label: str = "Geese culled") -> Node:
    return Node(id=f"article:{key}", kind="article", label=label, outlet=outlet, date=date)


@pytest.fixture
def trace() -> Trace:
    """Two articles (one copies the other), a relay chain of two, a person and an anonymous
    source, and a pair of copies whose direction is unknown."""
    nodes = [
        article("late", "daily-repost.example", "2024-01-09"),
        article("early", "vessen-courier.example", "2024-01-08"),
        article("twin", "north-herald.example", "2024-01-10"),
        Node(id="outlet:nordmark", kind="outlet", label="Nordmark Press Agency", type="outlet"),
        Node(id="outlet:wire", kind="outlet", label="Wire Service", type="outlet"),
        Node(id="person:ola brekke", kind="speaker", label="Ola Brekke", type="person"),
        Node(
            id="anonymous:official@outlet:nordmark",
            kind="speaker",
            label="a senior official (anonymous)",
            type="anonymous",
        ),
    ]
    edges = [
        Edge(
            source="article:late",
            target="article:early",
            kind="copies",
            confidence=0.9,
            evidence=["credits the original"],
        ),
        Edge(
            source="article:twin",
            target="article:early",
            kind="copies",
            confidence=0.0,
            evidence=["published the same minute"],
        ),
        Edge(source="article:early", target="outlet:wire", kind="cites"),
        Edge(source="outlet:wire", target="outlet:nordmark", kind="cites"),
        Edge(source="article:late", target="outlet:nordmark", kind="cites"),
        Edge(source="outlet:nordmark", target="anonymous:official@outlet:nordmark", kind="quotes"),
        Edge(source="article:twin", target="person:ola brekke", kind="quotes"),
    ]
    return make_trace(nodes, edges)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything not well-formed


def node_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {
        g.attrib["data-node-id"]: g
        for g in root.iter(f"{NS}g")
        if g.attrib.get("class", "").startswith("node ")
    }


def edge_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.attrib.get("class", "").startswith("edge ")]


def node_x(group: ET.Element) -> float:
    shape = next(e for e in group.iter() if e.attrib.get("class") == "shape")
    if "x" in shape.attrib:
        return float(shape.attrib["x"])
    return min(float(p.split(",")[0]) for p in shape.attrib["points"].split())


def node_y(group: ET.Element) -> float:
    return float(next(e for e in group.iter(f"{NS}rect")).attrib["y"])


def test_columns_run_from_articles_through_relays_to_speakers(trace: Trace) -> None:
    nodes = node_groups(parse(trace_svg(trace)))
    x = {key: node_x(group) for key, group in nodes.items()}
    articles = [x["article:late"], x["article:early"], x["article:twin"]]
    assert len(set(articles)) == 1
    # the wire is one cites step from an article, the agency two (the longest path)
    assert articles[0] < x["outlet:wire"] < x["outlet:nordmark"]
    assert x["outlet:nordmark"] < x["person:ola brekke"] == x["anonymous:official@outlet:nordmark"]


def path_points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


def test_an_edge_crossing_a_column_goes_around_its_nodes(trace: Trace) -> None:
    root = parse(trace_svg(trace))
    wire = node_groups(root)["outlet:wire"]
    left, top = node_x(wire), node_y(wire)
    long = next(
        g
        for g in edge_groups(root)
        if (g.attrib["data-source"], g.attrib["data-target"]) == ("article:late", "outlet:nordmark")
    )
    path = long.find(f"{NS}path")
    assert path is not None
    inside = [(x, y) for x, y in path_points(path.attrib["d"]) if left <= x <= left + 160]
    assert len(inside) == 2  # enters and leaves the wire's column level...
    assert all(not top <= y <= top + 44 for _, y in inside)  # ...above or below its box


def test_articles_are_ordered_by_date(trace: Trace) -> None:
    nodes = node_groups(parse(trace_svg(trace)))
    ys = [node_y(nodes[f"article:{k}"]) for k in ("early", "late", "twin")]
    assert ys == sorted(ys) and len(set(ys)) == 3


def test_node_and_edge_classes_and_titles(trace: Trace) -> None:
    root = parse(trace_svg(trace))
    nodes = node_groups(root)
    assert nodes["outlet:wire"].attrib["class"] == "node node-outlet"
    assert nodes["article:early"].attrib["class"] == "node node-article"
    assert sorted(e.attrib["class"] for e in edge_groups(root)) == sorted(
        ["edge edge-copies"] * 2 + ["edge edge-cites"] * 3 + ["edge edge-quotes"] * 2
    )
    for group in [*nodes.values(), *edge_groups(root)]:
        title = group.find(f".//{NS}title")
        assert title is not None and title.text
    copy = next(g for g in edge_groups(root) if g.attrib["data-source"] == "article:late")
    title = copy.find(f"{NS}title")
    assert title is not None and "credits the original" in (title.text or "")
    assert "0.90" in "".join(copy.itertext())


def test_speakers_have_distinct_shapes_and_anonymous_ones_are_dashed(trace: Trace) -> None:
    nodes = node_groups(parse(trace_svg(trace)))
    person = nodes["person:ola brekke"]
    anonymous = nodes["anonymous:official@outlet:nordmark"]
    assert (
        person.find(f"{NS}polygon") is not None
        and nodes["article:early"].find(f"{NS}polygon") is None
    )
    assert "stroke-dasharray" in anonymous.find(f"{NS}polygon").attrib  # type: ignore[union-attr]
    assert "stroke-dasharray" not in person.find(f"{NS}polygon").attrib  # type: ignore[union-attr]
    assert "anonymous" in "".join(anonymous.itertext())
    badge = person.find(f"{NS}g[@class='badge']")
    assert badge is not None and "person" in "".join(badge.itertext())


def test_arrowhead_only_on_directed_copies(trace: Trace) -> None:
    root = parse(trace_svg(trace))
    marker = root.find(f"{NS}defs/{NS}marker")
    assert marker is not None
    with_arrow = [
        g.attrib["data-source"]
        for g in edge_groups(root)
        for path in g.iter(f"{NS}path")
        if path.attrib.get("marker-end") == f"url(#{marker.attrib['id']})"
    ]
    assert with_arrow == ["article:late"]  # the copy points at its source
    undirected = next(g for g in edge_groups(root) if g.attrib["data-source"] == "article:twin")
    assert undirected.attrib["data-directed"] == "false"
    dashes = {
        g.attrib["data-source"]: g.find(f"{NS}path").attrib["stroke-dasharray"]  # type: ignore[union-attr]
        for g in edge_groups(root)
        if g.attrib["class"] == "edge edge-copies"
    }
    assert dashes["article:late"] != dashes["article:twin"]


def test_output_is_deterministic(trace: Trace) -> None:
    assert trace_svg(trace) == trace_svg(trace.model_copy(deep=True))


def test_hostile_strings_come_out_inert() -> None:
    nodes = []
    for i, text in enumerate(HOSTILE):
        nodes.append(
            Node(id=f"article:{text}{i}", kind="article", label=text, outlet=text, date=text)
        )
        nodes.append(Node(id=f"outlet:{text}", kind="outlet", label=text, type=text))
        nodes.append(Node(id=f"{text}:{i}", kind="speaker", label=text, type=text))
    edges = [
        Edge(source=f"article:{t}{i}", target=f"outlet:{t}", kind="cites", evidence=[t])
        for i, t in enumerate(HOSTILE)
    ]
    edges.append(
        Edge(
            source=f"article:{HOSTILE[0]}0",
            target=f"article:{HOSTILE[1]}1",
            kind="copies",
            confidence=0.5,
            evidence=HOSTILE,
        )
    )
    hostile = make_trace(nodes, edges, claim=HOSTILE[0] + "\x00\x1b")
    svg = trace_svg(hostile, link=lambda n: "/a?q=" + n.label)
    root = parse(svg)
    for element in root.iter():
        assert element.tag.rsplit("}", 1)[-1].lower() not in {"script", "foreignobject"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on")
            assert not value.strip().lower().startswith("javascript:")
    assert "<script" not in svg.lower()
    # the text survives, as text
    texts = "".join(root.itertext())
    assert "<script>alert(1)</script>" in texts and '" onload="alert(1)' in texts


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/article/abc", True),
        ("/trace?claim=a&b=1", True),
        ("javascript:alert(1)", False),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("/\t/evil.example/", False),
        (" /article/abc", False),
        ("", False),
        (None, False),
    ],
)
def test_links_only_to_local_paths(trace: Trace, url: str | None, kept: bool) -> None:
    root = parse(trace_svg(trace, link=lambda n: url if n.kind == "article" else None))
    links = list(root.iter(f"{NS}a"))
    if not kept:
        assert links == []
        return
    assert len(links) == 3 and all(a.attrib == {"href": url, "tabindex": "0"} for a in links)
    nodes = node_groups(root)
    assert nodes["article:early"].find(f"{NS}a") is not None
    assert nodes["outlet:wire"].find(f"{NS}a") is None


def test_long_labels_are_clipped_with_the_full_text_in_the_title() -> None:
    long = "The Extremely Long Name of a Regional Ministry of Agriculture and Waterfowl"
    svg = trace_svg(
        make_trace([Node(id="person:x", kind="speaker", label=long, type="person")], [])
    )
    group = node_groups(parse(svg))["person:x"]
    shown = [t.text or "" for t in group.findall(f"{NS}text")]
    assert shown and all(len(s) <= 24 for s in shown) and shown[0].endswith("…")
    title = group.find(f"{NS}title")
    assert title is not None and long in (title.text or "")


def test_empty_trace_says_nothing_to_draw() -> None:
    root = parse(trace_svg(make_trace([], [])))
    assert "nothing to draw" in "".join(root.itertext())
    assert node_groups(root) == {} and edge_groups(root) == []


def test_forty_articles_lay_out_without_overlap_and_scale() -> None:
    nodes = [
        article(f"a{i:02d}", f"outlet-{i % 7}.example", f"2024-02-{i % 28 + 1:02d}")
        for i in range(40)
    ]
    nodes.append(Node(id="person:p", kind="speaker", label="Spokesperson", type="person"))
    edges = [Edge(source=n.id, target="person:p", kind="quotes") for n in nodes[:40]]
    root = parse(trace_svg(make_trace(nodes, edges)))
    groups = node_groups(root)
    assert len(groups) == 41 and len(edge_groups(root)) == 40
    ys = sorted(node_y(groups[n.id]) for n in nodes[:40])
    assert all(b - a >= 44 for a, b in itertools.pairwise(ys))  # NODE_H apart at least
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert height > ys[-1] + 44 and height > width
    # natural size (the page's CSS scales it down); no style attribute for the page's CSP
    assert float(root.attrib["width"]) == width and float(root.attrib["height"]) == height
    assert "style" not in root.attrib
    # articles by date, then outlet
    dates = [groups[n.id] for n in sorted(nodes[:40], key=lambda n: node_y(groups[n.id]))]
    shown = [list(g.itertext())[-1] for g in dates]
    assert shown == sorted(shown)


def test_relay_cycle_still_lays_out() -> None:
    nodes = [
        article("a", "one.example", "2024-01-01"),
        Node(id="outlet:x", kind="outlet", label="X"),
        Node(id="outlet:y", kind="outlet", label="Y"),
    ]
    edges = [
        Edge(source="article:a", target="outlet:x", kind="cites"),
        Edge(source="outlet:x", target="outlet:y", kind="cites"),
        Edge(source="outlet:y", target="outlet:x", kind="cites"),
        Edge(source="article:a", target="outlet:missing", kind="cites"),  # dangling: skipped
    ]
    root = parse(trace_svg(make_trace(nodes, edges)))
    assert len(node_groups(root)) == 3 and len(edge_groups(root)) == 3


@pytest.mark.parametrize(
    ("score", "shown", "colour"),
    [
        (-0.5, "0.00", "red"),
        (0.0, "0.00", "red"),
        (0.39, "0.39", "red"),
        (0.4, "0.40", "amber"),
        (0.69, "0.69", "amber"),
        (0.7, "0.70", "green"),
        (1.0, "1.00", "green"),
        (7.0, "1.00", "green"),
        (float("nan"), "0.00", "red"),
    ],
)
def test_gauge_clamps_and_colours(score: float, shown: str, colour: str) -> None:
    root = parse(score_gauge_svg(score, label="sourcing score"))
    assert root.attrib["role"] == "img"
    assert root.attrib["class"] == f"nt-gauge nt-gauge-{colour}"
    assert shown in root.attrib["aria-label"] and "sourcing score" in root.attrib["aria-label"]
    assert shown in "".join(root.itertext())


def test_gauge_arc_grows_with_the_score() -> None:
    def arc_end(score: float) -> tuple[float, float]:
        paths = parse(score_gauge_svg(score, label="s")).findall(f"{NS}path")
        x, y = paths[-1].attrib["d"].split()[-1].split(",")
        return float(x), float(y)

    assert arc_end(0.5)[1] < arc_end(0.1)[1]  # higher up at the middle
    assert arc_end(0.9)[0] > arc_end(0.5)[0] > arc_end(0.1)[0]
    assert len(parse(score_gauge_svg(0.0, label="s")).findall(f"{NS}path")) == 1  # track only


def test_gauge_label_is_escaped() -> None:
    root = parse(score_gauge_svg(0.5, label=HOSTILE[1]))
    assert all(not name.startswith("on") for e in root.iter() for name in e.attrib)
    assert HOSTILE[1] in root.attrib["aria-label"]


def test_the_timeline_draws_a_bar_a_day_with_disputes_copies_and_days_apart() -> None:
    from newstrace.corpus.trace import TimelineDay
    from newstrace.render.svg import timeline_svg

    days = [
        TimelineDay(
            date="2021-11-02",
            articles=["a"],
            new_outlets=["old.example"],
            copies=0,
            disputes=0,
            apart=True,
        ),
        TimelineDay(
            date="2024-01-08",
            articles=["b", "c"],
            new_outlets=["<b>x</b>"],
            copies=1,
            disputes=1,
            apart=False,
        ),
    ]
    empty = Trace(
        claim="c",
        matches=[],
        nodes=[],
        edges=[],
        earliest=[],
        earliest_date=None,
        copy_roots=[],
        origins=[],
        independent_origins=0,
        explanation=[],
    )
    assert timeline_svg(empty) == ""
    svg = timeline_svg(empty.model_copy(update={"timeline": days}))
    root = ET.fromstring(svg)
    groups = root.findall(f"{{{SVG_NS}}}g")
    assert [g.get("data-date") for g in groups] == ["2021-11-02", "2024-01-08"]
    assert groups[0].get("class") == "day apart" and groups[1].get("class") == "day"
    assert len(groups[1].findall(f"{{{SVG_NS}}}rect")) == 3  # versions, copies, disputes
    assert "<b>" not in svg  # outlet names are escaped

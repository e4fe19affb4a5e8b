"""Trace: the provenance graph of a claim over copies, relays and independent speakers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

import newstrace
from newstrace.corpus.matching import SCORED_ROWS, ClaimMatch, candidate_sentences, rank_sentences
from newstrace.corpus.trace import CopyLink, Trace, build_trace
from newstrace.model import Article, Report
from newstrace.render.trace import render_trace

ORIGINAL = (
    "Thousands of migratory geese will be culled on Lake Vessen this winter, a senior "
    "environment official told the Nordmark Press Agency on Monday.\n\n"
    '"We expect to remove about 4,000 birds before March," the official said.'
)
REPOST = "The Vessen Courier reports:\n\n" + ORIGINAL + "\n\nShare this story with your friends."
INDEPENDENT = (
    "Environment Minister Ola Brekke said on Tuesday that about 4,000 migratory geese would "
    "be culled on Lake Vessen before March.\n\nBrekke said the cull was needed to protect "
    "the spring crops."
)
UNRELATED = "The city council approved a new budget for the harbour library on Friday."
CLAIM = "4,000 geese will be culled on Lake Vessen"


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, Article], dict[str, Report]]:
    rows = [
        ("orig", ORIGINAL, "vessen-courier.example", "2024-01-08"),
        ("copy", REPOST, "daily-repost.example", "2024-01-09"),
        ("indep", INDEPENDENT, "north-herald.example", "2024-01-10"),
        ("other", UNRELATED, "city-news.example", "2024-01-07"),
    ]
    articles = {i: Article(id=i, text=t, outlet=o, date=d) for i, t, o, d in rows}
    reports = {i: newstrace.analyze_article(a) for i, a in articles.items()}
    return articles, reports


@pytest.fixture(scope="module")
def trace(corpus: tuple[dict[str, Article], dict[str, Report]]) -> Trace:
    articles, reports = corpus
    matches = rank_sentences(CLAIM, list(articles.values()))
    copies = [CopyLink(source_id="orig", copy_id="copy", confidence=0.9, evidence=["credit"])]
    return build_trace(CLAIM, matches, articles, reports, copies)


def test_matching_finds_the_three_versions_and_not_the_unrelated_article(trace: Trace) -> None:
    assert {m.article_id for m in trace.matches} == {"orig", "copy", "indep"}
    assert all(0 < m.score <= 1 for m in trace.matches)


def test_copy_and_original_rest_on_one_anonymous_origin_and_the_minister_is_another(
    trace: Trace,
) -> None:
    assert trace.independent_origins == 2
    kinds = sorted(o.type for o in trace.origins)
    assert kinds == ["anonymous", "person"]
    anonymous = next(o for o in trace.origins if o.type == "anonymous")
    assert sorted(anonymous.articles) == ["copy", "orig"]
    assert anonymous.via[-1] == "Nordmark Press Agency"  # the agency the source spoke to


def test_earliest_appearance_and_copy_edge(trace: Trace) -> None:
    assert trace.earliest == ["orig"] and trace.earliest_date == "2024-01-08"
    copies = [e for e in trace.edges if e.kind == "copies"]
    assert [(e.source, e.target) for e in copies] == [("article:copy", "article:orig")]
    assert trace.copy_roots == ["indep", "orig"]


def test_explanation_says_how_many_origins(trace: Trace) -> None:
    text = " ".join(trace.explanation)
    assert "rest on the same unnamed source, reached through the same outlet" in text
    assert "2 independent origin(s)" in text and "1 of them copy another" in text


def test_graph_outputs_parse(trace: Trace) -> None:
    root = ET.fromstring(render_trace(trace, "graphml"))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}node")) == len(trace.nodes)
    dot = render_trace(trace, "dot")
    assert dot.startswith("digraph trace {") and dot.count("->") == len(trace.edges)
    assert Trace.model_validate_json(render_trace(trace, "json")) == trace
    assert "Independent origins" in render_trace(trace, "markdown")


def test_no_match_says_so(corpus: tuple[dict[str, Article], dict[str, Report]]) -> None:
    articles, reports = corpus
    empty = build_trace("penguins land on the moon", [], articles, reports)
    assert empty.independent_origins == 0
    assert empty.explanation == ["no stored article states this claim"]


def test_an_embedder_can_lift_a_paraphrase_above_the_lexical_floor() -> None:
    """Semantic similarity counts next to word overlap (here a stand-in embedder)."""
    import numpy as np

    paraphrase = Article(
        id="p", text="Officials plan to kill roughly four thousand birds at the lake."
    )

    def embed(texts: Sequence[str]) -> np.ndarray:
        # Claim and paraphrase point the same way; anything else is orthogonal.
        return np.array([[1.0, 0.0] if "birds" in t or "geese" in t else [0.0, 1.0] for t in texts])

    assert rank_sentences(CLAIM, [paraphrase]) == []
    lifted = rank_sentences(CLAIM, [paraphrase], embedder=embed, min_score=0.5)
    assert [m.article_id for m in lifted] == ["p"] and lifted[0].semantic == 1.0


def test_the_optional_sentence_model_ranks_a_paraphrase_above_an_unrelated_sentence() -> None:
    from newstrace.corpus.matching import default_embedder

    embed = default_embedder()
    if embed is None:
        pytest.skip("the optional newstrace[semantic] extra is not installed")
    vectors = embed([CLAIM, "About 4,000 geese are to be killed at Lake Vessen.", UNRELATED])
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.3


def test_trace_claim_labels_each_version_with_its_stance(tmp_path: Path) -> None:
    from newstrace.corpus.store import open_store
    from newstrace.corpus.trace import trace_claim

    with open_store(tmp_path / "s.sqlite") as store:
        store.add_articles(
            [
                Article(text=ORIGINAL, outlet="vessen-courier.example", date="2024-01-08"),
                Article(text=INDEPENDENT, outlet="north-herald.example", date="2024-01-10"),
            ]
        )
        traced = trace_claim(store, CLAIM, embedder=None)
    assert len(traced.matches) == 2
    assert all(m.stance in {"agree", "disagree", "discuss", "unrelated"} for m in traced.matches)
    assert "| stance |" in render_trace(traced, "markdown")


def test_a_headline_match_rests_on_the_body_attribution_it_sums_up(
    corpus: tuple[dict[str, Article], dict[str, Report]],
) -> None:
    articles, reports = corpus
    headline = ClaimMatch(
        article_id="orig",
        start=-1,
        end=-1,
        sentence="Geese culled on Lake Vessen",
        score=1.0,
        lexical=1.0,
    )
    trace = build_trace("Geese culled on Lake Vessen", [headline], articles, reports)
    assert [o.type for o in trace.origins] == ["anonymous"] and not trace.unattributed
    assert trace.origins[0].via[-1] == "Nordmark Press Agency"


def test_a_vague_media_relay_is_a_relay_and_not_a_second_origin() -> None:
    rows = [
        ("minister", INDEPENDENT, "north-herald.example", "2024-01-10"),
        (
            "media",
            "Nordmark media claimed on Wednesday that about 4,000 migratory geese would be culled "
            "on Lake Vessen before March.",
            "vessen-daily.example",
            "2024-01-11",
        ),
    ]
    articles = {i: Article(id=i, text=t, outlet=o, date=d) for i, t, o, d in rows}
    reports = {i: newstrace.analyze_article(a) for i, a in articles.items()}
    assert reports["media"].sourcing.independent_sources == 0
    trace = build_trace(CLAIM, rank_sentences(CLAIM, list(articles.values())), articles, reports)
    assert trace.independent_origins == 1
    assert [o.type for o in trace.origins] == ["person"]
    assert trace.unattributed == ["media"]
    relays = {node.label for node in trace.nodes if node.kind == "outlet"}
    assert "Nordmark media" in relays
    explained = " ".join(trace.explanation)
    assert "cite only “Nordmark media”, a relay that names no one" in explained
    assert "name no source" not in explained  # the vague version is told apart, not twice
    assert "Ola Brekke: 1 article(s) (north-herald.example) rest on one person" in explained


def test_the_timeline_shows_the_spread_and_sets_a_far_earlier_version_apart() -> None:
    old_story = (
        "Environment Minister Ola Brekke said that about 4,000 migratory geese would be culled "
        "on Lake Vessen before March, in a plan first floated years ago."
    )
    rows = [
        ("orig", ORIGINAL, "vessen-courier.example", "2024-01-08"),
        ("copy", REPOST, "daily-repost.example", "2024-01-09"),
        ("indep", INDEPENDENT, "north-herald.example", "2024-01-10"),
        ("old", old_story, "archive.example", "2021-11-02"),
    ]
    articles = {i: Article(id=i, text=t, outlet=o, date=d) for i, t, o, d in rows}
    reports = {i: newstrace.analyze_article(a) for i, a in articles.items()}
    matches = rank_sentences(CLAIM, list(articles.values()))
    copies = [CopyLink(source_id="orig", copy_id="copy", confidence=0.9, evidence=["credit"])]
    trace = build_trace(CLAIM, matches, articles, reports, copies)
    assert trace.apart == ["old"]
    assert trace.earliest == ["orig"] and trace.earliest_date == "2024-01-08"
    days = {day.date: day for day in trace.timeline}
    assert days["2021-11-02"].apart and not days["2024-01-08"].apart
    assert days["2024-01-09"].copies == 1
    assert days["2024-01-08"].new_outlets == ["vessen-courier.example"]
    assert any("shown apart" in line for line in trace.explanation)
    markdown = render_trace(trace, "markdown")
    assert "## Timeline" in markdown and "2021-11-02 (apart: earlier story?)" in markdown


def test_a_burst_of_early_coverage_is_the_start_however_many_later_mentions_follow() -> None:
    """A story broke in one week; a year of retrospective mentions followed. The burst is the
    first appearance, not "an earlier story"; a lone version years before it is."""
    from newstrace.corpus.trace import timeline_of

    dates = ["2016-09-20", "2016-09-20", "2016-09-21", "2014-03-02"]
    dates += [f"2017-{month:02d}-15" for month in range(1, 13)]
    articles = {f"a{n}": Article(id=f"a{n}", text="x", date=d) for n, d in enumerate(dates)}
    ids = list(articles)
    _, apart = timeline_of(ids, articles, {i: i for i in ids}, {})
    assert apart == ["a3"]
    # Two versions years apart: no week holds two, so nothing is set apart.
    two = {i: articles[i] for i in ("a0", "a3")}
    assert timeline_of(list(two), two, {i: i for i in two}, {})[1] == []


def _traced(claim: str, texts: dict[str, str]) -> Trace:
    """The claim traced over one dated article per text, each from its own outlet."""
    articles = {
        i: Article(id=i, text=t, outlet=f"{i}-news.example", date="2024-03-01")
        for i, t in texts.items()
    }
    reports = {i: newstrace.analyze_article(a) for i, a in articles.items()}
    return build_trace(claim, rank_sentences(claim, list(articles.values())), articles, reports)


def test_a_person_named_by_surname_or_first_name_elsewhere_is_one_origin() -> None:
    """Three outlets quote one singer as 'Mara Vintner', 'Vintner' and 'Mara': one origin, and
    the explanation says so; a surname two fuller names share stays apart."""
    from newstrace.corpus.trace import Origin, _same_people

    def person(label: str) -> Origin:
        return Origin(id=f"person:{label.lower()}", label=label, type="person", articles=[label])

    origins = {o.id: o for o in map(person, ["Mara Vintner", "Vintner", "Mara", "Lind"])}
    origins.update({o.id: o for o in map(person, ["Ola Lind", "Eva Lind"])})
    merged = _same_people(origins)
    assert merged == {"person:vintner": "person:mara vintner", "person:mara": "person:mara vintner"}

    texts = {
        "a": "Singer Mara Vintner said the tour of the northern coast would be cancelled in May.",
        "b": "The tour of the northern coast will be cancelled in May, Vintner said on Monday.",
        "c": "“The tour of the northern coast is cancelled in May,” Mara told her fans.",
    }
    trace = _traced("The tour of the northern coast will be cancelled in May", texts)
    people = [o for o in trace.origins if o.type == "person"]
    assert [(o.label, sorted(o.articles)) for o in people] == [("Mara Vintner", ["a", "b", "c"])]
    assert sorted(people[0].also_named) == ["Mara", "Vintner"]
    line = next(line for line in trace.explanation if line.startswith("Mara Vintner"))
    assert "some as" in line and "'Vintner'" in line and "'Mara'" in line
    speakers = {n.id for n in trace.nodes if n.kind == "speaker"}
    assert speakers == {"person:mara vintner"}
    assert all(e.target in speakers | {n.id for n in trace.nodes} for e in trace.edges)


def test_a_generational_suffix_is_another_person() -> None:
    from newstrace.corpus.trace import Origin, _same_people

    def person(label: str) -> Origin:
        return Origin(id=f"person:{label.lower()}", label=label, type="person", articles=[label])

    origins = {o.id: o for o in map(person, ["Arne Vik", "Arne Vik Jr.", "Vik"])}
    # "Vik" could be either of them; neither Arne Vik is the other.
    assert _same_people(origins) == {}
    # Beside "Arne Vik Jr." alone, "Vik" may still be the father: left apart.
    alone = {o.id: o for o in map(person, ["Arne Vik Jr.", "Vik"])}
    assert _same_people(alone) == {}
    named = {o.id: o for o in map(person, ["Arne Vik Jr.", "Vik Jr."])}
    assert _same_people(named) == {"person:vik jr.": "person:arne vik jr."}


def test_one_pair_named_in_any_order_or_by_surnames_is_one_joint_origin() -> None:
    from newstrace.corpus.trace import Origin, _same_people

    def origin(label: str, kind: str = "person") -> Origin:
        return Origin(id=f"{kind}:{label.lower()}", label=label, type=kind, articles=[label])

    labels = [
        ("Mara Vintner and Ola Lind", "person"),
        ("Ola Lind and Mara Vintner", "person"),
        ("Vintner and Lind", "government"),  # a surname pair the parser typed wrongly
        ("Vintner", "organization"),
        ("Mara Vintner", "person"),
    ]
    origins = {o.id: o for o in (origin(label, kind) for label, kind in labels)}
    merged = _same_people(origins)
    assert merged["person:ola lind and mara vintner"] == "person:mara vintner and ola lind"
    assert merged["government:vintner and lind"] == "person:mara vintner and ola lind"
    # A bare surname typed as a company is still the one person of that name.
    assert merged["organization:vintner"] == "person:mara vintner"
    assert "person:mara vintner and ola lind" not in merged
    # With another Lind about, "Vintner and Lind" could be either pair: it stays apart, and so
    # does the pair with the other Lind.
    origins.update({o.id: o for o in [origin("Mara Vintner and Eva Lind")]})
    merged = _same_people(origins)
    assert "government:vintner and lind" not in merged
    assert "person:mara vintner and eva lind" not in merged


def test_the_explanation_calls_a_merged_pair_people() -> None:
    from newstrace.corpus.trace import Origin, _merge_line

    pair = Origin(
        id="person:mara vintner and ola lind",
        label="Mara Vintner and Ola Lind",
        type="person",
        articles=["a", "b"],
        also_named=["Vintner and Lind"],
    )
    articles = {i: Article(id=i, text="x y z", outlet=f"{i}-news.example") for i in "ab"}
    line = _merge_line(pair, articles, {"a": "a", "b": "b"})
    assert "rest on the same people, named by 2 outlet(s), some as 'Vintner and Lind'" in line


def test_a_name_spelt_with_and_without_its_accent_is_one_origin() -> None:
    texts = {
        "a": "Khloé Kardashian said the boutique on Main Street would close in June.",
        "b": "The boutique on Main Street will close in June, Khloe Kardashian said on Monday.",
    }
    trace = _traced("The boutique on Main Street will close in June", texts)
    people = [o for o in trace.origins if o.type == "person"]
    assert [sorted(o.articles) for o in people] == [["a", "b"]]
    assert trace.independent_origins == 1


def test_text_output_shows_an_ampersand_as_written_and_markdown_escapes_it(trace: Trace) -> None:
    named = trace.model_copy(update={"claim": "Geese & swans <culled> | Lake Vessen"})
    text = render_trace(named, "text")
    assert "# Trace: Geese & swans <culled> \\| Lake Vessen" in text
    markdown = render_trace(named, "markdown")
    assert "# Trace: Geese &amp; swans &lt;culled&gt; \\| Lake Vessen" in markdown


def test_past_the_scored_lead_only_sentences_with_the_claims_telling_words_are_read() -> None:
    filler = " ".join(f"Item {n} of the council agenda was read aloud." for n in range(60))
    article = Article(
        text=f"{filler} The harbour ferry to Kelso Island will stop running in June.",
        title="Council agenda",
        id="long",
    )
    found = candidate_sentences("The Kelso Island ferry will stop in June", [article])
    assert found is not None and len(found.rows) == SCORED_ROWS + 1
    assert "Kelso Island" in found.rows[-1][3]
    assert all("Item 50 " not in row[3] for row in found.rows)

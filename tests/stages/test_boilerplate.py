"""Boilerplate (datelines, bylines, credits, promos, copyright) is neither claim nor content."""

from __future__ import annotations

from newstrace import analyze
from newstrace.model import Article
from newstrace.stages.base import Context
from newstrace.stages.boilerplate import find_boilerplate

PAGE = """By Jana Holt, Staff Writer

KELSO, Ohio (AP) — Mayor Ann Vey said the bridge would close in April for repairs that could \
last a year.

(Photo: City of Kelso)

RELATED: Five things to know about the bridge closure

Get informed! Sign up for our newsletter, which says everything you need to know every morning.

Copyright 2024 The Associated Press. All rights reserved. This material may not be published."""


def _boilerplate(text: str) -> list[str]:
    ctx = Context(article=Article(text=text), doc=None)
    find_boilerplate(ctx)
    return [text[s:e] for s, e in ctx.boilerplate]


def test_page_furniture_is_found_and_the_story_is_not() -> None:
    assert _boilerplate(PAGE) == [
        "By Jana Holt, Staff Writer",
        "KELSO, Ohio (AP) — ",
        "(Photo: City of Kelso)",
        "RELATED: Five things to know about the bridge closure",
        "Get informed! Sign up for our newsletter, which says everything you need to know every "
        "morning.",
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
        "published.",
    ]


def test_a_promo_is_no_attribution_and_a_dateline_no_part_of_a_claim() -> None:
    report = analyze(PAGE, outlet="kelso.example")
    assert [a.content.text for a in report.attributions] == [
        "the bridge would close in April for repairs that could last a year"
    ]
    assert all(not claim.text.startswith("KELSO") for claim in report.claims)
    assert all("newsletter" not in claim.text for claim in report.claims)


def test_ordinary_paragraphs_and_dashes_are_not_boilerplate() -> None:
    text = (
        "The council met on Monday — and again on Tuesday.\n\n"
        "Related costs rose by a third, the report said, after two years of delays in the works."
    )
    assert _boilerplate(text) == []


def test_a_labelled_promo_line_names_no_speaker_for_the_quote_after_it() -> None:
    text = (
        "Singer Mara Vintner spoke about the robbery for the first time on Monday.\n\n"
        "“It changed how I travel,” Vintner said.\n\n"
        "Image zoom Lena Ott/North Press\n\n"
        "RELATED GALLERY: All the Stars Who Spoke Up for the Singer\n\n"
        "“Now I can read about it without shaking. It took a year.”\n\n"
        "MORE: Mara Vintner Returns to the Stage"
    )
    assert _boilerplate(text) == [
        "Image zoom Lena Ott/North Press",
        "RELATED GALLERY: All the Stars Who Spoke Up for the Singer",
        "MORE: Mara Vintner Returns to the Stage",
    ]
    report = analyze(text, outlet="north.example")
    assert {a.source.name for a in report.attributions} <= {"Mara Vintner", "Vintner"}
    assert all(s.name.lower() != "related gallery" for s in report.sources)


def test_teasers_under_a_lone_label_and_syndication_footers_are_boilerplate() -> None:
    text = (
        "The mayor said the bridge would reopen in May.\n\n"
        "RELATED CONTENT:\n\n"
        "Dana Ruiz Nearly Walks Out of Interview After Tough Question\n\n"
        "Dana Ruiz Says She Knew 'Something Was Up' Before the Crash\n\n"
        "The council will vote on the budget next week.\n\n"
        "This article was written by Ann Lee from Style Weekly and was legally licensed "
        "through a publisher network."
    )
    found = _boilerplate(text)
    assert "Dana Ruiz Says She Knew 'Something Was Up' Before the Crash" in found
    assert "The council will vote on the budget next week." not in found
    assert any(f.startswith("This article was written by") for f in found)
    assert [a.content.text for a in analyze(text, outlet="example.test").attributions] == [
        "the bridge would reopen in May"
    ]

"""The pipeline: stages wired in a checked order, one way from text to Report."""

from __future__ import annotations

import pytest

from newstrace import Article, InputError, PipelineError, analyze, analyze_many
from newstrace.errors import InputTooLargeError
from newstrace.pipeline import STAGES
from newstrace.stages.base import Context, Stage, check_order


def _noop(ctx: Context) -> None:
    del ctx


def test_shipped_stages_are_in_a_valid_order() -> None:
    check_order(STAGES)


def test_stage_reading_what_no_earlier_stage_adds_is_refused() -> None:
    stages = (
        Stage("early", reads=("claims",), adds=("hedges",), run=_noop),
        Stage("late", reads=("doc",), adds=("claims",), run=_noop),
    )
    with pytest.raises(PipelineError) as caught:
        check_order(stages)
    assert "'early'" in str(caught.value) and "claims" in str(caught.value)
    assert caught.value.code == "NT500"


def test_moving_the_sourcing_stage_first_is_refused() -> None:
    with pytest.raises(PipelineError):
        check_order((STAGES[-1], *STAGES[:-1]))


def test_a_stage_may_read_what_an_earlier_stage_adds() -> None:
    check_order(
        (
            Stage("first", reads=("article",), adds=("quotes",), run=_noop),
            Stage("second", reads=("quotes", "doc", "ratings"), adds=(), run=_noop),
        )
    )


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \n"])
def test_empty_or_whitespace_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        analyze(text)


def test_text_above_the_character_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSTRACE_MAX_ARTICLE_CHARS", "40")
    with pytest.raises(InputTooLargeError, match="NEWSTRACE_MAX_ARTICLE_CHARS"):
        analyze("The council said the library would close for repairs in the spring.")


def test_analyze_many_yields_one_report_per_article_in_order() -> None:
    texts = [
        "The harbour authority said three cargo ships ran aground on Sunday.",
        "Officials said the northern bridge would reopen on Friday.",
        "The regional governor said that the dam had been inspected twice this year.",
    ]
    reports = list(analyze_many(Article(text=t) for t in texts))
    assert [r.article.text for r in reports] == texts
    assert all(r.attributions for r in reports)


def test_analyze_many_refuses_an_empty_article_in_the_stream() -> None:
    articles = [Article(text="Officials said the bridge would reopen."), Article(text="  ")]
    with pytest.raises(InputError):
        list(analyze_many(articles))

"""Trace's second hop (corpus/matching.versions_of_versions): versions found by searching the
versions the matcher is surest of as claims in their turn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrace.corpus import matching
from newstrace.corpus.matching import HOP_FROM, HOP_SCORE, HOPS, ClaimMatch


def _match(article_id: str, sentence: str, score: float) -> ClaimMatch:
    return ClaimMatch(
        article_id=article_id,
        start=0,
        end=len(sentence),
        sentence=sentence,
        score=score,
        lexical=0.5,
    )


def test_the_surest_versions_are_searched_least_sure_first_and_what_they_find_joins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = [
        _match("a", "island ferry service ends in May", 0.99),
        _match("b", "boat service to the isle ends", HOP_FROM),
        _match("c", "ferry may stop, some say", HOP_FROM - 0.01),  # not sure enough
        _match("n", "Island Ferry.", 0.999),  # a caption: too few words to search
    ]
    found_by = {
        "boat service to the isle ends": [
            _match("a", "island ferry service ends in May", 0.97),  # already a version
            _match("d", "islanders lose their boat link", 0.95),
            _match("e", "boat show opens on the isle", HOP_SCORE - 0.05),  # too weak
            _match("f", "Isle Boats.", 0.99),  # a caption: a name alone says nothing
        ],
        "island ferry service ends in May": [_match("d", "islanders lose their boat link", 0.91)],
    }
    asked: list[str] = []

    def fake_match(claim: str, store: Any, **kwargs: Any) -> list[ClaimMatch]:
        asked.append(claim)
        return [m for m in found_by.get(claim, []) if m.article_id not in kwargs["skip"]]

    monkeypatch.setattr(matching, "match_claim", fake_match)
    hopped = matching.versions_of_versions(first, store=None, limit=10)  # type: ignore[arg-type]
    assert asked == ["boat service to the isle ends", "island ferry service ends in May"]
    (only,) = hopped
    assert only.article_id == "d"
    assert only.via == "a"  # the better of its two routes: 0.99 x 0.91 over 0.9 x 0.95
    assert only.score == pytest.approx(round(0.99 * 0.91, 4))


def test_at_most_hops_versions_are_searched_and_nothing_past_the_limit_joins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = [
        _match(f"v{i}", f"island ferry version {i} ends", 0.95 + i / 1000) for i in range(HOPS + 3)
    ]
    asked: list[str] = []

    def fake_match(claim: str, store: Any, **kwargs: Any) -> list[ClaimMatch]:
        asked.append(claim)
        return [_match(f"new-{claim}-{j}", "the island boat link ends", 0.99) for j in range(3)]

    monkeypatch.setattr(matching, "match_claim", fake_match)
    hopped = matching.versions_of_versions(first, store=None, limit=4)  # type: ignore[arg-type]
    assert asked == [f"island ferry version {i} ends" for i in range(HOPS)]
    assert len(hopped) == 4
    assert matching.versions_of_versions(first, store=None, limit=0) == []  # type: ignore[arg-type]


def test_a_trace_names_the_version_a_hopped_one_was_found_through(tmp_path: Path) -> None:
    from newstrace.corpus.store import open_store
    from newstrace.corpus.trace import trace_claim
    from newstrace.model import Article
    from newstrace.render.trace import render_trace

    claim = "The Velmora island ferry will stop running in May"
    texts = {
        "north.example": "The Velmora island ferry will stop running in May, the council said.",
        "east.example": (
            "The Velmora island ferry will stop running in May: islanders lose their only "
            "boat link to the mainland."
        ),
        "west.example": "Islanders lose their only boat link to the mainland.",
    }
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_articles([Article(text=t, outlet=o, date="2024-05-01") for o, t in texts.items()])
        direct = trace_claim(store, claim, embedder=None)
    by_text = {m.sentence: m for m in direct.matches}
    # The west version shares no more than "island" with the claim; the east one says both.
    west = by_text["Islanders lose their only boat link to the mainland."]
    east = next(m for m in direct.matches if m.sentence.endswith("boat link to the mainland."))
    assert east.via is None and west.via == east.article_id
    assert west.score < 1.0
    assert any("found through other versions" in line for line in direct.explanation)
    assert "(via east.example)" in render_trace(direct, "markdown")

"""Name aliases in claim matching: a capital for its country, a group by another of its names."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from newstrace.corpus.aliases import alias_forms, with_alias_keys
from newstrace.corpus.matching import rank_sentences
from newstrace.corpus.store import open_store
from newstrace.corpus.trace import trace_claim
from newstrace.model import Article

CLAIM = "Russia bombed Islamic State fighters"
VERSION = "Moscow bombed ISIL fighters overnight."


def test_aliases_of_one_group_read_alike_and_other_words_stay() -> None:
    assert with_alias_keys("Moscow") == with_alias_keys("the Kremlin").split()[-1]
    assert with_alias_keys("ISIL and Daesh") == "aliasislamicstate and aliasislamicstate"
    # Acronyms that are ordinary words count only in capitals: "who" and "us" stay.
    assert with_alias_keys("who told us") == "who told us"
    assert with_alias_keys("the WHO and the US") == (
        "the aliasworldhealthorganization and the aliasunitedstates"
    )
    assert "moscow" in alias_forms("aliasrussia")


def test_the_alias_table_is_well_formed() -> None:
    data = json.loads((files("newstrace") / "data" / "aliases.json").read_text(encoding="utf-8"))
    names = [name for group in data["groups"] for name in group]
    assert data["_about"] and len(names) == len({n.lower() for n in names}), "a name in two groups"
    assert all(len(group) >= 2 for group in data["groups"])


def test_a_version_naming_the_capital_and_another_name_of_the_group_is_matched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = Article(id="v", text=VERSION, outlet="wire.example")
    (match,) = rank_sentences(CLAIM, [article])
    assert match.article_id == "v" and match.score >= 0.9
    # Read word for word, the two share only "bombed" and "fighters": no match.
    from newstrace.corpus import matching

    monkeypatch.setattr(matching, "with_alias_keys", lambda text: text)
    assert rank_sentences(CLAIM, [article]) == []


def test_trace_finds_the_version_in_a_store_through_its_aliases(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_articles(
            [
                Article(text=VERSION, outlet="wire.example", date="2024-03-04"),
                Article(text="The Velka river flooded two villages in spring.", outlet="x.example"),
            ]
        )
        traced = trace_claim(store, CLAIM, embedder=None)
    assert [m.sentence for m in traced.matches] == [VERSION]

"""Name aliases in claim matching: a capital for its country, a group by another of its names."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from newstrace.corpus.aliases import alias_forms, with_alias_keys, with_given_name_keys
from newstrace.corpus.matching import content_stems, rank_sentences
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


def test_the_given_name_table_is_well_formed() -> None:
    text = (files("newstrace") / "data" / "given_names.json").read_text(encoding="utf-8")
    data = json.loads(text)
    names = [name for group in data["groups"] for name in group]
    assert data["_about"] and len(names) == len(set(names)), "a name in two groups"
    assert all(len(group) >= 2 and all(n.isalpha() for n in group) for group in data["groups"])


def test_short_forms_of_a_given_name_before_a_surname_read_as_the_name() -> None:
    assert with_given_name_keys("Steve Marlow and Stephen Marlow") == (
        "Steven Marlow and Steven Marlow"
    )
    assert with_given_name_keys("BILL ORTEN, Bill J. Orten") == "William ORTEN, William J. Orten"
    # Without a surname after it, or before a stopword, a short form is left as it is.
    assert with_given_name_keys("Pay the bill, Bill said") == "Pay the bill, Bill said"
    assert with_given_name_keys("Senate Passes Bill To Ban Drones") == (
        "Senate Passes Bill To Ban Drones"
    )
    assert content_stems("Mike Orten won") == content_stems("Michael Orten won")


def test_a_hyphenated_name_reads_as_its_parts() -> None:
    assert content_stems("Lee Min-jun's ankle") == content_stems("Lee Min Jun ankle")
    assert content_stems("a well-known story") == content_stems("a well known story")


def test_a_version_naming_the_short_form_of_a_given_name_scores_as_the_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = "Police charged Steve Marlow over the Velka warehouse fire"
    article = Article(id="v", text="Steven Marlow charged by police over Velka warehouse fire.")
    exact = Article(id="v", text="Steve Marlow charged by police over Velka warehouse fire.")
    (match,) = rank_sentences(claim, [article], min_score=0)
    (same,) = rank_sentences(claim, [exact], min_score=0)
    assert match.lexical == same.lexical == 1.0 and match.score == same.score
    # Read word for word, "Steven" is not "Steve".
    from newstrace.corpus import matching

    monkeypatch.setattr(matching, "with_given_name_keys", lambda text: text)
    matching._reading.cache_clear()
    (plain,) = rank_sentences(claim, [article], min_score=0)
    assert plain.lexical < 1.0 and plain.score < match.score
    matching._reading.cache_clear()


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

"""Stories: stored copies grouped into the stories that ran on several outlets."""

from __future__ import annotations

from pathlib import Path

from newstrace.corpus.fingerprint import minhash_bytes
from newstrace.corpus.store import content_id, open_store
from newstrace.corpus.stories import store_stories
from newstrace.model import Article

STORY = (
    "The regional water board said on Thursday that the reservoir at Hollin Dale had fallen "
    "to 31 percent of its capacity, the lowest level recorded since the dam was completed in "
    "1974. Hosepipe use will be banned from next Monday, and farms will be asked to cut "
    "irrigation by a fifth until the autumn rains arrive, the board said in a statement."
)


def test_a_repost_on_another_outlet_makes_a_two_outlet_story(tmp_path: Path) -> None:
    original = Article(text=STORY, outlet="dale-post.example", date="2024-06-06", title="Ban")
    repost = Article(
        text="Via the Dale Post: " + STORY, outlet="aggregator.example", date="2024-06-07"
    )
    same_site = Article(text=STORY + " Updated.", outlet="dale-post.example")
    other = Article(text="The village fete raised 900 pounds for the school roof.")
    articles = [original, repost, same_site, other]
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_articles(articles, {content_id(a): minhash_bytes(a) for a in articles})
        stories = store_stories(store)
        assert store_stories(store, min_outlets=3) == []
    assert len(stories) == 1
    story = stories[0]
    assert story.outlets == ["aggregator.example", "dale-post.example"]
    assert story.articles[0] == content_id(original) and story.earliest_date == "2024-06-06"
    assert len(story.articles) == 3 and story.title == "Ban"

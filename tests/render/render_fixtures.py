"""Hand-built Reports over self-written articles, and hostile payloads, for the renderer tests."""

from __future__ import annotations

from newstrace.model import (
    Article,
    Attribution,
    ChainLink,
    Claim,
    Hedge,
    Rating,
    Report,
    Source,
    SourceMention,
    SourceType,
    Sourcing,
    Span,
)

ARTICLE_TEXT = (
    "The city water board said on Monday that the reservoir is safe. "
    '"There is no contamination of any kind," said Dana Whitfield, the board\'s chief engineer.\n\n'
    "According to yournewswire.test, which cited Globe Wire, an anonymous source told "
    "Northern Agency that the water may have been deliberately poisoned."
)


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def make_report(
    text: str = ARTICLE_TEXT,
    *,
    title: str = "Officials say reservoir is safe",
    outlet: str = "example-daily.test",
    names: tuple[str, str, str] = ("The city water board", "Dana Whitfield", "an anonymous source"),
) -> Report:
    """A report with three attributions, one relayed through two outlets, and three claims."""
    board, engineer, anonymous = names
    article = Article(
        text=text, title=title, outlet=outlet, date="2024-05-06", url="https://example-daily.test/a"
    )

    def piece(needle: str, after: int = 0) -> Span:
        return article.span(*span(text, needle, after))

    def mention(needle: str, kind: SourceType, entity: str) -> SourceMention:
        start, end = span(text, needle)
        return SourceMention(
            text=needle, start=start, end=end, type=kind, name=needle, entity=entity
        )

    safe = piece("the reservoir is safe")
    quote = piece('"There is no contamination of any kind,"')
    poisoned = piece("the water may have been deliberately poisoned")
    attributions = [
        Attribution(
            id="a1",
            content=safe,
            kind="indirect",
            cue=piece("said"),
            source=mention(board, "organization", "s1"),
        ),
        Attribution(
            id="a2",
            content=quote,
            kind="direct",
            cue=piece("said", quote.end),
            source=mention(engineer, "person", "s2"),
        ),
        Attribution(
            id="a3",
            content=poisoned,
            kind="indirect",
            cue=piece("told"),
            source=mention(anonymous, "anonymous", "s3"),
            chain=[
                ChainLink(name="yournewswire.test", type="outlet"),
                ChainLink(name="Globe Wire", type="outlet"),
                ChainLink(name="Northern Agency", type="outlet"),
                ChainLink(name="anonymous source", type="anonymous"),
            ],
            recipient=piece("Northern Agency"),
        ),
    ]
    may_start, may_end = span(text, "may", poisoned.start)
    claims = [
        Claim(**safe.model_dump(), checkworthiness=0.41, attribution="a1", source="s1"),
        Claim(
            **piece("There is no contamination of any kind").model_dump(),
            checkworthiness=0.62,
            attribution="a2",
            source="s2",
        ),
        Claim(
            **poisoned.model_dump(),
            checkworthiness=0.93,
            hedges=[Hedge(text="may", start=may_start, end=may_end, kind="modal")],
            attribution="a3",
            source="s3",
        ),
    ]
    sources = [
        Source(id="s1", name=board, type="organization", attributions=1, mentions=[piece(board)]),
        Source(
            id="s2",
            name=engineer,
            type="person",
            description="the board's chief engineer",
            attributions=1,
            mentions=[piece(engineer)],
        ),
        Source(
            id="s3", name=anonymous, type="anonymous", attributions=1, mentions=[piece(anonymous)]
        ),
        Source(
            id="s4",
            name="yournewswire.test",
            type="outlet",
            original=False,
            mentions=[piece("yournewswire.test")],
            ratings=[Rating(list_name="example-list", list_date="2024", label="fake")],
        ),
    ]
    sourcing = Sourcing(
        score=0.55,
        independent_sources=2,
        named_sources=2,
        anonymous_sources=1,
        reasons=[
            "two independent named sources",
            "the poisoning claim rests on one anonymous source",
        ],
        components={"named": 0.7, "anonymity": 0.4},
    )
    return Report(
        article=article,
        claims=claims,
        attributions=attributions,
        sources=sources,
        sourcing=sourcing,
        outlet_ratings=[Rating(list_name="example-list", list_date="2024", score=0.8)],
    )


SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '" onmouseover="alert(2)'
MARKUP = "[bold red]loud[/] **strong** <b>"


def make_hostile_report() -> Report:
    """Every string a renderer shows carries markup that must come out as plain text."""
    board = f"Board {SCRIPT}"
    engineer = f"Dana {ATTRIBUTE_BREAK}"
    anonymous = f"source {MARKUP}"
    text = (
        f"{board} said the reservoir is safe. "
        f'"There is no contamination of any kind," said {engineer}. {SCRIPT}\n\n'
        f"According to yournewswire.test, which cited Globe Wire, {anonymous} told "
        "Northern Agency that the water may have been deliberately poisoned."
    )
    return make_report(
        text,
        title=f"Title {SCRIPT} {ATTRIBUTE_BREAK}",
        outlet=f"outlet{ATTRIBUTE_BREAK}.test",
        names=(board, engineer, anonymous),
    )

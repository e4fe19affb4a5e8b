"""Self-written articles for the web tests: one story relayed and copied, and a hostile page."""

from __future__ import annotations

from newstrace.model import Article

# An anonymous source relayed by two outlets: the site credits the Harbor Post, which quotes an
# official who spoke to the Nordmark Press Agency.
RELAYED = (
    "The Harbor Post reports:\n\n"
    "About 4,000 migratory geese will be culled on Lake Vessen this winter, a senior "
    "environment official told the Nordmark Press Agency on Monday.\n\n"
    '"We expect to remove the birds before March," the official said, speaking on condition '
    "of anonymity. The official reportedly added that farmers had asked for the cull."
)
COPY = RELAYED + "\n\nShare this story with your friends and family."
INDEPENDENT = (
    "Environment Minister Ola Brekke said on Tuesday that about 4,000 migratory geese would "
    "be culled on Lake Vessen before March.\n\nBrekke said the cull was needed to protect "
    "the spring crops."
)
UNRELATED = "The city council approved a new budget for the harbour library on Friday."
HOSTILE = (
    '<script>alert("pwned")</script> The mayor said <img src=x onerror="alert(2)"> the '
    'bridge <a href="javascript:alert(3)">would reopen</a> in May. "It is safe," she said.'
)
DAY = "2024-01-"
CLAIM = "4,000 geese will be culled on Lake Vessen"


def corpus() -> list[Article]:
    rows = [
        (
            "geese-1",
            "Geese cull planned on Lake Vessen",
            RELAYED,
            "vessen-daily.example",
            "2024-01-08",
        ),
        ("geese-2", "Lake Vessen geese to be culled", COPY, "repost-hub.example", "2024-01-09"),
        (
            "geese-3",
            "Minister confirms Lake Vessen cull",
            INDEPENDENT,
            "north-herald.example",
            "2024-01-10",
        ),
        ("library", "Library budget approved", UNRELATED, "city-news.example", "2024-01-07"),
        (
            "hostile",
            '<img src=x onerror="alert(1)">Bridge <script>alert(4)</script>',
            HOSTILE,
            "javascript:alert(5)",
            "2024-01-11",
        ),
    ]
    return [
        Article(
            id=key,
            title=title,
            text=text,
            outlet=outlet,
            date=date,
            url="javascript:alert(6)" if key == "hostile" else f"https://{outlet}/{key}",
        )
        for key, title, text, outlet, date in rows
    ]

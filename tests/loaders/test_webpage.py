"""HTML pages: main text without boilerplate, date, title and outlet from the page head."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.errors import InputError
from newstrace.loaders import LoadOptions, load

HEAD = """<head><title>Council votes on budget | The Riverside Gazette</title>
{meta}
<script>document.title = "should never run";</script></head>"""
META = """<meta property="og:site_name" content="The Riverside Gazette">
<meta property="og:title" content="Council votes on budget">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<link rel="canonical" href="https://www.riversidegazette.example/news/budget">"""
BODY = """<body><nav>Home | News | Sport</nav><article><h1>Council votes on budget</h1>
<p>The city council approved a budget of 12 million dollars on Tuesday, after a debate
that lasted four hours.</p>
<p>"This budget keeps the libraries open," said councillor Mara Jensen, who chairs the
finance committee.</p>
<p>Opponents said the plan relied on optimistic tax forecasts, according to a statement
from the taxpayers' association.</p></article>
<div class="comments"><p>Reader comment: great article, thanks!</p></div>
<footer>Copyright 2021 Riverside Gazette</footer></body>"""


def page(meta: str = META, body: str = BODY) -> str:
    return f"<!DOCTYPE html><html>{HEAD.format(meta=meta)}{body}</html>"


def write(tmp_path: Path, content: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_page_gives_main_text_date_title_outlet_and_url(tmp_path: Path) -> None:
    [article] = load(write(tmp_path, page()))
    assert "approved a budget of 12 million dollars" in article.text
    assert "said councillor Mara Jensen" in article.text
    assert "should never run" not in article.text
    assert "Reader comment" not in article.text
    assert article.date == "2021-03-04"
    assert article.title == "Council votes on budget"
    assert article.outlet == "The Riverside Gazette"
    assert article.url == "https://www.riversidegazette.example/news/budget"
    assert article.provenance.format == "html"


def test_without_site_name_the_outlet_is_the_canonical_domain(tmp_path: Path) -> None:
    meta = '<link rel="canonical" href="https://www.riversidegazette.example/news/budget">'
    [article] = load(write(tmp_path, page(meta=meta), "page.htm"))
    assert article.outlet == "riversidegazette.example"
    assert article.title == "Council votes on budget | The Riverside Gazette"
    assert article.date is None


def test_html_in_a_txt_file_is_sniffed(tmp_path: Path) -> None:
    [article] = load(write(tmp_path, page(), "saved.txt"))
    assert article.provenance.format == "html"


def test_date_option_overrides_the_page_date(tmp_path: Path) -> None:
    [article] = load(write(tmp_path, page()), LoadOptions(date="2021-03-05"))
    assert article.date == "2021-03-05"


def test_page_without_article_text_is_an_input_error(tmp_path: Path) -> None:
    empty_page = page(body="<body><div>   </div><script>var views = 1;</script></body>")
    with pytest.raises(InputError, match="no article text"):
        list(load(write(tmp_path, empty_page)))


def test_plain_text_is_read_and_analysed_without_the_html_extractor(tmp_path: Path) -> None:
    import subprocess
    import sys

    story = tmp_path / "story.txt"
    story.write_text("Mayor Ann Holt said the pool would reopen in May.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from newstrace import analyze_article, load\n"
        f"(article,) = load({str(story)!r})\n"
        "analyze_article(article)\n"
        "print('trafilatura' in sys.modules, 'htmldate' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]

"""The pages in a real browser (Debian chromium driven by Playwright) against `newstrace serve`.

Screenshots of every page at 1280 px and 390 px go to tests/artifacts/. Without chromium the
tests skip, unless NEWSTRACE_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import build_store, free_port
from .stories import HOSTILE, RELAYED

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

playwright_api = pytest.importorskip("playwright.sync_api")

if not CHROMIUM.exists():
    if os.environ.get("NEWSTRACE_REQUIRE_BROWSER") == "1":
        raise RuntimeError("NEWSTRACE_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
    pytest.skip("Debian chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = build_store(tmp_path_factory.mktemp("browser-store"))
    port = free_port()
    command = [sys.executable, "-m", "newstrace.cli", "serve", "--store", str(store)]
    log = tmp_path_factory.mktemp("browser-log") / "serve.log"
    # The server's log goes to a file: an unread pipe could fill up and stall it.
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"newstrace serve exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("newstrace serve did not start within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watch:
    """Dialogs, console errors and requests a page makes: hostile text must cause none."""

    def __init__(self, page: object) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dismiss)  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        page.on("request", lambda request: self.requests.append(request.url))  # type: ignore[attr-defined]

    def _dismiss(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    yield opened
    context.close()


def _shoot(page: object, name: str) -> None:
    """Screenshots at both widths, and the phone width must not scroll sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})  # type: ignore[attr-defined]
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)  # type: ignore[attr-defined]
        overflow = page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 1, f"{name} scrolls sideways at {width} px by {overflow} px"
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]


def test_analyze_shows_highlights_sources_and_the_relay_chain(server: str, page: object) -> None:
    watch = Watch(page)
    page.goto(server + "/")  # type: ignore[attr-defined]
    _shoot(page, "analyze-form")
    page.fill("#text", RELAYED)  # type: ignore[attr-defined]
    page.fill("#outlet", "vessen-daily.example")  # type: ignore[attr-defined]
    # Keyboard only: Tab from the last field to the submit button, then Enter.
    page.focus("#file")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.type") == "submit"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#article-text")  # type: ignore[attr-defined]
    anonymous = page.locator("mark.hl-source.type-anonymous").first  # type: ignore[attr-defined]
    assert anonymous.is_visible()
    for layer in ("hl-claim", "hl-quote", "hl-cue", "hl-hedge"):
        assert page.locator(f"mark.{layer}").count() > 0, layer  # type: ignore[attr-defined]
    assert page.inner_text("[data-testid=independent-sources]") == "1"  # type: ignore[attr-defined]
    card_chain = page.locator(".source-card[data-type=anonymous] .chain").first  # type: ignore[attr-defined]
    assert (
        "Harbor Post" in card_chain.inner_text()
        and "Nordmark Press Agency" in card_chain.inner_text()
    )
    anonymous.click()
    popover = page.locator("#source-popover")  # type: ignore[attr-defined]
    assert popover.is_visible() and "Harbor Post → Nordmark Press Agency" in popover.inner_text()
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not popover.is_visible()
    anonymous.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert popover.is_visible()
    _shoot(page, "analyze-report")
    assert not watch.dialogs and not watch.errors


def test_search_then_story_then_trace_graph(server: str, page: object) -> None:
    watch = Watch(page)
    page.goto(server + "/search")  # type: ignore[attr-defined]
    page.fill("#q", "geese")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector(".result")  # type: ignore[attr-defined]
    assert page.locator(".result").count() == 3  # type: ignore[attr-defined]
    assert page.locator(".snippet mark").count() > 0  # type: ignore[attr-defined]
    _shoot(page, "search")
    first = page.locator(".result", has_text="Geese cull planned")  # type: ignore[attr-defined]
    first.get_by_role("link", name="story").click()
    page.wait_for_selector("table.story")  # type: ignore[attr-defined]
    assert page.locator("table.story tbody tr").count() == 2  # type: ignore[attr-defined]
    assert "copies" in page.inner_text(".copies")  # type: ignore[attr-defined]
    _shoot(page, "story")
    page.get_by_role("link", name="Trace its main claim").click()  # type: ignore[attr-defined]
    page.wait_for_selector("figure.graph svg")  # type: ignore[attr-defined]
    assert page.locator("figure.graph svg g.node").count() >= 4  # type: ignore[attr-defined]
    assert page.locator("figure.graph svg .edge-copies").count() >= 1  # type: ignore[attr-defined]
    assert int(page.inner_text("[data-testid=independent-origins]")) >= 1  # type: ignore[attr-defined]
    box = page.locator("figure.graph svg").bounding_box()  # type: ignore[attr-defined]
    assert box is not None and box["width"] > 200 and box["height"] > 100
    # The timeline counts every dated version the matches table lists, day by day.
    days = page.locator("figure.timeline svg g.day")  # type: ignore[attr-defined]
    versions = sum(int(days.nth(i).get_attribute("data-versions")) for i in range(days.count()))
    rows = page.locator("section[aria-labelledby=matches-h] tbody tr")  # type: ignore[attr-defined]
    dated = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert days.count() >= 1 and versions == sum(1 for d in dated if d != "–")
    _shoot(page, "trace")
    graphml = page.locator("a", has_text="Export GraphML").get_attribute("href")  # type: ignore[attr-defined]
    exported = page.request.get(server + graphml)  # type: ignore[attr-defined]
    assert exported.ok and "<graphml" in exported.text()
    assert not watch.dialogs and not watch.errors


def test_hostile_html_never_runs(server: str, page: object) -> None:
    watch = Watch(page)
    for name, path in (
        ("hostile-article", "/articles/hostile"),
        ("hostile-search", "/search?q=bridge"),
        ("hostile-story", "/stories/hostile"),
        ("hostile-trace", "/trace/hostile"),
    ):
        page.goto(server + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        _shoot(page, name)
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.fill("#text", HOSTILE)  # type: ignore[attr-defined]
    page.fill("#url", "javascript:alert(7)")  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#article-text")  # type: ignore[attr-defined]
    assert "<script>" in page.inner_text("#article-text")  # type: ignore[attr-defined]  # shown as text, not run
    for link in page.locator("a").all():  # type: ignore[attr-defined]
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    page.locator("mark[data-source]").first.click()  # type: ignore[attr-defined]
    assert watch.dialogs == []
    assert watch.errors == []
    assert all(url.startswith(server) for url in watch.requests), watch.requests

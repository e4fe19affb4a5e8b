"""The web app: JSON API (OpenAPI at /docs), server-rendered pages, static files, guards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newstrace import __version__
from newstrace.corpus.store import open_store
from newstrace.settings import Settings, get_settings
from newstrace.web import api, pages, problems
from newstrace.web.limits import BodyLimit, SameOriginWrites, SecurityHeaders
from newstrace.web.runner import AnalysisRunner
from newstrace.web.state import WebState

STATIC_DIR = Path(__file__).parent / "static"
# "testserver" is the name Starlette's test client sends; no DNS resolves it to this machine.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]", "testserver")


def create_app(
    store: str | Path | None = None,
    *,
    settings: Settings | None = None,
    ratings: bool = True,
    processes: int = 1,
    hosts: Sequence[str] = (),
) -> FastAPI:
    """The app over the store at `store` (default: the configured one), created if missing.

    `settings` give the body size and analysis time limits; `ratings=False` skips imported
    rating lists (tests); `processes > 1` analyses posted articles in that many processes;
    `hosts` are names besides loopback that requests may address (the Host header is checked,
    so a web page elsewhere cannot reach the app by pointing its own name at 127.0.0.1).
    """
    settings = settings or get_settings()
    location = str(store) if store is not None else settings.store_location
    with open_store(location):
        pass  # create it now: a missing or unusable store fails at start, not per request
    runner = AnalysisRunner(settings.analyze_timeout, processes=processes)
    state = WebState(location, runner, settings)
    if ratings:
        from newstrace.ratings import load_rating_lists

        state.ratings = load_rating_lists(settings.data_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the language model before the first request rather than during it.
        await state.runner.warm_up()
        yield
        state.runner.close()

    app = FastAPIOffline(
        title="newstrace",
        version=__version__,
        description="Who said it, through whom it travelled, how many independent sources "
        "back it. Errors are JSON: {error: {code, message}}.",
        lifespan=lifespan,
    )
    app.state.newstrace = state
    problems.install(app, pages.error_page)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    allowed = [*LOOPBACK_HOSTS, *hosts]
    # Added last runs first: headers go on every answer, the refusals included.
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SameOriginWrites, allowed_hosts=allowed)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed)
    app.add_middleware(SecurityHeaders)
    return app

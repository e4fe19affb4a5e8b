"""Store fixtures: every contract test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.corpus.store import Store, open_store

from .postgres_server import fresh_database, postgres_server

_DATABASES = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A PostgreSQL server for the session (skips without one, see postgres_server.py)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new empty store lives: a file, or a fresh database on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.sqlite")
    server: str = request.getfixturevalue("postgres")
    return fresh_database(server, f"t{next(_DATABASES)}")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened

"""A store holding the self-written web corpus, and an app over it."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newstrace.corpus.ingest import ingest
from newstrace.corpus.store import open_store
from newstrace.web import create_app

from .stories import corpus


def free_port() -> int:
    """A loopback TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def build_store(folder: Path) -> Path:
    """Ingest the web corpus (with fingerprints, as `newstrace ingest` does) into a new store."""
    source = folder / "corpus.jsonl"
    fields = {"id", "title", "text", "outlet", "date", "url"}
    source.write_text(
        "".join(json.dumps(a.model_dump(include=fields)) + "\n" for a in corpus()),
        encoding="utf-8",
    )
    path = folder / "web.sqlite"
    with open_store(path) as store:
        ingest([source], store)
    return path


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web-store"))


@pytest.fixture(scope="session")
def app(store_path: Path) -> FastAPI:
    return create_app(store_path, ratings=False)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client

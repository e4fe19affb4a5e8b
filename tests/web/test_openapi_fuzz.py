"""Fuzz every /api operation from the app's own OpenAPI schema (schemathesis).

The contract: nothing a client can send gets a 5xx, and every answer matches what the schema
declares (status code, media type, body). Schema-valid and schema-invalid inputs are both
generated; stored ids and search syntax, which random generation rarely hits, are added by
hand. Derandomized and bounded to a few seconds; deselect with `-m "not fuzz"`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.core.result import Ok
from schemathesis.schemas import BaseSchema

from newstrace.web import api, create_app

pytestmark = pytest.mark.fuzz

# Per operation and per phase (coverage cases come on top); analyze runs spaCy per example.
MAX_EXAMPLES = 60
# `positive_data_acceptance` is left out: a schema cannot say "a text file" or "a claim with a
# word in it", so an uploaded PNG or a claim of spaces and control characters is schema-valid
# and still answered with a documented 400.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]
# FTS5 operators and broken quoting: a search box receives these from people, not attackers.
SEARCH_SYNTAX = ['"', 'geese"', "*", "*geese", "-vessen", "a - b", "title:geese", "{a b}", "NEAR("]


@pytest.fixture
def fresh_app(store_path: Path) -> FastAPI:
    # schemathesis ends the app's lifespan after each test: one app per test keeps the
    # session's `app` out of it.
    return create_app(store_path, ratings=False)


@pytest.fixture
def api_schema(fresh_app: FastAPI) -> BaseSchema:
    """The app's schema, limited to the JSON API (the HTML pages declare no response bodies)."""
    loaded = schemathesis.openapi.from_asgi("/openapi.json", fresh_app)
    return loaded.include(path_regex=r"^/api/")


@pytest.fixture(autouse=True)
def _node_id_shim(request: pytest.FixtureRequest) -> None:
    # schemathesis 4.32's lazy schemas read `node._nodeid`, which pytest 9.2 renamed.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(checks=CHECKS)


CONVERTER = re.compile(r":\w+}")


def test_every_api_route_is_in_the_schema(api_schema: BaseSchema) -> None:
    # A route hidden from the schema would never be fuzzed.
    routes = {
        # "{name:path}" is a routing converter; the schema names the parameter "{name}".
        f"{method} {CONVERTER.sub('}', route.path)}"
        for route in api.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    fuzzed = set()
    for result in api_schema.get_all_operations():
        assert isinstance(result, Ok), result  # a route the schema cannot describe
        fuzzed.add(result.ok().label)
    assert routes == fuzzed
    assert len(fuzzed) >= 7


@pytest.mark.parametrize(
    ("path", "parameters", "query"),
    [
        ("/api/articles/{article_id}", {"article_id": "geese-1"}, {}),
        ("/api/articles/{article_id}", {"article_id": "hostile"}, {}),
        ("/api/stories/{article_id}", {"article_id": "geese-2"}, {}),
        ("/api/outlets/{name}", {"name": "vessen-daily.example"}, {}),
        ("/api/trace/{article_id}", {"article_id": "geese-1"}, {"format": "json"}),
        ("/api/trace/{article_id}", {"article_id": "hostile"}, {"format": "graphml"}),
        ("/api/trace/{article_id}", {"article_id": "geese-3"}, {"format": "markdown"}),
        ("/api/trace/{article_id}", {"article_id": "library"}, {"format": "dot"}),
        ("/api/articles", {}, {"q": "geese", "outlet": "vessen-daily.example"}),
    ],
)
def test_stored_records_conform(
    api_schema: BaseSchema, path: str, parameters: dict[str, str], query: dict[str, Any]
) -> None:
    """Random ids are never stored ones, so the 200 answers are checked here."""
    case = api_schema[path]["GET"].Case(path_parameters=parameters, query=query)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200


@pytest.mark.parametrize("words", SEARCH_SYNTAX)
def test_search_syntax_is_not_a_server_error(api_schema: BaseSchema, words: str) -> None:
    case = api_schema["/api/articles"]["GET"].Case(query={"q": words})
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in (200, 400)


def test_deeply_nested_json_is_a_client_error(fresh_app: FastAPI) -> None:
    # Not generated by schemathesis: it sends only bodies it can serialise.
    with TestClient(fresh_app) as client:
        response = client.post(
            "/api/analyze", content=b"[" * 5000, headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"].startswith("NT")

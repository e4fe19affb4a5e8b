"""What only a server store meets: connection faults named without the password, a database
that is not ours, a newer schema, read-only use, and an ingest killed mid-run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newstrace.corpus.ingest import ingest
from newstrace.corpus.store import open_store
from newstrace.errors import StoreError
from newstrace.model import Article

from .postgres_server import PASSWORD, fresh_database, restart_server
from .test_ingest import corpus, stored_ids


def _with(url: str, **parts: object) -> str:
    """`url` with some of user, password, port or database replaced."""
    split = urlsplit(url)
    user = parts.get("user", split.username)
    password = parts.get("password", split.password)
    port = parts.get("port", split.port)
    database = parts.get("database", split.path.lstrip("/"))
    return f"postgresql://{user}:{password}@{split.hostname}:{port}/{database}"


def _refused(url: str) -> str:
    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert PASSWORD not in message and "\n" not in message
    return message


def test_a_refused_connection_names_the_server_not_the_password(postgres: str) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    message = _refused(_with(f"{postgres}/postgres", port=port))
    assert f"127.0.0.1:{port}" in message and "cannot connect" in message


def test_a_wrong_password_and_a_missing_database_are_named(postgres: str) -> None:
    assert "password" in _refused(_with(f"{postgres}/postgres", password="wrong"))
    assert "no_such_db" in _refused(_with(f"{postgres}/postgres", database="no_such_db"))


def test_a_url_that_does_not_parse_is_a_store_error_without_its_password() -> None:
    with pytest.raises(StoreError) as raised:
        open_store("postgresql://analyst:hunter2@db.example:notaport/news")
    assert "not a PostgreSQL URL" in str(raised.value) and "hunter2" not in str(raised.value)


def test_the_location_shown_carries_no_password(postgres: str) -> None:
    url = fresh_database(postgres, "shown")
    with open_store(url) as store:
        assert PASSWORD not in store.location and PASSWORD not in str(store.stats())
        assert store.location.endswith("@127.0.0.1:" + str(urlsplit(url).port) + "/shown")


def test_a_database_holding_other_tables_is_not_taken_over(postgres: str) -> None:
    import psycopg

    url = fresh_database(postgres, "someone_elses")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    assert "other tables" in _refused(url)


def test_a_store_of_a_newer_schema_is_refused(postgres: str) -> None:
    import psycopg

    url = fresh_database(postgres, "newer")
    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE newstrace_meta SET value = '99' WHERE key = 'schema_version'")
    assert "newer than this newstrace" in _refused(url)


def test_a_read_only_store_refuses_writes_and_an_empty_database_is_no_store(
    postgres: str,
) -> None:
    url = fresh_database(postgres, "readonly")
    assert "not a newstrace store" in str(_read_only_error(url))
    with open_store(url) as store:
        store.add_articles([Article(text="The ferry will run on Sundays from May.")])
    with open_store(url, read_only=True) as store:
        assert store.count() == 1
        with pytest.raises(StoreError, match="read-only"):
            store.add_articles([Article(text="The tunnel will close for ten years.")])
        assert store.count() == 1


def _read_only_error(url: str) -> StoreError:
    with pytest.raises(StoreError) as raised:
        open_store(url, read_only=True)
    return raised.value


def test_the_cli_says_what_is_wrong_in_one_line_and_exits_2(postgres: str) -> None:
    url = _with(f"{postgres}/postgres", database="absent_db")
    done = subprocess.run(
        [sys.executable, "-m", "newstrace.cli", "stats", "--store", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "absent_db" in done.stderr and PASSWORD not in done.stderr + done.stdout


def _row_count(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0  # the schema is still being created


def _ingest_under_way(command: list[str], url: str) -> subprocess.Popen[bytes]:
    """An ingest started and seen to store 2,000 of its articles, still running."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _row_count(url) < 2_000 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the ingest finished before it could be interrupted"
    return process


def test_an_ingest_killed_mid_run_resumes_to_the_rows_of_an_uninterrupted_one(
    postgres: str, tmp_path: Path
) -> None:
    source = corpus(tmp_path, 20_000)
    killed = fresh_database(postgres, "killed")
    command = [sys.executable, "-m", "newstrace.cli", "ingest", str(source), "--store", killed,
               "--batch-size", "100", "--no-fingerprints"]  # fmt: skip
    process = _ingest_under_way(command, killed)
    process.send_signal(signal.SIGKILL)
    process.wait()
    at_kill = _row_count(killed)
    assert 0 < at_kill < 20_000
    assert at_kill % 100 == 0, "a batch landed in part"

    resumed = subprocess.run(command, capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    whole = fresh_database(postgres, "whole")
    with open_store(whole) as complete, open_store(killed) as again:
        ingest([source], complete, batch_size=1000, fingerprint=None)
        assert again.count() == complete.count() == 20_000
        assert stored_ids(again) == stored_ids(complete)
        assert again.check() == []


def test_a_server_restarted_mid_ingest_is_one_clear_error_and_a_rerun_resumes(
    postgres: str, tmp_path: Path
) -> None:
    source = corpus(tmp_path, 20_000)
    url = fresh_database(postgres, "restarted")
    command = [sys.executable, "-m", "newstrace.cli", "ingest", str(source), "--store", url,
               "--batch-size", "100", "--no-fingerprints"]  # fmt: skip
    process = _ingest_under_way(command, url)
    restart_server()
    _, stderr = process.communicate(timeout=120)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 2 and len(lines) == 1, lines
    assert "127.0.0.1" in lines[0] and PASSWORD not in lines[0]
    at_cut = _row_count(url)
    assert 0 < at_cut < 20_000 and at_cut % 100 == 0, "a batch landed in part"

    resumed = subprocess.run(command, capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    with open_store(url) as again:
        assert again.count() == 20_000 and again.check() == []


def test_the_web_app_serves_a_postgresql_store(postgres: str) -> None:
    from fastapi.testclient import TestClient

    from newstrace.web import create_app

    url = fresh_database(postgres, "web")
    with open_store(url) as store:
        store.add_articles(
            [
                Article(text=text, title=title, outlet=outlet, date="2024-03-0" + str(n))
                for n, (title, text, outlet) in enumerate(
                    [
                        ("Ferry to run on Sundays", FERRY, "north-herald.example"),
                        (
                            "Tunnel closes",
                            "The harbour tunnel will close for ten years.",
                            "b.example",
                        ),
                        (
                            "Ferry news",
                            "Officials said the island ferry would run on Sundays.",
                            "c.example",
                        ),
                    ],
                    start=1,
                )
            ]
        )
    with TestClient(create_app(url, ratings=False)) as client:
        found = client.get("/api/articles", params={"q": "ferry sundays"}).json()
        assert found["total"] == 2 and all("**" in item["snippet"] for item in found["items"])
        article_id = found["items"][0]["id"]
        assert client.get(f"/api/articles/{article_id}").json()["article"]["id"] == article_id
        traced = client.get("/api/trace", params={"claim": FERRY}).json()
        assert len(traced["matches"]) == 2


FERRY = "The island ferry will run on Sundays from May, the council said."

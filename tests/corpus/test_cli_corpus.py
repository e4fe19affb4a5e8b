"""Corpus commands: ingest, analyze-store, search, show and stats, with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from newstrace.cli import app

RECORDS = [
    {
        "id": "harbour-1",
        "title": "Harbour cranes to be replaced",
        "outlet": "port-times.test",
        "date": "2022-04-01",
        "text": "The port authority said on Friday that it would replace six harbour cranes "
        "next year. The chief engineer told reporters the old cranes were unsafe.",
    },
    {
        "id": "school-2",
        "title": "New school opens",
        "outlet": "valley-news.test",
        "date": "2022-04-03",
        "text": "The education minister said the new school in the valley would open in "
        "September with places for 400 pupils.",
    },
    {
        # The same article read again (same outlet, other whitespace): stored once.
        "id": "harbour-1-again",
        "title": "Cranes to go",
        "outlet": "port-times.test",
        "text": "The port authority said on Friday that it would replace six harbour cranes\n"
        "next year.  The chief engineer told reporters the old cranes were unsafe.",
    },
]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own data folder: no rating list or store of the user's leaks in."""
    path = tmp_path / "data"
    monkeypatch.setenv("NEWSTRACE_DATA_DIR", str(path))
    monkeypatch.delenv("NEWSTRACE_STORE", raising=False)
    return path


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps(record) for record in RECORDS] + ["{broken"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "corpus.sqlite")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ingested(source: Path, store: str) -> dict[str, Any]:
    result = run("ingest", str(source), "--store", store, "--skip-bad", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_ingest_prints_a_summary_and_names_skipped_records(source: Path, store: str) -> None:
    result = run("ingest", str(source), "--store", store, "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert "read 3 articles" in result.stdout
    assert "stored 2 new, 1 duplicates" in result.stdout
    assert "1 bad records skipped" in result.stdout
    assert "articles.jsonl:4" in result.stderr


def test_ingest_twice_stores_nothing_new(source: Path, store: str) -> None:
    first = ingested(source, store)
    second = ingested(source, store)
    assert (first["stored"], second["stored"]) == (2, 0)
    assert second["duplicates"] == 3 and second["articles"] == 2


def test_ingest_without_skip_bad_fails_on_the_bad_record(source: Path, store: str) -> None:
    result = run("ingest", str(source), "--store", store)
    assert result.exit_code == 2
    assert "articles.jsonl:4" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_store_defaults_to_the_environment_setting(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "env-store.sqlite"
    monkeypatch.setenv("NEWSTRACE_STORE", str(target))
    assert run("ingest", str(source), "--skip-bad").exit_code == 0
    assert json.loads(run("stats", "--format", "json").stdout)["store"] == str(target)


def test_search_lists_ranked_hits_with_snippets(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("search", "harbour cranes", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1. Harbour cranes to be replaced")
    assert "**harbour** **cranes**" in result.stdout
    assert "New school" not in result.stdout


def test_search_json_carries_ids_and_scores(source: Path, store: str) -> None:
    ingested(source, store)
    hits = json.loads(run("search", "school", "--store", store, "--format", "json").stdout)
    assert [hit["source_id"] for hit in hits] == ["school-2"]
    assert isinstance(hits[0]["score"], float) and "**school**" in hits[0]["snippet"]


def test_search_without_matches_says_so(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("search", "volcano", "--store", store)
    assert result.exit_code == 0
    assert result.stdout == "" and "no stored article matches" in result.stderr


def test_show_analyses_an_unanalysed_article_once_and_says_so(source: Path, store: str) -> None:
    ingested(source, store)
    first = run("show", "harbour-1", "--store", store, "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert "not analysed yet" in first.stderr
    report = json.loads(first.stdout)
    assert report["article"]["outlet"] == "port-times.test" and report["attributions"]
    second = run("show", report["article"]["id"], "--store", store, "--format", "markdown")
    assert second.exit_code == 0 and second.stderr == ""
    assert "Harbour cranes to be replaced" in second.stdout


def test_analyze_store_analyses_what_has_no_report(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("analyze-store", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert "analysed 2 articles" in result.stdout
    assert "analysed 0 articles" in run("analyze-store", "--store", store).stdout
    stats = json.loads(run("stats", "--store", store, "--format", "json").stdout)
    assert stats["analysed"] == 2


def test_analyze_with_store_analyses_what_the_store_has_not(source: Path, store: str) -> None:
    ingested(source, store)
    assert "analysed 2 articles" in run("analyze", "--store", store).stdout
    assert "analysed 0 articles" in run("analyze", "--store", store).stdout
    both = run("analyze", str(source), "--store", store)
    assert both.exit_code == 2 and "not both" in both.stderr


def test_ingest_with_analyze_runs_both_stages(source: Path, store: str) -> None:
    result = run("ingest", str(source), "--store", store, "--skip-bad", "--analyze")
    assert result.exit_code == 0, result.stderr
    assert "analysed 2 articles" in result.stdout


def test_stats_describe_the_store(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("stats", "--store", store)
    assert result.exit_code == 0
    assert "articles       2" in result.stdout
    assert "port-times.test 1" in result.stdout


@pytest.mark.parametrize("command", ["search", "show", "stats", "analyze-store", "embed"])
def test_commands_on_a_missing_store_fail_in_one_line(command: str, tmp_path: Path) -> None:
    args = [command, "word"] if command in ("search", "show") else [command]
    result = run(*args, "--store", str(tmp_path / "absent.sqlite"))
    assert result.exit_code == 2
    assert "absent.sqlite: no store here yet" in result.stderr
    assert not (tmp_path / "absent.sqlite").exists()


def test_a_corrupt_store_fails_naming_the_file(tmp_path: Path, source: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database, only some bytes\n" * 100)
    result = run("ingest", str(source), "--store", str(broken), "--skip-bad")
    assert result.exit_code == 2
    assert "broken.sqlite" in result.stderr and "corrupt" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_of_an_unknown_id_fails_in_one_line(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("show", "no-such-id", "--store", store)
    assert result.exit_code == 2
    assert "no article 'no-such-id'" in result.stderr


def test_an_unknown_output_format_is_refused(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("search", "cranes", "--store", store, "--format", "xml")
    assert result.exit_code == 2 and "unknown output format" in result.stderr


def test_embed_gives_every_article_vectors_once_and_trace_uses_them(
    source: Path, store: str
) -> None:
    from newstrace.ml import embedding

    if not embedding.available():
        pytest.skip("the semantic extra is not installed")
    ingested(source, store)
    claim = "harbour cranes replaced"
    lexical = json.loads(run("trace", claim, "--store", store, "-f", "json").stdout)
    assert any("no sentence vectors" in line for line in lexical["explanation"])
    first = run("embed", "--store", store, "--format", "json")
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["articles"], summary["remaining"]) == (2, 0) and summary["sentences"] >= 4
    again = json.loads(run("embed", "--store", store, "--format", "json").stdout)
    assert again["articles"] == 0
    assert "embedded       2" in run("stats", "--store", store).stdout
    trace = json.loads(run("trace", claim, "--store", store, "-f", "json").stdout)
    assert [m["semantic"] is not None for m in trace["matches"]] == [True]
    assert not any("sentence vectors" in line for line in trace["explanation"])


def test_trace_of_stop_words_alone_fails_in_one_line(source: Path, store: str) -> None:
    ingested(source, store)
    result = run("trace", "and of the", "--store", store)
    assert result.exit_code == 2 and "no word to match" in result.stderr


def test_an_error_message_with_brackets_is_printed_whole(
    source: Path, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstrace.ml import embedding

    ingested(source, store)
    monkeypatch.setattr(embedding, "available", lambda: False)
    result = run("embed", "--store", store)
    assert result.exit_code == 2
    assert "pip install 'newstrace[semantic]'" in result.stderr

"""Ingest and the analysis stage: idempotent, resumable after a kill, bad rows skipped."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace.corpus.ingest import (
    AUTO,
    IngestSummary,
    analyze_stored,
    default_fingerprinter,
    ingest,
)
from newstrace.corpus.store import Store, content_id, open_store
from newstrace.errors import InputError
from newstrace.loaders import LoadOptions
from newstrace.model import Article

TOWNS = ("Aberton", "Bexley Vale", "Corrin", "Dunmore", "Eastwick", "Fallow Cross")


def synthetic_record(n: int) -> dict[str, object]:
    """A small self-written article, different for every n."""
    town = TOWNS[n % len(TOWNS)]
    text = (
        f"The council of {town} said on Monday that it would repair {n % 97 + 3} bridges before "
        f"the winter. A spokeswoman told the local radio that the work in district {n} would "
        f"cost {n * 7 % 900 + 100} thousand euros. Residents welcomed the plan."
    )
    return {
        "id": f"rec-{n}",
        "title": f"{town} to repair bridges in district {n}",
        "date": f"2021-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        "outlet": f"{town.lower().replace(' ', '-')}-post.test",
        "text": text,
    }


def write_jsonl(
    path: Path, records: list[dict[str, object]], bad_lines: tuple[str, ...] = ()
) -> Path:
    lines = [json.dumps(record) for record in records] + list(bad_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def corpus(tmp_path: Path, count: int, name: str = "corpus.jsonl") -> Path:
    return write_jsonl(tmp_path / name, [synthetic_record(n) for n in range(count)])


def stored_ids(store: Store) -> list[str]:
    return sorted(article.id for article in store.iter_articles())


# -- fast path -----------------------------------------------------------------------------


def test_ingest_counts_what_it_read_stored_and_found_already_stored(
    store: Store, tmp_path: Path
) -> None:
    records = [synthetic_record(n) for n in range(30)]
    spaced = {**records[0], "id": "copy-0", "text": "  " + str(records[0]["text"]) + "\n\n"}
    path = write_jsonl(tmp_path / "in.jsonl", [*records, spaced])
    summary = ingest([path], store, batch_size=8, fingerprint=None)
    assert (summary.read, summary.stored, summary.duplicates) == (31, 30, 1)
    assert summary.skipped == []
    assert store.count() == 30


def test_ingesting_twice_ends_with_the_same_rows(store: Store, tmp_path: Path) -> None:
    path = corpus(tmp_path, 50)
    ingest([path], store, batch_size=16, fingerprint=None)
    first = stored_ids(store)
    again = ingest([path], store, batch_size=16, fingerprint=None)
    assert (again.stored, again.duplicates) == (0, 50)
    assert stored_ids(store) == first


def test_stored_articles_keep_the_input_fields(store: Store, tmp_path: Path) -> None:
    ingest([corpus(tmp_path, 3)], store, fingerprint=None)
    stored = store.get_article("rec-2")
    assert stored is not None
    assert stored.outlet == "corrin-post.test" and stored.date == "2021-03-03"
    assert stored.provenance.line == 3


def test_bad_records_are_skipped_with_their_reasons(store: Store, tmp_path: Path) -> None:
    records = [synthetic_record(n) for n in range(5)]
    path = write_jsonl(tmp_path / "in.jsonl", records, bad_lines=("{not json", '{"title": "x"}'))
    summary = ingest([path], store, LoadOptions(skip_bad=True), fingerprint=None)
    assert summary.stored == 5
    assert len(summary.skipped) == 2
    assert all(isinstance(problem, InputError) for problem in summary.skipped)
    assert {problem.line for problem in summary.skipped} == {6, 7}


def test_a_bad_record_without_skip_bad_stops_but_keeps_earlier_batches(
    store: Store, tmp_path: Path
) -> None:
    records = [synthetic_record(n) for n in range(4)]
    path = write_jsonl(tmp_path / "in.jsonl", records, bad_lines=("{not json",))
    with pytest.raises(InputError, match=r"in\.jsonl:5"):
        ingest([path], store, batch_size=2, fingerprint=None)
    assert store.count() == 4


def test_each_new_text_is_fingerprinted_once(store: Store, tmp_path: Path) -> None:
    seen: list[str] = []

    def fingerprint(article: Article) -> bytes:
        seen.append(article.text)
        return content_id(article).encode()

    path = corpus(tmp_path, 12)
    summary = ingest([path, path], store, batch_size=5, fingerprint=fingerprint)
    assert len(seen) == summary.fingerprinted == 12
    assert dict(store.iter_fingerprints()) == {key: key.encode() for key in stored_ids(store)}


def test_the_copy_detection_fingerprint_is_used_when_installed(
    store: Store, tmp_path: Path
) -> None:
    if default_fingerprinter() is None:
        pytest.skip("newstrace.corpus.fingerprint is not installed")
    summary = ingest([corpus(tmp_path, 4)], store, fingerprint=AUTO)
    assert summary.fingerprinted == 4
    assert all(blob for _, blob in store.iter_fingerprints())


def test_progress_is_reported_after_every_batch(store: Store, tmp_path: Path) -> None:
    seen: list[int] = []

    def on_progress(summary: IngestSummary) -> None:
        seen.append(summary.stored)

    ingest([corpus(tmp_path, 25)], store, batch_size=10, on_progress=on_progress, fingerprint=None)
    assert seen == [10, 20, 25]


# -- killed mid-run ------------------------------------------------------------------------


def _row_count(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0  # the store is still being created


def _ingest_process(source: Path, target: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "newstrace.cli", "ingest", str(source), "--store",
               str(target), "--batch-size", "100", "--no-fingerprints"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_an_ingest_killed_mid_run_resumes_to_the_rows_of_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    source = corpus(tmp_path, 20_000)
    killed = tmp_path / "killed.sqlite"
    process = _ingest_process(source, killed)
    deadline = time.monotonic() + 60
    while _row_count(killed) < 2_000 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    at_kill = _row_count(killed)
    assert 0 < at_kill < 20_000
    assert at_kill % 100 == 0, "a batch landed in part"

    resumed = _ingest_process(source, killed)
    assert resumed.wait(timeout=120) == 0, resumed.stderr.read() if resumed.stderr else ""
    with open_store(tmp_path / "whole.sqlite") as whole, open_store(killed) as again:
        ingest([source], whole, batch_size=1000, fingerprint=None)
        assert again.count() == whole.count() == 20_000
        assert stored_ids(again) == stored_ids(whole)
        assert again.check() == []
    with sqlite3.connect(killed) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- analysis stage ------------------------------------------------------------------------


def test_analysis_covers_only_unanalysed_articles_and_resumes(store: Store, tmp_path: Path) -> None:
    ingest([corpus(tmp_path, 5)], store, fingerprint=None)
    first = analyze_stored(store, limit=2, batch_size=2)
    assert first.analysed == 2 and store.unanalysed_count() == 3
    rest = analyze_stored(store, batch_size=2)
    assert rest.analysed == 3 and store.unanalysed_count() == 0
    assert analyze_stored(store).analysed == 0
    report = store.get_report("rec-4")
    assert report is not None and report.attributions
    assert report.article.id == content_id(report.article)


def test_an_article_the_pipeline_refuses_is_skipped_with_a_reason(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = Article(text="The mayor said the park would open.")
    long = Article(text="The mayor said the park would open on the first day of the month. " * 5)
    store.add_articles([short, long])
    monkeypatch.setenv("NEWSTRACE_MAX_ARTICLE_CHARS", "100")
    summary = analyze_stored(store, batch_size=1)
    assert summary.analysed == 1
    assert summary.skipped == [(content_id(long), "330 characters, above the limit of 100")]
    assert store.unanalysed_ids(10) == [content_id(long)]


def test_fingerprints_from_worker_processes_equal_those_computed_inline(tmp_path: Path) -> None:
    fingerprint = default_fingerprinter()
    if fingerprint is None:
        pytest.skip("newstrace.corpus.fingerprint is not installed")
    path = corpus(tmp_path, 40)
    with open_store(tmp_path / "one.sqlite") as one, open_store(tmp_path / "two.sqlite") as two:
        ingest([path], one, batch_size=16, fingerprint=fingerprint)
        ingest([path], two, batch_size=16, workers=2, fingerprint=fingerprint)
        assert dict(two.iter_fingerprints()) == dict(one.iter_fingerprints())
        assert len(dict(one.iter_fingerprints())) == 40

"""The SQLite store, the default: one file in WAL mode with an FTS5 index."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from newstrace.corpus.article_rows import Row, article_row, report_json, row_article, search_hit
from newstrace.corpus.store import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    AddResult,
    ArticlePage,
    ArticleQuery,
    FactCheckHit,
    SearchHit,
    SentenceVectors,
    VectorHit,
    content_id,
    register_backend,
)
from newstrace.corpus.vector_index import (
    SEARCH_ROWS,
    VectorIndex,
    encoded_vectors,
    stored_vectors,
)
from newstrace.errors import SearchTimeoutError, StoreError
from newstrace.lexicon import STOPWORDS
from newstrace.model import Article, FactCheck, Report

SCHEMA_VERSION = 2
# SQLite allows 32766 bound parameters; chunks of this size stay far below on any build.
_CHUNK = 500
_SNIPPET_WORDS = 16
_PROGRESS_STEPS = 1_000

_SCHEMA = """
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,       -- stable rowid for the FTS index (VACUUM keeps it)
    id TEXT NOT NULL UNIQUE,       -- content hash of the whitespace-normalised text
    source_id TEXT,                -- id the input gave, when it differs from the content hash
    title TEXT,
    date TEXT,
    outlet TEXT,
    url TEXT,
    file TEXT,
    line INTEGER,
    format TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL
);
CREATE INDEX articles_source_id ON articles(source_id);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'
);
-- Titles weigh twice the body in the ranking.
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TABLE fingerprints (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash BLOB NOT NULL
);
CREATE TABLE lsh_bands (           -- MinHash LSH bands: the copies of one article, fast
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX lsh_bands_key ON lsh_bands(band, key);
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);
CREATE TABLE reports (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    schema_version TEXT NOT NULL,
    report TEXT NOT NULL          -- Report JSON without its article (stored once, above)
);
"""

# Fact-checks: added to any store (old or new) on a writable open, so no schema version bump.
# The whole record is kept as JSON; the columns beside it are what lists and searches read.
_FACTCHECK_SCHEMA = """
CREATE TABLE IF NOT EXISTS factchecks (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,       -- hash of the review url and the claim text
    claim TEXT NOT NULL,
    title TEXT,
    data TEXT NOT NULL             -- the FactCheck as JSON
);
CREATE VIRTUAL TABLE IF NOT EXISTS factchecks_fts USING fts5(
    claim, title, content='factchecks', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS factchecks_ai AFTER INSERT ON factchecks BEGIN
    INSERT INTO factchecks_fts(rowid, claim, title) VALUES (new.seq, new.claim, new.title);
END;
CREATE TRIGGER IF NOT EXISTS factchecks_ad AFTER DELETE ON factchecks BEGIN
    INSERT INTO factchecks_fts(factchecks_fts, rowid, claim, title)
    VALUES ('delete', old.seq, old.claim, old.title);
END;
CREATE TRIGGER IF NOT EXISTS factchecks_au AFTER UPDATE ON factchecks BEGIN
    INSERT INTO factchecks_fts(factchecks_fts, rowid, claim, title)
    VALUES ('delete', old.seq, old.claim, old.title);
    INSERT INTO factchecks_fts(rowid, claim, title) VALUES (new.seq, new.claim, new.title);
END;
"""
# A changed record (a re-rated check) replaces the stored one; an identical one is left alone,
# so a re-import writes nothing.
_UPSERT_FACTCHECK = """
INSERT INTO factchecks (id, claim, title, data) VALUES (?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET claim = excluded.claim, title = excluded.title,
    data = excluded.data
WHERE factchecks.data != excluded.data
"""
_SEARCH_FACTCHECKS = """
SELECT f.data, factchecks_fts.rank
FROM factchecks_fts JOIN factchecks f ON f.seq = factchecks_fts.rowid
WHERE factchecks_fts MATCH ? ORDER BY factchecks_fts.rank LIMIT ?
"""
# An OR of this many words at most: a claim is short, and more terms only slow BM25 down.
_MAX_FACTCHECK_TERMS = 32

# Sentence vectors (`newstrace embed`): one row an article, added like the fact-check tables.
# Vectors are float16 on disk (half the size; cosine ranks are unchanged to ~1e-3).
_VECTOR_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentence_vectors (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    spans BLOB NOT NULL,           -- int32 (start, end) pairs; (-1, -1) is the title
    vectors BLOB NOT NULL          -- float16, one row of `dim` per span
);
-- Counting one encoder's vectors reads this small index, not the table's blobs (every trace
-- asks: 150 ms a count on 100k articles without it).
CREATE INDEX IF NOT EXISTS sentence_vectors_model ON sentence_vectors(model);
"""


_ARTICLE_COLUMNS = "id, source_id, title, date, outlet, url, file, line, format, metadata, text"
_INSERT_ARTICLE = (
    f"INSERT OR IGNORE INTO articles ({_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT_ARTICLE = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
_SEARCH = f"""
SELECT a.id, a.title, a.outlet, a.date, a.url, a.source_id,
       snippet(articles_fts, 1, ?, ?, '…', {_SNIPPET_WORDS}), articles_fts.rank
FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
WHERE articles_fts MATCH ? AND articles_fts.rowid IN (
    SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?
)
ORDER BY articles_fts.rank
"""
_SEARCH_IDS = """
SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT ?
"""
_FROM_MATCHES = "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
_MATCHES = f"""
SELECT a.id, a.title, a.outlet, a.date, a.url, a.source_id,
       snippet(articles_fts, 1, ?, ?, '…', {_SNIPPET_WORDS}), articles_fts.rank
{_FROM_MATCHES}"""
_COUNT_MATCHES = f"SELECT count(*) {_FROM_MATCHES}"
# Listing without words: the start of the text stands in for a snippet, and no rank.
_PREVIEW_CHARS = 200
_LIST = """
SELECT a.id, a.title, a.outlet, a.date, a.url, a.source_id, substr(a.text, 1, ?), 0.0
FROM articles a"""
_UNANALYSED = """
SELECT a.id FROM articles a
WHERE a.id > ? AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)
ORDER BY a.id LIMIT ?
"""

_T = TypeVar("_T")


class SQLiteStore:
    """A `Store` in one SQLite file: WAL so readers never wait for the ingesting writer."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        max_bytes: int | None = None,
        timeout: float = 30.0,
        search_timeout: float = 10.0,
    ) -> None:
        """Open (creating unless `read_only`) the store; `max_bytes` caps the file's growth,
        `timeout` is how long a write waits for another writer, `search_timeout` how long a
        full-text search may run (a query of many prefixes can scan the whole index)."""
        self._path = path
        self._read_only = read_only
        self._timeout = timeout
        self._search_timeout = search_timeout
        self._vocab_ready = False
        self._vector_index: VectorIndex | None = None
        self._conn = self._connect()
        try:
            self._prepare(max_bytes)
        except BaseException:
            self._conn.close()
            raise

    # -- opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._path.is_dir():
            raise StoreError(f"{self._path}: is a folder, not a store file")
        if self._read_only and not self._path.exists():
            raise StoreError(f"{self._path}: no such store")
        if not self._read_only:
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self._path}: cannot create the store's folder: {exc}") from exc
        target = f"file:{quote(str(self._path.absolute()))}?mode=ro" if self._read_only else None
        try:
            # Autocommit mode: transactions are opened explicitly, one per write call.
            return sqlite3.connect(
                target or self._path,
                timeout=self._timeout,
                isolation_level=None,
                uri=target is not None,
            )
        except sqlite3.Error as exc:
            raise self._error(exc, "open") from exc

    def _prepare(self, max_bytes: int | None) -> None:
        with self._errors("open"):
            conn = self._conn
            conn.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0 and self._read_only:
                raise StoreError(f"{self._path}: is not a newstrace store")
            if version == 0:
                self._create_schema()
            elif version == 1 and not self._read_only:
                self._upgrade_from_1()
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self._path}: store schema version {version} is newer than this "
                    f"newstrace supports ({SCHEMA_VERSION}); upgrade newstrace"
                )
            if not self._read_only:
                self._ensure_factcheck_tables()
                self._ensure_vector_table()
            if not self._read_only and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a crash may lose the last commits but never corrupts the file.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -65536")
            if max_bytes is not None:
                page_size = conn.execute("PRAGMA page_size").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {max(1, max_bytes // page_size)}")

    def _create_schema(self) -> None:
        conn = self._conn
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self._path}: is an SQLite database but not a newstrace store")
        with self._transaction():
            for statement in _split_statements(_SCHEMA):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _upgrade_from_1(self) -> None:
        """Version 2 adds the LSH band index, filled from the stored fingerprints."""
        conn = self._conn
        with self._transaction():
            for statement in _split_statements(_SCHEMA):
                if "lsh_bands" in statement:
                    conn.execute(statement)
            for article_id, blob in conn.execute(
                "SELECT article_id, minhash FROM fingerprints"
            ).fetchall():
                _insert_bands(conn, [(article_id, bytes(blob))])
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _ensure_factcheck_tables(self) -> None:
        """Create the fact-check tables when missing: idempotent, run on every writable open."""
        with self._transaction() as conn:
            for statement in _split_statements(_FACTCHECK_SCHEMA):
                conn.execute(statement)

    def _ensure_vector_table(self) -> None:
        with self._transaction() as conn:
            for statement in _split_statements(_VECTOR_SCHEMA):
                conn.execute(statement)

    def _has_factchecks(self) -> bool:
        """Whether the tables exist: a store opened read-only may predate them."""
        return self._has_table("factchecks")

    def _has_table(self, name: str) -> bool:
        with self._errors("read"):
            row = self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
        return row is not None

    # -- errors and transactions -----------------------------------------------------------

    def _error(self, exc: sqlite3.Error, action: str) -> StoreError:
        message = str(exc)
        lowered = message.lower()
        where = str(self._path)
        if "not a database" in lowered or "malformed" in lowered:
            text = f"{where}: the file is not a newstrace store or is corrupt ({message})"
        elif "readonly" in lowered or "read-only" in lowered:
            text = f"{where}: the store is read-only ({message}); nothing was written"
        elif "disk is full" in lowered:
            text = f"{where}: the disk is full ({message}); the last batch was not written"
        elif "unable to open" in lowered:
            text = f"{where}: cannot open the store ({message}); is its folder writable?"
        elif "locked" in lowered or "busy" in lowered:
            text = f"{where}: the store is locked by another writer ({message}); try again"
        else:
            text = f"{where}: {action} failed: {message}"
        return StoreError(text)

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc, action) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any error."""
        conn = self._conn
        with self._errors("write"):
            # IMMEDIATE takes the write lock now, so a second writer waits here, not mid-batch.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # -- articles --------------------------------------------------------------------------

    @property
    def location(self) -> str:
        return str(self._path)

    def add_articles(
        self, batch: Sequence[Article], fingerprints: Mapping[str, bytes] | None = None
    ) -> AddResult:
        rows = [article_row(article) for article in batch]
        with self._transaction() as conn:
            stored = conn.executemany(_INSERT_ARTICLE, rows).rowcount
            if fingerprints:
                conn.executemany(
                    "INSERT OR REPLACE INTO fingerprints (article_id, minhash) VALUES (?, ?)",
                    fingerprints.items(),
                )
                _insert_bands(conn, fingerprints.items())
        return AddResult(stored=stored, duplicates=len(rows) - stored)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self._errors("read"):
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                query = f"SELECT id FROM articles WHERE id IN ({marks})"
                found.update(row[0] for row in self._conn.execute(query, chunk))
        return found

    def get_article(self, id: str) -> Article | None:
        row = self._article_row_by_id(id)
        return row_article(row) if row is not None else None

    def _article_row_by_id(self, id: str) -> Row | None:
        with self._errors("read"):
            row: Row | None = self._conn.execute(
                f"{_SELECT_ARTICLE} WHERE id = ?", (id,)
            ).fetchone()
            if row is None:
                # Input ids are not unique across files: the first stored one wins.
                row = self._conn.execute(
                    f"{_SELECT_ARTICLE} WHERE source_id = ? ORDER BY seq LIMIT 1", (id,)
                ).fetchone()
        return row

    def iter_articles(self, *, batch_size: int = 1000) -> Iterator[Article]:
        # Keyset pages rather than one open cursor, so writes may interleave with the reading.
        last = 0
        while True:
            with self._errors("read"):
                rows = self._conn.execute(
                    f"SELECT seq, {_ARTICLE_COLUMNS} FROM articles WHERE seq > ? "
                    "ORDER BY seq LIMIT ?",
                    (last, batch_size),
                ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for row in rows:
                yield row_article(row[1:])

    def count(self) -> int:
        return self._scalar("SELECT count(*) FROM articles")

    def _scalar(self, query: str) -> int:
        with self._errors("read"):
            value = self._conn.execute(query).fetchone()[0]
        return int(value or 0)

    # -- search ----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        if not query.strip() or limit < 1:
            return []
        rows = self._full_text(query, lambda match: self._search_rows(match, limit))
        return [search_hit(row, lower_is_better=True) for row in rows or []]

    def search_ids(self, query: str, limit: int = 10) -> list[str]:
        if not query.strip() or limit < 1:
            return []
        rows = self._full_text(
            query, lambda match: self._conn.execute(_SEARCH_IDS, (match, limit)).fetchall()
        )
        return [str(row[0]) for row in rows or []]

    def _search_rows(self, match: str, limit: int) -> list[Row]:
        params = (HIGHLIGHT_START, HIGHLIGHT_END, match, match, limit)
        return self._conn.execute(_SEARCH, params).fetchall()

    def _full_text(self, query: str, run: Callable[[str], _T]) -> _T | None:
        """`run(match)` with the query as FTS5 syntax, else with its words quoted; None when
        the query has no words at all. Both tries together get `search_timeout` seconds."""
        deadline = time.monotonic() + self._search_timeout
        # SQLite calls this every _PROGRESS_STEPS instructions; a true answer interrupts.
        self._conn.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
        try:
            try:
                return run(query)
            except sqlite3.OperationalError as exc:
                self._raise_if_interrupted(exc)
                # Not valid FTS5 syntax ('9,000', 'U.S.-led', 'a - b', an unclosed quote, '*'):
                # SQLite's messages for these vary, so any refusal of the raw query falls back
                # to searching its words; a store that is really broken fails that too.
                words = _quoted_words(query)
                return run(words) if words else None
        except sqlite3.OperationalError as exc:
            self._raise_if_interrupted(exc)
            raise self._error(exc, "search") from exc
        except sqlite3.Error as exc:
            raise self._error(exc, "search") from exc
        finally:
            self._conn.set_progress_handler(None, 0)

    def _raise_if_interrupted(self, exc: sqlite3.OperationalError) -> None:
        if "interrupted" in str(exc):
            raise SearchTimeoutError(
                f"the search ran over {self._search_timeout:g} s; use fewer or more specific words"
            ) from exc

    def find_articles(
        self, query: ArticleQuery, *, limit: int = 20, offset: int = 0
    ) -> ArticlePage:
        where, params = _filters(query)
        limit, offset = max(limit, 0), max(offset, 0)
        if not query.text.strip():
            with self._errors("read"):
                total = self._conn.execute(f"SELECT count(*) FROM articles a{where}", params)
                rows = self._conn.execute(
                    f"{_LIST}{where} ORDER BY a.date IS NULL, a.date DESC, a.seq DESC "
                    "LIMIT ? OFFSET ?",
                    (_PREVIEW_CHARS, *params, limit, offset),
                ).fetchall()
                return ArticlePage(
                    int(total.fetchone()[0]),
                    [search_hit(row, lower_is_better=True) for row in rows],
                )

        def run(match: str) -> tuple[int, list[Row]]:
            fts_where = " WHERE articles_fts MATCH ?" + where.replace(" WHERE ", " AND ", 1)
            total = self._conn.execute(f"{_COUNT_MATCHES}{fts_where}", (match, *params))
            rows = self._conn.execute(
                f"{_MATCHES}{fts_where} ORDER BY articles_fts.rank LIMIT ? OFFSET ?",
                (HIGHLIGHT_START, HIGHLIGHT_END, match, *params, limit, offset),
            ).fetchall()
            return int(total.fetchone()[0]), rows

        found = self._full_text(query.text, run)
        if found is None:
            return ArticlePage(0, [])
        return ArticlePage(found[0], [search_hit(row, lower_is_better=True) for row in found[1]])

    # -- reports ---------------------------------------------------------------------------

    def unanalysed_ids(self, limit: int, *, after: str | None = None) -> list[str]:
        with self._errors("read"):
            rows = self._conn.execute(_UNANALYSED, (after or "", limit)).fetchall()
        return [row[0] for row in rows]

    def unanalysed_count(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM articles a "
            "WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)"
        )

    def save_reports(self, reports: Sequence[Report]) -> int:
        article_rows = [article_row(report.article) for report in reports]
        report_rows = [
            (content_id(report.article), report.schema_version, report_json(report))
            for report in reports
        ]
        with self._transaction() as conn:
            conn.executemany(_INSERT_ARTICLE, article_rows)
            conn.executemany(
                "INSERT OR REPLACE INTO reports (article_id, schema_version, report) "
                "VALUES (?, ?, ?)",
                report_rows,
            )
        return len(report_rows)

    def analyse_ids(
        self, ids: Sequence[str], analyse: Callable[[list[Article]], list[Report]]
    ) -> int:
        # One machine: nothing to claim. The analysis runs outside the write lock, so other
        # writers are not held up; reports are replaced, never doubled, if two runs overlap.
        wanted = list(dict.fromkeys(ids))
        with self._errors("read"):
            analysed = {
                row[0]
                for start in range(0, len(wanted), _CHUNK)
                for row in self._conn.execute(
                    "SELECT article_id FROM reports WHERE article_id IN "
                    f"({', '.join('?' * len(wanted[start : start + _CHUNK]))})",
                    wanted[start : start + _CHUNK],
                )
            }
        articles = [a for key in wanted if key not in analysed and (a := self.get_article(key))]
        if not articles:
            return 0
        return self.save_reports(analyse(articles))

    def get_report(self, id: str) -> Report | None:
        row = self._article_row_by_id(id)
        if row is None:
            return None
        with self._errors("read"):
            found = self._conn.execute(
                "SELECT report FROM reports WHERE article_id = ?", (row[0],)
            ).fetchone()
        if found is None:
            return None
        try:
            return Report.model_validate({**json.loads(found[0]), "article": row_article(row)})
        except ValidationError as exc:
            raise StoreError(
                f"{self._path}: the stored report of {row[0]} does not fit this newstrace's "
                f"report format ({exc.error_count()} errors); re-run `newstrace analyze-store`"
            ) from exc

    # -- fingerprints ----------------------------------------------------------------------

    def save_fingerprints(self, rows: Iterable[tuple[str, bytes]]) -> int:
        values = list(rows)
        try:
            with self._transaction() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO fingerprints (article_id, minhash) VALUES (?, ?)",
                    values,
                )
                _insert_bands(conn, values)
        except StoreError as exc:
            if "FOREIGN KEY" in str(exc):
                raise StoreError(
                    f"{self._path}: a fingerprint names an article that is not stored"
                ) from exc
            raise
        return len(values)

    def iter_fingerprints(self, *, batch_size: int = 5000) -> Iterator[tuple[str, bytes]]:
        last = ""
        while True:
            with self._errors("read"):
                rows = self._conn.execute(
                    "SELECT article_id, minhash FROM fingerprints WHERE article_id > ? "
                    "ORDER BY article_id LIMIT ?",
                    (last, batch_size),
                ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for article_id, minhash in rows:
                yield article_id, bytes(minhash)

    def term_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        # fts5vocab lists the index's (Porter-stemmed) terms; a stem is, for the words a claim
        # is made of, the longest of the word's prefixes that the index holds.
        with self._errors("read"):
            if not self._vocab_ready:
                self._conn.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_vocab "
                    "USING fts5vocab(main, articles_fts, row)"
                )
                self._vocab_ready = True
            counts = {}
            for word in words:
                prefixes = [word[:k] for k in range(min(3, len(word)), len(word) + 1)]
                marks = ",".join("?" * len(prefixes))
                row = self._conn.execute(
                    f"SELECT doc FROM temp.articles_vocab WHERE term IN ({marks}) "
                    "ORDER BY length(term) DESC LIMIT 1",
                    prefixes,
                ).fetchone()
                counts[word] = int(row[0]) if row else 0
        return counts

    def similar_ids(self, id: str, limit: int = 200) -> list[str]:
        with self._errors("read"):
            rows = self._conn.execute(
                "SELECT DISTINCT other.article_id FROM lsh_bands AS mine "
                "JOIN lsh_bands AS other ON other.band = mine.band AND other.key = mine.key "
                "WHERE mine.article_id = ? AND other.article_id != ? LIMIT ?",
                (id, id, limit),
            ).fetchall()
        return [row[0] for row in rows]

    # -- fact-checks -----------------------------------------------------------------------

    def save_factchecks(self, batch: Sequence[FactCheck]) -> AddResult:
        rows = [
            (check.id, check.claim_reviewed, check.title, check.model_dump_json())
            for check in batch
        ]
        ids = list(dict.fromkeys(check.id for check in batch))
        with self._transaction() as conn:
            known = 0
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                known += conn.execute(
                    f"SELECT count(*) FROM factchecks WHERE id IN ({marks})", chunk
                ).fetchone()[0]
            conn.executemany(_UPSERT_FACTCHECK, rows)
        stored = len(ids) - known
        return AddResult(stored=stored, duplicates=len(rows) - stored)

    def iter_factchecks(self, *, batch_size: int = 1000) -> Iterator[FactCheck]:
        if not self._has_factchecks():
            return
        last = 0
        while True:
            with self._errors("read"):
                rows = self._conn.execute(
                    "SELECT seq, data FROM factchecks WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, batch_size),
                ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            for _, data in rows:
                yield self._factcheck(data)

    def factcheck_count(self) -> int:
        return self._scalar("SELECT count(*) FROM factchecks") if self._has_factchecks() else 0

    def get_factcheck(self, id: str) -> FactCheck | None:
        if not self._has_factchecks():
            return None
        with self._errors("read"):
            row = self._conn.execute("SELECT data FROM factchecks WHERE id = ?", (id,)).fetchone()
        return self._factcheck(row[0]) if row is not None else None

    def search_factchecks(self, text: str, limit: int = 10) -> list[FactCheckHit]:
        words = [
            word
            for word in dict.fromkeys(_quoted_words(text.lower()).split())
            if word.strip('"') not in STOPWORDS
        ][:_MAX_FACTCHECK_TERMS]
        if not words or limit < 1 or not self._has_factchecks():
            return []
        match = " OR ".join(words)
        rows = self._full_text(
            match, lambda query: self._conn.execute(_SEARCH_FACTCHECKS, (query, limit)).fetchall()
        )
        # bm25() is lower-is-better and negative; flip it so a higher score is a better match.
        return [FactCheckHit(self._factcheck(data), -float(rank)) for data, rank in rows or []]

    def factcheck_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        if not self._has_factchecks():
            return dict.fromkeys(words, 0)
        with self._errors("read"):
            return {word: self._factchecks_holding(word) for word in words}

    def _factchecks_holding(self, word: str) -> int:
        # MATCH stems the quoted word the way the index did ("ferry" -> "ferri"); a "word" that
        # the tokenizer splits in two is not one term, and counts as unseen.
        quoted = _quoted_words(word)
        if not quoted or " " in quoted:
            return 0
        row = self._conn.execute(
            "SELECT count(*) FROM factchecks_fts WHERE factchecks_fts MATCH ?", (quoted,)
        ).fetchone()
        return int(row[0])

    def _factcheck(self, data: str) -> FactCheck:
        try:
            return FactCheck.model_validate_json(data)
        except ValidationError as exc:
            raise StoreError(
                f"{self._path}: a stored fact-check does not fit this newstrace's format "
                f"({exc.error_count()} errors); import it again"
            ) from exc

    # -- sentence vectors ------------------------------------------------------------------

    def save_vectors(self, batch: Sequence[SentenceVectors]) -> int:
        rows = [(item.article_id, item.model, *encoded_vectors(item)) for item in batch]
        try:
            with self._transaction() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO sentence_vectors (article_id, model, dim, spans, "
                    "vectors) VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
        except StoreError as exc:
            if "FOREIGN KEY" in str(exc):
                raise StoreError(
                    f"{self._path}: a vector names an article that is not stored"
                ) from exc
            raise
        return len(rows)

    def unembedded_ids(
        self, limit: int, *, after: str | None = None, model: str | None = None
    ) -> list[str]:
        if not self._has_table("sentence_vectors"):
            return []
        with self._errors("read"):
            rows = self._conn.execute(
                "SELECT a.id FROM articles a WHERE a.id > ? AND NOT EXISTS "
                "(SELECT 1 FROM sentence_vectors v WHERE v.article_id = a.id "
                "AND (? IS NULL OR v.model = ?)) ORDER BY a.id LIMIT ?",
                (after or "", model, model, limit),
            ).fetchall()
        return [row[0] for row in rows]

    def vector_count(self, model: str | None = None) -> int:
        if not self._has_table("sentence_vectors"):
            return 0
        with self._errors("read"):
            if model is None:
                row = self._conn.execute("SELECT count(*) FROM sentence_vectors").fetchone()
            else:
                row = self._conn.execute(
                    "SELECT count(*) FROM sentence_vectors WHERE model = ?", (model,)
                ).fetchone()
        return int(row[0])

    def get_vectors(self, ids: Iterable[str]) -> dict[str, SentenceVectors]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, SentenceVectors] = {}
        if not self._has_table("sentence_vectors"):
            return found
        with self._errors("read"):
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                for row in self._conn.execute(
                    "SELECT article_id, model, dim, spans, vectors FROM sentence_vectors "
                    f"WHERE article_id IN ({marks})",
                    chunk,
                ):
                    found[row[0]] = stored_vectors(row)
        return found

    def nearest_articles(
        self, vector: npt.NDArray[np.float32], *, model: str, limit: int = 100
    ) -> list[VectorHit]:
        index = self._vectors_of(model)
        if index is None or limit < 1:
            return []
        return index.nearest(np.asarray(vector, dtype=np.float32).ravel(), limit)

    def _vectors_of(self, model: str) -> VectorIndex | None:
        """The search rows of every stored article with vectors of `model`, in one matrix held
        in memory, read again when the table changed."""
        if not self._has_table("sentence_vectors"):
            return None
        with self._errors("read"):
            marker = tuple(
                self._conn.execute(
                    "SELECT count(*), coalesce(max(rowid), 0) FROM sentence_vectors"
                ).fetchone()
            )
            cached = self._vector_index
            if cached is not None and cached.marker == marker and cached.model == model:
                return cached
            items = [
                stored_vectors(row, rows=SEARCH_ROWS)
                for row in self._conn.execute(
                    "SELECT article_id, model, dim, spans, vectors FROM sentence_vectors "
                    "WHERE model = ? ORDER BY rowid",
                    (model,),
                )
            ]
        self._vector_index = VectorIndex.build(items, model, marker)
        return self._vector_index

    # -- overview and lifetime -------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with self._errors("read"):
            first, last, dated = self._conn.execute(
                "SELECT min(date), max(date), count(date) FROM articles"
            ).fetchone()
            outlets = self._conn.execute(
                "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
                "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 10"
            ).fetchall()
        return {
            "store": str(self._path),
            "schema_version": SCHEMA_VERSION,
            "articles": self.count(),
            "analysed": self._scalar("SELECT count(*) FROM reports"),
            "fingerprinted": self._scalar("SELECT count(*) FROM fingerprints"),
            "factchecks": self.factcheck_count(),
            "embedded": self.vector_count(),
            "outlets": self._scalar("SELECT count(DISTINCT outlet) FROM articles"),
            "dated": int(dated),
            "first_date": first,
            "last_date": last,
            "top_outlets": {name: count for name, count in outlets},
            "size_bytes": self._size_bytes(),
        }

    def _size_bytes(self) -> int:
        files = (self._path, Path(f"{self._path}-wal"))
        return sum(path.stat().st_size for path in files if path.exists())

    def check(self) -> list[str]:
        with self._errors("check"):
            problems = [
                row[0]
                for row in self._conn.execute("PRAGMA integrity_check").fetchall()
                if row[0] != "ok"
            ]
            if self._read_only:  # FTS5's own check is a write statement: not possible here
                return problems
            try:
                self._conn.execute(
                    "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index: {exc}")
        return problems

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _split_statements(script: str) -> list[str]:
    """Statements of the schema, one by one (executescript would commit on its own)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _filters(query: ArticleQuery) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (or "") and its parameters for the outlet and date parts of a query."""
    clauses: list[str] = []
    params: list[str] = []
    if query.outlets:
        clauses.append(f"lower(a.outlet) IN ({', '.join('?' * len(query.outlets))})")
        params += [outlet.lower() for outlet in query.outlets]
    # Dates are ISO strings; comparing their first 10 characters makes both ends inclusive.
    if query.date_from:
        clauses.append("substr(a.date, 1, 10) >= ?")
        params.append(query.date_from)
    if query.date_to:
        clauses.append("substr(a.date, 1, 10) <= ?")
        params.append(query.date_to)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _quoted_words(query: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in query).split()
    return " ".join(f'"{word}"' for word in words)


def _insert_bands(conn: sqlite3.Connection, rows: Iterable[tuple[str, bytes]]) -> None:
    from newstrace.corpus.dedupe import band_keys

    for article_id, blob in rows:
        conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO lsh_bands (band, key, article_id) VALUES (?, ?, ?)",
            [(band, key, article_id) for band, key in band_keys(blob)],
        )


def open_sqlite(target: str, read_only: bool) -> SQLiteStore:
    """The `open_store` opener for file paths and `sqlite:///path` URLs."""
    return SQLiteStore(Path(target.removeprefix("sqlite:///")).expanduser(), read_only=read_only)


register_backend("sqlite", open_sqlite)

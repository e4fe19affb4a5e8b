"""The PostgreSQL store: the `Store` interface on a server that several analysts share.

Opened by `postgresql://user@host:port/db` (or `postgres://`). psycopg 3 with a small
connection pool; the schema is created and migrated in versions (`newstrace_meta` holds the
version); full-text search is a weighted `tsvector` column with a GIN index, ranked with
`ts_rank` and highlighted with `ts_headline`; reports are JSONB. Every write method is one
transaction, and inserts use `ON CONFLICT`, so a killed ingest resumes to exactly the rows of an
uninterrupted one, as with SQLite. psycopg is the `postgres` extra: it is imported when a
PostgreSQL store is opened, not before.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

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

SCHEMA_VERSION = 1
_PREVIEW_CHARS = 200
_MAX_FACTCHECK_TERMS = 32
# Titles weigh twice the body, as in the SQLite store's bm25(2.0, 1.0): weights of the D, C,
# B (body) and A (title) labels.
_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"
_HEADLINE = (
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", MaxWords=16, MinWords=6, '
    'MaxFragments=1, FragmentDelimiter=" … "'
)

# Version n of the schema is reached by running _MIGRATIONS[n - 1] on version n - 1.
_MIGRATIONS: tuple[str, ...] = (
    """
    -- English stemming without a stop-word list, as SQLite's porter tokenizer does: a search
    -- for "the" or "who" still finds what holds it, and both backends find the same rows.
    CREATE TEXT SEARCH DICTIONARY newstrace_stem (TEMPLATE = snowball, Language = english);
    CREATE TEXT SEARCH CONFIGURATION newstrace (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION newstrace ALTER MAPPING
        FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH newstrace_stem;
    CREATE TABLE articles (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,       -- content hash of the whitespace-normalised text
        source_id TEXT,                -- id the input gave, when it differs from the hash
        title TEXT,
        date TEXT,
        outlet TEXT,
        url TEXT,
        file TEXT,
        line INTEGER,
        format TEXT,
        metadata JSONB NOT NULL DEFAULT '{}',
        text TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('newstrace', coalesce(title, '')), 'A')
            || setweight(to_tsvector('newstrace', text), 'B')
        ) STORED
    );
    CREATE INDEX articles_source_id ON articles (source_id);
    CREATE INDEX articles_tsv ON articles USING GIN (tsv);
    CREATE TABLE fingerprints (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        minhash BYTEA NOT NULL
    );
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        key BIGINT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
    );
    CREATE INDEX lsh_bands_key ON lsh_bands (band, key);
    CREATE INDEX lsh_bands_article ON lsh_bands (article_id);
    CREATE TABLE reports (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        schema_version TEXT NOT NULL,
        report JSONB NOT NULL          -- the Report without its article (stored once, above)
    );
    CREATE TABLE factchecks (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        claim TEXT NOT NULL,
        title TEXT,
        data TEXT NOT NULL,            -- the FactCheck as JSON, exactly as written
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('newstrace', claim), 'A')
            || setweight(to_tsvector('newstrace', coalesce(title, '')), 'B')
        ) STORED
    );
    CREATE INDEX factchecks_tsv ON factchecks USING GIN (tsv);
    CREATE SEQUENCE sentence_vectors_version;
    CREATE TABLE sentence_vectors (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        dim INTEGER NOT NULL,
        spans BYTEA NOT NULL,
        vectors BYTEA NOT NULL,
        -- bumped on every write, so a cached search matrix knows it is stale
        version BIGINT NOT NULL DEFAULT nextval('sentence_vectors_version')
    );
    """,
)

_ARTICLE_COLUMNS = "id, source_id, title, date, outlet, url, file, line, format, metadata, text"
_INSERT_ARTICLES = f"""
INSERT INTO articles ({_ARTICLE_COLUMNS})
SELECT * FROM unnest(
    %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
    %s::integer[], %s::text[], %s::jsonb[], %s::text[]
)
ON CONFLICT (id) DO NOTHING
"""
_SELECT_ARTICLE = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
_HIT_COLUMNS = "a.id, a.title, a.outlet, a.date, a.url, a.source_id"


class PostgresStore:
    """A `Store` in a PostgreSQL database; several processes may read and write it at once."""

    def __init__(self, url: str, *, read_only: bool = False, search_timeout: float = 10.0) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL stores need psycopg: pip install 'newstrace[postgres]'"
            ) from exc
        # The pool logs dropped connections as warnings; with no handler configured Python
        # would print them, and the library never prints: the StoreError says what happened.
        logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())
        self._psycopg = psycopg
        self._url = url
        self._location = _without_password(url)
        self._read_only = read_only
        self._search_timeout = search_timeout
        self._vector_index: VectorIndex | None = None
        options = "-c default_transaction_read_only=on" if read_only else None
        # One plain connection first: its error names what is wrong (refused, password,
        # database), where a pool would only time out.
        try:
            psycopg.connect(url, connect_timeout=10, options=options or "").close()
        except psycopg.Error as exc:
            raise StoreError(f"{self._location}: cannot connect ({_first_line(exc)})") from exc
        kwargs: dict[str, Any] = {"autocommit": True, "connect_timeout": 10}
        if options:
            kwargs["options"] = options
        self._pool = ConnectionPool(
            url, min_size=1, max_size=4, kwargs=kwargs, open=True, timeout=30, name="newstrace"
        )
        try:
            self._prepare()
        except BaseException:
            self._pool.close()
            raise

    # -- opening ---------------------------------------------------------------------------

    def _prepare(self) -> None:
        with self._errors("open"), self._pool.connection() as conn:
            version = self._version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self._location}: store schema version {version} is newer than this "
                    f"newstrace supports ({SCHEMA_VERSION}); upgrade newstrace"
                )
            if version == SCHEMA_VERSION:
                return
            if self._read_only:
                raise StoreError(f"{self._location}: is not a newstrace store (no schema)")
            with conn.transaction():
                # Two first opens at once: the second waits here, then finds the schema made.
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('newstrace schema'))")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS newstrace_meta (key TEXT PRIMARY KEY, "
                    "value TEXT NOT NULL)"
                )
                version = self._version(conn)
                if version == 0 and self._foreign_tables(conn):
                    raise StoreError(
                        f"{self._location}: the database holds other tables but no newstrace "
                        "store; use an empty database"
                    )
                for step in range(version, SCHEMA_VERSION):
                    conn.execute(_MIGRATIONS[step])
                conn.execute(
                    "INSERT INTO newstrace_meta (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )

    def _version(self, conn: Any) -> int:
        found = conn.execute("SELECT to_regclass('newstrace_meta')").fetchone()[0]
        if found is None:
            return 0
        row = conn.execute(
            "SELECT value FROM newstrace_meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(row[0]) if row else 0

    def _foreign_tables(self, conn: Any) -> bool:
        row = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name != 'newstrace_meta'"
        ).fetchone()
        return bool(row[0])

    # -- errors and transactions -----------------------------------------------------------

    def _error(self, exc: Exception, action: str) -> StoreError:
        errors = self._psycopg.errors
        message = _first_line(exc)
        if isinstance(exc, errors.ReadOnlySqlTransaction):
            text = f"{self._location}: the store is read-only ({message}); nothing was written"
        elif isinstance(exc, errors.ForeignKeyViolation):
            text = f"{self._location}: a row names an article that is not stored ({message})"
        elif isinstance(exc, errors.DiskFull):
            text = f"{self._location}: the server's disk is full; the last batch was not written"
        elif isinstance(exc, self._psycopg.OperationalError):
            text = f"{self._location}: {action} failed, the server is unreachable ({message})"
        else:
            text = f"{self._location}: {action} failed: {message}"
        return StoreError(text)

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        from psycopg_pool import PoolTimeout

        try:
            yield
        except self._psycopg.Error as exc:
            raise self._error(exc, action) from exc
        except PoolTimeout as exc:
            raise StoreError(f"{self._location}: no connection to the server ({exc})") from exc

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """One write transaction on a pooled connection: committed whole or rolled back."""
        with self._errors("write"), self._pool.connection() as conn, conn.transaction():
            yield conn

    def _rows(self, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Row]:
        with self._errors("read"), self._pool.connection() as conn:
            return list(conn.execute(query, params).fetchall())

    def _scalar(self, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> int:
        rows = self._rows(query, params)
        return int(rows[0][0] or 0) if rows else 0

    # -- articles --------------------------------------------------------------------------

    @property
    def location(self) -> str:
        return self._location

    def add_articles(
        self, batch: Sequence[Article], fingerprints: Mapping[str, bytes] | None = None
    ) -> AddResult:
        rows = [article_row(article) for article in batch]
        with self._transaction() as conn:
            stored = _insert_articles(conn, rows)
            if fingerprints:
                _upsert_fingerprints(conn, list(fingerprints.items()))
        return AddResult(stored=stored, duplicates=len(rows) - stored)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        rows = self._rows("SELECT id FROM articles WHERE id = ANY(%s)", (wanted,))
        return {row[0] for row in rows}

    def get_article(self, id: str) -> Article | None:
        row = self._article_row_by_id(id)
        return row_article(row) if row is not None else None

    def _article_row_by_id(self, id: str) -> Row | None:
        rows = self._rows(f"{_SELECT_ARTICLE} WHERE id = %s", (id,))
        if not rows:
            # Input ids are not unique across files: the first stored one wins.
            rows = self._rows(f"{_SELECT_ARTICLE} WHERE source_id = %s ORDER BY seq LIMIT 1", (id,))
        return rows[0] if rows else None

    def iter_articles(self, *, batch_size: int = 1000) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._rows(
                f"SELECT seq, {_ARTICLE_COLUMNS} FROM articles WHERE seq > %s "
                "ORDER BY seq LIMIT %s",
                (last, batch_size),
            )
            if not rows:
                return
            last = rows[-1][0]
            for row in rows:
                yield row_article(row[1:])

    def count(self) -> int:
        return self._scalar("SELECT count(*) FROM articles")

    # -- search ----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        if not query.strip() or limit < 1:
            return []
        sql = f"""
            WITH q AS (SELECT __QUERY__ AS q),
            top AS (
                SELECT a.seq, ts_rank('{_WEIGHTS}', a.tsv, q.q, 1) AS score
                FROM articles a, q WHERE a.tsv @@ q.q
                ORDER BY score DESC, a.seq LIMIT %(limit)s
            )
            SELECT {_HIT_COLUMNS}, ts_headline('newstrace', a.text, q.q, %(headline)s), top.score
            FROM top JOIN articles a ON a.seq = top.seq, q
            ORDER BY top.score DESC, a.seq
        """
        rows = self._full_text(sql, query, {"limit": limit, "headline": _HEADLINE})
        return [search_hit(row, lower_is_better=False) for row in rows]

    def search_ids(self, query: str, limit: int = 10) -> list[str]:
        if not query.strip() or limit < 1:
            return []
        sql = f"""
            WITH q AS (SELECT __QUERY__ AS q)
            SELECT a.id FROM articles a, q WHERE a.tsv @@ q.q
            ORDER BY ts_rank('{_WEIGHTS}', a.tsv, q.q, 1) DESC, a.seq LIMIT %(limit)s
        """
        return [str(row[0]) for row in self._full_text(sql, query, {"limit": limit})]

    def _full_text(self, sql: str, query: str, params: dict[str, Any]) -> list[Row]:
        """Run `sql` with __QUERY__ as the user's query in search syntax (AND, OR, NOT,
        "phrases", prefix*), or, where that does not parse, as plain words; within the
        search time limit."""
        tsquery = _tsquery(query)
        tries = ([("to_tsquery('newstrace', %(q)s)", tsquery)] if tsquery else []) + [
            ("plainto_tsquery('newstrace', %(q)s)", query)
        ]
        errors = self._psycopg.errors
        with self._errors("search"), self._pool.connection() as conn:
            for n, (builder, text) in enumerate(tries):
                try:
                    with conn.transaction():
                        timeout = int(self._search_timeout * 1000)
                        conn.execute(f"SET LOCAL statement_timeout = {timeout}")
                        cursor = conn.execute(
                            sql.replace("__QUERY__", builder), {**params, "q": text}
                        )
                        return list(cursor.fetchall())
                except errors.QueryCanceled as exc:
                    raise SearchTimeoutError(
                        f"the search ran over {self._search_timeout:g} s; use fewer or more "
                        "specific words"
                    ) from exc
                except errors.SyntaxError:
                    if n == len(tries) - 1:
                        raise
        return []

    def find_articles(
        self, query: ArticleQuery, *, limit: int = 20, offset: int = 0
    ) -> ArticlePage:
        where, params = _filters(query)
        limit, offset = max(limit, 0), max(offset, 0)
        page = {**params, "limit": limit, "offset": offset}
        if not query.text.strip():
            total = self._scalar(f"SELECT count(*) FROM articles a WHERE TRUE{where}", params)
            rows = self._rows(
                f"SELECT {_HIT_COLUMNS}, substr(a.text, 1, {_PREVIEW_CHARS}), 0.0 "
                f"FROM articles a WHERE TRUE{where} "
                "ORDER BY a.date IS NULL, a.date DESC, a.seq DESC "
                "LIMIT %(limit)s OFFSET %(offset)s",
                page,
            )
            return ArticlePage(total, [search_hit(row, lower_is_better=False) for row in rows])
        sql = f"""
            WITH q AS (SELECT __QUERY__ AS q),
            matched AS (
                SELECT a.seq, ts_rank('{_WEIGHTS}', a.tsv, q.q, 1) AS score,
                       count(*) OVER () AS total
                FROM articles a, q WHERE a.tsv @@ q.q{where}
                ORDER BY score DESC, a.seq LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT {_HIT_COLUMNS}, ts_headline('newstrace', a.text, q.q, %(headline)s),
                   m.score, m.total
            FROM matched m JOIN articles a ON a.seq = m.seq, q
            ORDER BY m.score DESC, a.seq
        """
        rows = self._full_text(sql, query.text, {**page, "headline": _HEADLINE})
        if rows:
            return ArticlePage(
                int(rows[0][-1]), [search_hit(row[:-1], lower_is_better=False) for row in rows]
            )
        if offset == 0:
            return ArticlePage(0, [])
        # A page past the end: the total still counts the matches.
        return ArticlePage(self.find_articles(query, limit=1, offset=0).total, [])

    # -- reports ---------------------------------------------------------------------------

    def unanalysed_ids(self, limit: int, *, after: str | None = None) -> list[str]:
        rows = self._rows(
            "SELECT a.id FROM articles a WHERE a.id > %s AND NOT EXISTS "
            "(SELECT 1 FROM reports r WHERE r.article_id = a.id) ORDER BY a.id LIMIT %s",
            (after or "", limit),
        )
        return [row[0] for row in rows]

    def unanalysed_count(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM articles a "
            "WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)"
        )

    def save_reports(self, reports: Sequence[Report]) -> int:
        with self._transaction() as conn:
            _insert_articles(conn, [article_row(report.article) for report in reports])
            _insert_reports(conn, reports)
        return len(reports)

    def analyse_ids(
        self, ids: Sequence[str], analyse: Callable[[list[Article]], list[Report]]
    ) -> int:
        with self._transaction() as conn:
            # The rows stay locked until the reports are in: another run (on any machine)
            # skips them, and a run killed mid-way rolls back and frees them.
            rows = conn.execute(
                f"{_SELECT_ARTICLE} a WHERE a.id = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM reports r WHERE r.article_id = a.id) "
                "ORDER BY a.id FOR UPDATE OF a SKIP LOCKED",
                (list(dict.fromkeys(ids)),),
            ).fetchall()
            if not rows:
                return 0
            reports = analyse([row_article(row) for row in rows])
            _insert_reports(conn, reports)
        return len(reports)

    def get_report(self, id: str) -> Report | None:
        row = self._article_row_by_id(id)
        if row is None:
            return None
        found = self._rows("SELECT report FROM reports WHERE article_id = %s", (row[0],))
        if not found:
            return None
        try:
            return Report.model_validate({**found[0][0], "article": row_article(row)})
        except ValidationError as exc:
            raise StoreError(
                f"{self._location}: the stored report of {row[0]} does not fit this "
                f"newstrace's report format ({exc.error_count()} errors); analyse it again"
            ) from exc

    # -- fingerprints ----------------------------------------------------------------------

    def save_fingerprints(self, rows: Iterable[tuple[str, bytes]]) -> int:
        values = list(rows)
        with self._transaction() as conn:
            _upsert_fingerprints(conn, values)
        return len(values)

    def iter_fingerprints(self, *, batch_size: int = 5000) -> Iterator[tuple[str, bytes]]:
        last = ""
        while True:
            rows = self._rows(
                "SELECT article_id, minhash FROM fingerprints WHERE article_id > %s "
                "ORDER BY article_id LIMIT %s",
                (last, batch_size),
            )
            if not rows:
                return
            last = rows[-1][0]
            for article_id, minhash in rows:
                yield article_id, bytes(minhash)

    def term_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        return {word: self._holding("articles", word) for word in words}

    def _holding(self, table: str, word: str) -> int:
        """How many rows of `table` hold `word`, as its tsvector stems it."""
        lexeme = _lexeme(word)
        if not lexeme:
            return 0
        return self._scalar(
            f"SELECT count(*) FROM {table} WHERE tsv @@ to_tsquery('newstrace', %s)", (lexeme,)
        )

    def similar_ids(self, id: str, limit: int = 200) -> list[str]:
        rows = self._rows(
            "SELECT DISTINCT other.article_id FROM lsh_bands AS mine "
            "JOIN lsh_bands AS other ON other.band = mine.band AND other.key = mine.key "
            "WHERE mine.article_id = %s AND other.article_id != %s LIMIT %s",
            (id, id, limit),
        )
        return [row[0] for row in rows]

    # -- fact-checks -----------------------------------------------------------------------

    def save_factchecks(self, batch: Sequence[FactCheck]) -> AddResult:
        rows = [
            (check.id, check.claim_reviewed, check.title, check.model_dump_json())
            for check in batch
        ]
        ids = list(dict.fromkeys(check.id for check in batch))
        with self._transaction() as conn:
            known = conn.execute(
                "SELECT count(*) FROM factchecks WHERE id = ANY(%s)", (ids,)
            ).fetchone()[0]
            with conn.cursor() as cursor:
                # A changed record (a re-rated check) replaces the stored one; an identical
                # one is left alone, so a re-import writes nothing.
                cursor.executemany(
                    "INSERT INTO factchecks (id, claim, title, data) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET claim = excluded.claim, "
                    "title = excluded.title, data = excluded.data "
                    "WHERE factchecks.data IS DISTINCT FROM excluded.data",
                    rows,
                )
        stored = len(ids) - int(known)
        return AddResult(stored=stored, duplicates=len(rows) - stored)

    def iter_factchecks(self, *, batch_size: int = 1000) -> Iterator[FactCheck]:
        last = 0
        while True:
            rows = self._rows(
                "SELECT seq, data FROM factchecks WHERE seq > %s ORDER BY seq LIMIT %s",
                (last, batch_size),
            )
            if not rows:
                return
            last = rows[-1][0]
            for _, data in rows:
                yield self._factcheck(data)

    def factcheck_count(self) -> int:
        return self._scalar("SELECT count(*) FROM factchecks")

    def get_factcheck(self, id: str) -> FactCheck | None:
        rows = self._rows("SELECT data FROM factchecks WHERE id = %s", (id,))
        return self._factcheck(rows[0][0]) if rows else None

    def search_factchecks(self, text: str, limit: int = 10) -> list[FactCheckHit]:
        words = [
            word
            for word in dict.fromkeys(_words(text.lower()))
            if word not in STOPWORDS and _lexeme(word)
        ][:_MAX_FACTCHECK_TERMS]
        if not words or limit < 1:
            return []
        sql = f"""
            WITH q AS (SELECT __QUERY__ AS q)
            SELECT f.data, ts_rank('{_WEIGHTS}', f.tsv, q.q, 1) AS score
            FROM factchecks f, q WHERE f.tsv @@ q.q
            ORDER BY score DESC, f.seq LIMIT %(limit)s
        """
        rows = self._full_text(sql, " OR ".join(words), {"limit": limit})
        return [FactCheckHit(self._factcheck(data), float(score)) for data, score in rows]

    def factcheck_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        return {word: self._holding("factchecks", word) for word in words}

    def _factcheck(self, data: str) -> FactCheck:
        try:
            return FactCheck.model_validate_json(data)
        except ValidationError as exc:
            raise StoreError(
                f"{self._location}: a stored fact-check does not fit this newstrace's format "
                f"({exc.error_count()} errors); import it again"
            ) from exc

    # -- sentence vectors ------------------------------------------------------------------

    def save_vectors(self, batch: Sequence[SentenceVectors]) -> int:
        rows = [(item.article_id, item.model, *encoded_vectors(item)) for item in batch]
        with self._transaction() as conn, conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO sentence_vectors (article_id, model, dim, spans, vectors) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET "
                "model = excluded.model, dim = excluded.dim, spans = excluded.spans, "
                "vectors = excluded.vectors, version = nextval('sentence_vectors_version')",
                rows,
            )
        return len(rows)

    def unembedded_ids(
        self, limit: int, *, after: str | None = None, model: str | None = None
    ) -> list[str]:
        rows = self._rows(
            "SELECT a.id FROM articles a WHERE a.id > %s AND NOT EXISTS "
            "(SELECT 1 FROM sentence_vectors v WHERE v.article_id = a.id "
            "AND (%s::text IS NULL OR v.model = %s)) ORDER BY a.id LIMIT %s",
            (after or "", model, model, limit),
        )
        return [row[0] for row in rows]

    def vector_count(self, model: str | None = None) -> int:
        return self._scalar(
            "SELECT count(*) FROM sentence_vectors WHERE %s::text IS NULL OR model = %s",
            (model, model),
        )

    def get_vectors(self, ids: Iterable[str]) -> dict[str, SentenceVectors]:
        rows = self._rows(
            "SELECT article_id, model, dim, spans, vectors FROM sentence_vectors "
            "WHERE article_id = ANY(%s)",
            (list(dict.fromkeys(ids)),),
        )
        return {row[0]: stored_vectors(_bytes_row(row)) for row in rows}

    def nearest_articles(
        self, vector: npt.NDArray[np.float32], *, model: str, limit: int = 100
    ) -> list[VectorHit]:
        index = self._vectors_of(model)
        if index is None or limit < 1:
            return []
        return index.nearest(np.asarray(vector, dtype=np.float32).ravel(), limit)

    def _vectors_of(self, model: str) -> VectorIndex | None:
        """The search rows of every article with vectors of `model`, held in memory and read
        again when the table changed (any write bumps its version)."""
        marker = tuple(
            self._rows("SELECT count(*), coalesce(max(version), 0) FROM sentence_vectors")[0]
        )
        cached = self._vector_index
        if cached is not None and cached.marker == marker and cached.model == model:
            return cached
        rows = self._rows(
            "SELECT article_id, model, dim, spans, vectors FROM sentence_vectors "
            "WHERE model = %s ORDER BY article_id",
            (model,),
        )
        items = [stored_vectors(_bytes_row(row), rows=SEARCH_ROWS) for row in rows]
        self._vector_index = VectorIndex.build(items, model, marker)
        return self._vector_index

    # -- overview and lifetime -------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        first, last, dated = self._rows("SELECT min(date), max(date), count(date) FROM articles")[0]
        outlets = self._rows(
            "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 10"
        )
        tables = ["articles", "fingerprints", "lsh_bands", "reports", "factchecks"]
        size = self._scalar(
            "SELECT sum(pg_total_relation_size(t::regclass)) FROM unnest(%s::text[]) AS t",
            ([*tables, "sentence_vectors"],),
        )
        return {
            "store": self._location,
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
            "size_bytes": size,
        }

    def check(self) -> list[str]:
        """The server keeps tables and indexes consistent itself; what can still be wrong is
        an index left invalid (a failed concurrent build) or a schema of another version."""
        problems = [
            f"index {name} is not valid; rebuild it with REINDEX"
            for (name,) in self._rows(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_class t ON t.oid = i.indrelid WHERE NOT i.indisvalid AND t.relname "
                "= ANY(%s)",
                (["articles", "lsh_bands", "factchecks", "reports", "fingerprints"],),
            )
        ]
        with self._errors("check"), self._pool.connection() as conn:
            version = self._version(conn)
        if version != SCHEMA_VERSION:
            problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
        return problems

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# -- rows ------------------------------------------------------------------------------------


def _insert_articles(conn: Any, rows: Sequence[Row]) -> int:
    """Insert articles not stored yet, as one statement over column arrays; how many were new.

    `ON CONFLICT DO NOTHING` also drops a text repeated inside the batch.
    """
    if not rows:
        return 0
    columns = [list(column) for column in zip(*rows, strict=True)]
    cursor = conn.execute(_INSERT_ARTICLES, columns)
    return int(cursor.rowcount)


def _insert_reports(conn: Any, reports: Sequence[Report]) -> None:
    rows = [
        (content_id(report.article), report.schema_version, report_json(report))
        for report in reports
    ]
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO reports (article_id, schema_version, report) "
            "VALUES (%s, %s, %s::jsonb) ON CONFLICT (article_id) DO UPDATE SET "
            "schema_version = excluded.schema_version, report = excluded.report",
            rows,
        )


def _upsert_fingerprints(conn: Any, rows: Sequence[tuple[str, bytes]]) -> None:
    from newstrace.corpus.dedupe import band_keys

    if not rows:
        return
    keys = [key for key, _ in rows]
    conn.execute(
        "INSERT INTO fingerprints (article_id, minhash) "
        "SELECT * FROM unnest(%s::text[], %s::bytea[]) "
        "ON CONFLICT (article_id) DO UPDATE SET minhash = excluded.minhash",
        (keys, [blob for _, blob in rows]),
    )
    conn.execute("DELETE FROM lsh_bands WHERE article_id = ANY(%s)", (keys,))
    # Tens of band rows an article: COPY, the server's bulk path, not one INSERT each.
    with (
        conn.cursor() as cursor,
        cursor.copy("COPY lsh_bands (band, key, article_id) FROM STDIN") as copy,
    ):
        for article_id, blob in rows:
            for band, key in band_keys(blob):
                copy.write_row((band, key, article_id))


def _bytes_row(row: Row) -> Row:
    article_id, model, dim, spans, vectors = row
    return article_id, model, dim, bytes(spans), bytes(vectors)


def _filters(query: ArticleQuery) -> tuple[str, dict[str, Any]]:
    """The extra AND clauses (or "") and their parameters for the outlet and date parts."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if query.outlets:
        clauses.append("lower(a.outlet) = ANY(%(outlets)s)")
        params["outlets"] = [outlet.lower() for outlet in query.outlets]
    # Dates are ISO strings; comparing their first 10 characters makes both ends inclusive.
    if query.date_from:
        clauses.append("substr(a.date, 1, 10) >= %(date_from)s")
        params["date_from"] = query.date_from
    if query.date_to:
        clauses.append("substr(a.date, 1, 10) <= %(date_to)s")
        params["date_to"] = query.date_to
    return "".join(f" AND {clause}" for clause in clauses), params


# -- search syntax -----------------------------------------------------------------------------

_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_OPERATORS = {"AND": "&", "OR": "|", "NOT": "& !"}


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def _lexeme(word: str) -> str:
    """A word as a tsquery operand (letters and digits only, so no syntax leaks in)."""
    parts = _words(word)
    return " <-> ".join(f"'{part}'" for part in parts)


def _tsquery(query: str) -> str | None:
    """The search-box syntax shared with the SQLite store (FTS5's: words are ANDed; AND, OR,
    NOT; "a phrase"; prefix*; parentheses) as `to_tsquery` input, or None when there is no
    word in it. Malformed input (a dangling OR) is left for the server to refuse."""
    out: list[str] = []
    for token in _TOKEN.findall(query):
        if token in _OPERATORS:
            out.append(_OPERATORS[token])
            continue
        if token in ("(", ")"):
            if token == "(" and out and out[-1] not in ("&", "|", "& !", "("):
                out.append("&")
            out.append(token)
            continue
        prefix = token.endswith("*") and not token.startswith('"')
        operand = _lexeme(token.strip('"').rstrip("*"))
        if not operand:
            continue
        if prefix and " " not in operand:
            operand += ":*"
        if out and out[-1] not in ("&", "|", "& !", "("):
            out.append("&")
        out.append(f"({operand})")
    text = " ".join(out)
    return text if any(ch.isalnum() for ch in text) else None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _without_password(url: str) -> str:
    """The URL to show: user, host, port and database, never the password."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:  # "host:notaport"
        raise StoreError(f"not a PostgreSQL URL: {_masked(url)} ({exc})") from exc
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if port:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _masked(url: str) -> str:
    """The URL with anything between ':' and '@' in its user part blanked."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def open_postgres(target: str, read_only: bool) -> PostgresStore:
    """The `open_store` opener for postgresql:// and postgres:// URLs."""
    return PostgresStore(target, read_only=read_only)


register_backend("postgresql", open_postgres)
register_backend("postgres", open_postgres)

"""Settings read from the environment, with defaults that work on a fresh machine."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.isdigit() else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(
        default_factory=lambda: _env_path("NEWSTRACE_DATA_DIR", Path(user_data_dir("newstrace")))
    )
    # Inputs above this size are refused rather than read into memory whole.
    max_input_bytes: int = field(
        default_factory=lambda: _env_int("NEWSTRACE_MAX_INPUT_BYTES", 20 * 1024 * 1024)
    )
    # Articles longer than this are cut before parsing: spaCy's parser is quadratic-ish in
    # memory per document and a "news article" of millions of characters is a dump, not prose.
    max_article_chars: int = field(
        default_factory=lambda: _env_int("NEWSTRACE_MAX_ARTICLE_CHARS", 500_000)
    )

    # The web API: larger request bodies get 413; an analysis running longer gets a clear error.
    max_request_bytes: int = field(
        default_factory=lambda: _env_int("NEWSTRACE_MAX_REQUEST_BYTES", 5 * 1024 * 1024)
    )
    analyze_timeout: float = field(
        default_factory=lambda: float(_env_int("NEWSTRACE_ANALYZE_TIMEOUT", 30))
    )
    # A posted article longer than this is refused (413): news articles are far shorter, and a
    # bounded text keeps one analysis from holding the server for minutes.
    max_posted_chars: int = field(
        default_factory=lambda: _env_int("NEWSTRACE_MAX_POSTED_CHARS", 100_000)
    )

    @property
    def store_path(self) -> Path:
        return _env_path("NEWSTRACE_STORE", self.data_dir / "newstrace.sqlite")

    @property
    def store_location(self) -> str:
        """NEWSTRACE_STORE as given when it is a URL (postgresql://...), else the store file."""
        value = os.environ.get("NEWSTRACE_STORE", "")
        return value if "://" in value else str(self.store_path)

    @property
    def ratings_dir(self) -> Path:
        return self.data_dir / "ratings"


def get_settings() -> Settings:
    return Settings()

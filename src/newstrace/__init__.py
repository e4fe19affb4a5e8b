"""newstrace: who said it, through whom it travelled, how many independent sources back it."""

from __future__ import annotations

from .errors import (
    InputError,
    ModelError,
    NewstraceError,
    PipelineError,
    RatingsError,
    StoreError,
)
from .loaders import LoadOptions, load
from .model import Article, Attribution, Claim, Report, Source, Sourcing, Span
from .pipeline import analyze, analyze_article, analyze_many

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Claim",
    "InputError",
    "LoadOptions",
    "ModelError",
    "NewstraceError",
    "PipelineError",
    "RatingsError",
    "Report",
    "Source",
    "Sourcing",
    "Span",
    "StoreError",
    "__version__",
    "analyze",
    "analyze_article",
    "analyze_many",
    "load",
]

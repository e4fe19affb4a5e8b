"""Hand labels of check-worthy news sentences: offsets into ../shared, resolved at run time."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from newstrace.errors import InputError, MalformedInputError

LABEL_FILE = "news_checkworthy.json"
SOURCE_FILE = "fakenewsnet/politifact_train.jsonl"
SELECTION_SEED = 13
ARTICLES_SELECTED = 30
SENTENCES_PER_ARTICLE = 12
# Fragments and crawl debris (menus, captions run together) are not sentences a reader judges.
MIN_WORDS, MAX_WORDS = 5, 80


@dataclass(frozen=True)
class NewsLabel:
    """One labelled sentence: where it is, its label and a hash of its text to detect drift."""

    file: str
    article_id: str
    start: int
    end: int
    label: int
    sha256: str


@dataclass(frozen=True)
class ResolvedLabels:
    """Labelled sentences read back from the shared data; `drifted` lists hash mismatches."""

    texts: list[str]
    labels: list[int]
    article_ids: list[str]
    drifted: list[NewsLabel]


def text_hash(sentence: str) -> str:
    """First 16 hex digits of the sentence's SHA-256: enough to notice a changed text."""
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()[:16]


def load_news_labels() -> list[NewsLabel]:
    """The labels shipped in the package data."""
    resource = files("newstrace") / "data" / "labels" / LABEL_FILE
    try:
        rows = json.loads(resource.read_text(encoding="utf-8"))
        return [NewsLabel(**row) for row in rows]
    except (OSError, json.JSONDecodeError, TypeError) as exc:
        raise MalformedInputError(f"cannot read the news labels: {exc}", path=LABEL_FILE) from exc


def _articles(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise InputError("shared data set not found (the labels point into it)", path=str(path))
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                texts[str(record["id"])] = record["text"]
    return texts


def resolve(labels: Sequence[NewsLabel], datasets: Path) -> ResolvedLabels:
    """Read each labelled sentence from `datasets` (the shared/datasets folder)."""
    by_file = {name: _articles(datasets / name) for name in sorted({x.file for x in labels})}
    resolved = ResolvedLabels([], [], [], [])
    for label in labels:
        text = by_file[label.file].get(label.article_id, "")[label.start : label.end]
        if text_hash(text) != label.sha256:
            resolved.drifted.append(label)
            continue
        resolved.texts.append(text)
        resolved.labels.append(label.label)
        resolved.article_ids.append(label.article_id)
    if not resolved.texts:
        raise InputError(
            "no labelled sentence matches the shared data any more", path=str(datasets)
        )
    return resolved


def trimmed_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans of newstrace's parser, trimmed of surrounding whitespace."""
    from newstrace.nlp import parse  # loads spaCy: only when selecting sentences anew

    for sentence in parse(text).sents:
        start, end = sentence.start_char, sentence.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if MIN_WORDS <= len(text[start:end].split()) <= MAX_WORDS:
            yield start, end


def select_sentences(datasets: Path, seed: int = SELECTION_SEED) -> list[tuple[str, int, int]]:
    """The (article_id, start, end) sentences offered for labelling, drawn with `seed`.

    ARTICLES_SELECTED articles, then up to SENTENCES_PER_ARTICLE of each, in text order.
    """
    articles = _articles(datasets / SOURCE_FILE)
    rng = random.Random(seed)
    chosen = rng.sample(sorted(articles), ARTICLES_SELECTED)
    selected: list[tuple[str, int, int]] = []
    for article_id in chosen:
        spans = list(trimmed_sentences(articles[article_id]))
        picked = sorted(rng.sample(spans, min(SENTENCES_PER_ARTICLE, len(spans))))
        selected += [(article_id, start, end) for start, end in picked]
    return selected

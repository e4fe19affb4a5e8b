"""Check-worthiness scorer: one featurizer for training and run time, and the shipped model."""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import InputError, MalformedInputError, ModelError
from newstrace.ml.shipped import read_model_json
from newstrace.ml.term_block import TermBlock

FORMAT_VERSION = 2
# Each block is its own l2-normalised TF-IDF space, as in scikit-learn's FeatureUnion.
TERM_BLOCKS: tuple[str, ...] = ("words", "chars", "tags")
CHAR_NGRAMS = (2, 5)
# The tagger and the entity recogniser are all the tag terms need; the parser would triple the time.
_UNUSED_PIPES = ("parser", "lemmatizer", "newstrace_paragraphs")

# Digits are collapsed to shape tokens so "4,300 homes" and "12 homes" share features:
# the amount itself is never what makes a sentence worth checking.
_DIGIT_RE = re.compile(r"\d")
_TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[a-z]+(?:'[a-z]+)?|[$%?]")
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER_RE = re.compile(r"\d")
_PERCENT_RE = re.compile(r"%|\bper ?cent\b|\bpercentage\b", re.IGNORECASE)
_MONEY_RE = re.compile(
    r"[$€£]|\b(dollars?|euros?|pounds?|cents?|budget|tax(es)?|cost|spen[dt]|billions?|millions?"
    r"|trillions?)\b",
    re.IGNORECASE,
)
_COMPARATIVE_RE = re.compile(
    r"\b(more|less|fewer|most|least|than|higher|lower|larger|smaller|bigger|greater|highest"
    r"|lowest|largest|biggest|increased?|decreased?|rose|risen|fell|fallen|doubled|tripled"
    r"|halved|record|only|every|never|always)\b",
    re.IGNORECASE,
)
_OPINION_RE = re.compile(
    r"\b(i|we) (think|believe|feel|hope|want|wish|will|would|'ll|am going|are going|need)\b"
    r"|\bin my (opinion|view)\b|\blet me\b|\bi'm (sure|glad|proud|going)\b|\bthank",
    re.IGNORECASE,
)
_FIRST_PERSON_RE = re.compile(r"\b(i|me|my|we|us|our)\b", re.IGNORECASE)
_CAPITALISED_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
_FUTURE_RE = re.compile(r"\b(will|going to|gonna|'ll)\b", re.IGNORECASE)

DENSE_FEATURE_NAMES: tuple[str, ...] = (
    "has_number",
    "has_year",
    "has_percent",
    "has_money",
    "log_numbers",
    "log_comparatives",
    "log_capitalised",
    "has_opinion_marker",
    "first_person_share",
    "has_future",
    "is_question",
    "log_tokens",
    "is_short",
)


MODEL_FILE = "checkworthy.json"


def normalise(sentence: str) -> str:
    """Lower-case with typographic quotes folded, so curly and straight apostrophes match."""
    return sentence.replace("\u2019", "'").replace("\u2018", "'").lower()


def tokens(sentence: str) -> list[str]:
    """Word tokens with every number replaced by `<year>` or `<num>`."""
    out: list[str] = []
    for token in _TOKEN_RE.findall(normalise(sentence)):
        if token[0].isdigit():
            out.append("<year>" if _YEAR_RE.match(token) else "<num>")
        else:
            out.append(token)
    return out


def analyze(sentence: str) -> list[str]:
    """The sparse terms of a sentence: word unigrams and bigrams (the TF-IDF analyzer)."""
    words = tokens(sentence)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def char_terms(sentence: str) -> list[str]:
    """Character 2-5 grams inside space-padded words, digits as 0: spelling variants and stems."""
    out: list[str] = []
    for word in _DIGIT_RE.sub("0", normalise(sentence)).split():
        padded = f" {word} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


def span_tag_terms(span: Any, ents: Sequence[tuple[int, int, str]] | None = None) -> list[str]:
    """The tag terms of a parsed sentence (a spaCy Doc or Span): its Penn tags and entity
    labels: past-tense verbs, cardinals, money, places... `ents` are the document's entities
    as (start token, end token, label) in order, when the caller reads many spans of one
    document (a Span's own `.ents` walks all of the document's entities every time)."""
    tags = [f"tag={t.tag_}" for t in span]
    if ents is None:
        return tags + [f"ent={e.label_}" for e in span.ents]
    first = bisect.bisect_left(ents, (span.start, -1, ""))
    inside = itertools.takewhile(lambda e: e[0] < span.end, ents[first:])
    return tags + [f"ent={label}" for _, end, label in inside if end <= span.end]


def tag_terms(sentences: Sequence[str]) -> list[list[str]]:
    """Tag terms of sentences given as text, parsed here (training, `eval`, lone sentences)."""
    from newstrace.nlp import get_nlp  # spaCy loads only when sentences are scored

    docs = get_nlp().pipe(sentences, disable=list(_UNUSED_PIPES), batch_size=256)
    return [span_tag_terms(doc) for doc in docs]


def block_terms(
    sentences: Sequence[str], tags: Sequence[list[str]] | None = None
) -> dict[str, list[list[str]]]:
    """The terms of every sentence in each block of TERM_BLOCKS; `tags` when already known
    (the pipeline takes them from the article's one parse instead of parsing again)."""
    return {
        "words": [analyze(s) for s in sentences],
        "chars": [char_terms(s) for s in sentences],
        "tags": list(tags) if tags is not None else tag_terms(sentences),
    }


def dense_features(sentence: str) -> list[float]:
    """Hand-made cues of check-worthiness, in the order of DENSE_FEATURE_NAMES."""
    words = tokens(sentence)
    n_words = len(words)
    numbers = sum(1 for w in words if w in ("<num>", "<year>"))
    first_person = len(_FIRST_PERSON_RE.findall(normalise(sentence)))
    return [
        float(bool(_NUMBER_RE.search(sentence))),
        float("<year>" in words),
        float(bool(_PERCENT_RE.search(sentence))),
        float(bool(_MONEY_RE.search(sentence))),
        math.log1p(numbers),
        math.log1p(len(_COMPARATIVE_RE.findall(sentence))),
        math.log1p(len(_CAPITALISED_RE.findall(sentence.strip()))),
        float(bool(_OPINION_RE.search(normalise(sentence)))),
        first_person / n_words if n_words else 0.0,
        float(bool(_FUTURE_RE.search(normalise(sentence)))),
        float(sentence.rstrip().endswith("?")),
        math.log1p(n_words),
        float(n_words < 6),
    ]


def dense_matrix(sentences: Sequence[str]) -> npt.NDArray[np.float64]:
    """Dense features of many sentences, one row each."""
    rows = [dense_features(s) for s in sentences]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(DENSE_FEATURE_NAMES))


@dataclass(frozen=True)
class CheckworthyModel:
    """TF-IDF blocks (words, characters, tags) + dense cues -> logistic regression -> Platt."""

    blocks: Mapping[str, TermBlock]
    dense_coef: npt.NDArray[np.float64]
    intercept: float
    platt_slope: float
    platt_intercept: float
    threshold: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def decision(
        self, sentences: Sequence[str], tags: Sequence[list[str]] | None = None
    ) -> npt.NDArray[np.float64]:
        """Raw (uncalibrated) linear scores; `tags` as in `block_terms`."""
        result: npt.NDArray[np.float64] = dense_matrix(sentences) @ self.dense_coef
        for name, terms in block_terms(sentences, tags).items():
            block = self.blocks[name]
            result += np.array([block.score(t) for t in terms], dtype=np.float64)
        return result + self.intercept

    def score(
        self, sentences: Sequence[str], tags: Sequence[list[str]] | None = None
    ) -> list[float]:
        """Calibrated probability that each sentence is worth fact-checking."""
        if not sentences:
            return []
        z = self.platt_slope * self.decision(sentences, tags) + self.platt_intercept
        probabilities = 1.0 / (1.0 + np.exp(-z))
        return [float(p) for p in probabilities]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckworthyModel:
        """Build from the JSON document written by train_checkworthy."""
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"checkworthy model format {data.get('format_version')!r} unsupported")
        try:
            if tuple(data["dense_features"]) != DENSE_FEATURE_NAMES:
                raise ModelError("checkworthy model was trained with other dense features")
            if tuple(data["blocks"]) != TERM_BLOCKS:
                raise ModelError("checkworthy model was trained with other term blocks")
            return cls(
                blocks={name: TermBlock.from_dict(data["blocks"][name]) for name in TERM_BLOCKS},
                dense_coef=np.asarray(data["dense_coef"], dtype=np.float64),
                intercept=float(data["intercept"]),
                platt_slope=float(data["calibration"]["slope"]),
                platt_intercept=float(data["calibration"]["intercept"]),
                threshold=float(data["threshold"]),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"checkworthy model is malformed: {exc!r}") from exc


@functools.cache
def load_checkworthy() -> CheckworthyModel:
    """The shipped model, read once from the package data."""
    return CheckworthyModel.from_dict(read_model_json(MODEL_FILE, "checkworthy model"))


# --- Labelled sentence files for `newstrace eval checkworthy` ---------------------------------

_TRUE_LABELS = {"1", "yes", "true"}
_FALSE_LABELS = {"0", "no", "false"}
_DEBATE_COLUMNS = ("file_name", "file", "debate", "debate_id", "document")
# CLEF 2019's per-debate files come without a header: line_number, speaker, text, label.
_CLEF_HEADERLESS = ("line_number", "speaker", "text", "label")


@dataclass(frozen=True)
class LabelledSentences:
    """Sentences with gold 0/1 labels and, when the file names them, the debate of each."""

    texts: list[str]
    labels: list[int]
    debates: list[str] | None = None


def read_labelled_sentences(path: str | Path) -> LabelledSentences:
    """ClaimBuster JSON, CLEF CSV/TSV (with or without header), or a folder of CLEF files."""
    source = Path(path)
    if source.is_dir():
        return _read_folder(source)
    if not source.is_file():
        raise InputError("no such file", path=str(source))
    try:
        content = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(source)) from exc
    if not content.strip():
        raise MalformedInputError("the file is empty", path=str(source))
    if content.lstrip().startswith(("[", "{")):
        return _read_json(content, str(source))
    return _read_table(content, str(source))


def _read_folder(folder: Path) -> LabelledSentences:
    texts: list[str] = []
    labels: list[int] = []
    debates: list[str] = []
    files_found = sorted(p for p in folder.iterdir() if p.suffix in (".tsv", ".csv", ".txt"))
    if not files_found:
        raise InputError("no .tsv/.csv/.txt files in the folder", path=str(folder))
    for file in files_found:
        part = read_labelled_sentences(file)
        texts += part.texts
        labels += part.labels
        debates += part.debates if part.debates is not None else [file.stem] * len(part.texts)
    return LabelledSentences(texts, labels, debates)


def _label(value: object, path: str, line: int) -> int:
    text = str(value).strip().lower()
    if text in _TRUE_LABELS:
        return 1
    if text in _FALSE_LABELS:
        return 0
    raise MalformedInputError(f"label {value!r} is not 0/1", path=path, line=line)


def _read_json(content: str, path: str) -> LabelledSentences:
    try:
        rows = json.loads(content)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    if not isinstance(rows, list) or not rows:
        raise MalformedInputError("expected a non-empty list of {text, label} objects", path=path)
    texts, labels, debates = [], [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "label" not in row:
            raise MalformedInputError(f"item {number} lacks a text or a label", path=path)
        texts.append(row["text"])
        labels.append(_label(row["label"], path, number))
        debates.append(next((str(row[c]) for c in _DEBATE_COLUMNS if c in row), ""))
    return LabelledSentences(texts, labels, debates if all(debates) else None)


def _read_table(content: str, path: str) -> LabelledSentences:
    first_line = content.split("\n", 1)[0]
    tab = "\t" in first_line
    header = [name.strip().lower() for name in first_line.split("\t" if tab else ",")]
    has_header = "text" in header and "label" in header
    # CLEF 2020 text is not quoted and may contain quote characters: read TSV literally.
    reader = csv.reader(
        io.StringIO(content, newline=""),
        delimiter="\t" if tab else ",",
        quoting=csv.QUOTE_NONE if tab else csv.QUOTE_MINIMAL,
    )
    rows = list(reader)
    if has_header:
        columns, rows = header, rows[1:]
        offset = 2
    elif tab and len(rows[0]) == len(_CLEF_HEADERLESS):
        columns, offset = list(_CLEF_HEADERLESS), 1
    else:
        raise MalformedInputError(
            "expected a header with 'text' and 'label' columns (or CLEF's headerless "
            "line_number, speaker, text, label TSV)",
            path=path,
            line=1,
        )
    return _table_rows(columns, rows, path, offset)


def _table_rows(
    columns: list[str], rows: list[list[str]], path: str, offset: int
) -> LabelledSentences:
    text_at, label_at = columns.index("text"), columns.index("label")
    debate_at = next((columns.index(c) for c in _DEBATE_COLUMNS if c in columns), None)
    texts, labels, debates = [], [], []
    for number, row in enumerate(rows, start=offset):
        if not row:
            continue
        if len(row) != len(columns):
            raise MalformedInputError(
                f"{len(row)} fields where the header has {len(columns)}", path=path, line=number
            )
        texts.append(row[text_at])
        labels.append(_label(row[label_at], path, number))
        if debate_at is not None:
            debates.append(row[debate_at])
    if not texts:
        raise MalformedInputError("no labelled sentences", path=path)
    return LabelledSentences(texts, labels, debates if debate_at is not None else None)

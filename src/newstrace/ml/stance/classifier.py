"""Headline-vs-body stance (agree, disagree, discuss, unrelated): features and the shipped model."""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.logistic import softmax
from newstrace.ml.shipped import read_model_json
from newstrace.ml.stance.fnc import LABELS
from newstrace.ml.trees import TreeEnsemble

FORMAT_VERSION = 1
MODEL_FILE = "stance.json"
RELATED_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")
_NUMBER_RE = re.compile(r"^\d+$")
_CAPITALISED_RE = re.compile(r"\b[A-Z][a-zA-Z]{2,}")
_QUOTE_RE = re.compile('["\u201c\u201d]')


def _lexicon(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _lexicon(
    "a an the and or but if of at by for with about against between into through during before"
    " after above below to from up down in out on off over under again further then once here"
    " there when where why how all any both each few more most other some such only own same so"
    " than too very s t can will just should now i me my we our you your he him his she her it"
    " its they them their what which who whom this that these those am is are was were be been"
    " being have has had having do does did doing would could as until while also via said says"
    " say new one two after us"
)
# Cue lists are written by hand so that the stage-2 model learns how news bodies signal a
# stance in general, not which words belong to the claims in the training set.
REFUTING = _lexicon(
    "fake fakes faked fraud fraudulent hoax hoaxes false falsely deny denies denied denial"
    " denying debunk debunked debunks bogus untrue myth myths fabricated fabrication misleading"
    " incorrect wrong refute refuted refutes dismiss dismissed dismisses nonsense spoof parody"
    " satire satirical photoshopped doctored baseless unfounded retract retracted retraction"
    " prank pranks lie lies lied lying rubbish scam erroneous mistaken mistakenly nope"
    " disputed dispute disputes contrary never"
)
HEDGING = _lexicon(
    "allegedly alleged reportedly reported reports report claim claims claimed claiming rumor"
    " rumors rumour rumours rumored rumoured speculation speculated speculate unconfirmed"
    " unverified may might could possibly possible apparently purportedly purported supposedly"
    " suggests suggested appears appeared seems seemed according sources source believed"
    " whether unclear perhaps likely unknown reportedly circulating viral emerged"
)
CONFIRMING = _lexicon(
    "confirmed confirms confirm confirming announced announces official officially revealed"
    " reveals verified indeed proved proven genuine authentic admitted admits acknowledged"
    " true actually definitely certainly has did"
)
_SAYING = frozenset({"said", "says", "told", "stated"})
NEGATIONS = _lexicon("not no never none nobody nothing neither nor without n't cannot")
_SUFFIXES = ("ing", "ies", "ied", "ed", "es", "ly", "s")

DENSE_FEATURE_NAMES: tuple[str, ...] = (
    # Relatedness: how much of the headline the body talks about.
    "cos_body",
    "cos_lead",
    "cos_max_sentence",
    "cos_top3_sentences",
    "overlap_share",
    "overlap_share_idf",
    "overlap_share_lead_idf",
    "bigram_overlap_share",
    "bm25",
    "bm25_per_term",
    "number_overlap",
    "headline_numbers",
    "name_overlap_share",
    "share_sentences_matching",
    "best_sentence_position",
    "log_headline_terms",
    "log_body_terms",
    "log_sentences",
    # Stance cues: how the body treats what the headline says.
    "refute_body",
    "refute_lead",
    "refute_top3",
    "refute_near_headline_terms",
    "refute_headline",
    "hedge_body",
    "hedge_lead",
    "hedge_top3",
    "hedge_headline",
    "confirm_body",
    "confirm_lead",
    "confirm_top3",
    "negation_body",
    "negation_top3",
    "negation_headline",
    "headline_question",
    "body_questions",
    "quotes_body",
    "said_body",
    "according_to_body",
)
# Decision values of the lexical model (LexicalStance) on the sentences that matter.
LEXICAL_FEATURE_NAMES: tuple[str, ...] = ("lexical_agree", "lexical_disagree", "lexical_discuss")
FEATURE_NAMES: tuple[str, ...] = DENSE_FEATURE_NAMES + LEXICAL_FEATURE_NAMES
FOCUS_TOP = 3
# Lexical scores are rounded before the trees see them, at training and run time alike: BLAS
# threading perturbs the last bits of the out-of-fold scores, and unrounded they would make
# the trees (and so `train`) not reproducible.
LEXICAL_DECIMALS = 4
FOCUS_LEAD = 2


def normalise(text: str) -> str:
    """Lower-case with typographic apostrophes folded."""
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def words(text: str) -> list[str]:
    """Lower-case word tokens, with "n't" split off so negation counts see it."""
    out: list[str] = []
    for token in _WORD_RE.findall(normalise(text)):
        if token.endswith("n't"):
            out.extend((token[:-3], "n't"))
        else:
            out.append(token)
    return out


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one common inflection so 'denies', 'denied' and 'deny' meet; crude but stable."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def content_terms(tokens: Iterable[str]) -> list[str]:
    """Stems of the tokens that carry topic: no stopwords, no one-letter tokens."""
    return [stem(t) for t in tokens if t not in STOPWORDS and len(t) > 1]


def sentences(text: str) -> list[str]:
    """Sentences of a body, split on end punctuation and line breaks."""
    return [s for s in (part.strip() for part in _SENTENCE_RE.split(text)) if s]


@dataclass(frozen=True)
class Vocabulary:
    """Inverse document frequencies and the corpus constants the features depend on."""

    idf: Mapping[str, float]
    default_idf: float
    avg_body_terms: float

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)

    def vector(self, terms: Sequence[str]) -> dict[str, float]:
        """Sublinear tf-idf, l2-normalised."""
        counts = Counter(terms)
        vec = {t: (1.0 + math.log(c)) * self.weight(t) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    terms: tuple[str, ...]
    vector: Mapping[str, float]


@dataclass(frozen=True)
class Body:
    """Everything about one body that does not depend on the headline, computed once."""

    text: str
    tokens: tuple[str, ...]
    terms: tuple[str, ...]
    term_counts: Mapping[str, int]
    bigrams: frozenset[tuple[str, str]]
    vector: Mapping[str, float]
    lead_vector: Mapping[str, float]
    lead_terms: frozenset[str]
    sentences: tuple[Sentence, ...]
    names: frozenset[str]

    @classmethod
    def parse(cls, text: str, vocab: Vocabulary) -> Body:
        parsed = []
        for raw in sentences(text):
            tokens = words(raw)
            terms = content_terms(tokens)
            if terms:
                parsed.append(Sentence(tuple(tokens), tuple(terms), vocab.vector(terms)))
        all_tokens = tuple(itertools.chain.from_iterable(s.tokens for s in parsed))
        all_terms = tuple(itertools.chain.from_iterable(s.terms for s in parsed))
        lead = list(itertools.chain.from_iterable(s.terms for s in parsed[:2]))
        return cls(
            text=text,
            tokens=all_tokens,
            terms=all_terms,
            term_counts=Counter(all_terms),
            bigrams=frozenset(itertools.pairwise(all_terms)),
            vector=vocab.vector(all_terms),
            lead_vector=vocab.vector(lead),
            lead_terms=frozenset(lead),
            sentences=tuple(parsed),
            names=frozenset(stem(n.lower()) for n in _CAPITALISED_RE.findall(text)),
        )


def _share(tokens: Sequence[str], lexicon: frozenset[str]) -> float:
    """Cue words per 100 tokens, log-squashed so one long body does not dominate."""
    if not tokens:
        return 0.0
    return math.log1p(100.0 * sum(1 for t in tokens if t in lexicon) / len(tokens))


def _count(tokens: Sequence[str], lexicon: frozenset[str]) -> float:
    return math.log1p(sum(1 for t in tokens if t in lexicon))


def _bm25(head_terms: Sequence[str], body: Body, vocab: Vocabulary) -> float:
    k1, b = 1.2, 0.75
    length_norm = 1.0 - b + b * len(body.terms) / max(vocab.avg_body_terms, 1.0)
    parts = []
    for term in set(head_terms):
        tf = body.term_counts.get(term, 0)
        if tf:
            parts.append(vocab.weight(term) * tf * (k1 + 1) / (tf + k1 * length_norm))
    # fsum: set order changes with Python's hash seed; a plain sum would change in its last
    # bits from process to process, and so would the trees trained on it.
    return math.fsum(parts)


def _refute_near(head: set[str], body: Body, window: int = 8) -> float:
    """Refuting words within a few tokens of a headline term, per sentence."""
    hits = 0
    for sentence in body.sentences:
        stems = [stem(t) for t in sentence.tokens]
        anchors = [i for i, s in enumerate(stems) if s in head]
        if not anchors:
            continue
        for i, token in enumerate(sentence.tokens):
            if token in REFUTING and any(abs(i - a) <= window for a in anchors):
                hits += 1
    return math.log1p(hits)


def focus_tokens(body: Body, order: Sequence[int]) -> list[str]:
    """Tokens of the lead and of the sentences most like the headline, in body order."""
    chosen = set(order[:FOCUS_TOP]) | set(range(min(FOCUS_LEAD, len(body.sentences))))
    return list(itertools.chain.from_iterable(body.sentences[i].tokens for i in sorted(chosen)))


def pair_features(headline: str, body: Body, vocab: Vocabulary) -> tuple[list[float], list[str]]:
    """The dense features of one pair (order of DENSE_FEATURE_NAMES) and its focus tokens."""
    head_tokens = words(headline)
    head_terms = content_terms(head_tokens)
    head_set = set(head_terms)
    head_vec = vocab.vector(head_terms)
    sims = [cosine(head_vec, s.vector) for s in body.sentences] or [0.0]
    order = sorted(range(len(body.sentences)), key=lambda i: -sims[i])
    top3_tokens = list(itertools.chain.from_iterable(body.sentences[i].tokens for i in order[:3]))
    lead_tokens = list(itertools.chain.from_iterable(s.tokens for s in body.sentences[:2]))
    head_weight = math.fsum(vocab.weight(t) for t in head_set) or 1.0
    shared = head_set & body.term_counts.keys()
    head_bigrams = set(itertools.pairwise(head_terms))
    head_numbers = {t for t in head_tokens if _NUMBER_RE.match(t)}
    head_names = {stem(n.lower()) for n in _CAPITALISED_RE.findall(headline)}
    body_tokens = body.tokens
    text = body.text
    n_head = max(len(head_set), 1)
    bm25 = _bm25(head_terms, body, vocab)
    row = [
        cosine(head_vec, body.vector),
        cosine(head_vec, body.lead_vector),
        max(sims),
        sum(sorted(sims, reverse=True)[:3]) / min(3, len(sims)),
        len(shared) / n_head,
        math.fsum(vocab.weight(t) for t in shared) / head_weight,
        math.fsum(vocab.weight(t) for t in head_set & body.lead_terms) / head_weight,
        len(head_bigrams & body.bigrams) / max(len(head_bigrams), 1),
        bm25,
        bm25 / n_head,
        float(len(head_numbers & set(body_tokens))),
        float(len(head_numbers)),
        len(head_names & body.names) / max(len(head_names), 1),
        sum(1 for s in sims if s > 0.2) / len(sims),
        (order[0] / len(sims)) if order else 1.0,
        math.log1p(len(head_terms)),
        math.log1p(len(body.terms)),
        math.log1p(len(body.sentences)),
        _share(body_tokens, REFUTING),
        _count(lead_tokens, REFUTING),
        _count(top3_tokens, REFUTING),
        _refute_near(head_set, body),
        _count(head_tokens, REFUTING),
        _share(body_tokens, HEDGING),
        _count(lead_tokens, HEDGING),
        _count(top3_tokens, HEDGING),
        _count(head_tokens, HEDGING),
        _share(body_tokens, CONFIRMING),
        _count(lead_tokens, CONFIRMING),
        _count(top3_tokens, CONFIRMING),
        _share(body_tokens, NEGATIONS),
        _count(top3_tokens, NEGATIONS),
        _count(head_tokens, NEGATIONS),
        float("?" in headline),
        math.log1p(text.count("?")),
        math.log1p(len(_QUOTE_RE.findall(text))),
        _share(body_tokens, _SAYING),
        math.log1p(normalise(text).count("according to")),
    ]
    return row, focus_tokens(body, order)


@dataclass(frozen=True)
class DenseFeatures:
    """Dense features of many pairs (one row each) and each pair's focus tokens."""

    matrix: FloatArray
    focus: list[list[str]]


def dense_features(pairs: Sequence[tuple[str, str]], vocab: Vocabulary) -> DenseFeatures:
    """Dense features of (headline, body) pairs; each distinct body is parsed once."""
    parsed: dict[str, Body] = {}
    rows = []
    focus = []
    for headline, text in pairs:
        body = parsed.get(text)
        if body is None:
            body = parsed[text] = Body.parse(text, vocab)
        row, tokens = pair_features(headline, body, vocab)
        rows.append(row)
        focus.append(tokens)
    matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(DENSE_FEATURE_NAMES))
    return DenseFeatures(matrix, focus)


def ngrams(tokens: Sequence[str]) -> list[str]:
    """Unigrams and bigrams: the terms of the lexical model."""
    return list(tokens) + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


@dataclass(frozen=True)
class LexicalStance:
    """Sublinear tf-idf (l2) over focus-token n-grams -> linear scores for agree/disagree/discuss.

    Its vocabulary keeps only n-grams used across many different claims, so it learns how
    bodies voice a stance rather than what the training claims were about.
    """

    vocabulary: Mapping[str, int]
    idf: FloatArray
    coef: FloatArray
    intercept: FloatArray

    def decision(self, focus: Sequence[Sequence[str]]) -> FloatArray:
        """One row of len(LEXICAL_FEATURE_NAMES) scores per focus token list."""
        out = np.tile(self.intercept, (len(focus), 1))
        for row, tokens in enumerate(focus):
            counts = Counter(t for t in ngrams(tokens) if t in self.vocabulary)
            if not counts:
                continue
            index = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64)
            tf = np.fromiter(counts.values(), dtype=np.float64)
            weights = (1.0 + np.log(tf)) * self.idf[index]
            out[row] += weights @ self.coef[index] / np.linalg.norm(weights)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LexicalStance:
        terms = list(data["vocabulary"])
        model = cls(
            vocabulary={t: i for i, t in enumerate(terms)},
            idf=np.asarray(data["idf"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64).reshape(len(terms), -1),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
        )
        if not len(terms) == len(model.idf) == len(model.coef):
            raise ModelError("stance model: lexical vocabulary, idf and coefficients differ")
        n_out = len(LEXICAL_FEATURE_NAMES)
        if model.coef.shape[1] != n_out or len(model.intercept) != n_out:
            raise ModelError("stance model: lexical model has the wrong number of outputs")
        return model


def _trees(data: Mapping[str, Any]) -> TreeEnsemble:
    return TreeEnsemble.from_dict(data, len(FEATURE_NAMES), "stance model")


def _sigmoid(z: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-z))
    return result


@dataclass(frozen=True)
class StanceModel:
    """Two stages: related vs unrelated, then agree/disagree/discuss among the related."""

    vocab: Vocabulary
    lexical: LexicalStance
    relatedness: TreeEnsemble
    stance: TreeEnsemble
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def features(self, pairs: Sequence[tuple[str, str]]) -> FloatArray:
        """The full feature matrix (order of FEATURE_NAMES) of (headline, body) pairs."""
        dense = dense_features(pairs, self.vocab)
        lexical = np.round(self.lexical.decision(dense.focus), LEXICAL_DECIMALS)
        return np.hstack([dense.matrix, lexical])

    def probabilities(self, x: FloatArray) -> FloatArray:
        """Class probabilities in the order of LABELS, from a feature matrix."""
        if not len(x):
            return np.zeros((0, len(LABELS)))
        related = _sigmoid(self.relatedness.raw(x)[:, 0])
        given_related = softmax(self.stance.raw(x))
        result: FloatArray = np.column_stack([given_related * related[:, None], 1.0 - related])
        return result

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """For each (headline, body): probability of each of agree, disagree, discuss, unrelated."""
        proba = self.probabilities(self.features(pairs))
        return [dict(zip(LABELS, map(float, row), strict=True)) for row in proba]

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[str]:
        """The stance of each body toward its headline: related first, then the likeliest stance."""
        return labels_from(self.probabilities(self.features(pairs)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StanceModel:
        """Build from the JSON document written by train_stance."""
        if data.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"stance model format {data.get('format_version')!r} unsupported")
        try:
            if tuple(data["features"]) != FEATURE_NAMES:
                raise ModelError("stance model was trained with other features; retrain it")
            if tuple(data["labels"]) != LABELS:
                raise ModelError("stance model has other labels")
            vocab = Vocabulary(
                idf=dict(zip(data["vocabulary"], data["idf"], strict=True)),
                default_idf=float(data["default_idf"]),
                avg_body_terms=float(data["avg_body_terms"]),
            )
            return cls(
                vocab=vocab,
                lexical=LexicalStance.from_dict(data["lexical"]),
                relatedness=_trees(data["relatedness"]),
                stance=_trees(data["stance"]),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"stance model is malformed: {exc!r}") from exc


def labels_from(proba: FloatArray) -> list[str]:
    """Unrelated when P(unrelated) >= 0.5, else the likeliest of agree/disagree/discuss."""
    out = []
    for row in proba:
        if row[3] >= 0.5:
            out.append("unrelated")
        else:
            out.append(RELATED_LABELS[int(np.argmax(row[:3]))])
    return out


def read_model(path: Path) -> StanceModel:
    """A stance model from a JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read stance model {path}: {exc}") from exc
    return StanceModel.from_dict(data)


@functools.cache
def load_stance() -> StanceModel:
    """The shipped model, read once from the package data."""
    return StanceModel.from_dict(read_model_json(MODEL_FILE, "stance model"))

"""Train, evaluate and export the stance model on FNC-1 (needs scikit-learn, unlike run time)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from newstrace.ml.stance.classifier import (
    DENSE_FEATURE_NAMES,
    FEATURE_NAMES,
    FORMAT_VERSION,
    LEXICAL_DECIMALS,
    RELATED_LABELS,
    DenseFeatures,
    StanceModel,
    Vocabulary,
    content_terms,
    dense_features,
    labels_from,
    load_stance,
    ngrams,
    words,
)
from newstrace.ml.stance.fnc import LABELS, RELATED, StancePair, fnc_scores, read_fnc, split_by_body
from newstrace.ml.trees import export_ensemble, significant

DATA_DIR = Path("datasets") / "fnc1"
BODIES = "train_bodies.csv"
STANCES = "train_stances.csv"
HELD_OUT_SHARE = 0.2
# Terms seen in a single document are dropped from the shipped idf table: they would only
# add size, and an unseen term gets the same (highest) weight anyway.
MIN_DF = 2

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 13
    # Smaller than scikit-learn's defaults: on an inner dev split 200/31 and 300/31 trees
    # scored 0.3 points higher (within noise) at three times the file size.
    related_iterations: int = 100
    related_learning_rate: float = 0.1
    related_leaves: int = 15
    stance_iterations: int = 150
    stance_learning_rate: float = 0.1
    stance_leaves: int = 15
    min_samples_leaf: int = 20
    l2_regularization: float = 1.0
    # An n-gram enters the lexical model only if the bodies of this many claims use it.
    lexical_min_claims: int = 10
    lexical_c: float = 1.0
    lexical_folds: int = 5
    # Disagree is 1.7 % of pairs yet a full point of the FNC-1 score each; weighting it up
    # trades a little agree/discuss accuracy for finding it at all.
    disagree_weight: float = 2.0


@dataclass(frozen=True)
class Split:
    train: list[StancePair]
    held_out: list[StancePair]
    unit: str


def load_pairs(shared: Path) -> list[StancePair]:
    folder = shared / DATA_DIR
    return read_fnc(folder / BODIES, folder / STANCES)


def split_bodies(pairs: Sequence[StancePair], seed: int) -> Split:
    """A seeded share of the bodies is held out: none of their pairs is used for training."""
    train, held_out = split_by_body(pairs, HELD_OUT_SHARE, seed)
    return Split(train=train, held_out=held_out, unit="body")


def claim_groups(pairs: Sequence[StancePair]) -> dict[str, str]:
    """Body ID -> claim: bodies linked through a shared headline they relate to form one claim."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        find("b:" + pair.body_id)
        if pair.stance in RELATED:
            parent[find("b:" + pair.body_id)] = find("h:" + pair.headline)
    return {p.body_id: find("b:" + p.body_id) for p in pairs}


def split_by_claim(pairs: Sequence[StancePair], seed: int) -> Split:
    """Stricter: whole claims are held out, and training never sees their bodies or headlines.

    FNC-1 pairs one claim's headlines with many bodies, so a body split still lets the
    model meet a held-out body's claim in training; the official test set has new claims.
    """
    groups = claim_groups(pairs)
    claims = sorted(set(groups.values()))
    random.Random(seed).shuffle(claims)
    sizes = Counter(groups.values())
    held: set[str] = set()
    for claim in claims:
        if sum(sizes[c] for c in held) >= HELD_OUT_SHARE * len(groups):
            break
        held.add(claim)
    held_headlines = {
        p.headline for p in pairs if p.stance in RELATED and groups[p.body_id] in held
    }
    return Split(
        train=[
            p for p in pairs if groups[p.body_id] not in held and p.headline not in held_headlines
        ],
        held_out=[p for p in pairs if groups[p.body_id] in held],
        unit="claim",
    )


def build_vocabulary(pairs: Sequence[StancePair]) -> Vocabulary:
    """Smoothed idf over the distinct bodies and headlines, rounded as it will be shipped."""
    documents = {p.body for p in pairs} | {p.headline for p in pairs}
    df: Counter[str] = Counter()
    body_lengths = []
    for document in documents:
        terms = content_terms(words(document))
        df.update(set(terms))
    for body in {p.body for p in pairs}:
        body_lengths.append(len(content_terms(words(body))))
    n = len(documents)

    def idf(count: int) -> float:
        return round(math.log((1 + n) / (1 + count)) + 1.0, 3)

    return Vocabulary(
        idf={t: idf(c) for t, c in sorted(df.items()) if c >= MIN_DF},
        default_idf=idf(1),
        avg_body_terms=round(sum(body_lengths) / max(len(body_lengths), 1), 2),
    )


def features(pairs: Sequence[StancePair], vocab: Vocabulary) -> DenseFeatures:
    return dense_features([(p.headline, p.body) for p in pairs], vocab)


def is_related(pairs: Sequence[StancePair]) -> npt.NDArray[np.bool_]:
    return np.array([p.stance in RELATED for p in pairs], dtype=bool)


def stance_targets(pairs: Sequence[StancePair]) -> IntArray:
    """Index into RELATED_LABELS of each related pair, in order."""
    return np.array(
        [RELATED_LABELS.index(str(p.stance)) for p in pairs if p.stance in RELATED], dtype=np.int64
    )


def lexical_terms(
    focus: Sequence[Sequence[str]], claims: Sequence[str], min_claims: int
) -> list[str]:
    """N-grams that the focus sentences of at least `min_claims` distinct claims contain."""
    seen: dict[str, set[str]] = {}
    for tokens, claim in zip(focus, claims, strict=True):
        for term in set(ngrams(tokens)):
            seen.setdefault(term, set()).add(claim)
    return sorted(t for t, c in seen.items() if len(c) >= min_claims)


@dataclass(frozen=True)
class LexicalFit:
    vectorizer: Any
    classifier: Any
    out_of_fold: FloatArray  # decision values for the related training pairs, fold-held-out


def fit_lexical(
    dense: DenseFeatures, pairs: Sequence[StancePair], config: TrainConfig
) -> LexicalFit:
    """The lexical model on related pairs, plus out-of-fold scores for stacking.

    Folds are claims, so the tree stage learns how far to trust the lexical scores on
    claims the lexical model has not seen, which is the situation at run time.
    """
    related = is_related(pairs)
    groups = claim_groups(pairs)
    focus = [tokens for tokens, r in zip(dense.focus, related, strict=True) if r]
    claims = [groups[p.body_id] for p in pairs if p.stance in RELATED]
    y = stance_targets(pairs)
    vectorizer = TfidfVectorizer(
        analyzer=ngrams,
        vocabulary=lexical_terms(focus, claims, config.lexical_min_claims),
        sublinear_tf=True,
    )
    x = vectorizer.fit_transform(focus)
    out_of_fold = np.zeros((len(y), len(RELATED_LABELS)))
    for train_idx, test_idx in GroupKFold(config.lexical_folds).split(x, y, claims):
        fold = _logistic(config).fit(x[train_idx], y[train_idx])
        out_of_fold[test_idx] = fold.decision_function(x[test_idx])
    return LexicalFit(
        vectorizer, _logistic(config).fit(x, y), np.round(out_of_fold, LEXICAL_DECIMALS)
    )


def _logistic(config: TrainConfig) -> LogisticRegression:
    return LogisticRegression(C=config.lexical_c, max_iter=2000)


def fit_related(x: FloatArray, pairs: Sequence[StancePair], config: TrainConfig) -> Any:
    """Related vs unrelated from the dense features (the lexical scores describe stance only)."""
    y = is_related(pairs).astype(np.int64)
    model = HistGradientBoostingClassifier(
        max_iter=config.related_iterations,
        learning_rate=config.related_learning_rate,
        max_leaf_nodes=config.related_leaves,
        min_samples_leaf=config.min_samples_leaf,
        l2_regularization=config.l2_regularization,
        early_stopping=False,
        random_state=config.seed,
    )
    return model.fit(x, y)


def fit_stance(x: FloatArray, y: IntArray, config: TrainConfig) -> Any:
    """Agree/disagree/discuss from the related pairs' full features."""
    weights = np.where(y == RELATED_LABELS.index("disagree"), config.disagree_weight, 1.0)
    model = HistGradientBoostingClassifier(
        max_iter=config.stance_iterations,
        learning_rate=config.stance_learning_rate,
        max_leaf_nodes=config.stance_leaves,
        min_samples_leaf=config.min_samples_leaf,
        l2_regularization=config.l2_regularization,
        early_stopping=False,
        random_state=config.seed,
    )
    return model.fit(x, y, sample_weight=weights)


def export_lexical(lexical: LexicalFit) -> dict[str, Any]:
    vectorizer = lexical.vectorizer
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    coef = lexical.classifier.coef_.T
    return {
        "vocabulary": terms,
        "idf": [significant(v, 6) for v in vectorizer.idf_],
        "coef": [[significant(v, 6) for v in row] for row in coef],
        "intercept": [float(v) for v in lexical.classifier.intercept_],
    }


def export(
    vocab: Vocabulary, lexical: LexicalFit, related: Any, stance: Any, metadata: dict[str, Any]
) -> dict[str, Any]:
    terms = sorted(vocab.idf)
    return {
        "format_version": FORMAT_VERSION,
        "labels": list(LABELS),
        "features": list(FEATURE_NAMES),
        "vocabulary": terms,
        "idf": [vocab.idf[t] for t in terms],
        "default_idf": vocab.default_idf,
        "avg_body_terms": vocab.avg_body_terms,
        "lexical": export_lexical(lexical),
        "relatedness": export_ensemble(related),
        "stance": export_ensemble(stance),
        "metadata": metadata,
    }


def sklearn_probabilities(related: Any, stance: Any, x: FloatArray) -> FloatArray:
    """The reference the exported trees must match, on the same feature matrix."""
    p_related = related.predict_proba(x[:, : len(DENSE_FEATURE_NAMES)])[:, 1]
    result: FloatArray = np.column_stack(
        [stance.predict_proba(x) * p_related[:, None], 1.0 - p_related]
    )
    return result


@dataclass(frozen=True)
class Fitted:
    model: StanceModel
    document: dict[str, Any]
    parity: dict[str, float]


def fit(split: Split, config: TrainConfig, metadata: dict[str, Any]) -> tuple[Fitted, FloatArray]:
    """Fit all stages on the training part; returns the model and the held-out features."""
    vocab = build_vocabulary(split.train)
    dense = features(split.train, vocab)
    related_mask = is_related(split.train)
    lexical = fit_lexical(dense, split.train, config)
    related = fit_related(dense.matrix, split.train, config)
    stance = fit_stance(
        np.hstack([dense.matrix[related_mask], lexical.out_of_fold]),
        stance_targets(split.train),
        config,
    )
    document = export(vocab, lexical, related, stance, metadata)
    # A JSON round trip, so the figures are those of exactly what gets shipped.
    model = StanceModel.from_dict(json.loads(json.dumps(document)))
    held = features(split.held_out, model.vocab)
    lexical_held = model.lexical.decision(held.focus)
    # Same as model.features(...), without parsing the held-out bodies a second time.
    x_held = np.hstack([held.matrix, np.round(lexical_held, LEXICAL_DECIMALS)])
    parity = {
        "trees": _max_diff(
            model.probabilities(x_held), sklearn_probabilities(related, stance, x_held)
        ),
        "lexical": _max_diff(
            lexical_held,
            lexical.classifier.decision_function(lexical.vectorizer.transform(held.focus)),
        ),
    }
    return Fitted(model, document, parity), x_held


def _max_diff(a: FloatArray, b: FloatArray) -> float:
    return round(float(np.abs(a - b).max()), 8) if a.size else 0.0


def evaluate(split: Split, fitted: Fitted, x_held: FloatArray, seed: int) -> dict[str, Any]:
    gold = [str(p.stance) for p in split.held_out]
    pred = labels_from(fitted.model.probabilities(x_held))
    figures = fnc_scores(gold, pred, seed=seed, groups=[p.body_id for p in split.held_out])
    figures["split"] = f"held out by {split.unit}"
    figures["n_train_pairs"] = len(split.train)
    figures["n_held_out_bodies"] = len({p.body_id for p in split.held_out})
    figures["confusion"] = confusion(gold, pred)
    return figures


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count."""
    counts = Counter(zip(gold, pred, strict=True))
    return {g: {p: counts[(g, p)] for p in LABELS} for g in LABELS}


def train_and_evaluate(
    shared: Path, config: TrainConfig, *, by_claim: bool = False
) -> tuple[Fitted, dict[str, Any]]:
    pairs = load_pairs(shared)
    split = split_by_claim(pairs, config.seed) if by_claim else split_bodies(pairs, config.seed)
    metadata = {
        "trained_on": f"FNC-1 {STANCES} + {BODIES}, bodies not held out ({split.unit} split)",
        "training_pairs": len(split.train),
        "seed": config.seed,
        "held_out_share": HELD_OUT_SHARE,
        "config": asdict(config),
        "date": dt.date.today().isoformat(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
    }
    # One thread: parallel float sums in OpenMP and BLAS vary in their last bits from run to
    # run, enough to grow different trees, and `train` must reproduce the shipped file.
    with threadpool_limits(limits=1):
        fitted, x_held = fit(split, config, metadata)
    figures = evaluate(split, fitted, x_held, config.seed)
    figures["parity_max_abs_diff_vs_sklearn"] = fitted.parity
    return fitted, figures


def train_and_write(shared: Path, out: Path, *, seed: int = 13) -> dict[str, Any]:
    """Fit on the training bodies, write the model JSON to `out`, return held-out figures."""
    fitted, figures = train_and_evaluate(shared, TrainConfig(seed=seed))
    fitted.document["metadata"]["held_out"] = {
        k: figures[k] for k in ("n", "relative_score", "relative_score_ci", "accuracy", "macro_f1")
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fitted.document, separators=(",", ":")) + "\n", encoding="utf-8")
    figures["model_path"] = str(out)
    figures["model_kb"] = round(out.stat().st_size / 1024, 1)
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=TrainConfig.seed)
    args = parser.parse_args(argv)
    figures = train_and_write(args.shared, args.out, seed=args.seed)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()


# --- the dispute layer (Emergent) ------------------------------------------------------------


def train_dispute_and_write(shared: Path, out: Path, *, seed: int = 13) -> dict[str, Any]:
    """Fit the dispute layer (ml.stance.dispute) on Emergent train less its claim-disjoint dev
    part, score it and the FNC-1 model alone on dev, write the model JSON to `out`."""
    from newstrace.ml.stance import dispute
    from newstrace.ml.stance.emergent import LABELS as EMERGENT_LABELS
    from newstrace.ml.stance.emergent import is_dev, read_emergent, stance_figures

    pairs = read_emergent(shared / "datasets")
    fnc = load_stance()
    train = [p for p in pairs if not is_dev(p, seed)]
    dev = [p for p in pairs if is_dev(p, seed)]
    to_label = dict(zip(EMERGENT_LABELS, dispute.LABELS, strict=True))
    x_train = dispute.features([(p.claim, p.headline) for p in train], fnc)
    y_train = np.array([dispute.LABELS.index(to_label[p.stance]) for p in train])
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0)
    scale[scale == 0] = 1.0
    with threadpool_limits(limits=1):
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
        model.fit((x_train - mean) / scale, y_train)
    document = {
        "format_version": dispute.FORMAT_VERSION,
        "features": list(dispute.FEATURES),
        "labels": list(dispute.LABELS),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_.round(6).tolist(),
        "intercept": model.intercept_.round(6).tolist(),
        "metadata": {
            "trained_on": "Emergent train less its dev claims (one in five by a hash of the id)",
            "training_pairs": len(train),
            "seed": seed,
            "date": dt.date.today().isoformat(),
            "sklearn": sklearn.__version__,
        },
    }
    fitted = dispute.DisputeModel.from_dict(document)
    gold = np.array([dispute.LABELS.index(to_label[p.stance]) for p in dev])
    x_dev = dispute.features([(p.claim, p.headline) for p in dev], fnc)
    layered = fitted.probabilities(x_dev).argmax(axis=1)
    # The FNC-1 model alone, read the way trace read it: its first four features are its
    # probabilities, and unrelated counts as observing.
    alone = np.array(
        [
            dispute.LABELS.index(label) if label in dispute.LABELS else 2
            for label in labels_from(x_dev[:, :4])
        ]
    )

    def figures(predicted: IntArray) -> Any:
        return stance_figures(dev, gold, predicted, seed=seed)

    result = {
        "dev_pairs": len(dev),
        "dev_claims": len({p.claim_id for p in dev}),
        "train_pairs": len(train),
        "dispute_layer": figures(layered),
        "fnc_model_alone": figures(alone),
    }
    layer_figures: dict[str, dict[str, Any]] = result["dispute_layer"]
    document["metadata"]["dev"] = {k: round(v["value"], 4) for k, v in layer_figures.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    result["model_path"] = str(out)
    return result

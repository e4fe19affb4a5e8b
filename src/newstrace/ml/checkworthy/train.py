"""Train, evaluate and export the check-worthiness model (needs scikit-learn, unlike run time)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_fscore_support
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from newstrace.ml.bootstrap import bootstrap, with_intervals
from newstrace.ml.checkworthy.scorer import (
    DENSE_FEATURE_NAMES,
    FORMAT_VERSION,
    TERM_BLOCKS,
    CheckworthyModel,
    analyze,
    char_terms,
    dense_matrix,
    normalise,
    tag_terms,
)

DATA_DIR = Path("datasets") / "checkworthy"
CLAIMBUSTER = "claimbuster_train.json"
CLEF2019 = "clef2019_task1_train.csv"
CLEF2020 = "clef2020_task5_train.tsv"
# ClaimBuster ids run in transcript order without debate boundaries in the file, so contiguous
# id blocks of roughly one debate's size stand in for debates when splitting.
CLAIMBUSTER_BLOCK = 1000
CLEF_EVAL_DEBATES = 5

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    source: str
    group: str


@dataclass(frozen=True)
class TrainConfig:
    # Chosen by 7-fold cross-validation over the train + dev blocks (docs/models/checkworthy.md).
    c: float = 3.0
    max_features: int = 20_000
    min_df: int = 2
    char_max_features: int = 20_000
    char_min_df: int = 3
    # CLEF 2020 sentences weighted 0.1-1.0 lowered ClaimBuster dev AP and did not raise MAP on
    # CLEF dev debates (see docs/models/checkworthy.md), so by default they are left out.
    clef_weight: float = 0.0
    # Weight of ClaimBuster sentences (0 leaves them out: a CLEF-only model).
    claimbuster_weight: float = 1.0
    seed: int = 13


@dataclass(frozen=True)
class Split:
    """Disjoint parts: the model is fitted on `train`, calibrated and thresholded on `dev`."""

    train: list[Example]
    dev: list[Example]
    claimbuster_eval: list[Example]
    clef2019_eval: list[Example]
    description: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FittedModel:
    pipeline: Pipeline
    calibrator: LogisticRegression
    threshold: float
    # Maximises F1 on dev at its natural prevalence (~25% positive); kept for reference only.
    threshold_natural: float

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Calibrated probabilities computed by scikit-learn (the reference for the runtime)."""
        decision = self.pipeline.decision_function(list(texts)).reshape(-1, 1)
        proba: FloatArray = self.calibrator.predict_proba(decision)[:, 1]
        return proba


def dedup_key(text: str) -> str:
    """Text up to case, punctuation and spacing: the same sentence across the three data sets."""
    return " ".join(re.findall(r"\w+", normalise(text)))


def load_claimbuster(shared: Path) -> list[Example]:
    rows = json.loads((shared / DATA_DIR / CLAIMBUSTER).read_text(encoding="utf-8"))
    return [
        Example(
            r["text"], int(r["label"]), "claimbuster", f"cb{r['sentence_id'] // CLAIMBUSTER_BLOCK}"
        )
        for r in rows
    ]


def load_clef2019(shared: Path) -> list[Example]:
    with (shared / DATA_DIR / CLEF2019).open(encoding="utf-8", newline="") as handle:
        return [
            Example(r["text"], int(r["label"]), "clef2019", r["file_name"])
            for r in csv.DictReader(handle)
        ]


def load_clef2020(shared: Path) -> list[Example]:
    with (shared / DATA_DIR / CLEF2020).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(r["text"], int(r["label"]), "clef2020", "clef2020") for r in reader]


# The README's cleaning rule for the 2020 file: a sentence sharing an 8-word run with a held-out
# debate counts as a copy of it, even when the two files split the sentence differently.
NEAR_RUN_WORDS = 8


def word_runs(text: str, length: int = NEAR_RUN_WORDS) -> set[str]:
    """Every run of `length` consecutive normalised words (none in a shorter sentence)."""
    words = dedup_key(text).split()
    return {" ".join(words[i : i + length]) for i in range(len(words) - length + 1)}


@dataclass(frozen=True)
class Pool:
    """The labelled sentences a fold draws on, CLEF 2020 already cut to what 2019 lacks."""

    claimbuster: list[Example]
    clef2019: list[Example]
    # 2020 sentences whose text is in no 2019 training debate: the 2020 copies of those debates
    # carry other labels (249 of 306 positives there are negative in 2020), and the target
    # here is the 2019 labelling, so the 2019 copy wins.
    clef2020_extra: list[Example]
    clef2020_total: int

    @property
    def debates(self) -> list[str]:
        return sorted({e.group for e in self.clef2019})


def load_pool(shared: Path) -> Pool:
    clef2019 = load_clef2019(shared)
    clef2020 = load_clef2020(shared)
    known = {dedup_key(e.text) for e in clef2019}
    extra = [e for e in clef2020 if dedup_key(e.text) not in known]
    return Pool(load_claimbuster(shared), clef2019, extra, len(clef2020))


def _shuffled_groups(examples: Sequence[Example], seed: int) -> list[str]:
    groups = sorted({e.group for e in examples})
    random.Random(seed).shuffle(groups)
    return groups


def without_copies(examples: Sequence[Example], held_out: Sequence[Example]) -> list[Example]:
    """`examples` minus every copy of a held-out sentence: the same text or an 8-word run."""
    keys = {dedup_key(e.text) for e in held_out}
    runs: set[str] = set().union(*(word_runs(e.text) for e in held_out))
    return [e for e in examples if dedup_key(e.text) not in keys and not word_runs(e.text) & runs]


def clef_training(pool: Pool, config: TrainConfig, leave_out: Sequence[str] = ()) -> list[Example]:
    """The CLEF sentences trained on (none unless clef_weight > 0): the 2019 debates but those
    left out, with their 2019 labels, and the 2020 sentences of other debates."""
    if config.clef_weight <= 0:
        return []
    return [e for e in pool.clef2019 if e.group not in leave_out] + pool.clef2020_extra


def split_data(shared: Path, seed: int, config: TrainConfig | None = None) -> Split:
    """ClaimBuster by id block 60/20/20 train/dev/eval; CLEF 2019 leaves 5 debates out.

    With clef_weight > 0 the other CLEF 2019 debates and the CLEF 2020 sentences of other
    debates join the training part, after removing every copy of a dev or evaluation sentence,
    so no held-out sentence is trained on.
    """
    config = config if config is not None else TrainConfig(seed=seed)
    pool = load_pool(shared)
    claimbuster = pool.claimbuster
    groups = _shuffled_groups(claimbuster, seed)
    n_eval = n_dev = round(len(groups) * 0.2)
    eval_groups, dev_groups = set(groups[:n_eval]), set(groups[n_eval : n_eval + n_dev])
    cb_eval = [e for e in claimbuster if e.group in eval_groups]
    dev = [e for e in claimbuster if e.group in dev_groups]
    debates = sorted(_shuffled_groups(pool.clef2019, seed)[:CLEF_EVAL_DEBATES])
    clef_eval = [e for e in pool.clef2019 if e.group in debates]
    held_out = cb_eval + dev + clef_eval
    cb_train = without_copies(
        [e for e in claimbuster if e.group not in eval_groups | dev_groups], held_out
    )
    if config.claimbuster_weight <= 0:
        cb_train = []
    clef_train = without_copies(clef_training(pool, config, debates), held_out)
    description = {
        "claimbuster": "contiguous sentence_id blocks of 1000 (debate-sized), shuffled with the "
        "seed: 60% train, 20% dev (calibration + threshold), 20% evaluation",
        "claimbuster_eval_blocks": sorted(eval_groups),
        "claimbuster_dev_blocks": sorted(dev_groups),
        "clef2019_eval_debates": debates,
        "clef": "trained on only when clef_weight > 0: the other CLEF 2019 debates and the CLEF "
        "2020 sentences in no 2019 debate, minus copies (same text or an 8-word run) of a "
        "dev/eval sentence",
        "sizes": {
            "train_claimbuster": len(cb_train),
            "train_clef": len(clef_train),
            "dev": len(dev),
            "claimbuster_eval": len(cb_eval),
            "clef2019_eval": len(clef_eval),
        },
    }
    return Split(cb_train + clef_train, dev, cb_eval, clef_eval, description)


def final_split(shared: Path, seed: int, config: TrainConfig | None = None) -> Split:
    """For the shipped model: everything but the dev part is trained on (evaluation is over)."""
    config = config if config is not None else TrainConfig(seed=seed)
    split = split_data(shared, seed, config)
    pool = load_pool(shared)
    train = without_copies(pool.claimbuster, split.dev) if config.claimbuster_weight > 0 else []
    train += without_copies(clef_training(pool, config), split.dev)
    description = dict(split.description, final="refit on all data except the dev part")
    return Split(train, split.dev, [], [], description)


class _TagTermCache:
    """tag_terms with memory: spaCy is the slow step, and training scores each sentence often."""

    def __init__(self) -> None:
        self._terms: dict[str, list[str]] = {}

    def __call__(self, sentences: Sequence[str]) -> list[list[str]]:
        missing = [s for s in dict.fromkeys(sentences) if s not in self._terms]
        self._terms.update(zip(missing, tag_terms(missing), strict=True))
        return [self._terms[s] for s in sentences]


_TAG_TERMS = _TagTermCache()


def _given(terms: list[str]) -> list[str]:
    """The analyzer of a block whose terms were computed beforehand."""
    return terms


def _tfidf(analyzer: Any, min_df: int, max_features: int | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=analyzer,
        sublinear_tf=True,
        min_df=min_df,
        max_features=max_features,
        dtype=np.float64,
    )


def build_pipeline(config: TrainConfig) -> Pipeline:
    """The blocks of TERM_BLOCKS in order, then the dense cues: the export relies on that order."""
    tags = Pipeline(
        [("parse", FunctionTransformer(_TAG_TERMS)), ("tfidf", _tfidf(_given, config.min_df))]
    )
    features = FeatureUnion(
        [
            ("words", _tfidf(analyze, config.min_df, config.max_features)),
            ("chars", _tfidf(char_terms, config.char_min_df, config.char_max_features)),
            ("tags", tags),
            ("dense", FunctionTransformer(dense_matrix)),
        ]
    )
    classifier = LogisticRegression(C=config.c, max_iter=5000, random_state=config.seed)
    return Pipeline([("features", features), ("classifier", classifier)])


def sample_weights(examples: Sequence[Example], config: TrainConfig) -> FloatArray:
    return np.array(
        [
            config.claimbuster_weight if e.source == "claimbuster" else config.clef_weight
            for e in examples
        ],
        dtype=np.float64,
    )


def labels(examples: Sequence[Example]) -> IntArray:
    return np.array([e.label for e in examples], dtype=np.int64)


def texts(examples: Sequence[Example]) -> list[str]:
    return [e.text for e in examples]


def balanced_weights(y: IntArray) -> FloatArray:
    """Weights that make positives and negatives count equally (the ClaimBuster test condition)."""
    positives = float(y.sum())
    return np.where(y == 1, 1.0, positives / max(len(y) - positives, 1.0))


def pick_threshold(y: IntArray, proba: FloatArray, *, balanced: bool = True) -> float:
    """The probability cut maximising F1, on class-balanced weights unless told otherwise."""
    weights = balanced_weights(y) if balanced else np.ones(len(y), dtype=np.float64)
    best, best_f1 = 0.5, -1.0
    for cut in np.unique(np.round(proba, 4)):
        predicted = proba >= cut
        tp = float(weights[predicted & (y == 1)].sum())
        fp = float(weights[predicted & (y == 0)].sum())
        fn = float(weights[~predicted & (y == 1)].sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best


def fit(split: Split, config: TrainConfig) -> FittedModel:
    """Fit on the training part; Platt-scale and pick the threshold on the dev part."""
    train = [e for e in split.train if sample_weights([e], config)[0] > 0]
    pipeline = build_pipeline(config)
    pipeline.fit(
        texts(train), labels(train), classifier__sample_weight=sample_weights(train, config)
    )
    dev_decision = pipeline.decision_function(texts(split.dev)).reshape(-1, 1)
    # A nearly unregularised 1-D logistic regression on the dev scores is Platt scaling.
    calibrator = LogisticRegression(C=1e6, max_iter=1000).fit(dev_decision, labels(split.dev))
    dev_proba = calibrator.predict_proba(dev_decision)[:, 1]
    y_dev = labels(split.dev)
    return FittedModel(
        pipeline,
        calibrator,
        threshold=pick_threshold(y_dev, dev_proba),
        threshold_natural=pick_threshold(y_dev, dev_proba, balanced=False),
    )


def _rounded(values: Sequence[float] | FloatArray) -> list[float]:
    return [float(f"{v:.9g}") for v in values]


def _vectorizer(step: Any) -> TfidfVectorizer:
    return step.named_steps["tfidf"] if isinstance(step, Pipeline) else step


def export(model: FittedModel, metadata: dict[str, Any]) -> dict[str, Any]:
    """The JSON document read by CheckworthyModel.from_dict."""
    union = model.pipeline.named_steps["features"]
    coef = model.pipeline.named_steps["classifier"].coef_[0]
    blocks: dict[str, dict[str, list[Any]]] = {}
    start = 0
    for name, step in union.transformer_list[: len(TERM_BLOCKS)]:
        tfidf = _vectorizer(step)
        end = start + len(tfidf.idf_)
        blocks[name] = {
            "vocabulary": [str(t) for t in tfidf.get_feature_names_out()],
            "idf": _rounded(tfidf.idf_),
            "coef": _rounded(coef[start:end]),
        }
        start = end
    return {
        "format_version": FORMAT_VERSION,
        "model": "sublinear tf-idf (l2) blocks: word 1-2 grams, char 2-5 grams, spaCy tags and "
        "entity labels; + dense cues; logistic regression; Platt",
        "threshold": round(model.threshold, 4),
        "threshold_natural_prevalence": round(model.threshold_natural, 4),
        "calibration": {
            "method": "platt",
            "slope": float(model.calibrator.coef_[0][0]),
            "intercept": float(model.calibrator.intercept_[0]),
        },
        "intercept": float(model.pipeline.named_steps["classifier"].intercept_[0]),
        "dense_features": list(DENSE_FEATURE_NAMES),
        "dense_coef": _rounded(coef[start:]),
        "blocks": blocks,
        "metadata": metadata,
    }


def to_runtime(model: FittedModel) -> CheckworthyModel:
    return CheckworthyModel.from_dict(export(model, {}))


def binary_figures(y: IntArray, proba: FloatArray, threshold: float) -> dict[str, float]:
    precision, recall, f1, _ = precision_recall_fscore_support(
        y, proba >= threshold, average="binary", zero_division=0.0
    )
    return {
        "f1": float(f1),
        "precision": float(precision),
        "recall": float(recall),
        "average_precision": float(average_precision_score(y, proba)),
    }


def mean_average_precision(groups: Sequence[str], y: IntArray, scores: FloatArray) -> float:
    """Mean over groups (debates) of the average precision of the ranking by score."""
    group_array = np.asarray(groups)
    values = [
        average_precision_score(y[group_array == g], scores[group_array == g])
        for g in sorted(set(groups))
        if y[group_array == g].any()
    ]
    return float(np.mean(values))


def balanced_sample(examples: Sequence[Example], seed: int) -> list[Example]:
    """All positives and as many randomly drawn negatives: the ClaimBuster test condition."""
    positives = [e for e in examples if e.label == 1]
    negatives = [e for e in examples if e.label == 0]
    return positives + random.Random(seed).sample(negatives, len(positives))


def evaluate_binary(
    model: FittedModel, examples: Sequence[Example], seed: int
) -> dict[str, dict[str, Any]]:
    y, proba = labels(examples), model.predict_proba(texts(examples))
    point = binary_figures(y, proba, model.threshold)
    intervals = bootstrap(
        lambda i: binary_figures(y[i], proba[i], model.threshold), ["all"] * len(y), seed
    )
    return with_intervals(point, intervals)


def evaluate_ranking(
    model: FittedModel, examples: Sequence[Example], seed: int
) -> dict[str, dict[str, Any]]:
    y, proba = labels(examples), model.predict_proba(texts(examples))
    groups = [e.group for e in examples]
    point = {"map": mean_average_precision(groups, y, proba)}
    intervals = bootstrap(
        lambda i: {"map": mean_average_precision([groups[j] for j in i], y[i], proba[i])},
        groups,
        seed,
    )
    return with_intervals(point, intervals)


def evaluate(split: Split, model: FittedModel, seed: int) -> dict[str, Any]:
    """Held-out figures: ClaimBuster evaluation part (balanced and natural) and CLEF 2019 MAP."""
    natural_threshold = FittedModel(
        model.pipeline, model.calibrator, model.threshold_natural, model.threshold_natural
    )
    return {
        "threshold": model.threshold,
        "claimbuster_eval_balanced": evaluate_binary(
            model, balanced_sample(split.claimbuster_eval, seed), seed
        ),
        "claimbuster_eval_natural": evaluate_binary(model, split.claimbuster_eval, seed),
        "threshold_natural_prevalence": model.threshold_natural,
        "claimbuster_eval_natural_at_natural_threshold": evaluate_binary(
            natural_threshold, split.claimbuster_eval, seed
        ),
        "clef2019_leave_debates_out": evaluate_ranking(model, split.clef2019_eval, seed),
        "split": split.description,
    }


def train_and_export(shared: Path, config: TrainConfig) -> tuple[dict[str, Any], dict[str, Any]]:
    """Evaluate on held-out parts, then refit on all but dev and export the shipped model."""
    held_out_split = split_data(shared, config.seed, config)
    figures = evaluate(held_out_split, fit(held_out_split, config), config.seed)
    shipped_split = final_split(shared, config.seed, config)
    metadata = {
        "trained_on": date_today(),
        "data": [str(DATA_DIR / name) for name in training_files(config)],
        "evaluated_on": [str(DATA_DIR / name) for name in (CLAIMBUSTER, CLEF2019)],
        "config": asdict(config),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "training_size": len(shipped_split.train),
        "held_out_evaluation": figures,
    }
    return export(fit(shipped_split, config), metadata), figures


def training_files(config: TrainConfig) -> list[str]:
    files = [CLAIMBUSTER] if config.claimbuster_weight > 0 else []
    return files + ([CLEF2019, CLEF2020] if config.clef_weight > 0 else [])


def date_today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the /work/shared directory")
    parser.add_argument("--out", type=Path, required=True, help="where to write the model JSON")
    parser.add_argument("--seed", type=int, default=TrainConfig.seed)
    args = parser.parse_args(argv)
    document, figures = train_and_export(args.shared, TrainConfig(seed=args.seed))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    figures.pop("split")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

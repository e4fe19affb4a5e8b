"""Command line: `eval` (score shipped models on labelled files) and `train` (reproduce them)."""

from __future__ import annotations

import importlib
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newstrace.errors import InputError, NewstraceError
from newstrace.ml.shipped import model_path

from .common import check_format, fail

EVAL_FORMATS = ("text", "json")
TASKS_NEEDING_SKLEARN = "training needs scikit-learn: pip install 'newstrace[train]'"

eval_app = typer.Typer(
    help="Score the shipped models on labelled files; one JSON with --format json."
)
train_app = typer.Typer(help="Reproduce a shipped model from the shared data sets (fixed seed).")

FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output: text or json.")]
SharedOption = Annotated[
    Path,
    typer.Option(help="The shared data folder holding datasets/ (default: ../shared)."),
]
OutOption = Annotated[
    Path | None, typer.Option(help="Where to write the model (default: the shipped model file).")
]
SeedOption = Annotated[int, typer.Option(help="Random seed.")]
DEFAULT_SHARED = Path("..") / "shared"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(eval_app, name="eval")
    app.add_typer(train_app, name="train")


def _run(compute: Callable[[], Mapping[str, Any]], fmt: str, title: str) -> None:
    """Compute the figures, turning expected failures into one error line and exit code 2."""
    check_format(fmt, EVAL_FORMATS)
    try:
        figures = compute()
    except (NewstraceError, OSError, ValueError, ImportError) as exc:
        fail(exc)
    _emit(_json_safe(figures), fmt, title)


def _json_safe(value: Any) -> Any:
    """NaN (an undefined figure) becomes null, so the output is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _emit(figures: Mapping[str, Any], fmt: str, title: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
        return
    table = Table(title=title, show_lines=False)
    table.add_column("figure", overflow="fold")
    table.add_column("value", justify="right")
    table.add_column("95% interval", justify="right")
    for name, value, interval in _rows(figures):
        table.add_row(name, value, interval)
    Console(highlight=False).print(table)


def _rows(figures: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """Flatten nested figures; {"value": v, "ci95": [lo, hi]} becomes one row with its interval."""
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and "value" in value and "ci95" in value:
            low, high = value["ci95"]
            yield name, _number(value["value"]), f"[{_number(low)}, {_number(high)}]"
        elif isinstance(value, Mapping):
            yield from _rows(value, prefix=f"{name}.")
        elif isinstance(value, list):
            if value and all(isinstance(v, int | float) for v in value):
                yield name, ", ".join(_number(v) for v in value), ""
        else:
            yield name, _number(value), ""


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "-" if value is None else str(value)


# --- eval -------------------------------------------------------------------------------------


@eval_app.command("factchecks")
def eval_factchecks(
    claims: Annotated[Path, typer.Option(help="Checked claims TSV (vclaim_id, vclaim[, title]).")],
    queries: Annotated[Path, typer.Option(help="Queries TSV (tweet_id, tweet_content).")],
    qrels: Annotated[Path, typer.Option(help="TREC qrels: query_id 0 claim_id relevance.")],
    method: Annotated[
        str,
        typer.Option(
            help="rerank (the shipped re-ranker; lexical features alone without the semantic "
            "extra), lexical (BM25) or semantic (embedding cosine)."
        ),
    ] = "rerank",
    semantic: Annotated[
        bool | None,
        typer.Option(
            "--semantic/--lexical-features",
            help="Use embedding features (default: when the semantic extra is installed).",
        ),
    ] = None,
    fmt: FormatOption = "text",
) -> None:
    """MAP@5, MRR and P@1 of matching queries to checked claims, with 95% CIs (CheckThat!)."""

    def compute() -> Mapping[str, Any]:
        from newstrace.ml import embedding
        from newstrace.ml.factcheck.evaluate import evaluate_files
        from newstrace.ml.factcheck.index import METHODS

        if method not in METHODS:
            raise InputError(f"unknown method {method!r}: one of {', '.join(METHODS)}")
        use = (embedding.available() if semantic is None else semantic) or method == "semantic"
        if use and not embedding.available():
            raise InputError(
                "embedding features need the semantic extra: pip install 'newstrace[semantic]'"
            )
        encoder = None
        if use:
            from newstrace.ml.factcheck.vectors import CachedEncoder

            encoder = CachedEncoder()
        return evaluate_files(claims, queries, qrels, method, encoder)

    _run(compute, fmt, f"fact-check matching ({method})")


@eval_app.command("checkworthy")
def eval_checkworthy(
    data: Annotated[
        Path | None,
        typer.Option(help="ClaimBuster JSON, CLEF CSV/TSV (text, label[, file_name]) or folder."),
    ] = None,
    news_labels: Annotated[
        bool,
        typer.Option("--news-labels", help="Score the hand-labelled news sentences instead."),
    ] = False,
    lodo: Annotated[
        bool,
        typer.Option(
            "--lodo",
            help="Leave-one-debate-out over the CLEF 2019 training debates in --shared: refit "
            "the recipe on the rest (ClaimBuster, CLEF 2019, CLEF 2020) and rank each held-out "
            "debate; MAP with a 95% interval over debates (needs scikit-learn; minutes).",
        ),
    ] = False,
    recipe: Annotated[
        str,
        typer.Option(help="With --lodo: shipped (the shipped model's recipe) or previous."),
    ] = "shipped",
    shared: SharedOption = DEFAULT_SHARED,
    fmt: FormatOption = "text",
) -> None:
    """Precision/recall/F1 at the shipped threshold, AP and (per debate) MAP, with 95% CIs;
    or, with --lodo, the leave-one-debate-out MAP of the recipe that made the model."""
    if (data is not None) + news_labels + lodo != 1:
        fail(InputError("give exactly one of --data FILE, --news-labels or --lodo"))
    if lodo:
        _run(lambda: _lodo(shared, recipe), fmt, f"check-worthiness, CLEF 2019 LODO ({recipe})")
        return

    def compute() -> dict[str, Any]:
        from newstrace.ml.bootstrap import ranking_report
        from newstrace.ml.checkworthy.news_labels import load_news_labels, resolve
        from newstrace.ml.checkworthy.scorer import load_checkworthy, read_labelled_sentences

        model = load_checkworthy()
        if data is not None:
            sentences = read_labelled_sentences(data)
            texts, labels, groups = sentences.texts, sentences.labels, sentences.debates
            extra: dict[str, Any] = {"data": str(data)}
        else:
            resolved = resolve(load_news_labels(), shared / "datasets")
            texts, labels, groups = resolved.texts, resolved.labels, resolved.article_ids
            extra = {"data": "news_checkworthy.json labels", "drifted": len(resolved.drifted)}
        import numpy as np

        report = ranking_report(
            np.asarray(labels, dtype=np.int64),
            np.asarray(model.score(texts), dtype=np.float64),
            model.threshold,
            groups,
        )
        return {**extra, **report}

    _run(compute, fmt, "check-worthiness (shipped model)")


def _lodo(shared: Path, recipe: str) -> dict[str, Any]:
    try:
        from newstrace.ml.checkworthy.evaluate import leave_one_debate_out, recipe_config
    except ImportError as exc:
        if exc.name is not None and exc.name.split(".")[0] in ("sklearn", "scipy"):
            raise InputError(TASKS_NEEDING_SKLEARN) from exc
        raise
    return leave_one_debate_out(_shared_datasets(shared), recipe_config(recipe))


@eval_app.command("stance")
def eval_stance(
    bodies: Annotated[Path, typer.Option(help="FNC-1 bodies CSV (Body ID, articleBody).")],
    stances: Annotated[Path, typer.Option(help="FNC-1 stances CSV (Headline, Body ID, Stance).")],
    fmt: FormatOption = "text",
) -> None:
    """FNC-1 relative score (with 95% CI), accuracy, macro-F1 and F1 per class."""

    def compute() -> Mapping[str, Any]:
        from newstrace.ml.stance.evaluate import evaluate_files

        return evaluate_files(bodies, stances)

    _run(compute, fmt, "stance (shipped model)")


@eval_app.command("liar")
def eval_liar(
    data: Annotated[Path, typer.Option(help="LIAR TSV: 14 columns, no header.")],
    fmt: FormatOption = "text",
) -> None:
    """6-way and binary accuracy and macro-F1 of the shipped LIAR model, with 95% CIs."""

    def compute() -> Mapping[str, Any]:
        from newstrace.ml.liar.classifier import evaluate_liar, load_liar, read_liar

        return evaluate_liar(read_liar(data), load_liar())

    _run(compute, fmt, "LIAR verdicts (shipped model; a signal, not a verdict)")


@eval_app.command("credibility")
def eval_credibility(
    data: Annotated[
        Path, typer.Option(help="FakeNewsNet JSON Lines (label fake|real, domain, title, text).")
    ],
    fmt: FormatOption = "text",
) -> None:
    """Accuracy and macro-F1 of the article credibility SIGNAL, CIs resampling outlets."""

    def compute() -> Mapping[str, Any]:
        from newstrace.ml.credibility.classifier import (
            evaluate_credibility,
            load_credibility,
            read_fakenewsnet,
        )

        return evaluate_credibility(read_fakenewsnet(data), load_credibility())

    _run(compute, fmt, "article credibility signal (shipped model)")


@eval_app.command("attribution")
def eval_attribution(
    gold: Annotated[
        Path | None, typer.Option(help="Folder of gold JSON files (docs/annotation.md).")
    ] = None,
    real: Annotated[
        Path | None,
        typer.Option(
            help="The shared folder (holding datasets/fakenewsnet): score on the real-news gold "
            "set that ships with newstrace, offsets into those articles."
        ),
    ] = None,
    split: Annotated[
        str, typer.Option(help="With --real: dev (for tuning), test (score once), or all.")
    ] = "dev",
    fmt: FormatOption = "text",
    examples: Annotated[
        bool,
        typer.Option(
            help="With --real and --format json: list every disagreement, and each "
            "article's counts."
        ),
    ] = False,
) -> None:
    """What `newstrace analyze` gets right against gold: with --gold, spans, types and chains on
    self-written articles; with --real, speakers, types, chains, anonymous sources and
    independent-source counts on real news, each with a 95% interval."""
    if (gold is None) == (real is None):
        fail(InputError("give exactly one of --gold FOLDER or --real SHARED"))
    if split not in ("dev", "test", "all"):
        fail(InputError(f"unknown split {split!r}: dev, test or all"))

    def compute() -> Mapping[str, Any]:
        from newstrace.pipeline import analyze_many

        if real is not None:
            from newstrace.ml.attribution.real_gold import load_real_gold, score_real

            articles = load_real_gold(real, split=None if split == "all" else split)  # type: ignore[arg-type]
            reports = analyze_many(item.article for item in articles)
            figures = score_real(articles, reports)
            if not examples:
                figures.pop("per_article")
                figures.pop("examples")
            return {"split": split, **figures}
        from newstrace.ml.attribution.gold import load_gold, score_attribution

        assert gold is not None
        if not gold.is_dir():
            raise InputError("not a folder", path=str(gold))
        docs = load_gold(gold)
        if not docs:
            raise InputError("no gold *.json files in the folder", path=str(gold))
        scores = score_attribution(docs, list(analyze_many(d.article() for d in docs))).model_dump()
        scores["n_issues"] = len(scores.pop("issues"))
        return scores

    _run(compute, fmt, "attribution (newstrace analyze against gold)")


@eval_app.command("polnear")
def eval_polnear(
    data: Annotated[
        Path, typer.Option(help="A PolNeAR split folder holding text/ and attributions/.")
    ],
    fmt: FormatOption = "text",
    method: Annotated[
        str,
        typer.Option(
            help="tagger (the best learned tagger installed: transformer with the `tagger` "
            "extra, else crf), transformer, crf, or analyze (what `newstrace analyze` reports; "
            "'rules' is its older name)."
        ),
    ] = "tagger",
) -> None:
    """Source, cue and content P/R/F1, exact and overlap, over a PolNeAR split."""

    def compute() -> Mapping[str, Any]:
        from newstrace.ml.attribution.evaluate import evaluate_split

        return evaluate_split(data, method=method)

    _run(compute, fmt, "PolNeAR attribution spans")


# --- train ------------------------------------------------------------------------------------


def _train(
    task: Callable[[Path], Mapping[str, Any]], name: str, out: Path | None, fmt: str
) -> None:
    target = out if out is not None else model_path(f"{name}.json")

    def compute() -> Mapping[str, Any]:
        try:
            figures = task(target)
        except ImportError as exc:
            if exc.name is not None and exc.name.split(".")[0] in ("sklearn", "scipy"):
                raise InputError(TASKS_NEEDING_SKLEARN) from exc
            raise
        size_kb = round(target.stat().st_size / 1024, 1) if target.exists() else None
        return {"model": str(target), "size_kb": size_kb, "figures": figures}

    _run(compute, fmt, f"trained {name}")


def _write_json(document: Mapping[str, Any], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")


def _shared_datasets(shared: Path) -> Path:
    if not (shared / "datasets").is_dir():
        raise InputError("no datasets/ folder here: pass --shared PATH", path=str(shared))
    return shared


@train_app.command("checkworthy")
def train_checkworthy(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """ClaimBuster (+ CLEF evaluation): held-out figures, then the shipped refit."""

    def task(target: Path) -> Mapping[str, Any]:
        figures = _exported("checkworthy.train", "TrainConfig", shared, seed, target)
        figures.pop("split", None)
        return figures

    _train(task, "checkworthy", out, fmt)


def _exported(module: str, config: str, shared: Path, seed: int, target: Path) -> dict[str, Any]:
    """Train with a `train_and_export(shared, Config(seed=...))` module; write its model JSON."""
    training = importlib.import_module(f"newstrace.ml.{module}")
    document, figures = training.train_and_export(
        _shared_datasets(shared), getattr(training, config)(seed=seed)
    )
    _write_json(document, target)
    return dict(figures)


@train_app.command("stance")
def train_stance(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
    model: Annotated[
        str,
        typer.Option(
            help="fnc (the FNC-1 model, held out by Body ID) or dispute (the layer over it "
            "that finds denials, fitted on Emergent, scored on its claim-disjoint dev part)."
        ),
    ] = "fnc",
) -> None:
    """FNC-1 stance model, or the dispute layer over it (--model dispute)."""
    if model not in ("fnc", "dispute"):
        fail(InputError(f"unknown model {model!r}: fnc or dispute"))

    def task(target: Path) -> Mapping[str, Any]:
        from newstrace.ml.stance.train import train_and_write, train_dispute_and_write

        train = train_dispute_and_write if model == "dispute" else train_and_write
        return train(_shared_datasets(shared), target, seed=seed)

    name = "stance_dispute" if model == "dispute" else "stance"
    _train(task, name, out, fmt)


@train_app.command("liar")
def train_liar(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """LIAR verdict model: fit on train.tsv, figures on valid.tsv."""

    def task(target: Path) -> Mapping[str, Any]:
        return _exported("liar.train", "LiarConfig", shared, seed, target)

    _train(task, "liar", out, fmt)


@train_app.command("credibility")
def train_credibility(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """Article credibility signal: random vs domain-disjoint cross-validation, then the refit."""

    def task(target: Path) -> Mapping[str, Any]:
        return _exported("credibility.train", "CredibilityConfig", shared, seed, target)

    _train(task, "credibility", out, fmt)


@train_app.command("attribution")
def train_attribution(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    fmt: FormatOption = "json",
    model: Annotated[
        str,
        typer.Option(
            help="crf (python-crfsuite, the `train` extra); transformer (MiniLM with "
            "adapters, the `tagger` extra; hours on two cores); fragments or sources (the "
            "transformer's content joiner and source reranker, fitted on its train output; "
            "`tagger` extra, about 15 min each)."
        ),
    ] = "crf",
    seed: SeedOption = 13,
) -> None:
    """PolNeAR attribution tagger: fit on train, figures on dev, model file written."""
    modules = {
        "crf": ("crf", "train.crf"),
        "transformer": ("transformer", "train.transformer"),
        "fragments": ("fragment_merge", "train.fragment_merge"),
        "sources": ("source_rerank", "train.source_rerank"),
    }
    if model not in modules:
        fail(InputError(f"unknown model {model!r}: one of {', '.join(modules)}"))
    try:
        module = importlib.import_module(f"newstrace.ml.attribution.{modules[model][0]}")
        training = importlib.import_module(f"newstrace.ml.attribution.{modules[model][1]}")
    except ImportError as exc:
        fail(exc)
    default = model_path(str(module.MODEL_FILE))

    def task(target: Path) -> Mapping[str, Any]:
        figures: Mapping[str, Any] = training.train(_shared_datasets(shared), target, seed=seed)
        return figures

    _train(task, f"attribution tagger ({model})", out if out is not None else default, fmt)


@train_app.command("factchecks")
def train_factchecks(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """Fact-check re-ranker: fit on claim_retrieval train, C chosen on dev (semantic extra;
    reads the shipped fact-check encoder and cross-fits two more: about 25 min on two cores)."""

    def task(target: Path) -> Mapping[str, Any]:
        return _exported("factcheck.train", "FactcheckConfig", shared, seed, target)

    _train(task, "factcheck_rerank", out, fmt)


@train_app.command("encoder")
def train_encoder(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """The store's sentence encoder: adapters on MiniLM fitted on Emergent train outside dev
    (semantic extra; about 3 min on two cores). Retrain the version matcher after it."""
    from newstrace.ml.embedding import ADAPTER_FILE

    def task(target: Path) -> Mapping[str, Any]:
        from newstrace.ml.encoder.train import EncoderConfig, train_and_write

        return train_and_write(_shared_datasets(shared), target, EncoderConfig(seed=seed))

    _train(task, "version_encoder", out or model_path(ADAPTER_FILE), fmt)


@train_app.command("version-cross")
def train_version_cross(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """Trace's cross-encoder: adapters and a head on MiniLM reading a claim and a sentence
    together, fitted on Emergent train outside dev (semantic extra; about 10 min on two
    cores). Retrain the version matcher after it (train versions)."""
    from newstrace.ml.versions.cross import CROSS_FILE

    def task(target: Path) -> Mapping[str, Any]:
        from newstrace.ml.versions.cross_train import CrossConfig, train_and_write

        return train_and_write(_shared_datasets(shared), target, CrossConfig(seed=seed))

    _train(task, "version_cross", out or model_path(CROSS_FILE), fmt)


@train_app.command("version-stance")
def train_version_stance(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """Trace's stance cross-encoder: adapters and a three-way head on MiniLM reading a claim
    and a version together, fitted on Emergent train outside dev (semantic extra; about 6 min
    on two cores); prints its dev figures alone and averaged with the dispute layer."""
    from newstrace.ml.versions.stance import STANCE_FILE

    def task(target: Path) -> Mapping[str, Any]:
        from newstrace.ml.versions.cross_train import CrossConfig, train_stance_and_write

        return train_stance_and_write(
            _shared_datasets(shared), target, CrossConfig(seed=seed, max_pieces=64)
        )

    _train(task, "version_stance", out or model_path(STANCE_FILE), fmt)


@train_app.command("factcheck-encoder")
def train_factcheck_encoder(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """The fact-check encoder: adapters on MiniLM fitted on claim_retrieval train (semantic
    extra; about 15 min on two cores). Retrain the re-ranker after it (train factchecks)."""
    from newstrace.ml.embedding import FACTCHECK_ADAPTER_FILE

    def task(target: Path) -> Mapping[str, Any]:
        from newstrace.ml.factcheck.train import ClaimEncoderConfig, train_and_write

        return train_and_write(_shared_datasets(shared), target, ClaimEncoderConfig(seed=seed))

    _train(task, "factcheck_encoder", out or model_path(FACTCHECK_ADAPTER_FILE), fmt)


@train_app.command("versions")
def train_versions(
    shared: SharedOption = DEFAULT_SHARED,
    out: OutOption = None,
    seed: SeedOption = 13,
    fmt: FormatOption = "json",
) -> None:
    """Trace's version matcher: fit on Emergent train outside dev, threshold by claim folds."""

    def task(target: Path) -> Mapping[str, Any]:
        return _exported("versions.train", "VersionsConfig", shared, seed, target)

    _train(task, "version_matcher", out, fmt)

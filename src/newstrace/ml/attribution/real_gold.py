"""Real-news attribution gold: offsets and labels into FakeNewsNet articles read from ../shared.

The gold files (`data/gold/real/*.json`, format in docs/annotation.md) hold no article text:
`load_real_gold` reads the texts from the shared datasets at run time and checks each against
the SHA-256 the annotator saw. `score_real` scores what `newstrace analyze` gave on them, the
way a user reads a report: who said each attributed passage (pronouns resolved), of what type,
through which chain, whether unnamed sources are flagged, and how many independent sources
the article rests on. Intervals resample outlets, as the split does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newstrace.errors import InputError, MalformedInputError
from newstrace.ml.attribution.gold import match_overlap, normalise_name, single
from newstrace.ml.bootstrap import IntArray, bootstrap_clusters
from newstrace.model import Article, Attribution, AttributionKind, Report, Source, SourceType
from newstrace.outlets import outlet_index

Split = Literal["dev", "test"]
DATASETS = ("fakenewsnet/politifact_train.jsonl", "fakenewsnet/gossipcop.jsonl.gz")
# Tokens that do not tell two names apart ("Mr. Trump" is "Donald Trump").
_NAME_FILLER = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "the", "of"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Offsets(_Strict):
    start: int
    end: int


class GoldMention(Offsets):
    entity: str


class RealSource(_Strict):
    id: str
    name: str
    type: Literal["person", "organization", "government", "outlet", "anonymous", "document"]
    original: bool = Field(description="an original speaker, not only a relay")


class RealAttribution(_Strict):
    source: GoldMention | None
    cue: Offsets | None
    content: Offsets
    kind: AttributionKind
    chain: list[str]
    doubtful: bool = False


class RealGoldDoc(_Strict):
    id: str
    dataset: str
    split: Split
    category: str
    outlet: str
    text_sha256: str
    region: tuple[int, int] | None = None
    sources: list[RealSource]
    attributions: list[RealAttribution]

    def entity(self, entity_id: str) -> RealSource:
        return next(source for source in self.sources if source.id == entity_id)

    def in_region(self, start: int) -> bool:
        return self.region is None or self.region[0] <= start < self.region[1]


@dataclass(frozen=True)
class RealArticle:
    """A gold document with the article it annotates, read from ../shared."""

    gold: RealGoldDoc
    article: Article


def gold_dir() -> Path:
    """Where the real-news gold files ship (inside the package: no article text in them)."""
    return Path(str(files("newstrace") / "data" / "gold" / "real"))


def read_gold_files(directory: Path | None = None) -> list[RealGoldDoc]:
    """Every gold file of the folder, validated; a bad file is a MalformedInputError."""
    docs = []
    for path in sorted((directory or gold_dir()).glob("*.json")):
        try:
            docs.append(RealGoldDoc.model_validate_json(path.read_bytes()))
        except (OSError, ValidationError) as exc:
            raise MalformedInputError(f"bad real-news gold file: {exc}", path=str(path)) from exc
    return docs


def _rows(path: Path, wanted: set[str]) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            # The id sits at the start of each line: skip the 20k-line file's other rows unparsed.
            if any(f'"{wanted_id}"' in line[:80] for wanted_id in wanted):
                row = json.loads(line)
                if row.get("id") in wanted:
                    yield row


def load_real_gold(
    shared: Path, *, split: Split | None = None, directory: Path | None = None
) -> list[RealArticle]:
    """The gold documents of `split` (both when None) with their articles from `shared`.

    `shared` is the folder holding datasets/; a text that changed since it was annotated is an
    error, never silently scored.
    """
    docs = [doc for doc in read_gold_files(directory) if split is None or doc.split == split]
    by_dataset: dict[str, dict[str, RealGoldDoc]] = {}
    for doc in docs:
        if doc.dataset not in DATASETS:
            raise MalformedInputError(f"{doc.id}: unknown dataset {doc.dataset!r}")
        by_dataset.setdefault(doc.dataset, {})[doc.id] = doc
    found: dict[str, RealArticle] = {}
    for dataset, wanted in by_dataset.items():
        path = shared / "datasets" / dataset
        if not path.exists():
            raise InputError("real-news gold needs the FakeNewsNet files", path=str(path))
        for row in _rows(path, set(wanted)):
            doc = wanted[row["id"]]
            text = row["text"]
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != doc.text_sha256:
                raise MalformedInputError(f"{doc.id}: the text differs from the annotated one")
            found[doc.id] = RealArticle(
                gold=doc,
                article=Article(
                    text=text,
                    id=doc.id,
                    title=row.get("title") or None,
                    date=row.get("publish_date") or None,
                    outlet=doc.outlet,
                    url=row.get("url") or None,
                ),
            )
    missing = [doc.id for doc in docs if doc.id not in found]
    if missing:
        raise InputError(f"articles not found in ../shared: {', '.join(missing[:5])}")
    return [found[doc.id] for doc in docs]


# --- scoring ------------------------------------------------------------------------------------


def names_match(a: str, b: str) -> bool:
    """The same name as a reader would take it: equal after normalising, one known outlet, or
    one name's telling words all inside the other's ("Trump" / "Donald J. Trump")."""
    x, y = normalise_name(a), normalise_name(b)
    if x == y:
        return True
    known_a, known_b = outlet_index().find(a), outlet_index().find(b)
    if known_a is not None and known_a == known_b:
        return True  # one outlet by two of its names ("GMA", "ABC News"; "rt.com", "RT")
    words_x = {w.strip(".,'’") for w in x.split()} - _NAME_FILLER
    words_y = {w.strip(".,'’") for w in y.split()} - _NAME_FILLER
    words_x.discard("")
    words_y.discard("")
    return bool(words_x and words_y) and (words_x <= words_y or words_y <= words_x)


@dataclass
class DocTally:
    """Per-article counts, summed over resampled outlets for the intervals."""

    gold: int = 0
    predicted: int = 0
    content_matched: int = 0
    speaker_right: int = 0
    type_total: int = 0
    type_right: int = 0
    chain_total: int = 0
    chain_right: int = 0
    anonymous_total: int = 0
    anonymous_found: int = 0
    count_right: int = 0
    gold_sources: tuple[int, int] = (0, 0)
    predicted_sources: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, str]] = field(default_factory=list)


def _entity_map(doc: RealGoldDoc, report: Report) -> dict[str, str]:
    """Predicted source entity -> the gold entity most of its mentions belong to; by name when
    no mention overlaps (a source the gold names but whose mentions the tagger placed apart)."""
    gold_spans = [
        (a.source.start, a.source.end, a.source.entity)
        for a in doc.attributions
        if a.source is not None
    ]
    mapping: dict[str, str] = {}
    for source in report.sources:
        votes: Counter[str] = Counter()
        for mention in source.mentions:
            for start, end, entity in gold_spans:
                if mention.start < end and start < mention.end:
                    votes[entity] += 1
        if votes:
            mapping[source.id] = votes.most_common(1)[0][0]
            continue
        named = [g.id for g in doc.sources if names_match(g.name, source.name)]
        if len(named) == 1:
            mapping[source.id] = named[0]
    return mapping


def _collapsed(chain: Sequence[str]) -> list[str]:
    """One link per hop: the same outlet or person twice in a row ("people.com > PEOPLE", the
    article's own outlet named as the source) is one link."""
    out: list[str] = []
    for name in chain:
        if not out or not names_match(out[-1], name):
            out.append(name)
    return out


def _chain_right(expected: Sequence[str], got: Sequence[str], speaker_right: bool | None) -> bool:
    """Relays name the same outlets and people in order; the last link is the speaker, right
    when the speaker is (`speaker_right`), or, for a chain without a speaker (None), by name."""
    expected, got = _collapsed(expected), _collapsed(got)
    if len(expected) != len(got):
        return False
    if not expected:
        return True
    *relays_expected, last_expected = expected
    *relays_got, last_got = got
    if not all(names_match(e, g) for e, g in zip(relays_expected, relays_got, strict=True)):
        return False
    return speaker_right if speaker_right is not None else names_match(last_expected, last_got)


def score_doc(doc: RealGoldDoc, report: Report) -> DocTally:
    """Compare one report with its gold document."""
    tally = DocTally()
    sources: dict[str, Source] = {source.id: source for source in report.sources}
    predicted = [a for a in report.attributions if doc.in_region(a.content.start)]
    gold = doc.attributions
    pairs = match_overlap(
        [single(a.content.start, a.content.end) for a in gold],
        [single(a.content.start, a.content.end) for a in predicted],
    )
    entity_of = _entity_map(doc, report)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    doubtful_pred = {p for g, p in pairs if gold[g].doubtful}
    tally.gold = sum(not a.doubtful for a in gold)
    tally.predicted = len(predicted) - len(doubtful_pred)
    for g_index, p_index in pairs:
        expected, got = gold[g_index], predicted[p_index]
        if expected.doubtful:
            continue
        tally.content_matched += 1
        got_source = sources.get(got.source.entity or "")
        got_type = _predicted_type(got, sources)
        if expected.source is None:
            right = got.source.type == "unattributed"
        else:
            right = got_source is not None and entity_of.get(got_source.id) == (
                expected.source.entity
            )
        tally.speaker_right += right
        if not right:
            _note(tally, "wrong speaker", doc, expected, got_source.name if got_source else "-")
        if expected.source is not None and got.source.type != "unattributed":
            gold_type = doc.entity(expected.source.entity).type
            tally.type_total += 1
            tally.type_right += gold_type == got_type
            if gold_type != got_type:
                tally.errors[f"type {gold_type} as {got_type}"] += 1
                named = f"{got_source.name if got_source else '-'} ({got_type})"
                tally.examples.append(_example("wrong type", doc, expected, named))
        chain_got = [link.name for link in got.chain if link.type != "unattributed"]
        tally.chain_total += 1
        chain_ok = _chain_right(
            expected.chain, chain_got, right if expected.source is not None else None
        )
        tally.chain_right += chain_ok
        if not chain_ok:
            _note(tally, "wrong chain", doc, expected, " > ".join(chain_got))
    for index, expected in enumerate(gold):
        if expected.doubtful:
            continue
        kind = doc.entity(expected.source.entity).type if expected.source else None
        if index not in matched_gold:
            _note(tally, "missed attribution", doc, expected, "")
        if kind == "anonymous":
            tally.anonymous_total += 1
            hit = next((p for g, p in pairs if g == index), None)
            found = hit is not None and _predicted_type(predicted[hit], sources) == "anonymous"
            tally.anonymous_found += found
            if not found:
                tally.errors["anonymous source not flagged"] += 1
    for index in range(len(predicted)):
        if index not in matched_pred:
            tally.errors["spurious attribution"] += 1
            spurious = predicted[index]
            tally.examples.append(
                {
                    "doc": doc.id,
                    "kind": "spurious attribution",
                    "at": f"{spurious.content.start}-{spurious.content.end}",
                    "expected": "",
                    "got": spurious.source.text or spurious.source.type,
                }
            )
    tally.gold_sources = _gold_source_count(doc)
    tally.predicted_sources = len(
        {
            a.source.entity
            for a in predicted
            if a.source.entity in sources
            and sources[a.source.entity].original
            and sources[a.source.entity].type != "unattributed"
        }
    )
    low, high = tally.gold_sources
    tally.count_right = int(low <= tally.predicted_sources <= high)
    return tally


def _predicted_type(attribution: Attribution, sources: Mapping[str, Source]) -> SourceType:
    source = sources.get(attribution.source.entity or "")
    kind: SourceType = source.type if source is not None else attribution.source.type
    return kind


def _gold_source_count(doc: RealGoldDoc) -> tuple[int, int]:
    """Independent original sources: (those behind sure attributions, with doubtful ones too)."""
    sure: set[str] = set()
    every: set[str] = set()
    for attribution in doc.attributions:
        if attribution.source is None or not doc.entity(attribution.source.entity).original:
            continue
        every.add(attribution.source.entity)
        if not attribution.doubtful:
            sure.add(attribution.source.entity)
    return len(sure), len(every)


def _note(
    tally: DocTally, kind: str, doc: RealGoldDoc, expected: RealAttribution, got: str
) -> None:
    tally.errors[kind] += 1
    tally.examples.append(_example(kind, doc, expected, got))


def _example(kind: str, doc: RealGoldDoc, expected: RealAttribution, got: str) -> dict[str, str]:
    name = doc.entity(expected.source.entity).name if expected.source else "(no source)"
    if kind == "wrong chain":
        name = " > ".join(expected.chain)
    elif kind == "wrong type" and expected.source is not None:
        name = f"{name} ({doc.entity(expected.source.entity).type})"
    return {
        "doc": doc.id,
        "kind": kind,
        "at": f"{expected.content.start}-{expected.content.end}",
        "expected": name,
        "got": got,
    }


_FIGURES = {
    "speaker_precision": ("speaker_right", "predicted"),
    "speaker_recall": ("speaker_right", "gold"),
    "content_recall": ("content_matched", "gold"),
    "content_precision": ("content_matched", "predicted"),
    "type_accuracy": ("type_right", "type_total"),
    "chain_accuracy": ("chain_right", "chain_total"),
    "anonymous_recall": ("anonymous_found", "anonymous_total"),
}


def _figures(totals: Mapping[str, float]) -> dict[str, float]:
    out = {
        name: totals[num] / totals[den] if totals[den] else float("nan")
        for name, (num, den) in _FIGURES.items()
    }
    p, r = out["speaker_precision"], out["speaker_recall"]
    out["speaker_f1"] = 2 * p * r / (p + r) if p + r else float("nan")
    out["source_count_right"] = totals["count_right"] / totals["docs"] if totals["docs"] else 0.0
    return out


_COUNTED = (
    "gold",
    "predicted",
    "content_matched",
    "speaker_right",
    "type_total",
    "type_right",
    "chain_total",
    "chain_right",
    "anonymous_total",
    "anonymous_found",
    "count_right",
)


def score_real(
    articles: Sequence[RealArticle], reports: Iterable[Report], *, seed: int = 13
) -> dict[str, Any]:
    """Figures with 95% intervals (outlets resampled), error classes with counts, examples."""
    tallies = []
    for item, report in zip(articles, reports, strict=True):
        if report.article.text != item.article.text:
            raise ValueError(f"report for {item.gold.id!r} was made from a different text")
        tallies.append(score_doc(item.gold, report))
    matrix = np.array([[getattr(t, name) for name in _COUNTED] for t in tallies], dtype=np.float64)

    def statistic(index: IntArray) -> dict[str, float]:
        sums = matrix[index].sum(axis=0)
        return _figures({**dict(zip(_COUNTED, sums, strict=True)), "docs": float(len(index))})

    point = statistic(np.arange(len(tallies)))
    intervals = bootstrap_clusters(statistic, [a.gold.outlet for a in articles], seed=seed)
    errors: Counter[str] = Counter()
    for tally in tallies:
        errors.update(tally.errors)
    return {
        "n_articles": len(articles),
        "n_outlets": len({a.gold.outlet for a in articles}),
        "n_gold_attributions": int(matrix[:, 0].sum()),
        "n_predicted_attributions": int(matrix[:, 1].sum()),
        **{name: {"value": value, "ci95": intervals[name]} for name, value in point.items()},
        "errors": dict(errors.most_common()),
        "per_article": [
            {
                "id": item.gold.id,
                "outlet": item.gold.outlet,
                "category": item.gold.category,
                "speaker_right": tally.speaker_right,
                "gold": tally.gold,
                "predicted": tally.predicted,
                "sources_gold": list(tally.gold_sources),
                "sources_predicted": tally.predicted_sources,
            }
            for item, tally in zip(articles, tallies, strict=True)
        ],
        "examples": [example for tally in tallies for example in tally.examples],
    }

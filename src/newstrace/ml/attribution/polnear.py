"""Reader and span scorer for PolNeAR (BRAT standoff attribution annotations of political news)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newstrace.errors import MalformedInputError
from newstrace.ml.attribution.gold import SpanKey, SpanTally, single, unique
from newstrace.model import Attribution

Role = Literal["source", "cue", "content"]
ROLES: tuple[Role, ...] = ("source", "cue", "content")
# "tagger" is the best learned tagger installed (see evaluate_split).

# Surfaces may run over several lines; continuation lines match neither pattern and are skipped.
_TEXT_BOUND = re.compile(r"^(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")
# Event argument roles: "Content2" continues a content split over two text bounds.
_ARGUMENT_ROLES: dict[str, Role] = {"Source": "source", "Cue": "cue", "Content": "content"}


class PolnearAttribution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    source: SpanKey | None = None
    cue: SpanKey | None = None
    content: SpanKey | None = None


class PolnearDoc(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="file name without extension: <publisher>_<date>_<slug>")
    text: str
    annotator: str
    publisher: str | None = None
    date: str | None = None
    attributions: list[PolnearAttribution] = Field(default_factory=list)

    def spans(self, role: Role) -> list[SpanKey]:
        """Distinct gold spans of one role."""
        return unique(key for a in self.attributions if (key := getattr(a, role)) is not None)


def read_polnear(split_dir: str | Path) -> list[PolnearDoc]:
    """Articles of one split (`<split>/text`, `<split>/attributions`), sorted by id.

    Where several annotators annotated an article, the first annotation file by sorted name is used.
    """
    split = Path(split_dir)
    chosen: dict[str, Path] = {}
    for path in sorted((split / "attributions").glob("*.ann")):
        doc_id, _, _ = path.stem.rpartition("_")
        chosen.setdefault(doc_id, path)
    return [_read_doc(split / "text" / f"{doc_id}.txt", path) for doc_id, path in chosen.items()]


def _read_doc(text_path: Path, ann_path: Path) -> PolnearDoc:
    if not text_path.exists():
        raise MalformedInputError("annotation without its text file", path=str(ann_path))
    # newline="" keeps "\r\n" as two characters, as the BRAT offsets count them.
    with text_path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    doc_id, _, annotator = ann_path.stem.rpartition("_")
    publisher, date = _name_parts(doc_id)
    return PolnearDoc(
        id=doc_id,
        text=text,
        annotator=annotator,
        publisher=publisher,
        date=date,
        attributions=parse_ann(ann_path.read_text(encoding="utf-8"), len(text), str(ann_path)),
    )


def _name_parts(doc_id: str) -> tuple[str | None, str | None]:
    parts = doc_id.split("_")
    if len(parts) >= 3 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", parts[1]):
        return parts[0], parts[1]
    return None, None


def parse_ann(ann: str, text_length: int, path: str = "<ann>") -> list[PolnearAttribution]:
    """Attributions of one BRAT file; events with neither cue nor content are dropped."""
    bounds: dict[str, SpanKey] = {}
    events: list[tuple[str, list[str]]] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        if match := _TEXT_BOUND.match(line):
            bounds[match[1]] = _segments(match[3], text_length, path, number)
        elif match := _EVENT.match(line):
            events.append((match[1], match[2].split()))
    attributions = [_attribution(event_id, arguments, bounds) for event_id, arguments in events]
    return [a for a in attributions if a.cue is not None or a.content is not None]


def _segments(offsets: str, text_length: int, path: str, line: int) -> SpanKey:
    segments = []
    for part in offsets.split(";"):
        start, end = (int(value) for value in part.split())
        if not 0 <= start <= end <= text_length:
            raise MalformedInputError(
                f"offsets {start}-{end} outside the text", path=path, line=line
            )
        segments.append((start, end))
    return tuple(segments)


def _attribution(
    event_id: str, arguments: Sequence[str], bounds: Mapping[str, SpanKey]
) -> PolnearAttribution:
    spans: dict[Role, SpanKey] = {}
    for argument in arguments[1:]:  # the first argument is the event's own trigger
        name, _, bound_id = argument.partition(":")
        role = _ARGUMENT_ROLES.get(name.rstrip("0123456789"))
        if role is None or bound_id not in bounds:
            continue
        spans[role] = tuple(sorted(spans.get(role, ()) + bounds[bound_id]))
    return PolnearAttribution(id=event_id, **spans)


def predicted_spans(attributions: Sequence[Attribution], role: Role) -> list[SpanKey]:
    """Distinct spans of one role in newstrace's output; unattributed sources are not mentions."""
    keys: list[SpanKey] = []
    for attribution in attributions:
        if role == "source" and attribution.source.type != "unattributed":
            keys.append(single(attribution.source.start, attribution.source.end))
        elif role == "cue" and attribution.cue is not None:
            keys.append(single(attribution.cue.start, attribution.cue.end))
        elif role == "content":
            keys.append(single(attribution.content.start, attribution.content.end))
    return unique(keys)


def score_polnear(
    docs: Sequence[PolnearDoc], predicted: Mapping[str, Sequence[Attribution]]
) -> dict[str, Any]:
    """Micro-averaged exact and overlap P/R/F1 per role; a doc missing from `predicted` has none."""
    tallies = {role: SpanTally() for role in ROLES}
    for doc in docs:
        ours = predicted.get(doc.id, ())
        for role in ROLES:
            tallies[role].add(doc.spans(role), predicted_spans(ours, role))
    result: dict[str, Any] = {
        "n_articles": len(docs),
        "n_gold": sum(len(doc.attributions) for doc in docs),
    }
    for role, tally in tallies.items():
        scores = tally.scores()
        result[role] = {
            "exact": scores.exact.model_dump(),
            "overlap": scores.partial.model_dump(),
        }
    return result

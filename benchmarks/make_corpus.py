"""Build a large benchmark corpus (JSONL.gz, outside the repo) from the shared real corpora.

Usage: python benchmarks/make_corpus.py [--count 100000] [--shared ../shared]
                                        [--out /tmp/newstrace-corpus-100000.jsonl.gz]

Originals (real texts, read at run time, never copied into the repo), in this order:
  1. fakenewsnet/gossipcop.jsonl.gz   20,169 entertainment articles (id, title, date, domain, url)
  2. fakenewsnet/politifact_train.jsonl  581 political articles
  3. fnc1/train_bodies.csv            1,683 news bodies (no title, outlet or date)
  4. polnear/{train,dev}/text/*.txt     924 political articles (title, publisher, date from
                                        metadata.tsv)
Texts are deduplicated by content id (sha1 of the whitespace-normalised text, as the store does),
so every record has a distinct text and an ingest stores exactly `--count` articles.

Variants fill the rest, deterministically: round r = 1, 2, ... walks the originals in order and
gives original number i the variant kind KINDS[(i + r) % 4], seeded with "<original id>:<r>":
  - shuffled:  the paragraphs in a shuffled order (a near-duplicate re-post);
  - truncated: the first 50-80 % of the paragraphs plus "Read the full story at <outlet>."
               (a partial copy that credits its source);
  - wrapped:   framing sentences around the whole text ("<Outlet> reports:" ... "This story
               was originally published by <outlet>."; "From the wires:" when the outlet is
               unknown): a repost that contains the original;
  - trimmed:   every sentence kept except about one in eight, dropped at random (an edited copy).
Each variant gets a new outlet from REPOSTERS (`reposter-<n>.example`), a date 1-9 days after the
original's (none when the original has none), the original's title (with " | <Outlet>" on
wrapped ones), id "<original id>~<r>", and metadata `variant_of` (original id) and `variant`
(kind): a ground truth for copy detection and direction. Records: id, title, date, outlet, url,
text, variant_of, variant (JSON Lines; read with `newstrace ingest FILE`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newstrace.loaders import LoadOptions, load
from newstrace.model import article_id

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("shuffled", "truncated", "wrapped", "trimmed")
REPOSTERS = tuple(f"reposter-{n:02d}.example" for n in range(1, 41))
UNKNOWN_OUTLET = "its original outlet"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

Record = dict[str, Any]


def originals(shared: Path) -> Iterator[Record]:
    """The real articles of the shared corpora, in a fixed order."""
    news = shared / "datasets" / "fakenewsnet"
    for name, preset in (
        ("gossipcop.jsonl.gz", "gossipcop"),
        ("politifact_train.jsonl", "politifact"),
    ):
        for article in load(news / name, LoadOptions(preset=preset, skip_bad=True), problems=[]):
            yield {
                "id": article.id,
                "title": article.title,
                "date": article.date,
                "outlet": article.outlet,
                "url": article.url,
                "text": article.text,
            }
    bodies = shared / "datasets" / "fnc1" / "train_bodies.csv"
    for article in load(bodies, LoadOptions(preset="fnc1-bodies")):
        yield {"id": f"fnc1-{article.id}", "text": article.text}
    yield from _polnear(shared / "datasets" / "polnear")


def _polnear(root: Path) -> Iterator[Record]:
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        meta = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    for split in ("train", "dev"):
        for path in sorted((root / split / "text").glob("*.txt")):
            row = meta.get(path.stem, {})
            yield {
                "id": f"polnear-{path.stem}",
                "title": row.get("title") or None,
                "date": row.get("publication_date") or None,
                "outlet": row.get("publisher") or None,
                "text": path.read_text(encoding="utf-8"),
            }


def _paragraphs(text: str) -> list[str]:
    found = [part.strip() for part in re.split(r"\n\s*\n|\n", text) if part.strip()]
    return found or [text.strip()]


def shuffled(text: str, rng: random.Random, outlet: str) -> str:
    parts = _paragraphs(text)
    rng.shuffle(parts)
    return "\n\n".join(parts)


def truncated(text: str, rng: random.Random, outlet: str) -> str:
    parts = _paragraphs(text)
    keep = max(1, round(len(parts) * rng.uniform(0.5, 0.8)))
    return "\n\n".join([*parts[:keep], f"Read the full story at {outlet}."])


def wrapped(text: str, rng: random.Random, outlet: str) -> str:
    if outlet == UNKNOWN_OUTLET:
        return f"From the wires:\n\n{text.strip()}"
    name = outlet.split(".")[0].replace("-", " ").title()
    return f"{name} reports:\n\n{text.strip()}\n\nThis story was originally published by {outlet}."


def trimmed(text: str, rng: random.Random, outlet: str) -> str:
    sentences = _SENTENCE.split(text.strip())
    kept = [s for s in sentences if rng.random() >= 0.125] or sentences[:1]
    return " ".join(kept)


MAKERS: dict[str, Callable[[str, random.Random, str], str]] = {
    "shuffled": shuffled,
    "truncated": truncated,
    "wrapped": wrapped,
    "trimmed": trimmed,
}


def variant(original: Record, number: int, round_: int) -> Record:
    rng = random.Random(f"{original['id']}:{round_}")
    kind = KINDS[(number + round_) % len(KINDS)]
    credited = original.get("outlet") or UNKNOWN_OUTLET
    outlet = rng.choice(REPOSTERS)
    title = original.get("title")
    if kind == "wrapped" and title:
        title = f"{title} | {outlet.split('.')[0].replace('-', ' ').title()}"
    return {
        "id": f"{original['id']}~{round_}",
        "title": title,
        "date": _later(original.get("date"), rng.randint(1, 9)),
        "outlet": outlet,
        "url": f"https://{outlet}/{original['id']}-{round_}",
        "text": MAKERS[kind](original["text"], rng, credited),
        "variant_of": original["id"],
        "variant": kind,
    }


def _later(date: str | None, days: int) -> str | None:
    if not date:
        return None
    try:
        return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return None


def build(shared: Path, count: int) -> Iterator[Record]:
    """`count` records with distinct texts: the originals first, then variants round by round."""
    seen: set[str] = set()
    pool: list[Record] = []
    for record in originals(shared):
        if len(seen) >= count:
            return
        key = article_id(record["text"])
        if key not in seen:
            seen.add(key)
            pool.append(record)
            yield record
    round_ = 1
    while len(seen) < count:
        for number, original in enumerate(pool):
            if len(seen) >= count:
                return
            record = variant(original, number, round_)
            key = article_id(record["text"])
            if key not in seen:
                seen.add(key)
                yield record
        round_ += 1


def write(records: Iterator[Record], out: Path) -> int:
    written = 0
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=3) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    if not (args.shared / "datasets").exists():
        sys.exit(f"shared corpora not found under {args.shared}")
    out = args.out or Path(f"/tmp/newstrace-corpus-{args.count}.jsonl.gz")
    if out.resolve().is_relative_to(ROOT):
        sys.exit("write the corpus outside the repository (it holds third-party text)")
    written = write(build(args.shared, args.count), out)
    print(json.dumps({"records": written, "out": str(out), "bytes": out.stat().st_size}))


if __name__ == "__main__":
    main()

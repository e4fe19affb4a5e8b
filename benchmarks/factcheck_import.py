"""Import speed of fact-checks: N ClaimReview records (generated from self-written templates) in
one DataFeed file, imported into a new store as `newstrace factchecks import` does, then again
(idempotent: nothing new). The baseline in the same process is `json.loads` of the same file,
so the ratio says what locating records, building them and writing the store cost on top.

Usage: python benchmarks/factcheck_import.py [--records 10000]
Goal (issue 17): 10k records in <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from newstrace.corpus.factcheck_import import import_factchecks
from newstrace.corpus.store import open_store

PLACES = ("the harbour", "the old mill", "Lake Vessen", "the north bridge", "the city library")
THINGS = ("closed for ten years", "built in 1920", "sold for one pound", "flooded twice")
RATINGS = ("False", "Mostly False", "Half True", "Mostly True", "True", "Misleading")


def review(number: int) -> dict[str, Any]:
    place = PLACES[number % len(PLACES)]
    thing = THINGS[(number // len(PLACES)) % len(THINGS)]
    return {
        "@type": "ClaimReview",
        "claimReviewed": f"Claim {number}: {place} was {thing}, according to post {number}.",
        "url": f"https://checks.example/{number}",
        "author": {"@type": "Organization", "name": f"Checker {number % 17}"},
        "datePublished": f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "reviewRating": {"@type": "Rating", "alternateName": RATINGS[number % len(RATINGS)]},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": f"Speaker {number % 101}"},
            "appearance": [{"@type": "CreativeWork", "url": f"https://news.example/{number}"}],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [review(n)]} for n in range(args.records)
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.json"
        path.write_text(json.dumps(feed, indent=1), encoding="utf-8")
        started = time.perf_counter()
        json.loads(path.read_text(encoding="utf-8"))
        baseline = time.perf_counter() - started
        with open_store(Path(folder) / "s.sqlite") as store:
            started = time.perf_counter()
            first = import_factchecks([path], store)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = import_factchecks([path], store)
            repeat = time.perf_counter() - started
        size = path.stat().st_size
    print(
        json.dumps(
            {
                "records": args.records,
                "file_mb": round(size / 1e6, 2),
                "import_s": round(seconds, 2),
                "stored": first.stored,
                "reimport_s": round(repeat, 2),
                "reimport_new": again.stored,
                "json_loads_s": round(baseline, 3),
                "ratio_to_json_loads": round(seconds / baseline, 1),
                "target_s": 10.0,
                "met": seconds <= 10.0,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

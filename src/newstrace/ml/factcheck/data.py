"""The CheckThat! verified-claim retrieval files: checked claims, query tweets, TREC qrels.

Claims: `vclaim_id, vclaim, title` TSV (header, CSV quoting); queries: `tweet_id, tweet_content`
TSV; qrels: `query_id 0 claim_id relevance` lines. A line that does not parse names its file
and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from newstrace.errors import InputError, MalformedInputError


@dataclass(frozen=True)
class CheckedClaim:
    """A claim a fact-checker has checked: its id, the claim as stated, the article's title."""

    claim_id: str
    claim: str
    title: str = ""

    @property
    def text(self) -> str:
        """Claim and title as one text: the title often names the claim in other words."""
        return f"{self.claim} {self.title}".strip()


@dataclass(frozen=True)
class Query:
    query_id: str
    text: str


def _tsv_rows(path: Path, columns: int) -> list[tuple[int, list[str]]]:
    """(line number, fields) of each data row after the header; short rows are an error."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    with handle:
        reader = csv.reader(handle, delimiter="\t")
        rows: list[tuple[int, list[str]]] = []
        try:
            header = next(reader, None)
            if header is None:
                raise MalformedInputError("empty file", path=str(path))
            for fields in reader:
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) < columns or not fields[0].strip():
                    raise MalformedInputError(
                        f"expected {columns} tab-separated fields, found {len(fields)}",
                        path=str(path),
                        line=reader.line_num,
                    )
                rows.append((reader.line_num, fields))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise MalformedInputError(str(exc), path=str(path), line=reader.line_num) from exc
    return rows


def read_claims(path: Path) -> list[CheckedClaim]:
    """Checked claims from a `vclaim_id, vclaim[, title]` TSV."""
    claims = [
        CheckedClaim(f[0].strip(), f[1].strip(), f[2].strip() if len(f) > 2 else "")
        for _, f in _tsv_rows(path, 2)
    ]
    if not claims:
        raise MalformedInputError("no checked claims", path=str(path))
    return claims


def read_queries(path: Path) -> list[Query]:
    """Queries from a `tweet_id, tweet_content` TSV."""
    return [Query(f[0].strip(), f[1].strip()) for _, f in _tsv_rows(path, 2)]


def read_qrels(path: Path) -> dict[str, set[str]]:
    """The relevant claim ids of each query from TREC qrels (`query 0 claim relevance`)."""
    relevant: dict[str, set[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from exc
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4 or not fields[3].lstrip("-").isdigit():
            raise MalformedInputError(
                "expected `query_id 0 claim_id relevance`", path=str(path), line=number
            )
        if int(fields[3]) > 0:
            relevant.setdefault(fields[0], set()).add(fields[2])
    return relevant


# Where the CheckThat! files lie under ../shared.
DATASET = Path("datasets") / "claim_retrieval"


@dataclass(frozen=True)
class Split:
    """A split's query texts (as written) and the claim ids that verify each."""

    texts: list[str]
    relevant: list[set[str]]


def read_split(folder: Path) -> Split:
    """The queries of a split folder (tweets.queries.tsv, tweet-vclaim-pairs.qrels) that the
    qrels answer."""
    qrels = read_qrels(folder / "tweet-vclaim-pairs.qrels")
    queries = [q for q in read_queries(folder / "tweets.queries.tsv") if q.query_id in qrels]
    return Split([q.text for q in queries], [qrels[q.query_id] for q in queries])

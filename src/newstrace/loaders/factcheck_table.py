"""Fact-check tables: CSV/TSV with named columns, and presets for the CLEF CheckThat!
verified-claims TSV and the LIAR TSV (PolitiFact statements with verdicts and speakers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace

from newstrace.errors import EmptyInputError, InputError, MalformedInputError
from newstrace.loaders.claimreview import OnBad
from newstrace.loaders.values import normalise_date
from newstrace.loaders.verdicts import verdict_of
from newstrace.model import FactCheck, Provenance, factcheck_id

_LIAR_HEADER = (
    "id",
    "label",
    "statement",
    "subjects",
    "speaker",
    "speaker_job",
    "state",
    "party",
    "barely_true_count",
    "false_count",
    "half_true_count",
    "mostly_true_count",
    "pants_on_fire_count",
    "context",
)


@dataclass(frozen=True)
class FactCheckColumns:
    """Which column holds what; `claim` is required, the rest may be absent (None)."""

    claim: str = "claim"
    verdict: str | None = "verdict"
    url: str | None = "url"
    date: str | None = "date"
    publisher: str | None = "publisher"
    speaker: str | None = "speaker"
    title: str | None = "title"
    # A row key: with it, two checks of the same wording without a url stay two records.
    key: str | None = None


@dataclass(frozen=True)
class TableFormat:
    """How one kind of table is written: separator, quoting, header, fixed values."""

    delimiter: str
    columns: FactCheckColumns
    header: tuple[str, ...] | None = None  # column names, when the file's own are unusable
    has_header_row: bool = False  # with `header`: the file's own header row, to pass over
    quoted: bool = True
    publisher: str | None = None  # who published every row, when the file does not say
    speaker_slugs: bool = False  # "dwayne-bohac" -> "Dwayne Bohac"


PRESETS: dict[str, TableFormat] = {
    # vclaim_id, vclaim, title; the README says the checks are Snopes's, with no verdicts.
    "clef": TableFormat(
        "\t",
        FactCheckColumns(
            claim="vclaim",
            verdict=None,
            url=None,
            date=None,
            publisher=None,
            speaker=None,
            title="title",
            key="vclaim_id",
        ),
        # Its header row leaves the id column unnamed: the names are given here instead.
        header=("vclaim_id", "vclaim", "title"),
        has_header_row=True,
        publisher="Snopes",
    ),
    # LIAR has no header and bare quote characters inside statements: read verbatim.
    "liar": TableFormat(
        "\t",
        FactCheckColumns(
            claim="statement",
            verdict="label",
            url=None,
            date=None,
            publisher=None,
            speaker="speaker",
            title=None,
            key="id",
        ),
        header=_LIAR_HEADER,
        quoted=False,
        publisher="PolitiFact",
        speaker_slugs=True,
    ),
}


def table_format(name: str, columns: FactCheckColumns | None = None) -> TableFormat:
    """The layout of a preset ("clef", "liar") or of a plain "csv"/"tsv" with `columns`."""
    if name in PRESETS:
        return PRESETS[name]
    if name not in ("csv", "tsv"):
        raise InputError(f"unknown fact-check table format {name!r}")
    return TableFormat("\t" if name == "tsv" else ",", columns or FactCheckColumns())


def load_factcheck_table(
    text: str, name: str, layout: TableFormat, on_bad: OnBad
) -> Iterator[FactCheck]:
    """One FactCheck per row; a row without a claim (or of the wrong width) is a bad record."""
    source = io.StringIO(text, newline="")
    if layout.quoted:
        reader = csv.reader(source, delimiter=layout.delimiter, quoting=csv.QUOTE_MINIMAL)
    else:
        reader = csv.reader(source, delimiter=layout.delimiter, quoting=csv.QUOTE_NONE)
    header = list(layout.header) if layout.header else _header(reader, name)
    if layout.header and layout.has_header_row:
        next(reader, None)
    columns = _checked_columns(layout.columns, header, name)
    fmt = _format_name(layout)
    rows = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # After a broken row the reader cannot find the next one again: always fatal.
            raise MalformedInputError(f"bad table row: {exc}", path=name, line=line) from exc
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if len(row) != len(header):
            on_bad(
                MalformedInputError(
                    f"row has {len(row)} fields, the header has {len(header)}",
                    path=name,
                    line=line,
                )
            )
            continue
        record = dict(zip(header, row, strict=True))
        check = _row_check(record, columns, layout, Provenance(file=name, line=line, format=fmt))
        if check is None:
            on_bad(
                MalformedInputError(f"row has no claim in {columns.claim!r}", path=name, line=line)
            )
            continue
        yield check
    if rows == 0:
        raise EmptyInputError("no fact-check rows in the table", path=name)


def _format_name(layout: TableFormat) -> str:
    for preset, candidate in PRESETS.items():
        if candidate is layout:
            return preset
    return "tsv" if layout.delimiter == "\t" else "csv"


def _header(reader: Iterator[list[str]], name: str) -> list[str]:
    for row in reader:
        if any(cell.strip() for cell in row):
            return [cell.strip().lstrip("\ufeff") for cell in row]
    raise EmptyInputError("the table is empty", path=name)


def _checked_columns(columns: FactCheckColumns, header: list[str], name: str) -> FactCheckColumns:
    """The columns with those the header lacks dropped; a missing claim column is an error,
    and so is a missing column the user asked for by name (the defaults are only guesses)."""
    if columns.claim not in header:
        raise MalformedInputError(
            f"no claim column {columns.claim!r} (columns: {', '.join(header)}); "
            "name it with --claim-column",
            path=name,
            line=1,
        )
    defaults = FactCheckColumns()
    kept = {}
    for role in ("verdict", "url", "date", "publisher", "speaker", "title", "key"):
        column = getattr(columns, role)
        if column is not None and column not in header:
            if column != getattr(defaults, role):
                raise MalformedInputError(
                    f"no {role} column {column!r} (columns: {', '.join(header)})",
                    path=name,
                    line=1,
                )
            column = None
        kept[role] = column
    return replace(columns, **kept)


def _row_check(
    record: dict[str, str], columns: FactCheckColumns, layout: TableFormat, where: Provenance
) -> FactCheck | None:
    def cell(column: str | None) -> str | None:
        if column is None:
            return None
        return " ".join(record.get(column, "").split()) or None

    claim = cell(columns.claim)
    if claim is None:
        return None
    rating = cell(columns.verdict)
    url = cell(columns.url)
    speaker = cell(columns.speaker)
    if speaker and layout.speaker_slugs:
        speaker = speaker.replace("-", " ").title()
    key = cell(columns.key)
    fmt = where.format or "table"
    return FactCheck(
        id=factcheck_id(url or (f"{fmt}:{key}" if key else None), claim),
        claim_reviewed=claim,
        title=cell(columns.title),
        rating=rating,
        verdict=verdict_of(rating),
        publisher=cell(columns.publisher) or layout.publisher,
        url=url,
        date_published=normalise_date(cell(columns.date)),
        claimant=speaker,
        provenance=where,
    )

"""Import user-supplied domain rating lists (OpenSources, Lin 2023, CSV) and look domains up."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from newstrace.errors import RatingsError
from newstrace.model import Rating
from newstrace.settings import Settings, get_settings

__all__ = [
    "RatingEntry",
    "RatingList",
    "import_ratings",
    "load_rating_lists",
    "lookup",
    "normalize_domain",
]

OPENSOURCES_TYPE_KEYS = ("type", "2nd type", "3rd type")
# Dates the published lists were frozen; a user can override them at import.
DEFAULT_DATES = {"opensources": "2017", "lin2023": "2023"}
DEFAULT_NAMES = {"opensources": "opensources", "lin2023": "lin2023-pc1"}

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


class RatingEntry(BaseModel):
    """One domain's rating in a list: a score (0 low .. 1 high quality), a label, or both."""

    model_config = ConfigDict(extra="forbid")

    score: float | None = None
    label: str | None = None


class RatingList(BaseModel):
    """A rating list as imported; entries are keyed by `normalize_domain(domain)`."""

    model_config = ConfigDict(extra="forbid")

    name: str
    date: str | None = None
    format: str
    source_file: str
    entries: dict[str, RatingEntry]


def normalize_domain(value: str) -> str:
    """`https://WWW.News.Example.com/Politics/?q=1` -> `news.example.com/politics`.

    The path is kept because some lists rate a section (`theguardian.com/observer`) and that
    rating must not spread to the whole domain.
    """
    text = "".join(value.split()).lower()
    text = _SCHEME.sub("", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    host, _, path = text.partition("/")
    host = host.rpartition("@")[2].split(":", 1)[0].strip(".")
    host = host.removeprefix("www.")
    path = path.strip("/")
    return f"{host}/{path}" if path else host


def _candidates(key: str) -> Iterator[str]:
    """Most specific first: the path prefixes, the host, then each parent domain."""
    host, _, path = key.partition("/")
    parts = path.split("/") if path else []
    for cut in range(len(parts), 0, -1):
        yield f"{host}/{'/'.join(parts[:cut])}"
    labels = host.split(".")
    # Stop at two labels: a list never rates a bare suffix such as "co.uk" or "com".
    for first in range(max(len(labels) - 1, 1)):
        yield ".".join(labels[first:])


def lookup(lists: Sequence[RatingList], domain_or_name: str) -> list[Rating]:
    """The most specific matching entry of each list, in list order."""
    key = normalize_domain(domain_or_name)
    if not key:
        return []
    found: list[Rating] = []
    for rating_list in lists:
        for candidate in _candidates(key):
            entry = rating_list.entries.get(candidate)
            if entry is not None:
                found.append(
                    Rating(
                        list_name=rating_list.name,
                        list_date=rating_list.date,
                        score=entry.score,
                        label=entry.label,
                    )
                )
                break
    return found


def lookup_outlet(lists: Sequence[RatingList], name_or_domain: str) -> list[Rating]:
    """Ratings of an outlet given by domain, URL or name: "RT" finds a list keyed rt.com."""
    from newstrace.outlets import outlet_domain

    found = lookup(lists, name_or_domain)
    if found:
        return found
    domain = outlet_domain(name_or_domain)
    return lookup(lists, domain) if domain else []


def _read_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise RatingsError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise RatingsError(f"{path}: not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise RatingsError(f"{path}: cannot read ({error.strerror})") from error
    if not text.strip():
        raise RatingsError(f"{path}: the file is empty")
    return text


def _parse_score(raw: str, where: str) -> float | None:
    if not raw.strip():
        return None
    try:
        score = float(raw)
    except ValueError as error:
        raise RatingsError(f"{where}: score {raw!r} is not a number") from error
    if not math.isfinite(score):
        raise RatingsError(f"{where}: score {raw!r} is not a finite number")
    return score


def _opensources_label(types: Sequence[Any]) -> str | None:
    labels: list[str] = []
    for value in types:
        label = str(value or "").strip().lower()
        if label and label not in labels:
            labels.append(label)
    return ", ".join(labels) or None


def _add(entries: dict[str, RatingEntry], domain: str, entry: RatingEntry, where: str) -> None:
    key = normalize_domain(domain)
    if not key:
        raise RatingsError(f"{where}: empty domain")
    if entry.score is None and entry.label is None:
        return  # an unrated row carries nothing to look up
    # The first occurrence wins so that a list's own ordering decides duplicates.
    entries.setdefault(key, entry)


def _parse_opensources_json(text: str, path: Path) -> dict[str, RatingEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RatingsError(f"{path}:{error.lineno}: invalid JSON ({error.msg})") from error
    if not isinstance(data, dict) or not data:
        raise RatingsError(
            f"{path}: unknown format: expected an OpenSources object {{domain: {{type}}}}"
        )
    entries: dict[str, RatingEntry] = {}
    for domain, record in data.items():
        if not isinstance(record, dict) or "type" not in record:
            raise RatingsError(
                f"{path}: unknown format: entry {domain!r} is not an OpenSources record "
                "with a 'type'"
            )
        label = _opensources_label([record.get(key) for key in OPENSOURCES_TYPE_KEYS])
        _add(entries, domain, RatingEntry(label=label), f"{path}: entry {domain!r}")
    return entries


def _csv_format(header: list[str]) -> str:
    columns = {column.strip().lower() for column in header}
    if "type" in columns and "2nd type" in columns:
        return "opensources"
    if "domain" in columns and "pc1" in columns:
        return "lin2023"
    if "domain" in columns and ({"score", "label"} & columns):
        return "csv"
    raise RatingsError(
        "unknown format: a CSV rating list needs a 'domain' column and a 'score' or 'label' "
        "column (or the OpenSources / Lin et al. 2023 columns); found: " + ", ".join(header)
    )


def _csv_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text))
    header = [column.strip().lower() for column in next(reader, [])]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row

    return header, rows()


def _parse_csv(text: str, path: Path) -> tuple[str, dict[str, RatingEntry]]:
    header, rows = _csv_rows(text)
    try:
        fmt = _csv_format(header)
    except RatingsError as error:
        raise RatingsError(f"{path}: {error.message}") from error
    # OpenSources' CSV leaves the domain column unnamed (and adds a second unnamed one).
    domain_index = 0 if fmt == "opensources" else header.index("domain")
    score_column = "pc1" if fmt == "lin2023" else "score"
    entries: dict[str, RatingEntry] = {}
    for line, cells in rows:
        where = f"{path}:{line}"
        row = dict(zip(header, cells, strict=False))
        if fmt == "opensources":
            entry = RatingEntry(
                label=_opensources_label([row.get(k) for k in OPENSOURCES_TYPE_KEYS])
            )
        else:
            label = (row.get("label") or "").strip() or None
            entry = RatingEntry(score=_parse_score(row.get(score_column) or "", where), label=label)
        domain = cells[domain_index] if domain_index < len(cells) else ""
        _add(entries, domain, entry, where)
    return fmt, entries


def _parse(path: Path) -> tuple[str, dict[str, RatingEntry]]:
    text = _read_text(path)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        fmt, entries = "opensources", _parse_opensources_json(text, path)
    else:
        fmt, entries = _parse_csv(text, path)
    if not entries:
        raise RatingsError(f"{path}: no rated domains in the file")
    return fmt, entries


def _default_name(fmt: str, path: Path) -> str:
    if fmt in DEFAULT_NAMES:
        return DEFAULT_NAMES[fmt]
    return re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._") or "ratings"


def _ratings_dir(data_dir: Path | None) -> Path:
    settings = get_settings() if data_dir is None else Settings(data_dir=data_dir)
    return settings.ratings_dir


def _write_atomically(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def import_ratings(
    path: str | Path,
    *,
    name: str | None = None,
    date: str | None = None,
    data_dir: Path | None = None,
) -> RatingList:
    """Read a rating list, detect its format, and store it as `<ratings_dir>/<name>.json`.

    Importing again under the same name replaces the stored list.
    """
    source = Path(path)
    fmt, entries = _parse(source)
    list_name = (name or _default_name(fmt, source)).strip().lower()
    if not _SAFE_NAME.match(list_name):
        raise RatingsError(
            f"invalid list name {list_name!r}: use letters, digits, '.', '_' or '-' (at most 80)"
        )
    rating_list = RatingList(
        name=list_name,
        date=date or DEFAULT_DATES.get(fmt),
        format=fmt,
        source_file=str(source),
        entries=entries,
    )
    target = _ratings_dir(data_dir) / f"{list_name}.json"
    try:
        _write_atomically(target, rating_list.model_dump_json())
    except OSError as error:
        raise RatingsError(f"{target}: cannot write the rating list ({error.strerror})") from error
    return rating_list


def load_rating_lists(data_dir: Path | None = None) -> list[RatingList]:
    """Every imported list, sorted by name; none imported yet is an empty list, not an error."""
    directory = _ratings_dir(data_dir)
    if not directory.is_dir():
        return []
    lists: list[RatingList] = []
    for file in sorted(directory.glob("*.json")):
        try:
            lists.append(RatingList.model_validate_json(file.read_bytes()))
        except (OSError, ValidationError) as error:
            raise RatingsError(f"{file}: not a readable rating list ({error})") from error
    return lists

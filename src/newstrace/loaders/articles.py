"""Turn the parts read from one record into an Article with provenance, overrides and metadata."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from newstrace.errors import InputError, MalformedInputError
from newstrace.loaders.options import FieldMap, LoadOptions
from newstrace.loaders.values import clean_text, normalise_date, scalar_text
from newstrace.model import Article, Provenance
from newstrace.outlets import normalise_domain

# Names tried, in order, when the caller does not say which field holds what.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "articleBody"),
    "title": ("title", "headline"),
    "date": ("date", "publish_date", "published"),
    "outlet": ("outlet", "site", "domain"),
    "url": ("url", "link"),
    "id": ("id",),
}
ROLES = tuple(ALIASES)
UTF8_CODECS = ("utf-8", "utf-8-sig")


@dataclass(frozen=True)
class Origin:
    """Where records come from: the file (or '<stdin>'), its format and its text encoding."""

    file: str
    format: str
    encoding: str = "utf-8"


@dataclass
class Parts:
    """What one record says about an article, before normalisation and overrides."""

    text: str
    title: str | None = None
    date: object = None
    outlet: str | None = None
    url: str | None = None
    id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class RecordContext:
    """Everything needed to build Articles from the records of one input."""

    origin: Origin
    options: LoadOptions
    fields: FieldMap = field(default_factory=FieldMap)
    problems: list[InputError] | None = None

    def error(self, message: str, line: int | None) -> MalformedInputError:
        return MalformedInputError(message, path=self.origin.file, line=line)

    def skip_or_raise(self, error: InputError) -> None:
        """With skip_bad a bad record is noted and passed over; without, it stops the load."""
        if not self.options.skip_bad:
            raise error
        if self.problems is not None:
            self.problems.append(error)

    def article(self, line: int | None, parts: Parts) -> Article:
        text = clean_text(parts.text)
        if not text:
            raise self.error("the record has no text", line)
        metadata = dict(parts.metadata)
        date = normalise_date(parts.date)
        if date is None and parts.date not in (None, ""):
            metadata["raw_date"] = parts.date
        if self.origin.encoding not in UTF8_CODECS:
            metadata["encoding"] = self.origin.encoding
        outlet = parts.outlet or (normalise_domain(parts.url) if parts.url else None) or None
        return Article(
            text=text,
            id=parts.id or "",
            title=parts.title,
            date=self.options.override_date or date,
            outlet=self.options.outlet or outlet,
            url=parts.url,
            provenance=Provenance(file=self.origin.file, line=line, format=self.origin.format),
            metadata=metadata,
        )

    def record_article(self, line: int | None, record: Mapping[str, Any]) -> Article:
        """An Article from a JSON object or CSV row; fields not mapped are kept as metadata."""
        keys = resolve_keys(list(record.keys()), self.fields)
        text_key = keys["text"]
        if text_key is None:
            wanted = self.fields.text or " / ".join(ALIASES["text"])
            found = ", ".join(map(str, record.keys())) or "none"
            raise self.error(f"no text field {wanted!r}; fields found: {found}", line)
        text = record[text_key]
        if not isinstance(text, str):
            raise self.error(f"field {text_key!r} is not a string", line)
        used = {key for key in keys.values() if key is not None}

        def value(role: str) -> object:
            key = keys[role]
            return None if key is None else record[key]

        return self.article(
            line,
            Parts(
                text=text,
                title=scalar_text(value("title")),
                date=value("date"),
                outlet=scalar_text(value("outlet")),
                url=scalar_text(value("url")),
                id=scalar_text(value("id")),
                metadata={key: val for key, val in record.items() if key not in used},
            ),
        )


def resolve_keys(keys: list[str], fields: FieldMap) -> dict[str, str | None]:
    """The key holding each role; a key named by the caller is never taken by another role."""
    named = {getattr(fields, role) for role in ROLES} - {None}
    free = [key for key in keys if key not in named]
    resolved: dict[str, str | None] = {}
    for role in ROLES:
        explicit = getattr(fields, role)
        if explicit is not None:
            resolved[role] = explicit if explicit in keys else None
        else:
            resolved[role] = find_key(free, role)
            free = [key for key in free if key != resolved[role]]
    return resolved


def find_key(keys: Collection[str], role: str) -> str | None:
    """The first usual name for `role` present among keys, exactly or ignoring case."""
    for name in ALIASES[role]:
        if name in keys:
            return name
    lowered = {key.lower(): key for key in keys if isinstance(key, str)}
    for name in ALIASES[role]:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None

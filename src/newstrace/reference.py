"""The report field reference, generated from the data model so the README cannot drift from it."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from .model import Report, Span

BEGIN = "<!-- field-reference:begin -->"
END = "<!-- field-reference:end -->"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None)) + " or null"
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return "object"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _rows(model: type[BaseModel], prefix: str, seen: set[str]) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        if model is not Span and issubclass(model, Span) and name in Span.model_fields:
            continue  # every span has text/start/end: listed once under Span
        path = f"{prefix}{name}"
        rows.append(f"| `{path}` | {_type_name(field.annotation)} | {field.description or ''} |")
        for nested in _models_in(field.annotation):
            if nested is Span:
                continue
            sub = f"{path}[]." if typing.get_origin(field.annotation) is list else f"{path}."
            key = f"{nested.__name__}@{sub}"
            if key not in seen and sub.count(".") < 4:
                seen.add(key)
                rows.extend(_rows(nested, sub, seen))
    return rows


def field_reference(model: type[BaseModel] = Report) -> str:
    """A markdown table of every field of `model`, nested fields by their dotted path."""
    header = ["| field | type | meaning |", "|---|---|---|"]
    if model is not Report:
        return "\n".join([*header, *_rows(model, "", set())])
    span = [
        f"| `Span.{n}` | {_type_name(f.annotation)} | {f.description} |"
        for n, f in Span.model_fields.items()
    ]
    return "\n".join([*header, *span, *_rows(model, "", set())])


def update_readme(path: str = "README.md", model: type[BaseModel] = Report) -> bool:
    """Rewrite the generated section of a document; True when it changed."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n{field_reference(model)}\n{END}{tail}"
    if new != text:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(new)
    return new != text


if __name__ == "__main__":
    from .corpus.trace import Trace

    update_readme()
    update_readme("docs/trace.md", Trace)

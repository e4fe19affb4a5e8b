"""Generated docs: the report field reference (from the data model) and the module map (from
the modules' docstrings), so the README and docs/architecture.md cannot drift from the code."""

from __future__ import annotations

import ast
import types
import typing
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import Report, Span

BEGIN = "<!-- field-reference:begin -->"
END = "<!-- field-reference:end -->"
MAP_BEGIN = "<!-- module-map:begin -->"
MAP_END = "<!-- module-map:end -->"


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


def module_map() -> str:
    """A markdown table: every module of the package, one line each, from its docstring's first
    paragraph (packages by their `__init__`)."""
    root = Path(str(files("newstrace")))
    rows = ["| module | job |", "|---|---|"]
    for path in sorted(root.rglob("*.py"), key=lambda p: p.relative_to(root).parts):
        relative = path.relative_to(root)
        if relative.name == "__main__.py":
            continue
        if relative.name != "__init__.py":
            name = relative.as_posix()
        else:  # a package, named by its folder
            name = "/".join(relative.parts[:-1] or ("newstrace",)) + "/"
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        summary = " ".join(doc.split("\n\n")[0].split()).replace("|", "\\|")
        rows.append(f"| `{name}` | {summary} |")
    return "\n".join(rows)


def update_section(path: str, begin: str, end: str, content: str) -> bool:
    """Rewrite the generated section between `begin` and `end` of a document; True if changed."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    new = f"{head}{begin}\n{content}\n{end}{tail}"
    if new != text:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(new)
    return new != text


def update_readme(path: str = "README.md", model: type[BaseModel] = Report) -> bool:
    """Rewrite the generated field reference of a document; True when it changed."""
    return update_section(path, BEGIN, END, field_reference(model))


if __name__ == "__main__":
    from .corpus.trace import Trace

    update_readme()
    update_readme("docs/trace.md", Trace)
    update_section("docs/architecture.md", MAP_BEGIN, MAP_END, module_map())

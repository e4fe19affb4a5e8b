"""The models that ship inside the package: where their files are and how one is read."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from newstrace.errors import ModelError


def model_path(file_name: str) -> Path:
    """A shipped model file (in the source tree when newstrace is installed editable)."""
    return Path(str(files("newstrace") / "data" / "models" / file_name))


def read_model_json(file_name: str, what: str) -> dict[str, Any]:
    """The JSON object of a shipped model; `what` names it in the error ("stance model")."""
    try:
        data = json.loads(model_path(file_name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read the shipped {what}: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"the shipped {what} is not a JSON object")
    return data


@functools.cache
def model_version(file_name: str) -> str:
    """A shipped model's version as reports name it: its file and the start of its SHA-256."""
    try:
        digest = hashlib.sha256(model_path(file_name).read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelError(f"cannot read the shipped model {file_name}: {exc}") from exc
    return f"{file_name}@{digest[:12]}"

"""The models that ship inside the package: where their files are and how one is read."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.errors import ModelError

_METADATA = "__metadata__"


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


def write_npz(
    arrays: Mapping[str, npt.NDArray[Any]], metadata: Mapping[str, Any], out: Path
) -> None:
    """One compressed .npz of `arrays` with `metadata` as JSON beside them (the format of the
    MiniLM-based models: only what training changed ships)."""
    contents: dict[str, Any] = dict(arrays)
    contents[_METADATA] = np.frombuffer(json.dumps(metadata).encode("utf-8"), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **contents)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())


def read_npz(
    path: Path, what: str, format_version: int
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """The arrays and metadata of a file `write_npz` wrote, refused as a ModelError naming
    `what` when it is unreadable, lacks its metadata or is of another format."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if not isinstance(data, np.lib.npyio.NpzFile):
                raise ValueError("not an .npz archive")
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, TypeError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ModelError(f"cannot read the {what} {path}: {exc}") from exc
    try:
        metadata = json.loads(arrays.pop(_METADATA).tobytes().decode("utf-8"))
    except (KeyError, ValueError) as exc:
        raise ModelError(f"{what} {path} has no metadata") from exc
    if not isinstance(metadata, dict) or metadata.get("format_version") != format_version:
        raise ModelError(f"{what} {path} is not format {format_version}")
    return arrays, metadata

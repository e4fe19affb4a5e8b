"""A directory loads every supported file in it, recursively and in sorted order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.errors import BinaryInputError, EmptyInputError, InputError
from newstrace.loaders import LoadOptions, load


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b.txt").write_text("The mill reopened as a museum on Saturday.")
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"text": "The orchard sold out of apples by noon."})
        + "\n"
        + json.dumps({"text": "Cider prices rose, the farmers' union said."})
        + "\n"
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.csv").write_text("text\nThe lighthouse keeper retired after 40 years.\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not a supported file")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("An editor's draft that must not load.")
    return tmp_path


def test_directory_loads_supported_files_sorted_and_recursive(folder: Path) -> None:
    articles = list(load(folder))
    files = [Path(a.provenance.file or "").relative_to(folder).as_posix() for a in articles]
    assert files == ["a.jsonl", "a.jsonl", "b.txt", "sub/c.csv"]


def test_bad_file_stops_the_load_unless_skip_bad(folder: Path) -> None:
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(BinaryInputError):
        list(load(folder))
    problems: list[InputError] = []
    articles = list(load(folder, LoadOptions(skip_bad=True), problems=problems))
    assert len(articles) == 4
    assert [Path(p.path or "").name for p in problems] == ["bad.txt"]


def test_directory_without_supported_files_is_empty_input(tmp_path: Path) -> None:
    (tmp_path / "readme.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(EmptyInputError):
        load(tmp_path)

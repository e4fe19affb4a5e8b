"""Fill a store with fact-checks: read every file, then write all of it in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..loaders.factcheck_table import FactCheckColumns
from ..loaders.factchecks import load_factchecks
from ..model import FactCheck
from .store import Store


@dataclass
class FactCheckImport:
    """What an import did: records read, new ones stored, ones already stored, bad ones."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: list[InputError] = field(default_factory=list)


def import_factchecks(
    paths: Sequence[Path],
    store: Store,
    *,
    fmt: str = "auto",
    columns: FactCheckColumns | None = None,
    skip_bad: bool = False,
) -> FactCheckImport:
    """Import fact-check files into `store`.

    Every file is read before anything is written, so a bad record (without `skip_bad`) or an
    unreadable file stops the import with the store as it was; the write is one transaction.
    Importing the same files again stores nothing new.
    """
    summary = FactCheckImport()

    def on_bad(problem: InputError) -> None:
        if not skip_bad:
            raise problem
        summary.skipped.append(problem)

    checks: list[FactCheck] = []
    for path in paths:
        checks.extend(load_factchecks(path, on_bad, fmt=fmt, columns=columns))
    summary.read = len(checks)
    if not checks:
        raise InputError(
            "no fact-checks found in "
            + ", ".join(str(p) for p in paths)
            + (f" ({len(summary.skipped)} bad records skipped)" if summary.skipped else "")
        )
    result = store.save_factchecks(checks)
    summary.stored, summary.duplicates = result.stored, result.duplicates
    return summary

"""Every test runs with its own data directory: caches (sentence vectors of stored fact-checks)
and imported rating lists never land in the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSTRACE_DATA_DIR", str(folder))
        yield folder

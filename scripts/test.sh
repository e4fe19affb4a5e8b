#!/usr/bin/env bash
# Install newstrace with its dev tools into .venv, then run every check CI runs:
# ruff (lint + format), mypy --strict, and the pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy --strict"
.venv/bin/mypy src
echo "== pytest"
.venv/bin/pytest "$@"

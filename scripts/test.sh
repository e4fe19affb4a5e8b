#!/usr/bin/env bash
# Install newstrace with its dev tools into .venv, then run every check CI runs: ruff (lint +
# format), import-linter (the layering), mypy --strict and the pytest suite. The `tagger` extra (CPU
# torch, the MiniLM encoder) comes too, so the transformer attribution tagger is tested, not skipped.
# The browser tests need Debian's chromium: it is installed here when missing (as root, or
# with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
# PostgreSQL's server binaries (initdb, pg_ctl) for the store tests, which start a throwaway
# server of their own on a free port (tests/corpus/postgres_server.py); the packaged service
# itself is not used.
APT_PACKAGES=()
if [ ! -x /usr/bin/chromium ]; then APT_PACKAGES+=(chromium); fi
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    APT_PACKAGES+=(postgresql)
fi
if [ ${#APT_PACKAGES[@]} -gt 0 ] && command -v apt-get >/dev/null; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "== installing ${APT_PACKAGES[*]} for the browser and PostgreSQL tests"
    $SUDO apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null \
        || echo "warning: could not install ${APT_PACKAGES[*]}; their tests will skip"
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,tagger]'
echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== lint-imports (the layering in pyproject.toml)"
.venv/bin/lint-imports --no-cache
echo "== mypy --strict"
.venv/bin/mypy src tests benchmarks
echo "== pytest"
.venv/bin/pytest "$@"

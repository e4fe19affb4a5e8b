#!/usr/bin/env bash
# Install newstrace into .venv and analyse the bundled, self-written example article.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/newstrace analyze examples/port_closure.txt --outlet velmora-today.example "$@"

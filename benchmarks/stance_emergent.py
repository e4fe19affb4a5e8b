"""Stance toward a claim on Emergent (claim vs headline): the dispute layer against the FNC-1
model alone, on the claim-disjoint dev part of Emergent train (one claim in five by a hash of
its id; the official test is held back). Refits the layer into a temporary file (2 s) and
prints one JSON: 3-way accuracy, against recall and precision, 95 % intervals over claims.

Usage: python benchmarks/stance_emergent.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from newstrace.ml.stance.train import train_dispute_and_write

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = train_dispute_and_write(args.shared, Path(folder) / "dispute.json")
    figures.pop("model_path", None)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

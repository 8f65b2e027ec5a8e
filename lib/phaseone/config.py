"""Every path the package uses, derived from the project root."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The data folder: PHASEONE_DATA when set (the builder sets it for the kernels it starts).
DATA = Path(os.environ.get("PHASEONE_DATA") or ROOT / "data")
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
DATAPACKAGE = DATA / "datapackage.json"
# Raw official statistics the derived tables are rebuilt from (`make data RAW=...`).
RAW = Path(os.environ.get("PHASEONE_RAW", ROOT.parent / "shared" / "phase-one" / "raw"))


"""Every path the package uses, derived from the project root.

In a checkout the root holds notebooks/, data/ and reports/. Installed from a wheel, the
notebooks and data are under `<prefix>/share/phaseone/` and reports go to ./reports.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKOUT = (ROOT / "notebooks").is_dir() and (ROOT / "lib" / "phaseone").is_dir()
_HOME = ROOT if CHECKOUT else Path(sys.prefix) / "share" / "phaseone"
# The data folder: PHASEONE_DATA when set (the builder sets it for the kernels it starts).
DATA = Path(os.environ.get("PHASEONE_DATA") or _HOME / "data")
NOTEBOOKS = _HOME / "notebooks"
REPORTS = ROOT / "reports" if CHECKOUT else Path.cwd() / "reports"
DATAPACKAGE = DATA / "datapackage.json"
# Raw official statistics the derived tables are rebuilt from (`make data RAW=...`).
RAW = Path(os.environ.get("PHASEONE_RAW", ROOT.parent / "shared" / "phase-one" / "raw"))


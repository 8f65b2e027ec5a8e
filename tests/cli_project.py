"""A small project in a temporary folder for the command line's tests: fixture notebooks, a
one-table data package; and `phaseone(project, ...)`, the CLI pointed at it."""

import json
import shutil
from pathlib import Path

from phaseone import cli
from phaseone.data import package as datapackage

FIXTURES = Path(__file__).parent / "fixtures"


def make_project(folder: Path, *notebooks: str) -> Path:
    """`folder` with notebooks/ (copies of the named fixtures) and a valid data/."""
    (folder / "notebooks").mkdir()
    (folder / "data").mkdir()
    (folder / "data" / "table.csv").write_text("a\n1\n")
    package = {"version": "0.0.1", "resources": [{"name": "table", "path": "table.csv"}]}
    (folder / "data" / "datapackage.json").write_text(json.dumps(package))
    datapackage.refresh(folder / "data")
    for name in notebooks:
        shutil.copy(FIXTURES / f"{name}.py", folder / "notebooks")
    return folder


def phaseone(project: Path, *args: str, notebooks: Path | None = None) -> int:
    """`phaseone COMMAND ARGS...` on `project`'s folders; the exit status."""
    common = ["--notebooks", str(notebooks or project / "notebooks"), "--reports",
              str(project / "reports"), "--data", str(project / "data")]
    return cli.main([args[0], *common, *args[1:]])

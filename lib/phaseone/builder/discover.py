"""Where the builder reads and writes, and the notebooks it finds there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from phaseone import config

LIB = Path(__file__).resolve().parents[1]  # the phaseone package


class UsageError(ValueError):
    """A request the builder cannot act on (unknown notebook name, bad option)."""


@dataclass(frozen=True)
class Paths:
    """Where the builder reads and writes; every path is injectable (tests use tmp dirs)."""

    notebooks: Path = config.NOTEBOOKS
    reports: Path = config.REPORTS
    data: Path = config.DATA
    lib: Path = LIB

    @property
    def runs(self) -> Path:
        return self.reports / "runs"

    @property
    def failed(self) -> Path:
        return self.reports / "_failed"

    @property
    def locks(self) -> Path:
        return self.reports / ".build"


def notebooks(paths: Paths | None = None) -> dict[str, Path]:
    """Every notebook in the notebooks folder by name (`.py` preferred over `.ipynb`)."""
    paths = paths or Paths()
    found: dict[str, Path] = {}
    for suffix in (".ipynb", ".py"):
        for path in sorted(paths.notebooks.glob(f"*{suffix}")):
            if not path.name.startswith(("_", ".")):
                found[path.stem] = path
    return dict(sorted(found.items()))


def resolve(notebook: str | Path, paths: Paths | None = None) -> Path:
    """A notebook given by name (`compliance`) or path."""
    paths = paths or Paths()
    path = Path(notebook)
    if path.suffix in (".py", ".ipynb") and path.is_file():
        return path
    known = notebooks(paths)
    if str(notebook) in known:
        return known[str(notebook)]
    raise UsageError(
        f"no notebook {str(notebook)!r} in {paths.notebooks}; "
        f"known notebooks: {', '.join(known) or '(none)'}"
    )

"""The cache key of a report (its inputs' hash), the hash a report records, and staleness."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone import parameters as params_mod
from phaseone.builder.discover import Paths
from phaseone.builder.notebook import cells
from phaseone.data import package as datapackage

HASH_SALT = b"phaseone-report/2\n"

_HASH_META = re.compile(
    r'<meta name="phaseone-(input|notebook|report)-hash" content="([0-9a-f]*)">')


def environment_digest(paths: Paths | None = None) -> str:
    """Hash of every file in the data folder and in the `phaseone` package."""
    paths = paths or Paths()
    digest = hashlib.sha256()
    for label, root in (("data", paths.data), ("lib", paths.lib)):
        if not root.is_dir():
            continue
        files = sorted(
            p
            for p in root.rglob("*")
            if p.is_file()
            and "__pycache__" not in p.parts
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and p.suffix != ".pyc"
        )
        for path in files:
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(datapackage.sha256(path).encode())
    return digest.hexdigest()


def notebook_cells(notebook: Path) -> list[tuple[str, list[str], str]]:
    """What a notebook means: each cell's kind, tags and source. The header and other metadata
    (what JupyterLab or jupytext may rewrite on save) are left out."""
    return [(c.kind, list(c.tags), c.source) for c in cells(notebook)]


def input_hash(notebook: Path, values: Mapping[str, Any], env_digest: str) -> str:
    """SHA-256 over the notebook's cells (kind, tags, source), its parameters, the data and
    the package."""
    digest = hashlib.sha256(HASH_SALT)
    digest.update(json.dumps(notebook_cells(notebook)).encode())
    digest.update(params_mod.canonical(values).encode())
    digest.update(env_digest.encode())
    return digest.hexdigest()


UNSEALED = "0" * 64  # the report's own hash is computed with this in its place


def seal(page: str) -> str:
    """Record in a report its own SHA-256 (`phaseone-report-hash`), so damage to it shows."""
    meta = f'<meta name="phaseone-report-hash" content="{UNSEALED}">'
    digest = datapackage.sha256_bytes(page.encode())
    return page.replace(meta, meta.replace(UNSEALED, digest), 1)


def recorded_hashes(html_path: Path) -> dict[str, str]:
    """The hashes an intact report records ("input", "notebook"); empty when the report is
    missing, unsealed, or its bytes differ from its recorded own hash (damaged or truncated)."""
    try:
        page = html_path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found = dict(_HASH_META.findall(page[:4096]))  # written first in <head>
    own = found.pop("report", None)
    if own is None or own == UNSEALED:
        return {}
    meta = f'<meta name="phaseone-report-hash" content="{own}">'
    unsealed = page.replace(meta, meta.replace(own, UNSEALED), 1)
    return found if datapackage.sha256_bytes(unsealed.encode()) == own else {}


def recorded_hash(html_path: Path) -> str | None:
    """The input hash recorded in an intact report, or None."""
    return recorded_hashes(html_path).get("input")


@dataclass
class Job:
    """One report to build: a notebook, its parameter values and where its outputs go."""

    name: str  # notebook name
    stem: str  # output file stem (NAME, or NAME-slug for runs)
    source: Path
    values: dict[str, Any]
    out_dir: Path
    input_hash: str = ""

    @property
    def html(self) -> Path:
        return self.out_dir / f"{self.stem}.html"

    @property
    def ipynb(self) -> Path:
        return self.out_dir / f"{self.stem}.ipynb"

    def cached(self) -> bool:
        """The report is intact, records the current input hash, and its notebook is the one it
        was written with."""
        recorded = recorded_hashes(self.html)
        if recorded.get("input") != self.input_hash:
            return False
        try:
            return datapackage.sha256(self.ipynb) == recorded.get("notebook")
        except OSError:
            return False

"""The cache key of a report (its inputs' hash), the hash a report records, and staleness."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phaseone import datapackage
from phaseone import parameters as params_mod
from phaseone.build.discover import Paths

HASH_SALT = b"phaseone-report/1\n"

_HASH_META = re.compile(r'<meta name="phaseone-input-hash" content="([0-9a-f]*)"')


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


def input_hash(notebook: Path, values: Mapping[str, Any], env_digest: str) -> str:
    """SHA-256 over the notebook source, its parameters, the data and the package."""
    digest = hashlib.sha256(HASH_SALT)
    digest.update(datapackage.sha256(notebook).encode())
    digest.update(params_mod.canonical(values).encode())
    digest.update(env_digest.encode())
    return digest.hexdigest()


def recorded_hash(html_path: Path) -> str | None:
    """The input hash recorded in a report, or None when absent."""
    try:
        with open(html_path, encoding="utf-8", errors="replace") as f:
            head = f.read(65536)
    except OSError:
        return None
    match = _HASH_META.search(head)
    if match is None:  # the meta tag sits after the inlined CSS: read the whole file
        with open(html_path, encoding="utf-8", errors="replace") as f:
            match = _HASH_META.search(f.read())
    return match.group(1) if match else None


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
        """Both outputs exist and the HTML records the current input hash."""
        return self.ipynb.is_file() and recorded_hash(self.html) == self.input_hash

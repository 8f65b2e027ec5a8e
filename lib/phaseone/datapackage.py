"""Read and update `data/datapackage.json` (Frictionless Data Package v2).

Imports no pandas: the report builder uses it on its fast no-change path.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from phaseone import config

if TYPE_CHECKING:
    import pandas


def read(data_dir: Path = config.DATA) -> dict:
    """The data package descriptor."""
    return json.loads((data_dir / "datapackage.json").read_text())


def resource(name: str, data_dir: Path = config.DATA) -> dict:
    """One resource's descriptor; KeyError lists the known names."""
    resources = {r["name"]: r for r in read(data_dir)["resources"]}
    if name not in resources:
        raise KeyError(f"no table {name!r} in {data_dir / 'datapackage.json'}; "
                       f"known tables: {', '.join(resources)}")
    return resources[name]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def table_text(name: str, table: pandas.DataFrame, data_dir: Path = config.DATA) -> str:
    """A table as CSV text in its schema's column order (US$ bn to 6 decimals)."""
    fields = [f["name"] for f in resource(name, data_dir)["schema"]["fields"]]
    return table[fields].to_csv(index=False, float_format="%.6f", lineterminator="\n")


def write_table(name: str, table: pandas.DataFrame, data_dir: Path = config.DATA) -> Path:
    """Write a table as CSV in its schema's column order (US$ bn to 6 decimals)."""
    path = data_dir / resource(name, data_dir)["path"]
    atomic_write(path, table_text(name, table, data_dir).encode())
    return path


def write_texts(texts: dict[str, str], data_dir: Path = config.DATA) -> None:
    """Write several tables' CSV texts: all to temporary files first, then each renamed."""
    temps = []
    try:
        for name, text in texts.items():
            path = data_dir / resource(name, data_dir)["path"]
            fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as out:
                out.write(text.encode())
            os.chmod(tmp, 0o644)
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def refresh(data_dir: Path = config.DATA) -> None:
    """Record each resource's current bytes and sha256 hash in the descriptor."""
    pkg = read(data_dir)
    for res in pkg["resources"]:
        path = data_dir / res["path"]
        res["bytes"] = path.stat().st_size
        res["hash"] = f"sha256:{sha256(path)}"
    atomic_write(data_dir / "datapackage.json", (json.dumps(pkg, indent=2) + "\n").encode())


def stale(data_dir: Path = config.DATA) -> list[str]:
    """Resources whose file no longer matches the recorded bytes or hash."""
    return [res["path"] for res in read(data_dir)["resources"]
            if res.get("hash") != f"sha256:{sha256(data_dir / res['path'])}"]


def version(data_dir: Path = config.DATA) -> str:
    """Data version: the package version and a short hash of every resource's hash."""
    pkg = read(data_dir)
    digest = hashlib.sha256("".join(r.get("hash", "") for r in pkg["resources"]).encode())
    return f"{pkg['version']}+{digest.hexdigest()[:8]}"

"""Read and update `data/datapackage.json` (Frictionless Data Package v2).

Imports no pandas: the report builder uses it on its fast no-change path.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from phaseone import config

if TYPE_CHECKING:
    import pandas


class DataError(ValueError):
    """A data file that is missing, changed since it was recorded, or does not match its schema."""


def read(data_dir: Path = config.DATA) -> dict:
    """The data package descriptor; DataError names the file when it is missing or invalid."""
    path = Path(data_dir) / "datapackage.json"
    try:
        pkg = json.loads(path.read_text(encoding="utf-8-sig"))  # a byte-order mark is allowed
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise DataError(f"{path} is not valid JSON: {exc}") from None
    resources = pkg.get("resources") if isinstance(pkg, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str)
        for r in resources
    ):
        raise DataError(f"{path}: expected an object whose 'resources' list gives each table a "
                        "'name' and a 'path'")
    for key in ("name", "path"):
        seen = [r[key] for r in resources]
        twice = sorted({v for v in seen if seen.count(v) > 1})
        if twice:
            raise DataError(f"{path}: more than one resource has the {key} "
                            f"{', '.join(map(repr, twice))}; list each table once")
    return pkg


def resource(name: str, data_dir: Path = config.DATA) -> dict:
    """One resource's descriptor; KeyError lists the known names."""
    resources = {r["name"]: r for r in read(data_dir)["resources"]}
    if name not in resources:
        raise KeyError(f"no table {name!r} in {data_dir / 'datapackage.json'}; "
                       f"known tables: {', '.join(resources)}")
    return resources[name]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return sha256_bytes(path.read_bytes())


def sha256_bytes(content: bytes) -> str:
    """Hex SHA-256 of `content`."""
    return hashlib.sha256(content).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    write_files({Path(path): data})


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write several files together: each to a temporary file beside it and, only once all of
    them are written (a full disk stops before any rename), each renamed into place in order."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            temps.append((_temp_file(Path(path), data), Path(path)))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def _temp_file(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path` (`.NAME.*.tmp`, mode 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def table_text(name: str, table: pandas.DataFrame, data_dir: Path = config.DATA) -> str:
    """A table as CSV text in its schema's column order (US$ bn to 6 decimals)."""
    fields = [f["name"] for f in resource(name, data_dir)["schema"]["fields"]]
    return table[fields].to_csv(index=False, float_format="%.6f", lineterminator="\n")


def write_texts(texts: dict[str, str], data_dir: Path = config.DATA) -> None:
    """Write several tables' CSV texts: all to temporary files first, then each renamed."""
    write_files({Path(data_dir) / resource(name, data_dir)["path"]: text.encode()
                 for name, text in texts.items()})


def refresh(data_dir: Path = config.DATA, names: list[str] | None = None) -> None:
    """Record the current bytes and sha256 hash of each resource (of those `names` only, when
    given) in the descriptor."""
    pkg = read(data_dir)
    for res in pkg["resources"]:
        if names is not None and res["name"] not in names:
            continue
        path = data_dir / res["path"]
        res["bytes"] = path.stat().st_size
        res["hash"] = f"sha256:{sha256(path)}"
    atomic_write(data_dir / "datapackage.json", (json.dumps(pkg, indent=2) + "\n").encode())


def stale(data_dir: Path = config.DATA) -> list[str]:
    """Resources whose file no longer matches the recorded hash (or is missing)."""
    return [res["path"] for res in read(data_dir)["resources"]
            if res.get("hash") != _file_hash(Path(data_dir) / res["path"])]


def _file_hash(path: Path) -> str | None:
    try:
        return f"sha256:{sha256(path)}"
    except OSError:
        return None


def mismatch_message(path: Path, data_dir: Path) -> str:
    """Why a data file is refused, and how to accept an intended change."""
    if not path.is_file():
        return f"{path} is missing (listed in {Path(data_dir) / 'datapackage.json'})"
    return (f"{path} has changed since {Path(data_dir) / 'datapackage.json'} recorded its "
            f"sha256 hash; if the change is intended, run `phaseone data accept"
            f"{'' if Path(data_dir).resolve() == config.DATA.resolve() else f' --data {data_dir}'}`"
            " (it validates every table, then records the new hashes), or restore the file")


def verify(data_dir: Path = config.DATA) -> None:
    """Raise DataError naming every data file whose bytes differ from the recorded hash."""
    changed = stale(data_dir)
    if changed:
        raise DataError("\n".join(mismatch_message(Path(data_dir) / p, data_dir)
                                   for p in changed))


def version(data_dir: Path = config.DATA) -> str:
    """Data version: the package version and a short hash of the data files' actual hashes."""
    pkg = read(data_dir)
    hashes = [_file_hash(Path(data_dir) / r["path"]) or "missing" for r in pkg["resources"]]
    digest = hashlib.sha256("".join(hashes).encode())
    return f"{pkg.get('version', '0')}+{digest.hexdigest()[:8]}"

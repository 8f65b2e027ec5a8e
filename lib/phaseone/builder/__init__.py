"""Build the notebooks into self-contained HTML reports.

Each notebook in `notebooks/` (a jupytext percent `.py` file) is converted to a notebook in
memory, its parameters are validated before any kernel starts, it is executed with papermill
and exported to HTML with nbconvert, giving `reports/NAME.ipynb` and `reports/NAME.html`.
Notebooks run concurrently, each in its own kernel, driven from a thread pool.

A report records the hash of its inputs (notebook source, parameters, every file of `data/`,
every file of the `phaseone` package) in `<meta name="phaseone-input-hash">`; a report whose
recorded hash equals the current one is not rebuilt. The cache-hit path imports neither
papermill, nbconvert, nbformat, jupytext nor pandas, so a no-change rebuild takes well under a
second.

Outputs are written to unique temporary files in the target folder and renamed into place, so a
failed or concurrent build never leaves a half-written report; a notebook that raises keeps its
executed copy at `reports/_failed/NAME.ipynb` and leaves the previous good report untouched.

Modules: `discover` (paths, notebooks), `cache` (input hash, staleness), `execute` (kernels,
failures), `kernels` (kernels forked from a warm process), `html` (export), `index`
(reports/index.html, reports/runs/index.html).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from phaseone import config
from phaseone import parameters as params_mod
from phaseone.builder import execute
from phaseone.builder.cache import Job, environment_digest, input_hash, recorded_hash
from phaseone.builder.discover import Paths, UsageError, notebooks, resolve
from phaseone.builder.execute import BuildError, Result, say
from phaseone.builder.html import export_html, strip_external
from phaseone.builder.index import index_text, write_index, write_runs_index
from phaseone.builder.notebook import read_parameters
from phaseone.data import package as datapackage
from phaseone.parameters import ParameterError, Rule

Rules = Mapping[str, Rule]  # each report's cross-parameter rule, by notebook name, in reading order


def _writable(folder: Path, option: str) -> None:
    """Refuse, before any kernel starts, an output folder that cannot be created or written."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the {option} folder {folder}: "
                         f"{exc.strerror or exc}") from None
    if not folder.is_dir():
        raise UsageError(f"the {option} folder {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to the {option} folder {folder}: permission denied")


def _inside(folder: Path, other: Path) -> bool:
    folder, other = Path(folder).resolve(), Path(other).resolve()
    return folder == other or other in folder.parents


LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z


def _check_environment() -> None:
    """Refuse a SOURCE_DATE_EPOCH that is not whole seconds since 1970 (the kernels inherit it,
    and IPython hangs a kernel on a value it cannot read)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.strip().isdigit() and int(epoch) <= LATEST_EPOCH):
        raise UsageError(f"SOURCE_DATE_EPOCH={params_mod.shown(epoch)} must be whole seconds "
                         f"since 1970-01-01 UTC (0 to {LATEST_EPOCH}), or unset")


def _check_folders(paths: Paths, out: Path | None = None) -> None:
    """Refuse, before any kernel, a notebooks folder that does not exist, a reports folder
    inside the data or notebooks, and a run's output among the sources or the committed
    reports (UsageError naming the option)."""
    _check_environment()
    if not Path(paths.notebooks).is_dir():
        raise UsageError(f"--notebooks {paths.notebooks} is not a folder")
    sources = {"data": paths.data, "notebooks": paths.notebooks}
    targets = {"--reports": paths.reports} if out is None else {"--out": out}
    for option, folder in targets.items():
        for name, source in sources.items():
            if _inside(folder, source):
                raise UsageError(f"{option} {folder} is inside the {name} folder {source}; "
                                 f"choose a folder of its own")
    if out is not None and Path(out).resolve() == Path(paths.reports).resolve():
        raise UsageError(f"--out {out} is the reports folder, which holds the reports built "
                         f"with default parameters; runs go to {paths.runs} or a folder of "
                         f"their own")


def _values(source: Path, overrides: Mapping[str, Any] | None, paths: Paths, rules: Rules
            ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values, defaults) of a notebook's parameters: `overrides` checked against the
    declarations and the report's rule, on the data the kernel will read."""
    declared = read_parameters(source)
    values = params_mod.validate(declared, overrides or {}, name=source.stem,
                                 rule=rules.get(source.stem), data_dir=paths.data)
    return values, {p.name: p.default for p in declared}


def _report_jobs(names: Iterable[str] | None, paths: Paths, rules: Rules) -> list[Job]:
    _check_folders(paths)
    datapackage.verify(paths.data)
    known = notebooks(paths)
    if names:
        names = list(dict.fromkeys(names))
        unknown = [n for n in names if n not in known]
        if unknown:
            raise UsageError(
                f"no notebook named {', '.join(map(repr, unknown))} in {paths.notebooks}; "
                f"known notebooks: {', '.join(known) or '(none)'}"
            )
    selected = names or list(known)
    env = environment_digest(paths)
    jobs = []
    for name in selected:
        source = known[name]
        values, _ = _values(source, {}, paths, rules)
        job = Job(name, name, source, values, paths.reports)
        job.input_hash = input_hash(source, values, env)
        jobs.append(job)
    return jobs


def build_all(
    names: Iterable[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    *,
    paths: Paths | None = None,
    progress: bool = True,
    timeout: int | None = None,
    rules: Rules | None = None,
) -> list[Result]:
    """Build every notebook (or `names`) with default parameters into reports/NAME.html/.ipynb.

    `rules` are the reports' parameter rules by name (the CLI hands them over; their order is
    the index's reading order). Up-to-date reports are skipped unless `force`. Notebooks run
    `jobs` at a time (default: twice the number of cores); a cell may run `timeout` seconds
    (default 900). Writes reports/index.html.
    Raises BuildError after all notebooks ran when any failed; UsageError for an unknown name or
    an unwritable reports folder; ParameterError for a bad parameters cell; DataError when a data
    file differs from its recorded hash (before any kernel starts).
    """
    paths = paths or Paths()
    todo, results = [], {}
    rules = rules or {}
    for job in _report_jobs(names, paths, rules):
        if not force and job.cached():
            results[job.name] = Result(job.name, "cached", job.html, job.ipynb,
                                       input_hash=job.input_hash)
            say(progress, f"{job.name}: up to date")
        else:
            todo.append(job)
    if todo:
        _writable(paths.reports, "reports")
    for result in execute.run_jobs(todo, paths, force, jobs, progress, timeout):
        results[result.name] = result
    ordered = list(results.values())
    write_index(paths, order=tuple(rules))
    failures = [r for r in ordered if r.status == "failed"]
    if failures:
        raise BuildError(failures, ordered)
    return ordered


def run_name(name: str, values: Mapping[str, Any], defaults: Mapping[str, Any],
             folder: Path | None = None) -> str:
    """Output stem of a run: the notebook name, the changed parameters and a short hash of the
    values and, when it is not the project's notebooks folder, of the notebook's `folder`
    (so same-named notebooks of two folders never overwrite each other's runs)."""
    changed = {k: v for k, v in values.items() if defaults.get(k) != v}
    hashed = params_mod.canonical(values)
    if folder is not None and Path(folder).resolve() != config.NOTEBOOKS.resolve():
        hashed += f"\0{Path(folder).resolve().as_posix()}"
    short = hashlib.sha256(hashed.encode()).hexdigest()[:8]
    parts = []
    for key, value in changed.items():
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key}-{text}")
    slug = re.sub(r"[^A-Za-z0-9_.,-]+", "_", "_".join(parts)).strip("_.") or "defaults"
    return f"{name}-{slug[:60]}-{short}"


def run(
    notebook: str | Path,
    overrides: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
    *,
    force: bool = False,
    paths: Paths | None = None,
    progress: bool = True,
    timeout: int | None = None,
    rules: Rules | None = None,
) -> Result:
    """Build one notebook with `overrides` into OUT_DIR/NAME-<params>.html/.ipynb.

    OUT_DIR defaults to reports/runs. Parameters are validated before any kernel starts
    (ParameterError), so are the data files (DataError) and OUT_DIR (UsageError). Raises
    BuildError when the notebook fails.
    """
    paths = paths or Paths()
    out_dir = Path(out_dir) if out_dir is not None else paths.runs
    _check_folders(paths, out_dir)
    datapackage.verify(paths.data)
    source = resolve(notebook, paths)
    values, defaults = _values(source, overrides, paths, rules or {})
    stem = run_name(source.stem, values, defaults, source.parent)
    job = Job(source.stem, stem, source, values, out_dir)
    job.input_hash = input_hash(source, values, environment_digest(paths))
    if not force and job.cached():
        say(progress, f"{stem}: up to date")
        result = Result(stem, "cached", job.html, job.ipynb, input_hash=job.input_hash)
    else:
        _writable(out_dir, "output")
        [result] = execute.run_jobs([job], paths, force, 1, progress, timeout)
    if out_dir.resolve() == paths.runs.resolve():
        write_runs_index(paths)
    if result.status == "failed":
        raise BuildError([result])
    return result


def stale_reports(names: Iterable[str] | None = None, *, paths: Paths | None = None,
                  rules: Rules | None = None) -> list[str]:
    """Notebooks whose report is missing or was built from other inputs than the current ones."""
    paths = paths or Paths()
    rules = rules or {}
    stale = [job.name for job in _report_jobs(names, paths, rules) if not job.cached()]
    index = paths.reports / "index.html"
    if not names and index.is_file() and index.read_bytes() != index_text(paths, tuple(rules)):
        stale.append("index")  # damaged, or behind the reports it lists
    return stale


__all__ = [
    "BuildError",
    "ParameterError",
    "Paths",
    "Result",
    "UsageError",
    "build_all",
    "environment_digest",
    "export_html",
    "input_hash",
    "notebooks",
    "recorded_hash",
    "resolve",
    "run",
    "run_name",
    "stale_reports",
    "strip_external",
    "write_index",
    "write_runs_index",
]

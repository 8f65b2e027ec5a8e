"""Run notebooks in kernels with papermill, write their reports, and report failures."""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from phaseone import __version__, config, datapackage
from phaseone.build.cache import Job
from phaseone.build.discover import Paths
from phaseone.build.html import export_html, exporter
from phaseone.build.lazy import Once, import_notebook_stack

KERNEL = "python3"
START_TIMEOUT = 60  # seconds for a kernel to start
CELL_TIMEOUT = int(os.environ.get("PHASEONE_CELL_TIMEOUT", "900"))  # seconds per cell

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass
class Result:
    """What happened to one report: status is 'built', 'cached' or 'failed'."""

    name: str
    status: str
    html: Path
    ipynb: Path
    seconds: float = 0.0
    error: str | None = None
    input_hash: str = ""
    failed_notebook: Path | None = None


class BuildError(RuntimeError):
    """One or more notebooks failed; the message names each notebook, cell and exception."""

    def __init__(self, failures: list[Result], results: list[Result] | None = None):
        self.failures = failures
        self.results = results or failures
        super().__init__("\n\n".join(f.error or f"{f.name}: failed" for f in failures))


@contextlib.contextmanager
def _lock(paths: Paths, stem: str):
    """An exclusive lock per output, so two builds of one report run one after the other."""
    try:
        import fcntl
    except ImportError:  # not POSIX: atomic renames still keep files whole
        yield
        return
    paths.locks.mkdir(parents=True, exist_ok=True)
    with open(paths.locks / f"{stem}.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _single_threaded_kernels(active: bool):
    """Kernels started meanwhile use one BLAS/OpenMP thread each (unless already set): with
    several notebooks at once, extra threads only fight over the cores."""
    added = [v for v in _ONE_THREAD if active and v not in os.environ]
    for var in added:
        os.environ[var] = "1"
    try:
        yield
    finally:
        for var in added:
            os.environ.pop(var, None)


def say(progress: bool, message: str) -> None:
    """Progress on stderr, one write per message so threads do not interleave."""
    if progress:
        sys.stderr.write(f"phaseone: {message}\n")


def _title(nb) -> str | None:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def _load(source: Path):
    """The notebook as an nbformat node, converted in memory from jupytext percent format."""
    import jupytext
    import nbformat

    text = source.read_text(encoding="utf-8")
    if source.suffix == ".ipynb":
        nb = nbformat.reads(text, as_version=4)
    else:
        nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def _shown(path: Path) -> str:
    """A path as recorded in a notebook: relative to the project, so no machine path leaks."""
    try:
        return path.resolve().relative_to(config.ROOT).as_posix()
    except ValueError:
        return path.name


def _first_line(source: str) -> str:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    code = [line for line in lines if not line.startswith("#")]
    return (code or lines or [""])[0]


def _failure_message(job: Job, exc: BaseException, nb, kept: Path | None) -> str:
    from papermill.exceptions import PapermillExecutionError

    where = f"notebook {job.name!r} ({job.source})"
    if isinstance(exc, PapermillExecutionError):
        index = exc.cell_index
        # report the index among the notebook's own cells (papermill injects one cell)
        if nb is not None:
            injected = [
                i
                for i, c in enumerate(nb.cells[:index])
                if "injected-parameters" in c.metadata.get("tags", [])
            ]
            index -= len(injected)
        text = (
            f"{where} failed in cell {index} (counting from 0): {_first_line(exc.source)}\n"
            f"{exc.ename}: {exc.evalue}"
        )
        tail = [_ANSI.sub("", line) for line in exc.traceback][-4:]
        if tail:
            text += "\n  " + "\n  ".join("\n".join(tail).splitlines()[-8:])
    else:
        text = f"{where} failed: {type(exc).__name__}: {_ANSI.sub('', str(exc)).strip()}"
    if kept is not None:
        text += f"\nexecuted notebook kept at {kept}"
    return text


def _execute_and_write(job: Job, paths: Paths, shared: Mapping[str, Callable], progress: bool,
                       force: bool) -> Result:
    start = time.monotonic()
    result = Result(job.name if job.stem == job.name else job.stem, "built", job.html, job.ipynb,
                    input_hash=job.input_hash)
    with _lock(paths, job.stem):
        if not force and job.cached():  # a concurrent build made it meanwhile
            result.status = "cached"
            return result
        say(progress, f"{result.name}: started")
        import_notebook_stack()
        import nbformat
        import papermill
        from papermill.exceptions import PapermillExecutionError

        job.out_dir.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=job.out_dir, prefix=f".{job.stem}.tmp-", suffix=".ipynb")
        os.close(fd)
        scratch_path = Path(scratch)
        try:
            nb = _load(job.source)
            try:
                nb = papermill.execute_notebook(
                    nb,
                    str(scratch_path),
                    parameters=job.values,
                    kernel_name=KERNEL,
                    language="python",
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    start_timeout=START_TIMEOUT,
                    execution_timeout=CELL_TIMEOUT,
                    resources={"metadata": {"path": str(job.source.parent)}},
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                )
            except Exception as exc:  # noqa: BLE001 - every failure is reported the same way
                kept = None
                executed = None
                if scratch_path.stat().st_size > 0:
                    paths.failed.mkdir(parents=True, exist_ok=True)
                    kept = paths.failed / f"{job.stem}.ipynb"
                    os.chmod(scratch_path, 0o644)
                    os.replace(scratch_path, kept)
                    if isinstance(exc, PapermillExecutionError):
                        executed = nbformat.read(kept, as_version=4)
                result.status, result.failed_notebook = "failed", kept
                result.error = _failure_message(job, exc, executed, kept)
                result.seconds = time.monotonic() - start
                say(progress, f"{result.name}: FAILED after {result.seconds:.1f} s")
                return result
            info = {
                "title": _title(nb) or job.name,
                "notebook": job.name,
                "source": job.source.name,
                "parameters": job.values,
                "data_version": shared["data_version"](),
                "package_version": __version__,
                "built": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "input_hash": job.input_hash,
            }
            nb.metadata["phaseone"] = info
            nb.metadata.setdefault("papermill", {})
            nb.metadata["papermill"]["input_path"] = _shown(job.source)
            nb.metadata["papermill"]["output_path"] = _shown(job.ipynb)
            try:
                body = export_html(nb, info)
                datapackage.atomic_write(job.ipynb, nbformat.writes(nb).encode())
                # the HTML last: its recorded hash marks the pair complete
                datapackage.atomic_write(job.html, body.encode())
            except Exception as exc:  # noqa: BLE001
                result.status = "failed"
                result.error = (f"notebook {job.name!r} ({job.source}) ran, but writing its "
                                f"report failed: {type(exc).__name__}: {exc}")
                result.seconds = time.monotonic() - start
                say(progress, f"{result.name}: FAILED after {result.seconds:.1f} s")
                return result
        finally:
            scratch_path.unlink(missing_ok=True)
    result.seconds = time.monotonic() - start
    say(progress, f"{result.name}: done in {result.seconds:.1f} s")
    return result


def run_jobs(jobs: list[Job], paths: Paths, force: bool, workers: int | None,
             progress: bool) -> list[Result]:
    """Execute `jobs`, `workers` at a time (default: the number of cores), in their order."""
    shared = {"data_version": Once(lambda: datapackage.version(paths.data))}
    if not jobs:
        return []
    import_notebook_stack()
    # warm up in the background while the kernels start
    for warm in (shared["data_version"], exporter):
        threading.Thread(target=warm, daemon=True).start()
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        return [_execute_and_write(job, paths, shared, progress, force) for job in jobs]
    with (
        _single_threaded_kernels(True),
        concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="phaseone") as pool,
    ):
        futures = [
            pool.submit(_execute_and_write, job, paths, shared, progress, force) for job in jobs
        ]
        return [f.result() for f in futures]

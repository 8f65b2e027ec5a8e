"""Run notebooks in kernels with papermill, write their reports, and report failures."""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import functools
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from phaseone import __version__, config
from phaseone.builder import kernels
from phaseone.builder.cache import Job, seal
from phaseone.builder.discover import Paths
from phaseone.builder.html import export_html, exporter
from phaseone.builder.lazy import Once, import_notebook_stack
from phaseone.data import package as datapackage
from phaseone.present.headline import recorded

KERNEL = "python3"
START_TIMEOUT = 60  # seconds for a kernel to start
CELL_TIMEOUT = 900  # seconds a cell may run (`--timeout`)

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
def _kernel_environment(paths: Paths, parallel: bool):
    """Environment of the kernels started meanwhile: PHASEONE_DATA names the data folder the
    builder was given, so the notebooks read it; with several notebooks at once, each kernel
    uses one BLAS/OpenMP thread (unless already set), as extra threads only fight over cores."""
    settings = {"PHASEONE_DATA": str(Path(paths.data).resolve())}
    settings.update({v: "1" for v in _ONE_THREAD if parallel and v not in os.environ})
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def say(progress: bool, message: str) -> None:
    """Progress on stderr, one write per message so threads do not interleave."""
    if progress:
        sys.stderr.write(f"phaseone: {message}\n")


def _title(nb) -> str | None:
    """The title `headline()` recorded (it names the parameters chosen), else the first
    top-level heading of the notebook's Markdown."""
    title = recorded(nb)["title"]
    if title:
        return title
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
    nb.metadata.pop("jupytext", None)  # else Lab's jupytext takes the executed copy for a pair
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


def _where(job: Job, source_nb, executed_index: int, cell_source: str) -> str:
    """The failing cell as the user sees it: its number in the notebook file (from 1, papermill's
    injected parameters cell not counted) and its line in the file."""
    params = next((i for i, c in enumerate(source_nb.cells)
                   if "parameters" in c.metadata.get("tags", [])), None)
    injected = params is not None and executed_index > params and bool(job.values)
    number = executed_index - injected + 1
    where = f"cell {number} of {len(source_nb.cells)}"
    text = job.source.read_text(encoding="utf-8", errors="replace")
    position = text.find(cell_source) if cell_source.strip() else -1
    if position >= 0:
        where += f", line {text.count(chr(10), 0, position) + 1} of {job.source.name}"
    return where


def _failure_message(job: Job, exc: BaseException, source_nb, kept: Path | None) -> str:
    from papermill.exceptions import PapermillExecutionError

    where = f"notebook {job.name!r} ({job.source})"
    if isinstance(exc, PapermillExecutionError):
        cell = _where(job, source_nb, exc.cell_index, exc.source)
        text = f"{where} failed in {cell}: {_first_line(exc.source)}\n{exc.ename}: {exc.evalue}"
        tail = [_ANSI.sub("", line) for line in exc.traceback][-4:]
        if tail:
            text += "\n  " + "\n  ".join("\n".join(tail).splitlines()[-8:])
    else:
        text = f"{where} failed: {type(exc).__name__}: {_ANSI.sub('', str(exc)).strip()}"
    if kept is not None:
        text += f"\nexecuted notebook kept at {kept}"
    return text


def build_time() -> str | None:
    """When the report was built, taken from SOURCE_DATE_EPOCH (seconds since 1970, UTC) so that
    rebuilding the same inputs gives the same bytes; None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).isoformat(timespec="seconds")


_GT_ID = re.compile(r'<div id="([a-z]{10})"[^>]*>\s*<style>')
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_VOLATILE = ("start_time", "end_time", "duration")


def normalise(nb) -> None:
    """Make an executed notebook depend on its inputs only: cell ids numbered, great_tables'
    random table ids renamed by position, memory addresses in reprs and papermill's timings
    dropped."""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("execution", None)
        for key in _VOLATILE:
            cell.metadata.get("papermill", {}).pop(key, None)
        for j, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            plain = data.get("text/plain")
            if plain is not None:  # reprs like great_tables' name memory addresses
                plain = "".join(plain) if isinstance(plain, list) else plain
                data["text/plain"] = _ADDRESS.sub(" at 0x…", plain)
            page = data.get("text/html")
            if page is None:
                continue
            page = "".join(page) if isinstance(page, list) else page
            for k, old in enumerate(dict.fromkeys(_GT_ID.findall(page))):
                page = re.sub(rf"(?<![\w-]){old}(?![\w-])", f"table-{i}-{j}-{k}", page)
            data["text/html"] = page
    for key in _VOLATILE:
        nb.metadata.get("papermill", {}).pop(key, None)


@contextlib.contextmanager
def _kernel_server(jobs: list[Job]):
    """A kernel manager class whose kernels are forked from a warm server (see `kernels`) where
    the system allows, started before the builder's own imports so the two overlap."""
    server = None
    if kernels.supported():
        server = kernels.KernelServer(jobs[0].source.parent,
                                      kernels.notebook_imports([job.source for job in jobs]))
    try:
        yield kernels.manager_class(server)
    finally:
        if server is not None:
            server.close()


_STOP = threading.Event()  # set on interrupt: kernels are killed, nothing more is written


def _execute_and_write(job: Job, paths: Paths, shared: Mapping[str, Callable], progress: bool,
                       force: bool, timeout: int, manager: type) -> Result:
    start = time.monotonic()
    result = Result(job.name if job.stem == job.name else job.stem, "built", job.html, job.ipynb,
                    input_hash=job.input_hash)

    def failed(error: str, kept: Path | None = None) -> Result:
        result.status, result.error, result.failed_notebook = "failed", error, kept
        result.seconds = time.monotonic() - start
        say(progress, f"{result.name}: FAILED after {result.seconds:.1f} s")
        return result

    with _lock(paths, job.stem):
        if _STOP.is_set():
            return failed(f"notebook {job.name!r}: interrupted before it started")
        if not force and job.cached():  # a concurrent build made it meanwhile
            result.status = "cached"
            return result
        say(progress, f"{result.name}: started")
        import_notebook_stack()
        import nbformat
        import papermill

        job.out_dir.mkdir(parents=True, exist_ok=True)
        for pattern in (f".{job.stem}.tmp-*", f".{job.stem}.ipynb.*.tmp",
                        f".{job.stem}.html.*.tmp"):  # a killed build's: we hold the lock
            for left in job.out_dir.glob(pattern):
                left.unlink(missing_ok=True)
        fd, scratch = tempfile.mkstemp(dir=job.out_dir, prefix=f".{job.stem}.tmp-", suffix=".ipynb")
        os.close(fd)
        scratch_path = Path(scratch)
        try:
            source_nb = _load(job.source)
            try:
                nb = papermill.execute_notebook(
                    source_nb,
                    str(scratch_path),
                    parameters=job.values,
                    kernel_name=KERNEL,
                    language="python",
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    start_timeout=START_TIMEOUT,
                    execution_timeout=timeout,
                    resources={"metadata": {"path": str(job.source.parent)}},
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                    kernel_manager_class=manager,
                    shutdown_kernel="immediate",  # its outputs are in: no need to wait for it
                )
            except Exception as exc:  # noqa: BLE001 - every failure is reported the same way
                if _STOP.is_set():  # its kernel was killed
                    return failed(f"notebook {job.name!r}: interrupted; nothing written")
                kept = None
                if scratch_path.stat().st_size > 0:
                    paths.failed.mkdir(parents=True, exist_ok=True)
                    kept = paths.failed / f"{job.stem}.ipynb"
                    os.chmod(scratch_path, 0o644)
                    os.replace(scratch_path, kept)
                return failed(_failure_message(job, exc, source_nb, kept), kept)
            if _STOP.is_set():
                return failed(f"notebook {job.name!r}: interrupted; nothing written")
            info = {
                "title": _title(nb) or job.name,
                "notebook": job.name,
                "source": job.source.name,
                "parameters": job.values,
                "data_version": shared["data_version"](),
                "package_version": __version__,
                "built": build_time(),
                "input_hash": job.input_hash,
            }
            nb.metadata["phaseone"] = info
            nb.metadata.setdefault("papermill", {})
            nb.metadata["papermill"]["input_path"] = _shown(job.source)
            nb.metadata["papermill"]["output_path"] = _shown(job.ipynb)
            normalise(nb)
            try:
                notebook = nbformat.writes(nb).encode()
                body = seal(export_html(nb, info, datapackage.sha256_bytes(notebook)))
                # both written before either is renamed (a full disk leaves neither); the HTML
                # renamed last: its recorded hashes mark the pair complete
                datapackage.write_files({job.ipynb: notebook, job.html: body.encode()})
            except Exception as exc:  # noqa: BLE001
                return failed(f"notebook {job.name!r} ({job.source}) ran, but writing its "
                              f"report failed: {type(exc).__name__}: {exc}")
        finally:
            scratch_path.unlink(missing_ok=True)
    result.seconds = time.monotonic() - start
    say(progress, f"{result.name}: done in {result.seconds:.1f} s")
    return result


def run_jobs(jobs: list[Job], paths: Paths, force: bool, workers: int | None, progress: bool,
             timeout: int | None = None) -> list[Result]:
    """Execute `jobs`, `workers` at a time (default: twice the number of cores, so that a core a
    kernel leaves while it waits on messages goes to another), in their order; a cell may run
    `timeout` seconds (default CELL_TIMEOUT). On KeyboardInterrupt (SIGINT, or SIGTERM
    through the command line) running kernels are killed, nothing more is written and temp files
    are removed."""
    shared = {"data_version": Once(lambda: datapackage.version(paths.data))}
    if not jobs:
        return []
    timeout = timeout or CELL_TIMEOUT
    workers = max(1, min(workers or 2 * (os.cpu_count() or 1), len(jobs)))
    _STOP.clear()
    with _kernel_environment(paths, workers > 1), _kernel_server(jobs) as manager:
        import_notebook_stack()
        # warm up in the background while the kernels start
        for warm in (shared["data_version"], exporter):
            threading.Thread(target=warm, daemon=True).start()
        run = functools.partial(_execute_and_write, paths=paths, shared=shared,
                                progress=progress, force=force, timeout=timeout, manager=manager)
        if workers == 1:
            try:
                return [run(job) for job in jobs]
            except KeyboardInterrupt:
                _STOP.set()
                kernels.kill_running()
                raise
        with concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="phaseone") as pool:
            futures = [pool.submit(run, job) for job in jobs]
            try:
                return [f.result() for f in futures]
            except KeyboardInterrupt:
                _STOP.set()
                kernels.kill_running()
                pool.shutdown(wait=True, cancel_futures=True)
                raise

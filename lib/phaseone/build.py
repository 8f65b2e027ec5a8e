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
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import functools
import hashlib
import html
import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phaseone import __version__, config, datapackage
from phaseone import parameters as params_mod
from phaseone.headline import format_value, headlines
from phaseone.parameters import ParameterError

LIB = Path(__file__).resolve().parent
TEMPLATES = LIB / "templates"
KERNEL = "python3"
START_TIMEOUT = 60  # seconds for a kernel to start
CELL_TIMEOUT = int(os.environ.get("PHASEONE_CELL_TIMEOUT", "900"))  # seconds per cell
HASH_SALT = b"phaseone-report/1\n"

_HASH_META = re.compile(r'<meta name="phaseone-input-hash" content="([0-9a-f]*)"')
_EXTERNAL_SCRIPT = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""", re.I
)
_EXTERNAL_LINK = re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)
_HEADING = re.compile(r'<h([1-4])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANCHOR = re.compile(r'<a class="anchor-link".*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


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


# ----------------------------------------------------------------------------- notebooks


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


# ----------------------------------------------------------------------------- hashing


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


# ----------------------------------------------------------------------------- writing


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


# ----------------------------------------------------------------------------- lazy imports


_IMPORT_LOCK = threading.Lock()


def _import_notebook_stack():
    """Import papermill and jupytext (which import nbformat) once.

    `jsonschema` imports `rfc3987_syntax` to check the "iri" format, which costs ~1.6 s and is
    never needed for notebooks; hide it during the import.
    """
    with _IMPORT_LOCK:
        if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
            sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
            try:
                import jsonschema  # noqa: F401
            finally:
                del sys.modules["rfc3987_syntax"]
        import jupytext  # noqa: F401
        import papermill  # noqa: F401

        # papermill's own parameter parser warns about annotated lines with comments
        # ("Unable to parse line", "Passed unknown parameter"); phaseone validates them itself
        logging.getLogger("papermill").setLevel(logging.ERROR)


class _Once:
    """A value computed once, on first use, from any thread."""

    def __init__(self, func: Callable[[], Any]):
        self._func, self._lock, self._done, self._value = func, threading.Lock(), False, None

    def __call__(self):
        with self._lock:
            if not self._done:
                self._value, self._done = self._func(), True
            return self._value


_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


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


# ----------------------------------------------------------------------------- HTML export

_EXPORT_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def exporter():
    """The HTML exporter, configured once per process."""
    _import_notebook_stack()
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TemplateExporter.exclude_input = True
    c.TemplateExporter.exclude_input_prompt = True
    c.TemplateExporter.exclude_output_prompt = True
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    c.HTMLExporter.embed_images = True
    log = logging.getLogger("phaseone.nbconvert")  # quiet: "alternative text is missing"
    log.setLevel(logging.ERROR)
    return HTMLExporter(
        config=c, template_name="phaseone", extra_template_basedirs=[str(TEMPLATES)], log=log
    )


def _header_html(info: Mapping[str, Any]) -> str:
    esc = html.escape
    rows = "".join(
        f"<code>{esc(k)}</code> = <code>{esc(json.dumps(v, ensure_ascii=False))}</code><br>"
        for k, v in info["parameters"].items()
    ) or "(none)"
    return (
        '<div class="phaseone-header"><table>'
        f"<tr><th>Parameters</th><td>{rows}</td></tr>"
        f"<tr><th>Data version</th><td><code>{esc(info['data_version'])}</code></td></tr>"
        f"<tr><th>Package</th><td>phaseone {esc(info['package_version'])}</td></tr>"
        f"<tr><th>Built</th><td>{esc(info['built'])}</td></tr>"
        f"<tr><th>Input hash</th><td><code title=\"{esc(info['input_hash'])}\">"
        f"{esc(info['input_hash'][:16])}</code></td></tr>"
        "</table></div>"
    )


def _toc_html(body: str) -> str:
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(_TAG.sub("", _ANCHOR.sub("", inner))).strip()
        if text:
            items.append(
                f'<li class="toc-h{level}"><a href="#{anchor}">{html.escape(text)}</a></li>'
            )
    if len(items) < 2:
        return ""
    return ('<nav class="phaseone-toc"><strong>Contents</strong><ul>'
            + "".join(items) + "</ul></nav>")


def strip_external(text: str) -> str:
    """Remove any `<script src>` or `<link href>` that would load from the network."""
    return _EXTERNAL_LINK.sub("", _EXTERNAL_SCRIPT.sub("", text))


def export_html(nb, info: Mapping[str, Any]) -> str:
    """Self-contained HTML of an executed notebook with a header box and table of contents."""
    resources = {
        "metadata": {"name": info.get("title", "report")},
        "phaseone": {**info, "header_html": _header_html(info)},
    }
    with _EXPORT_LOCK:
        body, _ = exporter().from_notebook_node(nb, resources=resources)
    body = body.replace("<!--phaseone-toc-->", _toc_html(body), 1)
    # first thing in <head>, so that recorded_hash() finds it without reading the whole file
    meta = f'\n<meta name="phaseone-input-hash" content="{html.escape(info["input_hash"])}">'
    body = re.sub(r"<head\b[^>]*>", lambda m: m.group(0) + meta, body, count=1)
    return strip_external(body)


# ----------------------------------------------------------------------------- one job


@dataclass
class _Job:
    name: str  # notebook name
    stem: str  # output file stem (NAME, or NAME-slug for runs)
    source: Path
    values: dict[str, Any]
    out_dir: Path
    input_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def html(self) -> Path:
        return self.out_dir / f"{self.stem}.html"

    @property
    def ipynb(self) -> Path:
        return self.out_dir / f"{self.stem}.ipynb"

    def cached(self) -> bool:
        return self.ipynb.is_file() and recorded_hash(self.html) == self.input_hash


def _say(progress: bool, message: str) -> None:
    if progress:
        sys.stderr.write(f"phaseone: {message}\n")  # one write: threads do not interleave


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


def _failure_message(job: _Job, exc: BaseException, nb, kept: Path | None) -> str:
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


def _execute_and_write(job: _Job, paths: Paths, shared: Mapping[str, Callable], progress: bool,
                       force: bool) -> Result:
    start = time.monotonic()
    result = Result(job.name if job.stem == job.name else job.stem, "built", job.html, job.ipynb,
                    input_hash=job.input_hash)
    with _lock(paths, job.stem):
        if not force and job.cached():  # a concurrent build made it meanwhile
            result.status = "cached"
            return result
        _say(progress, f"{result.name}: started")
        _import_notebook_stack()
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
                _say(progress, f"{result.name}: FAILED after {result.seconds:.1f} s")
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
                **job.extra,
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
                _say(progress, f"{result.name}: FAILED after {result.seconds:.1f} s")
                return result
        finally:
            scratch_path.unlink(missing_ok=True)
    result.seconds = time.monotonic() - start
    _say(progress, f"{result.name}: done in {result.seconds:.1f} s")
    return result


def _run_jobs(jobs: list[_Job], paths: Paths, force: bool, workers: int | None,
              progress: bool) -> list[Result]:
    shared = {"data_version": _Once(lambda: datapackage.version(paths.data))}
    if not jobs:
        return []
    _import_notebook_stack()
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


# ----------------------------------------------------------------------------- public API


def _report_jobs(names: Iterable[str] | None, paths: Paths) -> list[_Job]:
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
        values = params_mod.validate(source, {})
        job = _Job(name, name, source, values, paths.reports)
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
) -> list[Result]:
    """Build every notebook (or `names`) with default parameters into reports/NAME.html/.ipynb.

    Up-to-date reports are skipped unless `force`. Notebooks run `jobs` at a time (default: the
    number of cores). Writes reports/index.html. Raises BuildError after all notebooks ran
    when any failed; UsageError for an unknown name; ParameterError for a bad parameters cell.
    """
    paths = paths or Paths()
    todo, results = [], {}
    for job in _report_jobs(names, paths):
        if not force and job.cached():
            results[job.name] = Result(job.name, "cached", job.html, job.ipynb,
                                       input_hash=job.input_hash)
            _say(progress, f"{job.name}: up to date")
        else:
            todo.append(job)
    for result in _run_jobs(todo, paths, force, jobs, progress):
        results[result.name] = result
    ordered = list(results.values())
    write_index(paths)
    failures = [r for r in ordered if r.status == "failed"]
    if failures:
        raise BuildError(failures, ordered)
    return ordered


def run_name(name: str, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> str:
    """Output stem of a run: the notebook name, the changed parameters and a short hash."""
    changed = {k: v for k, v in values.items() if defaults.get(k) != v}
    short = hashlib.sha256(params_mod.canonical(values).encode()).hexdigest()[:8]
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
) -> Result:
    """Build one notebook with `overrides` into OUT_DIR/NAME-<params>.html/.ipynb.

    OUT_DIR defaults to reports/runs. Parameters are validated before any kernel starts
    (ParameterError). Raises BuildError when the notebook fails.
    """
    paths = paths or Paths()
    source = resolve(notebook, paths)
    declared = params_mod.read_parameters(source)
    values = params_mod.validate(declared, overrides or {}, name=source.stem)
    defaults = {p.name: p.default for p in declared}
    out_dir = Path(out_dir) if out_dir is not None else paths.runs
    stem = run_name(source.stem, values, defaults)
    job = _Job(source.stem, stem, source, values, out_dir)
    job.input_hash = input_hash(source, values, environment_digest(paths))
    if not force and job.cached():
        _say(progress, f"{stem}: up to date")
        result = Result(stem, "cached", job.html, job.ipynb, input_hash=job.input_hash)
    else:
        [result] = _run_jobs([job], paths, force, 1, progress)
    if out_dir.resolve() == paths.runs.resolve():
        write_index(paths)
    if result.status == "failed":
        raise BuildError([result])
    return result


def stale_reports(names: Iterable[str] | None = None, *, paths: Paths | None = None) -> list[str]:
    """Notebooks whose report is missing or was built from other inputs than the current ones."""
    paths = paths or Paths()
    return [job.name for job in _report_jobs(names, paths) if not job.cached()]


# ----------------------------------------------------------------------------- index


def _report_entry(html_path: Path) -> dict[str, Any] | None:
    ipynb = html_path.with_suffix(".ipynb")
    try:
        nb = json.loads(ipynb.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    meta = nb.get("metadata", {}).get("phaseone")
    if not isinstance(meta, dict):
        return None
    return {"href": html_path, "meta": meta, "headline": headlines(nb)}


_INDEX_CSS = """
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif;
  margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top;
  font-size: 14px; }
th { background: #f3f3f3; }
code { font-size: 12px; }
dl { margin: 0; } dt { font-weight: 600; display: inline; } dd { display: inline; margin: 0; }
dd::after { content: ""; display: block; }
.muted { color: #666; font-size: 12px; }
"""


def _index_rows(entries: list[dict[str, Any]], base: Path) -> str:
    esc = html.escape
    rows = []
    for entry in entries:
        meta = entry["meta"]
        href = entry["href"].relative_to(base).as_posix()
        numbers = "".join(
            f"<dt>{esc(k)}:</dt> <dd>{esc(format_value(v))}</dd>"
            for k, v in entry["headline"].items()
        )
        parameters = "".join(
            f"<code>{esc(k)}={esc(json.dumps(v, ensure_ascii=False))}</code><br>"
            for k, v in meta.get("parameters", {}).items()
        )
        rows.append(
            f'<tr><td><a href="{esc(href)}">{esc(str(meta.get("title", href)))}</a>'
            f'<div class="muted">{esc(href)}</div></td>'
            f"<td><dl>{numbers}</dl></td><td>{parameters}</td>"
            f"<td><code>{esc(str(meta.get('data_version', '')))}</code>"
            f'<div class="muted">built {esc(str(meta.get("built", "")))}</div></td></tr>'
        )
    head = ("<tr><th>Report</th><th>Headline numbers</th><th>Parameters</th>"
            "<th>Data version</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def write_index(paths: Paths | None = None) -> Path:
    """reports/index.html: every report and run with title, headlines, parameters, data version.

    Self-contained (inline CSS, no scripts); rewritten only when its content changes.
    """
    paths = paths or Paths()
    reports = [e for p in sorted(paths.reports.glob("*.html")) if p.name != "index.html"
               and (e := _report_entry(p))]
    runs = [e for p in sorted(paths.runs.glob("*.html")) if (e := _report_entry(p))]
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        f"<title>Phase One reports</title><style>{_INDEX_CSS}</style></head><body>",
        "<h1>Phase One reports</h1>",
        _index_rows(reports, paths.reports) if reports else "<p>No reports built yet.</p>",
    ]
    if runs:
        body += ["<h2>Runs with other parameters</h2>", _index_rows(runs, paths.reports)]
    body.append(f'<p class="muted">phaseone {html.escape(__version__)}</p></body></html>\n')
    text = "\n".join(body).encode()
    index = paths.reports / "index.html"
    if not index.is_file() or index.read_bytes() != text:
        datapackage.atomic_write(index, text)
    return index


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
    "run",
    "run_name",
    "stale_reports",
    "write_index",
]

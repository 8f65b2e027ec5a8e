"""The indexes: reports/index.html lists the committed reports, reports/runs/index.html the runs.

Each entry shows the report's title, its one-line finding, its headline figures and a small
thumbnail of its lead chart (the first image it shows), all embedded: no network request.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

from phaseone import __version__
from phaseone.builder.discover import Paths
from phaseone.builder.notebook import read_parameters
from phaseone.data import package as datapackage
from phaseone.present.headline import headlines, recorded, strip_html

THUMB_WIDTH = 240  # px, the thumbnail's width (twice the width it is shown at)
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'none'; "
       "form-action 'none'; base-uri 'none'")


def finding(nb: dict[str, Any]) -> str:
    """The report's one-line finding, as its `headline()` call recorded it."""
    return recorded(nb)["finding"] or ""


def thumbnail(nb: dict[str, Any], width: int = THUMB_WIDTH) -> str | None:
    """The first PNG a notebook shows, scaled to `width` px, as a data: URL (None if none)."""
    for cell in nb.get("cells", []):
        if "remove_cell" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                from PIL import Image

                image = Image.open(io.BytesIO(base64.b64decode("".join(png))))
                image.thumbnail((width, width * 4))
                out = io.BytesIO()
                image.convert("RGB").save(out, format="PNG", optimize=True)
                return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    return None


def _report_entry(html_path: Path) -> dict[str, Any] | None:
    ipynb = html_path.with_suffix(".ipynb")
    try:
        nb = json.loads(ipynb.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    meta = nb.get("metadata", {}).get("phaseone")
    if not isinstance(meta, dict):
        return None
    return {"href": html_path, "meta": meta, "headline": headlines(nb), "finding": finding(nb),
            "thumbnail": thumbnail(nb)}


_INDEX_CSS = """
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif;
  margin: 2em auto; max-width: 1000px; padding: 0 1em; color: #222; line-height: 1.4; }
a { color: #0b57d0; }
.report { display: flex; flex-wrap: wrap; gap: 16px; border-top: 1px solid #ddd;
  padding: 16px 0; }
.report img { width: 120px; height: auto; border: 1px solid #ddd; flex: none; }
.report .text { flex: 1 1 260px; min-width: 0; }
.report h2 { font-size: 1.2em; margin: 0 0 4px 0; }
.finding { margin: 0 0 8px 0; }
.muted { color: #555; font-size: 12px; overflow-wrap: anywhere; }
code { font-size: 12px; }
"""


def _choices(meta: dict[str, Any], notebooks: Path) -> str:
    """The parameters of a run that differ from its notebook's defaults: 'basis=..., ...'."""
    try:
        defaults = {p.name: p.default for p in read_parameters(notebooks / meta["source"])}
    except (OSError, KeyError, ValueError):
        defaults = {}
    chosen = {k: v for k, v in meta.get("parameters", {}).items() if defaults.get(k) != v}
    return ", ".join(f"{k}={', '.join(map(str, v)) if isinstance(v, list) else v}"
                     for k, v in chosen.items()) or "defaults"


def _entries_html(entries: list[dict[str, Any]], base: Path,
                  notebooks: Path | None = None) -> str:
    esc = html.escape
    items = []
    for entry in entries:
        meta = entry["meta"]
        href = esc(entry["href"].relative_to(base).as_posix())
        title = esc(str(meta.get("title", href)))
        if notebooks is not None:  # runs: each titled by the choices it was built with
            title = f"{esc(str(meta.get('notebook', '')))}: {esc(_choices(meta, notebooks))}" \
                    f" &mdash; {title}"
        thumb = (f'<a href="{href}" tabindex="-1"><img src="{entry["thumbnail"]}" '
                 f'alt="Lead chart of {title}"></a>') if entry["thumbnail"] else ""
        parameters = ", ".join(
            f"<code>{esc(k)}={esc(json.dumps(v, ensure_ascii=False))}</code>"
            for k, v in meta.get("parameters", {}).items()
        )
        items.append(
            f'<article class="report">{thumb}<div class="text">'
            f'<h2><a href="{href}">{title}</a></h2>'
            + (f'<p class="finding">{esc(entry["finding"])}</p>' if entry["finding"] else "")
            + strip_html(entry["headline"])
            + f'<div class="muted">Parameters: {parameters or "(none)"}<br>'
            f"Data version <code>{esc(str(meta.get('data_version', '')))}</code></div>"
            "</div></article>"
        )
    return "".join(items)


def _text(folder: Path, title: str, entries: list[dict[str, Any]], back: str = "",
          notebooks: Path | None = None) -> bytes:
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        f"<title>{html.escape(title)}</title><style>{_INDEX_CSS}</style></head><body>",
        back,
        f"<h1>{html.escape(title)}</h1>",
        _entries_html(entries, folder, notebooks) if entries else "<p>No reports built yet.</p>",
        f'<p class="muted">phaseone {html.escape(__version__)}</p></body></html>\n',
    ]
    return "\n".join(part for part in body if part).encode()


def _write(folder: Path, text: bytes) -> Path:
    index = folder / "index.html"
    if not index.is_file() or index.read_bytes() != text:
        datapackage.atomic_write(index, text)
    return index


def index_text(paths: Paths, order: tuple[str, ...] = ()) -> bytes:
    """What reports/index.html holds for the reports now in the reports folder."""
    return _text(paths.reports, "Phase One reports", _entries(paths.reports, order))


def _entries(folder: Path, order: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The reports in `folder`, those named in `order` first, in that order, then the others."""
    def rank(path: Path) -> tuple[int, str]:
        return (order.index(path.stem) if path.stem in order else len(order), path.name)

    return [e for p in sorted(folder.glob("*.html"), key=rank)
            if p.name != "index.html" and (e := _report_entry(p))]


def write_index(paths: Paths | None = None, order: tuple[str, ...] = ()) -> Path:
    """reports/index.html: the reports built with default parameters (never the runs, which
    are not committed). Self-contained (inline CSS and images, no scripts); rewritten only
    when its content changes. Reports named in `order` come first, in that order."""
    paths = paths or Paths()
    return _write(paths.reports, index_text(paths, order))


def write_runs_index(paths: Paths | None = None) -> Path:
    """reports/runs/index.html: every run with other parameters, linking back to the reports."""
    paths = paths or Paths()
    back = '<p><a href="../index.html">&larr; All reports</a></p>'
    return _write(paths.runs, _text(paths.runs, "Phase One reports: runs with other parameters",
                                    _entries(paths.runs), back, paths.notebooks))

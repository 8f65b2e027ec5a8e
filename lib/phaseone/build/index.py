"""reports/index.html: every report and run with its title, headlines and data version."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from phaseone import __version__, datapackage
from phaseone.build.discover import Paths
from phaseone.headline import format_value, headlines


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

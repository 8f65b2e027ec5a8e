"""`phaseone fetch`: add what the official sources published since the last period held.

For each dataset the last period held is read from the raw file names (the names end in
`FIRST_LAST` months or `FIRST-LAST` years); the new periods are downloaded, and only when
every download succeeded are they written as new raw files, each with a row in
`RAW/MANIFEST.csv` (file, bytes, sha256, source URL without keys, retrieval date); the files
`make data` reads (Census HS2, Comtrade USA exports) also get a row in the project's
`data/raw_manifest.csv`, so the next `make data` derives from them. A failure (no network,
missing key, refused or malformed answer) writes nothing.

    phaseone fetch [--raw DIR] [--source NAME]... [--from PERIOD] [--to PERIOD] [--no-cache]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from phaseone.sources import DEFAULT, SourceError, add_fetch_parser, bea, census, comtrade, usda
from phaseone.sources import http as sources_http

MANIFEST = "MANIFEST.csv"
MANIFEST_COLUMNS = ["file", "bytes", "sha256", "source_url", "retrieved", "contents"]
# Datasets `make data` reads, by the name the project's raw manifest gives them: a new file
# of these gets a row in data/raw_manifest.csv too, so the next `make data` derives from it.
DERIVED = {"census-hs2": "census_hs2_monthly", "comtrade-us": "comtrade_annual",
           "usda-esr": "usda_esr_weekly"}
SIGNUP = {"BEA_API_KEY": bea.SIGNUP, usda.KEY: usda.SIGNUP, "CENSUS_API_KEY": census.SIGNUP}
PROJECT_MANIFEST = "raw_manifest.csv"


@dataclass(frozen=True)
class Dataset:
    """One series of raw files: how they are named, downloaded and described."""

    name: str
    held: str  # regex over raw file names; groups: first and last period held
    template: str  # new file name from {first} and {last} period
    monthly: bool
    start: str  # first period to fetch when nothing is held
    key: str | None  # environment variable that must be set
    contents: str
    download: Callable  # (first, last, session) -> frame
    url: Callable  # (first, last) -> source URL without keys
    periods: Callable  # frame -> period label of each row
    weekly: bool = False  # periods fetched are days (YYYY-MM-DD): the weeks after the last held
    last_held: Callable | None = None  # (paths) -> last day held, read from the files
    save: Callable = lambda frame, path: frame.to_parquet(path, index=False)


def _months(frame):
    return frame["time"].dt.strftime("%Y-%m")


def _census(level: str, template: str, start: str, contents: str) -> Dataset:
    return Dataset(
        name=f"census-{level.lower()}",
        held=rf"census-(?:api-)?exports-(?:china|33-partners)-{level.lower()}-monthly-"
             r"(\d{4}-\d{2})_(\d{4}-\d{2})\.parquet",
        template=template, monthly=True, start=start, key="CENSUS_API_KEY", contents=contents,
        download=lambda first, last, s: census.exports(level, first, last, session=s),
        url=lambda first, last: census.source_url(level, first, last), periods=_months)


def _comtrade(name: str, prefix: str, reporter: int, partner: int, flow: str,
              contents: str) -> Dataset:
    keyed = bool(os.environ.get("COMTRADE_API_KEY"))
    return Dataset(
        name=name, held=rf"{prefix}-(\d{{4}})(?:-(\d{{4}}))?\.parquet",
        template=prefix + "-{first}-{last}.parquet", monthly=False, start="2015", key=None,
        contents=contents,
        download=lambda first, last, s: comtrade.annual(
            list(range(int(first), int(last) + 1)), reporter, partner, flow, session=s),
        url=lambda first, last: comtrade.source_url(int(first), int(last), reporter, partner,
                                                    flow, keyed),
        periods=lambda f: f["ref_year"].astype(str))


def _bea_download(first, last, s):
    frame = bea.services_exports(session=s)
    return frame[frame["year"].between(int(first), int(last))].reset_index(drop=True)


def _esr_last_week(paths: list[Path]) -> str:
    """The last week ending held in the raw ESR files."""
    return max(pd.read_csv(p, usecols=["week_ending"], dtype=str)["week_ending"].max()
               for p in paths)


def _esr() -> Dataset:
    return Dataset(
        name="usda-esr",
        held=r"soybeans/usda-esr-soybeans-weekly-(\d{4}-\d{2})_(\d{4}-\d{2})\.csv",
        template="soybeans/usda-esr-soybeans-weekly-{first}_{last}.csv", monthly=True,
        start="2019-09-01", key=usda.KEY,
        contents="USDA FAS Export Sales Reporting (ESR) weekly, soybeans (commodity 801), "
                 "thousand metric tons: net sales, total commitments, weekly and accumulated "
                 "exports for all buyers, China (5700) and the rest, the weeks after the last "
                 "file's",
        download=lambda first, last, s: usda.weeks(first, last, session=s),
        url=lambda first, last: usda.url(usda.market_year(f"{first}-01")),
        periods=lambda f: f["week_ending"].str[:7], weekly=True, last_held=_esr_last_week,
        save=lambda frame, path: frame.to_csv(path, index=False, lineterminator="\n"))


def datasets() -> dict[str, Dataset]:
    """Every dataset `fetch` knows, by name (census-hs10 is fetched only when asked for)."""
    found = [
        _census("HS6", "census-api-exports-china-hs6-monthly-{first}_{last}.parquet", "2013-01",
                "Census intltrade API rows: US exports to China, HS6, monthly, values and "
                "quantities"),
        _census("HS2", "census-api-exports-china-hs2-monthly-{first}_{last}.parquet", "2013-01",
                "Census intltrade API rows: US exports to China, HS2, monthly, values"),
        _census("HS10", "census-api-exports-china-hs10-monthly-{first}_{last}.parquet",
                "2017-01", "Census intltrade API rows: US exports to China, HS10, monthly, "
                "values and quantities"),
        Dataset(name="bea-services",
                held=r"bea-intlservtrade-exports-china-annual-(\d{4})-(\d{4})\.parquet",
                template="bea-intlservtrade-exports-china-annual-{first}-{last}.parquet",
                monthly=False, start="1999", key="BEA_API_KEY",
                contents="BEA IntlServTrade rows: US exports of all services to China, "
                         "annual, US$ millions",
                download=_bea_download, url=lambda first, last: bea.source_url(),
                periods=lambda f: f["year"].astype(str)),
        _comtrade("comtrade-us", "comtrade-us-china-hs-annual", comtrade.USA, comtrade.CHINA,
                  "X", "UN Comtrade reporter USA partner China, annual HS6, exports"),
        _comtrade("comtrade-china", "comtrade-china-us-hs-annual", comtrade.CHINA,
                  comtrade.USA, "M", "UN Comtrade reporter China partner USA, annual HS6, "
                  "imports"),
        _esr(),
    ]
    return {d.name: d for d in found}


@dataclass
class Plan:
    """The periods to ask one dataset for."""

    dataset: Dataset
    first: str
    last: str
    after: str | None  # last period held


def held(raw: Path, dataset: Dataset) -> list[tuple[str, str, str]]:
    """(file, first, last) of each raw file of `dataset` in `raw`."""
    out = []
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        name = path.relative_to(raw).as_posix()
        m = re.fullmatch(dataset.held, name)
        if m:
            out.append((name, m.group(1), m.group(2) or m.group(1)))
    return out


def _next(period: str, monthly: bool) -> str:
    return str(pd.Period(period, "M") + 1) if monthly else str(int(period) + 1)


def _check_period(period: str, monthly: bool, option: str) -> str:
    pattern = r"\d{4}-(0[1-9]|1[0-2])" if monthly else r"\d{4}"
    if not re.fullmatch(pattern, period):
        raise SourceError(f"{option} {period!r} is not a {'month (YYYY-MM)' if monthly else 'year'}"
                          " for this dataset")
    return period


def plan(raw: Path, names: list[str], today: date, start: str | None = None,
         end: str | None = None) -> list[Plan]:
    """What to fetch for each dataset in `names`; checks keys and overlaps, no network."""
    known = datasets()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SourceError(f"unknown source(s) {', '.join(unknown)}; valid: {', '.join(known)}")
    missing = sorted({known[n].key for n in names if known[n].key
                      and not os.environ.get(known[n].key)})
    if missing:
        signup = "; ".join(f"{k}: free key at {SIGNUP[k]}" for k in missing if k in SIGNUP)
        why = (f" ({census.KEY_REQUIRED})" if "CENSUS_API_KEY" in missing else "")
        raise SourceError(
            f"{', '.join(missing)} not set{why}; {signup + '; ' if signup else ''}"
            "set it, or leave that source out with --source (e.g. --source comtrade-us)")
    if not any(known[n].monthly for n in names):  # a month is cut to its year only beside
        for option, period in (("--from", start), ("--to", end)):  # a monthly source
            if period and not re.fullmatch(r"\d{4}", period):
                raise SourceError(f"{option} {period!r}: {', '.join(names)} "
                                  f"{'is' if len(names) == 1 else 'are'} annual; give a year "
                                  f"(YYYY)")
    plans = []
    for name in names:
        d = known[name]
        files = held(raw, d)
        if d.weekly:
            plans.append(_weekly_plan(raw, d, files, today, start, end))
            continue
        after = max((last for _, _, last in files), default=None)
        first = _check_period(start[:7] if d.monthly else start[:4], d.monthly, "--from") \
            if start else (_next(after, d.monthly) if after else d.start)
        last = _check_period(end[:7] if d.monthly else end[:4], d.monthly, "--to") if end else \
            (today.strftime("%Y-%m") if d.monthly else str(today.year - 1))
        overlap = [f for f, a, b in files if a <= last and first <= b]
        if overlap and first <= last:
            raise SourceError(f"{name}: {first}..{last} overlaps {', '.join(overlap)} in {raw}; "
                              "move that file out first or choose another --from")
        plans.append(Plan(d, first, last, after))
    return plans


def _day(period: str, option: str, last: bool) -> str:
    """A day from --from/--to for a weekly dataset: YYYY-MM-DD, or a month's first or last
    day."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period):
        return str(pd.Timestamp(period).date())
    month = _check_period(period[:7], True, option)
    day = pd.Period(month, "M").end_time if last else pd.Period(month, "M").start_time
    return str(day.date())


def _weekly_plan(raw: Path, d: Dataset, files, today: date, start: str | None,
                 end: str | None) -> Plan:
    """The days to ask a weekly dataset for: after the last week its files hold (read from
    them) through today, or --from/--to; refuses days the files already hold."""
    after = d.last_held([raw / f for f, _, _ in files]) if files else None
    first = _day(start, "--from", False) if start else (
        str((pd.Timestamp(after) + pd.Timedelta(days=1)).date()) if after else d.start)
    last = _day(end, "--to", True) if end else today.isoformat()
    if after and first <= after <= last:
        raise SourceError(f"{d.name}: {first}..{last} overlaps the weeks held through {after} "
                          f"in {', '.join(f for f, _, _ in files)}; choose a --from after "
                          f"{after}")
    return Plan(d, first, last, after)


def download(plans: list[Plan], session) -> list[tuple[Plan, pd.DataFrame]]:
    """Every plan's frame (possibly empty); the first SourceError stops everything."""
    got = []
    for p in plans:
        if p.first > p.last:
            print(f"{p.dataset.name}: up to date (held through {p.after})")
            continue
        print(f"{p.dataset.name}: asking for {p.first}..{p.last}", flush=True)
        got.append((p, p.dataset.download(p.first, p.last, session)))
    return got


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _append(path: Path, rows: list[dict], columns: list[str], moves: list) -> None:
    """Stage `path` with `rows` appended (as `path`.part), to be moved into place with the rest."""
    part = path.with_name(path.name + ".part")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    with open(part, "w", newline="", encoding="utf-8") as f:
        f.write(old)
        out = csv.DictWriter(f, columns, lineterminator="\n")
        if not old:
            out.writeheader()
        out.writerows(rows)
    moves.append((part, path))


def write(raw: Path, got: list[tuple[Plan, pd.DataFrame]], today: date,
          data_dir: Path | None = None) -> list[str]:
    """Write each non-empty frame as a new raw file plus its manifest row; all or nothing.

    Files of the datasets in DERIVED also get a row in `data_dir`'s raw manifest (when given).
    """
    rows, moves = [], []
    try:
        for p, frame in got:
            if frame.empty:
                print(f"{p.dataset.name}: nothing new after {p.after or 'the start'}")
                continue
            periods = p.dataset.periods(frame)
            first, last = periods.min(), periods.max()
            name = p.dataset.template.format(first=first, last=last)
            if first == last and not p.dataset.monthly:
                name = name.replace(f"-{first}-{last}", f"-{first}")
            target = raw / name
            if target.exists():
                raise SourceError(f"{target} already exists; move it out first")
            part = target.with_name(target.name + ".part")
            p.dataset.save(frame, part)
            moves.append((part, target))
            rows.append({"file": name, "bytes": part.stat().st_size, "sha256": sha256(part),
                         "source_url": p.dataset.url(first, last),
                         "retrieved": today.isoformat(), "contents": p.dataset.contents,
                         "dataset": DERIVED.get(p.dataset.name)})
            print(f"{p.dataset.name}: {first}..{last}, {len(frame):,} rows -> {name}")
        if not rows:
            return []
        _append(raw / MANIFEST, [{c: r[c] for c in MANIFEST_COLUMNS} for r in rows],
                MANIFEST_COLUMNS, moves)
        derived = [{"file": r["file"], "dataset": r["dataset"], "bytes": r["bytes"],
                    "sha256": r["sha256"], "source": f"{r['contents']}; {r['source_url']}; "
                    f"retrieved {r['retrieved']}"} for r in rows if r["dataset"]]
        if derived and data_dir is not None:
            _append(data_dir / PROJECT_MANIFEST, derived, list(derived[0]), moves)
    except BaseException:
        for part, _ in moves:
            part.unlink(missing_ok=True)
        raise
    for part, target in moves:
        os.replace(part, target)
    return [r["file"] for r in rows]


def fetch(raw: Path, names: list[str], today: date, start: str | None = None,
          end: str | None = None, cache: bool = True, data_dir: Path | None = None
          ) -> list[str]:
    """Plan, download and write; return the new raw files' names (see `write`)."""
    if not raw.is_dir():
        raise SourceError(f"raw data directory not found: {raw} (set RAW=... or PHASEONE_RAW)")
    if not os.access(raw, os.W_OK):
        raise SourceError(f"raw data directory {raw} is not writable; fetch into a copy "
                          "you own (RAW=... or PHASEONE_RAW)")
    if data_dir is not None and not Path(data_dir).is_dir():
        raise SourceError(f"--data {data_dir} is not a folder; point --data at the project's "
                          f"data folder, whose raw_manifest.csv records the new files")
    if start and end and len(start) == len(end) and start > end:
        raise SourceError(f"--from {start} comes after --to {end}; nothing to fetch")
    plans = plan(raw, names, today, start, end)
    session = sources_http.session(sources_http.CACHE_DIR if cache else None)
    return write(raw, download(plans, session), today, data_dir)


def run(args) -> int:
    """Run `phaseone fetch`; exit status 0 (written or up to date) or 1 (nothing written)."""
    try:
        files = fetch(args.raw, args.source or list(DEFAULT), date.today(), args.start,
                      args.end, cache=not args.no_cache, data_dir=args.data)
    except SourceError as err:
        print(f"phaseone: error: {err}; nothing was written", file=sys.stderr)
        return 1
    if files:
        print(f"wrote {len(files)} raw file(s) and their {MANIFEST} rows into {args.raw}; "
              "next: make data RAW=... and make reports")
    else:
        print("nothing new; nothing written")
    return 0


def main(argv: list[str] | None = None) -> int:
    top = argparse.ArgumentParser(prog="phaseone")
    add_fetch_parser(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(["fetch", *(argv or [])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

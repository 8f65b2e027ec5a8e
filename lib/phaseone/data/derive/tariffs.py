"""US and Chinese tariffs on each other's goods by HS6 and date, and the trade that weights them.

Two tidy tables from the tariff files in `raw_manifest.csv`:

- `tariff_schedules`: one row per schedule, layer, HS6 line and date on which the line's rate
  changes (the first date of a schedule lists every line; a line keeps its rate until its next
  row). `measure` "level" rows are the rate in force, "change" rows (Bown's US actions) the
  percentage points an action added. China's HS8 retaliation is averaged to HS6 by the simple
  mean of its HS8 lines. The model-based US effective tariff of 2025-2026 has no HS6 lines:
  its rows use the code "all".
- `tariff_weights`: US imports from China and US exports to China by HS6 and year (UN Comtrade,
  US-reported), and China's own 2024 imports from the US by HS6 (the WTO file's weights).

Rates are percent ad valorem; trade US$ billions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from phaseone.data import DataError
from phaseone.data.derive import raw

BN = 1e9
US, CHINA = "us_on_china", "china_on_us"
# Short citations (one on every row keeps the tables small); datapackage.json names each in full.
BOWN_US = "PIIE (Bown)"
BOWN_CHINA = "PIIE (Bown)"
TWT_US = "tradewartracker"
TWT_CHINA = "tradewartracker"
WTO = "WTO Tariff & Trade Data"
TWT_EFFECTIVE = "tradewartracker model"
COMTRADE = "UN Comtrade"
WTO_IMPORTS = "WTO Tariff & Trade Data"
US_IMPORT_YEARS = (2017, 2025)  # the weight years: before the trade war, the latest full year
US_EXPORT_YEARS = (2017, 2021)  # the mirror weights and the purchases beside China's 2018-19
# schedule: from the base year through the agreement's last (HS 2012 and 2017 codes)

# Bown's action columns: layer and date in force (his timeline; the 2019 list 3 increase to 25%
# applied from 2019-05-10 to goods shipped, 2019-06-15 to goods arriving: his chart uses June).
ACTIONS = {
    "TT201_1st": ("section_201", "2018-02-07"), "TT232_1": ("section_232", "2018-03-23"),
    "TT301_a": ("section_301", "2018-07-06"), "TT301_b": ("section_301", "2018-08-23"),
    "TT301_c": ("section_301", "2018-09-24"), "TT201_2nd": ("section_201", "2019-02-07"),
    "TT301_d": ("section_301", "2019-06-15"), "TT301_e": ("section_301", "2019-09-01"),
    "TT201_3rd": ("section_201", "2020-02-07"), "TT232_2": ("section_232", "2020-02-08"),
    "TT301_f": ("section_301", "2020-02-14"),
}
RETALIATION = {"reta_2018Jul06": "2018-07-06", "reta_2018Aug23": "2018-08-23",
               "reta_2018Sep24": "2018-09-24", "reta_2019Jan01": "2019-01-01",
               "reta_2019Jun01": "2019-06-01"}
# Schedules in the order the table lists them: China's side, then the US side, each in time
# order (the model-based US series last: its one row a date ends the table).
ORDER = ("bown_china", "twt_china", "wto_china", "bown_us", "twt_us", "twt_effective")
COLUMNS = ["direction", "schedule", "layer", "measure", "hs6", "date", "rate_pct", "source",
           "quality"]


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    """A raw tariff file (Stata or CSV, codes as text), checked by `raw.read`."""
    return raw.read(path, columns, lambda p: pd.read_stata(p) if p.suffix == ".dta"
                    else pd.read_csv(p, dtype={"hs6": str, "hs_code": str}))


def changes_only(levels: pd.DataFrame) -> pd.DataFrame:
    """Rows of a level schedule (hs6, date, rate_pct) where a line's rate differs from its
    rate at the schedule's previous date: every line on the first date, then changes (and,
    on a date with none, the first line, so that every date of the schedule has a row)."""
    wide = levels.pivot(index="hs6", columns="date", values="rate_pct").sort_index(axis=1)
    changed = wide.ne(wide.shift(axis=1)) & wide.notna()
    changed.iloc[:, 0] = wide.iloc[:, 0].notna()
    quiet = ~changed.any()  # a date on which no line changed keeps one row (its first line)
    changed.loc[wide.index[0], quiet[quiet].index] = True
    out = wide.where(changed).stack().dropna().rename("rate_pct").reset_index()
    return out.sort_values(["hs6", "date"], ignore_index=True)


def _tidy(rows: pd.DataFrame, direction: str, schedule: str, layer: str, measure: str,
          source: str, quality: str) -> pd.DataFrame:
    return rows.assign(direction=direction, schedule=schedule, layer=layer, measure=measure,
                       source=source, quality=quality,
                       rate_pct=rows["rate_pct"].astype(float).round(2))[COLUMNS]


def us_actions(path: Path) -> pd.DataFrame:
    """Bown's US tariff changes on China by HS6 and action: one row per line an action moved."""
    df = _read(path, ["hs06", *ACTIONS])
    long = df.melt(id_vars="hs06", value_vars=list(ACTIONS), var_name="action",
                   value_name="rate_pct").dropna()
    long = long[long["rate_pct"].ne(0)]
    long = long.assign(hs6=long["hs06"], layer=long["action"].map(lambda a: ACTIONS[a][0]),
                       date=long["action"].map(lambda a: ACTIONS[a][1]))
    rows = [_tidy(part, US, "bown_us", layer, "change", BOWN_US, "published")
            for layer, part in long.groupby("layer")]
    return pd.concat(rows, ignore_index=True)


def us_levels(path: Path) -> pd.DataFrame:
    """The US tariff on China by HS6 at each date 2018-01-01..2020-02-14 (MFN and Section 301)."""
    df = _read(path, ["hs6", "time_of_tariff", "tariff"])
    levels = df.rename(columns={"time_of_tariff": "date", "tariff": "rate_pct"})
    return _tidy(changes_only(levels), US, "twt_us", "applied", "level",
                 TWT_US, "published")


def china_retaliation(path: Path) -> pd.DataFrame:
    """Bown's retaliation by HS8 at five dates, averaged to HS6 (simple mean of HS8 lines);
    lines without retaliation on the first date are left out (0)."""
    df = _read(path, ["hs08", *RETALIATION])
    hs6 = df.assign(hs6=df["hs08"].str[:6]).groupby("hs6")[list(RETALIATION)].mean()
    levels = hs6.rename(columns=RETALIATION).reset_index().melt(
        id_vars="hs6", var_name="date", value_name="rate_pct")
    rows = changes_only(levels)
    rows = rows[rows["rate_pct"].ne(0) | rows["date"].ne(rows["date"].min())]  # absent: 0
    return _tidy(rows, CHINA, "bown_china", "retaliation", "level", BOWN_CHINA, "published")


def china_levels(path: Path) -> pd.DataFrame:
    """China's applied tariff on US goods by HS6 at twelve dates 2018-01-01..2019-12-26."""
    df = _read(path, ["hs6", "time_of_tariff", "tariff"])
    levels = df.rename(columns={"time_of_tariff": "date", "tariff": "rate_pct"})
    return _tidy(changes_only(levels), CHINA, "twt_china", "applied",
                 "level", TWT_CHINA, "published")


def wto_levels(path: Path) -> pd.DataFrame:
    """China's applied tariff on US goods by HS6 at nine dates 2025-01-01..2026-05-01."""
    df = _read(path, ["hs_code", "year_dt", "best_avlbl"])
    levels = df.rename(columns={"hs_code": "hs6", "year_dt": "date", "best_avlbl": "rate_pct"})
    return _tidy(changes_only(levels), CHINA, "wto_china", "applied",
                 "level", WTO, "official")


def us_effective(path: Path) -> pd.DataFrame:
    """The model-based US effective tariff on China: its 2024 level (one row, at the series'
    first date) and the measures since 2025 on top of it, by date."""
    df = _read(path, ["date", "country_name", "effective tariff", "2024 tariff"])
    china = df[df["country_name"].eq("CHINA")].sort_values("date")
    if china.empty:
        raise DataError(f"raw file {path} holds no CHINA rows")
    since = pd.DataFrame({"hs6": "all", "date": china["date"],
                          "rate_pct": china["effective tariff"]})
    base = pd.DataFrame({"hs6": ["all"], "date": [china["date"].iloc[0]],
                         "rate_pct": [china["2024 tariff"].iloc[0]]})
    return pd.concat([
        _tidy(base, US, "twt_effective", "level_2024", "level", TWT_EFFECTIVE,
              "estimated"),
        _tidy(since, US, "twt_effective", "since_2025", "level",
              TWT_EFFECTIVE, "estimated")], ignore_index=True)


def schedules(files: dict[str, Path]) -> pd.DataFrame:
    """Every tariff schedule, tidy (`COLUMNS`), from the raw files by dataset name."""
    parts = [us_actions(files["bown_us_tariffs"]), us_levels(files["tradewartracker_us_tariffs"]),
             us_effective(files["tradewartracker_us_effective_tariff"]),
             china_retaliation(files["bown_china_retaliation"]),
             china_levels(files["tradewartracker_china_tariffs"]),
             wto_levels(files["wto_china_tariffs"])]
    out = pd.concat(parts, ignore_index=True)
    order = out["schedule"].map({name: i for i, name in enumerate(ORDER)})
    return out.assign(order=order).sort_values(["order", "layer", "hs6", "date"],
                                               ignore_index=True).drop(columns="order")


def comtrade_flows(comtrade: pd.DataFrame) -> pd.DataFrame:
    """US-reported HS6 trade with China by year from Comtrade rows (flow_code M or X,
    aggr_level 6): flow, hs6, year, value_bn; imports in `US_IMPORT_YEARS`, exports over
    `US_EXPORT_YEARS`; civil aircraft (999999) and zeros left out."""
    df = comtrade[comtrade["aggr_level"].eq(6) & comtrade["flow_code"].isin(["M", "X"])
                  & comtrade["cmd_code"].ne("999999") & comtrade["primary_value"].gt(0)
                  & comtrade["ref_year"].ge(US_IMPORT_YEARS[0])]
    exports = df["flow_code"].eq("X") & df["ref_year"].between(*US_EXPORT_YEARS)
    df = df[exports | (df["flow_code"].eq("M") & df["ref_year"].isin(US_IMPORT_YEARS))]
    return pd.DataFrame({
        "flow": df["flow_code"].map({"M": "us_imports", "X": "us_exports"}),
        "hs6": df["cmd_code"], "year": df["ref_year"].astype(int),
        "value_bn": df["primary_value"] / BN, "source": COMTRADE, "quality": "official"})


def china_imports(path: Path) -> pd.DataFrame:
    """China's own 2024 imports from the US by HS6 (the WTO file's weights)."""
    df = _read(path, ["hs_code", "year_dt", "imports"])
    first = df[df["year_dt"].eq(df["year_dt"].min()) & df["imports"].gt(0)]
    return pd.DataFrame({"flow": "china_imports", "hs6": first["hs_code"], "year": 2024,
                         "value_bn": first["imports"] / BN, "source": WTO_IMPORTS,
                         "quality": "official"})


def weights(comtrade: pd.DataFrame, wto: Path) -> pd.DataFrame:
    """Trade by flow, HS6 and year, US$ bn: Comtrade's US imports from and exports to China and
    China's 2024 imports from the US."""
    out = pd.concat([comtrade_flows(comtrade), china_imports(wto)], ignore_index=True)
    out = out.assign(value_bn=out["value_bn"].round(6))
    return out.sort_values(["flow", "year", "hs6"], ignore_index=True)


DATASETS = ("bown_us_tariffs", "tradewartracker_us_tariffs", "tradewartracker_us_effective_tariff",
            "bown_china_retaliation", "tradewartracker_china_tariffs", "wto_china_tariffs")


def tables(files: dict[str, list[Path]]) -> dict[str, pd.DataFrame]:
    """The tariff tables from the verified raw files by dataset (`raw_files`)."""
    one = {}
    for name in DATASETS:
        paths = files.get(name, [])
        if len(paths) != 1:
            raise DataError(f"raw_manifest.csv must list one {name} file, not {len(paths)}")
        one[name] = paths[0]
    comtrade = pd.concat([pd.read_parquet(p) for p in files["comtrade_annual"]])
    return {"tariff_schedules": schedules(one),
            "tariff_weights": weights(comtrade, one["wto_china_tariffs"])}

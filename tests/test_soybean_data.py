"""The soybean tables reproduce what their sources publish: USDA's China totals by marketing
year, the official FAS export of the same weekly series, China Customs' 2024 imports."""

import pandas as pd
import pytest

from phaseone.data import load
from phaseone.data.derive import raw_files, soybeans

# China's commitments / exports by marketing year, million tons (FACTS section 8, one decimal
# as published there: tolerance half a unit of the last digit).
CHINA_BY_MY = {"2019/20": (17.0, 16.3), "2020/21": (36.1, 35.4), "2021/22": (30.8, 30.2),
               "2022/23": (31.5, 31.4), "2023/24": (24.4, 24.3), "2024/25": (22.5, 22.5)}
# China's 2024 soybean imports (China Customs, matched by Comtrade), million tons.
CHINA_2024 = {"usa": 22.13, "brazil": 74.65, "world": 105.03}


def _final_week(sales: pd.DataFrame) -> pd.DataFrame:
    china = sales[sales["buyer"].eq("china")]
    return china.sort_values("week_ending").groupby("marketing_year").last()


@pytest.mark.parametrize("my", CHINA_BY_MY)
def test_china_commitments_and_exports_by_marketing_year_match_usda(my):
    last = _final_week(load("soybean_export_sales")).loc[my]
    committed, shipped = CHINA_BY_MY[my]
    assert last["total_commitments_kt"] / 1e3 == pytest.approx(committed, abs=0.05)
    assert last["accumulated_exports_kt"] / 1e3 == pytest.approx(shipped, abs=0.05)


def test_weekly_shipments_sum_to_accumulated_exports_and_net_sales_to_commitments():
    """Within a marketing year: each week's exports add to the accumulated exports and each
    week's net sales to the commitments (after the first week, which carries in earlier sales
    for the year), to the tonne."""
    sales = load("soybean_export_sales").sort_values("week_ending")
    for _, one in sales.groupby(["marketing_year", "buyer"]):
        assert one["accumulated_exports_kt"].diff().iloc[1:].sub(
            one["shipments_kt"].iloc[1:]).abs().max() < 0.001
        assert one["total_commitments_kt"].diff().iloc[1:].sub(
            one["net_sales_kt"].iloc[1:]).abs().max() < 0.001


def test_no_china_sales_in_2025_26_until_the_week_ending_2025_10_30():
    """(2024/25's last week, 2025-09-04, carries a 68 kt adjustment shipped the same week.)"""
    china = load("soybean_export_sales").query("buyer == 'china'")
    gap = china[china["week_ending"].between("2025-06-05", "2025-10-23")
                & china["marketing_year"].eq("2025/26") | china["week_ending"].between(
                    "2025-06-05", "2025-08-28")]
    assert len(gap) == 21 and gap["net_sales_kt"].abs().max() == 0
    assert china.query("week_ending == '2025-10-30' and marketing_year == '2025/26'")[
        "net_sales_kt"].iloc[0] > 100


def _marketing_year(week: pd.Series) -> pd.Series:
    """Each week's marketing year (September-August); a week listed twice is first the old
    year's last week, then the new year's first."""
    day = pd.to_datetime(week)
    start = day.dt.year - (day.dt.month < 9)
    start = start - (week.duplicated(keep="last") & (day.dt.month == 9))
    return start.astype(str) + "/" + (start + 1).astype(str).str[2:]


@pytest.mark.raw
def test_the_esr_table_agrees_with_the_official_fas_export_to_the_tonne(raw):
    files = raw_files(raw)
    official = soybeans.read_esr_xls(files[soybeans.ESR_XLS_DATASET][0])
    official = official.assign(marketing_year=_marketing_year(official["week_ending"]))
    china = load("soybean_export_sales").query("buyer == 'china'")
    both = official.merge(china, on=["week_ending", "marketing_year"], suffixes=("_fas", ""))
    assert len(both) == len(official) == 265  # every week of the export
    gap = {f: both[f"{f}_fas"].sub(both[f]).abs() for f in soybeans.ESR_FIELDS}
    for field, diff in gap.items():
        if field != "net_sales_kt":
            assert diff.max() < 0.0015, field
    # Net sales differ only in a marketing year's first week, where the API's figure also
    # carries sales made earlier for the year (FAS: the week's own sales only).
    first = both["week_ending"].duplicated(keep="first")
    assert gap["net_sales_kt"][~first].max() < 0.0015
    assert first.sum() == 4 and (gap["net_sales_kt"][first] > 100).all()


def test_china_2024_imports_by_origin_match_china_customs():
    """Within 0.01 million tons (the published figures' last digit)."""
    imports = load("china_soybean_imports")
    year = imports[imports["month"].str.startswith("2024")].groupby("origin")["kt"].sum()
    for origin, mmt in CHINA_2024.items():
        assert year[origin] / 1e3 == pytest.approx(mmt, abs=0.01), origin


def test_origins_add_up_to_no_more_than_the_world_each_month():
    imports = load("china_soybean_imports").pivot(index="month", columns="origin", values="kt")
    assert (imports[["usa", "brazil", "argentina"]].sum(axis=1) <= imports["world"] + 1).all()


def _by_marketing_year(months: pd.Series, kt: pd.Series) -> pd.Series:
    period = pd.PeriodIndex(months, freq="M")
    start = period.year - (period.month < 9)
    return kt.groupby([f"{y}/{str(y + 1)[2:]}" for y in start]).sum()


def test_esr_shipments_agree_with_us_reported_exports_by_marketing_year():
    """The shipment cross-check: ESR exports to China against the US-reported Comtrade
    exports to China, September-August: within 5% in 2020/21-2024/25 (2019/20, the year of the
    Phase One deal's signing, is 16% lower on Comtrade)."""
    china = load("soybean_export_sales").query("buyer == 'china'").sort_values("week_ending")
    esr = china.groupby("marketing_year")["accumulated_exports_kt"].last()
    us = load("soybean_exports_to_china").query("exporter == 'usa'")
    us = us[us["month"].between("2019-09", "2025-08")]
    comtrade = _by_marketing_year(us["month"], us["kt"].reset_index(drop=True))
    years = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    assert (comtrade[years] / esr[years]).sub(1).abs().max() < 0.05
    assert comtrade["2019/20"] / esr["2019/20"] == pytest.approx(0.84, abs=0.01)


def test_china_arrivals_from_the_us_are_within_ten_percent_of_us_exports_over_2016_2024():
    """Mirror check over nine years (years differ by the voyage and vintages: up to 30%)."""
    us = load("soybean_exports_to_china").query("exporter == 'usa'")
    cn = load("china_soybean_imports").query("origin == 'usa'")
    span = ("2016-01", "2024-12")
    ratio = (cn[cn["month"].between(*span)]["kt"].sum()
             / us[us["month"].between(*span)]["kt"].sum())
    assert 0.9 < ratio < 1.0  # China's arrivals below US exports (0.94)


def _esr_file(path, rows):
    columns = [*soybeans.ESR_KEYS, *(c for cols in soybeans.ESR_COLUMNS.values() for c in cols)]
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return path


def test_a_later_esr_file_replaces_an_earlier_one_s_week_and_adds_its_new_weeks(tmp_path):
    week = ["2025/26", "2026-10-01", 1.0, 2.0, 3.0, 4.0, 0.5, 1.0, 1.5, 2.0]
    first = _esr_file(tmp_path / "a.csv", [week])
    later = _esr_file(tmp_path / "b.csv", [[*week[:2], 9.0, *week[3:]],
                                           ["2026/27", "2026-10-08", *week[2:]]])
    sales = soybeans.export_sales([first, later]).query("buyer == 'all'")
    assert sales["week_ending"].tolist() == ["2026-10-01", "2026-10-08"]
    assert sales["net_sales_kt"].tolist() == [9.0, 1.0]


def test_an_esr_file_without_a_column_or_with_a_bad_week_is_refused_naming_it(tmp_path):
    from phaseone.data import DataError

    bad = tmp_path / "esr.csv"
    pd.DataFrame({"my_label": ["2025/26"], "week_ending": ["2026-10-01"]}).to_csv(bad,
                                                                                index=False)
    with pytest.raises(DataError, match=r"esr.csv lacks column\(s\) net_sales_kt"):
        soybeans.export_sales([bad])
    week = ["2025/26", "1/10/2026", 1.0, 2.0, 3.0, 4.0, 0.5, 1.0, 1.5, 2.0]
    with pytest.raises(DataError, match=r"week_ending '1/10/2026' is not YYYY-MM-DD"):
        soybeans.export_sales([_esr_file(tmp_path / "w.csv", [week])])
    with pytest.raises(DataError, match="lists no usda_esr_weekly file"):
        soybeans.export_sales([])

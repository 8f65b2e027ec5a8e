"""The growth-rate report (notebooks/growth.py): reproduction of the press figures and runs.

Fast tests use the library functions on the curated data; the `notebook` tests execute the
notebook with papermill (three runs at most).
"""

import re

import jupytext
import papermill
import pytest

from phaseone import compliance, config, growth
from phaseone.data import load

NOTEBOOK = config.NOTEBOOKS / "growth.py"
DEFAULTS = dict(series="goods_and_services", base_year=2017, history_start=2001,
                history_end=2017, definition="two_year_sum_from_base_2yr", confidence=0.95,
                trend_start=2001, trend_end=2017)


def _data_base() -> float:
    goods = load("goods_exports_annual").set_index("year")["value_bn"]
    services = load("services_exports").set_index("year")["value_bn"]
    return float(goods.loc[2017] + services.loc[2017])


def _rates(series="goods_and_services"):
    data = growth.exports_series(series)
    table = growth.required_growth_table(float(data.loc[2017]), growth.series_additions(series),
                                         data)
    return table.set_index("definition")["required_growth"]


def _press():
    return (compliance.published("required_growth_press") / 100,
            compliance.published("required_to_historical_ratio_press"))


# --- data functions ----------------------------------------------------------


def test_exports_series_goods_and_services_only_where_both_exist():
    gs = growth.exports_series("goods_and_services")
    goods = growth.exports_series("goods")
    services = load("services_exports").set_index("year")["value_bn"]
    assert list(gs.index) == sorted(set(goods.index) & set(services.index))
    assert 2005 not in gs.index and 2001 in gs.index
    assert gs.loc[2017] == pytest.approx(_data_base())
    assert goods.index.min() == 1985 and goods.is_monotonic_increasing is False


def test_exports_series_unknown_lists_valid_names():
    with pytest.raises(ValueError, match="unknown series 'services'.*goods_and_services, goods"):
        growth.exports_series("services")


def test_series_additions():
    assert growth.series_additions("goods_and_services") == pytest.approx({2020: 76.7,
                                                                           2021: 123.3})
    goods = growth.series_additions("goods")
    assert goods == pytest.approx({2020: 76.7 - 12.8, 2021: 123.3 - 25.1})


# --- (a) reproduction of the 33% ---------------------------------------------


def test_some_definition_reproduces_33_percent_on_data_base():
    rates = _rates()
    press, _ = _press()
    hits = growth.press_matches(rates, press)
    assert 0.32 <= rates["two_year_sum_from_base_2yr"] <= 0.34
    assert "two_year_sum_from_base_2yr" in hits.index
    assert all(0.32 <= v <= 0.34 for v in hits)
    assert growth.closest_definition(rates, press) == "two_year_sum_from_base_2yr"
    # same result on the press's 186 base
    g186 = growth.required_growth("two_year_sum_from_base_2yr",
                                  base=compliance.published("purchases_2017_goods_services"),
                                  additions=growth.series_additions("goods_and_services"))
    assert 0.32 <= g186 <= 0.34


# --- (b) the ratio of about three ----------------------------------------------


def _closest():
    rates = _rates()
    press, press_ratio = _press()
    best = growth.closest_definition(rates, press)
    hist = growth.historical_growth(
        "goods_and_services", [(2001, 2017), *growth.HISTORY_WINDOWS]).set_index("window")
    ratios = growth.ratio_grid(rates, hist["cagr"])
    own = hist.index[hist["measured_on"] == "goods_and_services"]
    window = growth.closest_window(ratios.loc[best, own], press_ratio)
    return best, window, ratios.loc[best, window], hist


def test_ratio_for_closest_window_is_about_three():
    best, window, ratio, hist = _closest()
    assert 2.5 <= ratio <= 3.5
    g = growth.cagr(growth.exports_series("goods_and_services"), *map(int, window.split("-")))
    assert ratio == pytest.approx(_rates()[best] / g)


# --- (c) historical growth windows ---------------------------------------------


def test_historical_growth_windows():
    hist = growth.historical_growth("goods_and_services", growth.HISTORY_WINDOWS)
    since_2001 = hist[hist["start"] == 2001]
    assert len(since_2001) >= 4
    assert {"2001-2017", "2001-2018", "2001-2019", "2001-2023", "2009-2017"} <= set(
        hist["window"])
    row = hist.set_index("window").loc["2009-2017"]
    assert row["measured_on"] == "goods"  # no services data for 2009
    assert row["cagr"] == pytest.approx(growth.cagr(growth.exports_series("goods"), 2009, 2017))
    assert hist.set_index("window").loc["2001-2017", "measured_on"] == "goods_and_services"
    goods = growth.historical_growth("goods", growth.HISTORY_WINDOWS)
    assert "2001-2024" in set(goods["window"])  # None resolves to the last year of the series
    assert (goods["measured_on"] == "goods").all()
    assert (hist["cagr"].notna()).all()


# --- (d) trend and counterfactual ----------------------------------------------


def test_trend_and_counterfactual():
    assert growth.trend_basis("goods_and_services", 2001, 2017) == "goods"
    assert growth.trend_basis("goods_and_services", 2013, 2019) == "goods_and_services"
    trend = growth.trend_fit(growth.exports_series("goods"), 2001, 2017, level=0.95)
    assert trend.growth_low < trend.growth < trend.growth_high
    cf = growth.counterfactual("goods", trend)
    assert list(cf.index) == [2020, 2021]
    assert (cf["pred_low"] < cf["fitted"]).all() and (cf["fitted"] < cf["pred_high"]).all()
    goods = growth.exports_series("goods")
    assert cf.loc[2021, "target"] == pytest.approx(goods.loc[2017] + 123.3 - 25.1)
    assert cf.loc[2020, "actual"] == pytest.approx(goods.loc[2020])
    ratio, low, high = growth.ratio_interval(0.33, trend)
    assert low < ratio < high


# --- (f) parameter validation ----------------------------------------------------


@pytest.mark.parametrize("override,message", [
    ({"series": "services"}, "unknown series 'services'"),
    ({"history_start": 2005}, r"history_start=2005 is outside the goods_and_services data"),
    ({"history_end": 2030}, r"history_end=2030 is outside"),
    ({"history_start": 2019, "history_end": 2017}, "history_start=2019 must be before"),
    ({"trend_start": 1980}, "trend_start=1980 is outside the goods data"),
    ({"trend_start": 2017, "trend_end": 2010}, "trend_start=2017 must be before"),
    ({"base_year": 2021}, "base_year=2021 must be a year"),
    ({"definition": "nope"}, "unknown definition 'nope'"),
    ({"confidence": 95.0}, "confidence must be strictly between 0 and 1"),
])
def test_check_report_parameters_rejects(override, message):
    with pytest.raises(ValueError, match=message):
        growth.check_report_parameters(**{**DEFAULTS, **override})


def test_check_report_parameters_accepts_defaults_and_goods():
    growth.check_report_parameters(**DEFAULTS)
    growth.check_report_parameters(**{**DEFAULTS, "series": "goods", "history_start": 2009})


# --- notebook runs (at most three) ---------------------------------------------


def _run(tmp_path, **parameters):
    nb = jupytext.reads(NOTEBOOK.read_text(encoding="utf-8"), fmt="py:percent")
    source = tmp_path / "growth.ipynb"
    jupytext.write(nb, source)
    out = tmp_path / "out.ipynb"
    return papermill.execute_notebook(str(source), str(out), parameters=parameters,
                                      kernel_name="python3", cwd=str(tmp_path),
                                      progress_bar=False)


def _markdown(cell) -> str:
    text = "".join(o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", []))
    return " ".join(text.split())


def _tagged(nb, tag):
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def _all_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            parts.append(o.get("data", {}).get("text/markdown", ""))
            parts.append(o.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


@pytest.mark.notebook
def test_notebook_defaults(tmp_path):
    nb = _run(tmp_path)
    [headline] = _tagged(nb, "headline")
    text = _markdown(headline)
    rates = _rates()
    press, press_ratio = _press()
    # (a) the reproducing definition is named, with its description and rate
    for name in growth.press_matches(rates, press).index:
        assert f"`{name}`" in text
        assert growth.REQUIRED_GROWTH_DEFINITIONS[name] in text
    assert f"{rates['two_year_sum_from_base_2yr'] * 100:.1f}%" in text
    assert "do **not** reproduce" in text
    assert f"${_data_base():,.1f} billion" in text and "$186 billion" in text
    # (b) the closest window and its ratio
    best, window, ratio, hist = _closest()
    assert window.replace("-", " to ") in text
    assert f"{ratio:.2f} times" in text
    # (c) historical windows in the table
    html = _all_text(nb)
    for w in hist.index[hist["start"] == 2001][:4]:
        assert w in html
    # (d) trend with interval and counterfactual with intervals
    trend = growth.trend_fit(growth.exports_series("goods"), 2001, 2017, level=0.95)
    assert f"{trend.growth * 100:.1f}% a year (95% interval {trend.growth_low * 100:.1f}% to " \
           f"{trend.growth_high * 100:.1f}%)" in text
    cf = growth.counterfactual("goods", trend)
    for year in (2020, 2021):
        for col in ("fitted", "pred_low", "pred_high"):
            assert f"${cf.loc[year, col]:,.0f} billion" in text
    assert "95% prediction interval" in text
    # three charts, all with a source line drawn in the figure
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 3
    assert not re.search(r"\bnan\b|\{|\}", text)


@pytest.mark.notebook
def test_notebook_other_parameters(tmp_path):
    nb = _run(tmp_path, series="goods", history_end=2019, confidence=0.9, trend_end=2019)
    text = _markdown(_tagged(nb, "headline")[0])
    assert "US goods exports" in text
    assert "90% interval" in text and "90% prediction interval" in text
    trend = growth.trend_fit(growth.exports_series("goods"), 2001, 2019, level=0.9)
    assert f"{trend.growth_low * 100:.1f}% to {trend.growth_high * 100:.1f}%" in text
    g = growth.cagr(growth.exports_series("goods"), 2001, 2019)
    assert f"Over 2001 to 2019 US goods exports grew {g * 100:.1f}% a year" in text


@pytest.mark.notebook
def test_notebook_bad_parameters_fail_clearly(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError,
                       match="history_start=2005 is outside the goods_and_services data"):
        _run(tmp_path, history_start=2005)

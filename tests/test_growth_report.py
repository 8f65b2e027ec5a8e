"""The growth-rate report (notebooks/growth.py): reproduction of the press figures and runs.

Fast tests use the library functions on the curated data; the `notebook` tests execute the
notebook with papermill (three runs at most).
"""

import re

import jupytext
import papermill
import pytest
from test_notebooks import OTHER

from phaseone import compliance, config, growth
from phaseone.data import load
from phaseone.present.text import pct
from phaseone.reports.growth import model as growth_report

NOTEBOOK = config.NOTEBOOKS / "growth.py"
DEFAULTS = dict(series="goods_and_services", base_year=2017, history_start=2001,
                history_end=2017, definition="two_year_sum_from_base_2yr", confidence=0.95,
                trend_start=2001, trend_end=2017, trend_errors="hac")


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


# --- (f) the model reproduces the same figures ----------------------------------


def test_model_press_reconstruction_matches_the_library():
    best, window, ratio, _ = _closest()
    press = growth_report.model(series="goods", base_year=2019).press  # no parameter moves it
    assert (press.closest, press.window) == (best, window)
    assert press.ratio_closest == pytest.approx(ratio)
    assert press.rates[best] == pytest.approx(_rates()[best])


# --- notebook runs: the sanity test's two (test_notebooks.py) and a refusal ---------------


def _run(tmp_path, **parameters):
    nb = jupytext.reads(NOTEBOOK.read_text(encoding="utf-8"), fmt="py:percent")
    source = tmp_path / "growth.ipynb"
    jupytext.write(nb, source)
    out = tmp_path / "out.ipynb"
    return papermill.execute_notebook(str(source), str(out), parameters=parameters,
                                      kernel_name="python3", cwd=str(tmp_path),
                                      progress_bar=False)


def _text(nb, tag=None) -> str:
    parts = []
    for cell in nb.cells:
        if tag and tag not in cell.get("metadata", {}).get("tags", []):
            continue
        for o in cell.get("outputs", []):
            parts += [o.get("data", {}).get("text/markdown", ""),
                      o.get("data", {}).get("text/html", "")]
    return " ".join(" ".join(parts).split())


def test_papermill_reads_every_declared_parameter(tmp_path):
    nb = jupytext.reads(NOTEBOOK.read_text(encoding="utf-8"), fmt="py:percent")
    jupytext.write(nb, tmp_path / "growth.ipynb")
    names = set(papermill.inspect_notebook(str(tmp_path / "growth.ipynb")))
    assert names == set(DEFAULTS)


@pytest.mark.notebook
def test_notebook_defaults(notebook_run):
    nb = notebook_run("growth")[2]
    r = growth_report.model()
    text = _text(nb, "headline")
    assert f"had to grow {pct(r.rate)} a year, {r.ratio:.1f} times" in text
    assert r.label.lower() in text and r.description in text
    assert f"{r.press.ratio_closest:.2f} times" in text and r.press.window in text
    assert f"{pct(r.trend.growth)} a year (95% interval {pct(r.trend.growth_low)} to " \
           f"{pct(r.trend.growth_high)})" in text
    for year in (2020, 2021):
        for col in ("fitted", "pred_low", "pred_high"):
            assert f"${r.counterfactual.loc[year, col]:,.0f} billion" in text
    # the model's words, rendered: the trend's base-year level beside the actual one, the key
    # figures naming their series, the serial-correlation verdict with its threshold
    assert "The trend line puts 2017 at" in text  # Markdown escapes each $ as \$
    assert "$173 billion of US goods exports, above the" in text and "$130 billion actual" in text
    assert "Trend growth 2001-2017, US goods, Newey-West (HAC) errors, 95% interval" in text
    assert "Of the 2,124 specifications, 1,278 (60.2%) agree" in text
    assert "Required growth a year, US goods and services" in text
    everything = _text(nb)
    assert "below 0.05, the threshold used here: strong serial correlation" in everything
    assert "**estimated**" in everything  # the 2001 services value, beside the numbers
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 4  # the specification curve is the fourth
    assert not re.search(r"\bnan\b|\{|\}|two_year_sum", text)


@pytest.mark.notebook
def test_rendered_run_with_other_parameters(notebook_run):
    chosen = OTHER["growth"]
    html = notebook_run("growth", chosen)[1]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    r = growth_report.model(**chosen)
    assert f"<title>{r.title}</title>" in html
    assert f"US goods exports to China had to grow {pct(r.rate)} a year" in text
    assert "from the actual 2019 level to the 2021 target" in text
    assert "90% interval" in text and "90% prediction interval" in text
    headline = text.split(r.scope)[1].split("Reconstructing")[0]
    assert "2017 level" not in headline and "2017 base" not in headline


@pytest.mark.notebook
def test_notebook_refuses_bad_parameters_as_the_builder_does(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError,
                       match=r"history_start=1900 has no data"):
        _run(tmp_path, history_start=1900)

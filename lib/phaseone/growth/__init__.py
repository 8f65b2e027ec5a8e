"""Growth of US exports to China and the growth the Phase One targets required.

`rates` (compound growth arithmetic), `definitions` (required growth under explicit
definitions), `trend` (log-linear trend with intervals) are pure; `exports` reads the data
tables. Rates are fractions per year; levels are US$ billions.
"""

from phaseone.growth.definitions import (
    definition_text,
    required_growth,
    required_growth_table,
    sensitivity,
)
from phaseone.growth.exports import (
    HISTORY_WINDOWS,
    PRESS_TOLERANCE,
    SERIES,
    closest_definition,
    closest_window,
    counterfactual,
    exports_series,
    historical_growth,
    inputs,
    press_matches,
    ratio_grid,
    ratio_interval,
    resolve_windows,
    series_additions,
    trend_basis,
    years_text,
)
from phaseone.growth.rates import cagr, growth_windows, path, target_levels
from phaseone.growth.specifications import (
    CONCLUSIONS,
    TREND_ENDS,
    TREND_STARTS,
    specification_curve,
)
from phaseone.growth.specifications import shares as specification_shares
from phaseone.growth.trend import (
    ERROR_MODELS,
    TREND_ERRORS,
    Trend,
    newey_west_lags,
    residual_autocorrelation,
    trend_fit,
    trend_projection,
)
from phaseone.vocabulary import DEFINITIONS

__all__ = [
    "CONCLUSIONS", "DEFINITIONS", "ERROR_MODELS", "HISTORY_WINDOWS", "PRESS_TOLERANCE", "SERIES",
    "TREND_ERRORS",
    "Trend",
    "cagr", "newey_west_lags", "residual_autocorrelation",
    "closest_definition", "closest_window", "counterfactual", "definition_text",
    "exports_series", "growth_windows", "historical_growth", "inputs", "path", "press_matches",
    "TREND_ENDS", "TREND_STARTS", "specification_curve", "specification_shares",
    "ratio_grid", "ratio_interval", "required_growth", "required_growth_table",
    "resolve_windows", "sensitivity", "series_additions", "target_levels", "trend_basis",
    "trend_fit", "trend_projection", "years_text",
]

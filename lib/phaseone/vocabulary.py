"""The names every floor shares: sectors, bases, periods, error models, definitions.

This module imports nothing, so the reports' rules (which must stay light) and the domain
use the same names; no other module declares them.
"""

SECTORS = ("manufactured_goods", "agriculture", "energy", "services")
GOODS_SECTORS = SECTORS[:3]
BASES = ("us_exports", "china_imports")  # whose statistics measure purchases (Article 6.2.6)
BASE_YEAR = 2017  # the agreement's baseline year
AGREEMENT_YEARS = (2020, 2021)
PERIODS = {"2020-2021": (2020, 2021), "2020": (2020,), "2021": (2021,)}  # agreement years
FIRST_MONTH, LAST_MONTH = "2020-01", "2021-12"  # the agreement's months
YEAR_ENDS = ("2020-12", "2021-12")
PRORATIONS = ("seasonal", "straight_line")  # how annual targets spread over months
SERIES = ("goods_and_services", "goods")  # US exports to China measured
TREND_ERRORS = ("hc1", "hac", "rw_drift", "ar1_fgls")  # HC1 OLS, Newey-West OLS, random walk
# with drift, AR(1) feasible GLS
DEFINITIONS = (  # required-growth definitions (phaseone.growth.definitions)
    "two_year_sum_from_base", "final_target_from_base", "final_target_from_2019",
    "first_year_jump_from_2019", "target_year_on_year", "two_year_sum_from_2019",
    "final_target_from_base_2yr", "two_year_sum_from_base_2yr",
    "average_addition_share_of_base", "total_addition_level_2yr")
YARDSTICKS = ("target_2021_flat", "level_2017", "trend_2013_2017")  # after 2021
OWED = ("shortfall_2020_21", "plus_yardstick")  # what a catch-up makes up

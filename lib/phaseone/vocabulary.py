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
ATTACHMENT = ("found", "inferred", "absent")  # a listed code in the Annex 6.1 attachment: found,
# its page inferred from its neighbours (left out by listed_only), absent (Census 8800)
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
PLEDGE_YEARS = ("calendar", "marketing_year")  # a soybean pledge "year": January-December, or
# the USDA marketing year September-August from that year
FIRST_DEADLINES = ("end_february_2026", "end_2025")  # the 12 MMT pledge: as later stated, as
# first said
COMMITMENT_UNITS = ("US$ billions", "million tonnes")  # what a purchase commitment counts
COMMITMENT_MEASURES = (  # the data that measure a commitment (phaseone.commitments)
    "census_partner_chapters", "phase_one_covered_goods", "usda_soybean_sales")
HS_CHAPTERS = tuple(f"{c:02d}" for c in range(1, 99) if c != 77)  # Census HS2: 01-98, no 77
TARIFF_DIRECTIONS = ("us_on_china", "china_on_us")  # who taxes whose goods
TARIFF_WEIGHTS = ("trade_2017", "trade_latest", "simple")  # how HS6 rates are averaged
TARIFF_GOODS = ("all", "covered", "manufactured_goods", "agriculture", "energy", "soybeans")
TARIFF_DATES = ("2018-01-01", "2026-12-31")  # the span the tariff schedules can speak for

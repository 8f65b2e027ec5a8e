# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Simple fixture report
#
# A tiny notebook the builder tests execute.

# %% tags=["parameters"]
basis: str = "us_exports"  # us_exports | china_imports: whose statistics measure purchases
year: int = 2021  # last year counted
confidence: float = 0.95  # level of the trend intervals
include_services: bool = True  # count services purchases and commitments
sectors: list = ["agriculture", "energy"]  # manufactured_goods | agriculture | energy | services: sectors to include  # noqa: E501
label: str = "base"  # free text shown in the output

# %% [markdown]
# ## Inputs

# %%
print(f"SECRET_SOURCE_MARKER basis={basis} year={year} confidence={confidence}")
print(f"sectors={','.join(sectors)} services={include_services} label={label}")

# %% tags=["remove_cell"]
print("REMOVED_CELL_OUTPUT")

# %% [markdown]
# ## Results

# %%
from phaseone.headline import headline  # noqa: E402

headline({"total_bn": 12.5 * len(sectors), "year": year, "basis": basis})

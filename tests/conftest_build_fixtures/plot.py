# %% [markdown]
# # Plot fixture report
#
# Representative of the real notebooks: pandas, matplotlib, a chart and a table.

# %% tags=["parameters"]
points: int = 200  # number of points to plot

# %%
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# %% [markdown]
# ## Chart

# %%
steps = np.random.default_rng(0).normal(size=points)
frame = pd.DataFrame({"x": np.arange(points), "y": np.cumsum(steps)})
frame.plot(x="x", y="y", figsize=(6, 3))
plt.show()

# %% [markdown]
# ## Table

# %%
frame.describe()

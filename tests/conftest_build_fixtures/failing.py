# %% [markdown]
# # Failing fixture report

# %% tags=["parameters"]
divisor: int = 0  # what to divide by

# %%
x = 1

# %%
result = 10 / divisor  # fails when divisor is 0
print(result)

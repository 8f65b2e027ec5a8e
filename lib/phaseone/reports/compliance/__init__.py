"""The compliance report: `model` and its `rules`."""

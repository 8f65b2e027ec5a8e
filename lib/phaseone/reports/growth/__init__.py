"""The growth report: `model` and its `rules`."""

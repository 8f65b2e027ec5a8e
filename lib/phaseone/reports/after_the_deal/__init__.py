"""The after-the-deal report: `model` and its `rules`."""

"""The tariff report: `model` and its `rules`."""

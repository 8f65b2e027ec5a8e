"""The project's data: tables validated on load (`tables`), the data package that describes
and hashes them (`package`), and their derivation from raw official files (`derive`).

`from phaseone.data import load` works as before; the loaders (pandas, pandera) are imported
only when first asked for, so the builder can read hashes without them.
"""

_TABLES = ("COMPLETE", "DataError", "check", "incomplete", "load", "read_csv", "schema",
           "validate")


def __getattr__(name: str):
    if name in _TABLES:
        from phaseone.data import tables

        return getattr(tables, name)
    raise AttributeError(f"module 'phaseone.data' has no attribute {name!r}")


__all__ = list(_TABLES)

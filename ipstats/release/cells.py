"""How a value is written in a release, the same in CSV, XLSX text cells and the diff.

>>> cell(3.0), cell(2.5), cell(None), cell(True), cell(pd.Timestamp("2020-09-14"))
('3', '2.5', '', 'true', '2020-09-14')
"""
from __future__ import annotations

import math

import pandas as pd


def cell(value: object) -> str:
    """One value as the release writes it (and :mod:`.diff` compares it)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the release writes it."""
    return pd.DataFrame({c: [cell(v) for v in df[c].astype(object)] for c in df.columns},
                        columns=list(df.columns))

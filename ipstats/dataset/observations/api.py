"""Python API for the observations table, rebuilt automatically when raw data changed.

>>> callable(load_observations)
True
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ipstats.core.paths import DataDir
from ipstats.dataset.api import _load

if TYPE_CHECKING:
    import pandas as pd


def load_observations(data_dir: DataDir = None, *,
                      jurisdictions: Iterable[str] | None = None) -> pd.DataFrame:
    """Actual values, one row per (jurisdiction, indicator, year, publisher): value and unit as
    written, ``value_std`` in the indicator's standard unit, basis (stock, flow, cumulative)
    and the full citation (publisher, title, dates, URL, kind of source); ``jurisdictions``:
    only the rows of these ids."""
    return _load("observations", data_dir, jurisdictions=jurisdictions)

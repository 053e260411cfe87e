"""Build the processed observations table: one of :data:`ipstats.dataset.build.TABLE_FRAMES`.

Load (the validated rows) -> process (join jurisdiction and indicator names; ``value_std``
from the declared unit conversions, never typed in) -> the ``observations`` frame, written as
``processed/observations.parquet``.
"""
from __future__ import annotations

import pandas as pd

from ipstats.dataset import schema
from ipstats.dataset.model import Dataset
from ipstats.dataset.units import convert, unit_key

KEY = ["jurisdiction_id", "indicator_id", "year", "publisher"]


def observations_frame(ds: Dataset, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The ``observations`` table, one row per observation, columns as in
    ``observations_processed``."""
    order = schema.field_names("observations_processed")
    rows = ds.tables.get("observations", [])
    cols = schema.field_names("observations")
    o = pd.DataFrame([{c: r[c] for c in cols} for r in rows], columns=cols)
    o["value"] = o["value"].astype("float64")
    o["value_std"] = pd.Series([convert(v, u, ds.units) for v, u in zip(o["value"], o["unit"])],
                               index=o.index, dtype="float64")
    o["unit"] = o["unit"].map(unit_key)
    for col in ("year", "period_start_year"):
        o[col] = o[col].astype("Int64")
    o["date_retrieved"] = pd.to_datetime(o["date_retrieved"])
    jur = frames["jurisdictions"][["jurisdiction_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "jurisdiction_name_zh", "name_en": "jurisdiction_name_en"})
    ind = frames["indicators"][["indicator_id", "name_zh", "name_en", "family", "unit_std"]].rename(
        columns={"name_zh": "indicator_name_zh", "name_en": "indicator_name_en"})
    o = o.merge(jur, on="jurisdiction_id", how="left").merge(ind, on="indicator_id", how="left")
    return {"observations": o[order].sort_values(KEY, kind="stable").reset_index(drop=True)}

"""Build the processed measures table: one of :data:`ipstats.dataset.build.TABLE_FRAMES`.

Load (the validated rows) -> process (join document, jurisdiction and theme names; locate the
measure's full text in its source; English names of the leads) -> the ``measures`` frame,
written by the build as ``processed/measures.parquet``.
"""
from __future__ import annotations

import pandas as pd

from ipstats.dataset import schema
from ipstats.dataset.measures.departments import split_ids
from ipstats.dataset.measures.validate import measure_lines, parsed_measures
from ipstats.dataset.model import Dataset
from ipstats.dataset.textnorm import clean_for_display


def measures_frame(ds: Dataset, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The ``measures`` table, one row per measure, columns as in ``measures_processed``."""
    order = schema.field_names("measures_processed")
    rows = ds.tables.get("measures", [])
    if not rows:
        return {"measures": pd.DataFrame({c: pd.Series(dtype="object") for c in order})}
    cols = ["doc_id"] + schema.field_names("measures")
    m = pd.DataFrame([{c: r[c] for c in cols} for r in rows], columns=cols)
    texts = {}
    for doc_id in m["doc_id"].unique():
        for pm in parsed_measures(ds, doc_id):
            texts[(doc_id, pm.number)] = clean_for_display(pm.body)
    m["text_clean"] = [texts.get((d, n)) for d, n in zip(m["doc_id"], m["number"])]
    m["quote_clean"] = m["quote"].map(clean_for_display)
    m["source_line"] = m["measure_id"].map(measure_lines(ds)).astype("Int64")
    m["number"] = m["number"].astype("int64")
    deps = ds.index("departments", "department_id")
    m["lead_departments_en"] = m["lead_departments"].map(
        lambda s: ";".join(deps[d]["name_en"] for d in split_ids(s) if d in deps) or None)
    m["n_departments"] = [len(split_ids(a)) + len(split_ids(b)) for a, b in
                          zip(m["lead_departments"], m["participating_departments"])]
    themes = pd.DataFrame([{"theme": t["theme"], "theme_name_zh": t["name_zh"],
                            "theme_name_en": t["name_en"]} for t in ds.tables.get("themes", [])])
    docs = frames["documents"][["doc_id", "jurisdiction_id", "source_file"]]
    jur = frames["jurisdictions"][["jurisdiction_id", "name_zh", "name_en", "level"]].rename(
        columns={"name_zh": "jurisdiction_name_zh", "name_en": "jurisdiction_name_en"})
    m = m.merge(docs, on="doc_id", how="left").merge(jur, on="jurisdiction_id", how="left")
    m = m.merge(themes, on="theme", how="left") if len(themes) else m.assign(
        theme_name_zh=None, theme_name_en=None)
    m["n_departments"] = m["n_departments"].astype("int64")
    return {"measures": m[order].sort_values(["doc_id", "number"], kind="stable")
            .reset_index(drop=True)}


def codebook_frames(ds: Dataset, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The codebooks as processed tables: ``departments``, ``themes``, ``campaigns``."""
    out = {}
    for name in ("departments", "themes", "campaigns"):
        out[name] = pd.DataFrame([{c: r[c] for c in schema.field_names(name)}
                                  for r in ds.tables.get(name, [])],
                                 columns=schema.field_names(name))
    return out

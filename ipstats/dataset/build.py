"""Build stage: validate, then write the processed tables (Parquet) deterministically, as
one whole version with a stamp recording what it was built from.

Every table of a build is written into a staging folder that becomes the current version
only when complete (:mod:`ipstats.core.versions`): a kill at any moment leaves the previous
version, and readers never see tables of two versions side by side. Leftovers of a killed
build are removed by the next one.

Load inputs -> process (join, convert units) -> save outputs. ``value_std`` is computed here,
never curated.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import hashlib
import json
from collections.abc import Callable
from itertools import pairwise
from math import isnan
from pathlib import Path
from typing import Any

import pandas as pd

from ipstats import __version__
from ipstats.core import versions
from ipstats.core.atomic import write_text, write_with
from ipstats.core.paths import DataDir, DataPaths, data_paths
from ipstats.core.problems import IpstatsError
from ipstats.dataset import schema
from ipstats.dataset.measures.build import codebook_frames, measures_frame
from ipstats.dataset.model import Dataset, FrameBuilder
from ipstats.dataset.observations.build import observations_frame
from ipstats.dataset.read import Row, columns_of
from ipstats.dataset.slices import SLICES_FILE, slice_digests
from ipstats.dataset.targetrules import annual_growth_pct, implied_level
from ipstats.dataset.textnorm import clean_for_display
from ipstats.dataset.units import convert, unit_key
from ipstats.dataset.validate import validate

TABLES = ("targets", "documents", "jurisdictions", "indicators", "families", "units")


def raw_fingerprint(paths: DataPaths) -> str:
    """Hash of every regular file under raw/ (names and bytes) plus the schema and package
    version. Validation reads only regular files inside raw/ (anything else is an error), so
    this covers everything a build depends on."""
    h = hashlib.sha256()
    h.update(f"{__version__}:{schema.schema_fingerprint()}".encode())
    for f in sorted(p for p in paths.raw.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(paths.raw)).encode() + b"\0")
        try:
            with f.open("rb") as fh:
                h.update(hashlib.file_digest(fh, "sha256").digest())
        except OSError as exc:  # unreadable: validation reports it; never up to date
            h.update(f"unreadable:{exc.errno}".encode())
    return h.hexdigest()


def is_stale(paths: DataPaths, fingerprint: str | None = None) -> bool:
    """True if the processed tables are missing or were built from other raw data."""
    paths = paths.pinned() if paths.version is None else paths
    try:
        stamp = json.loads(paths.build_stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if any(not paths.processed_table(t).is_file() for t in stamp.get("tables", TABLES)):
        return True
    return stamp.get("raw_fingerprint") != (fingerprint or raw_fingerprint(paths))


def _frame(rows: list[Row], columns: list[str], sort_by: str | None = None) -> pd.DataFrame:
    """The rows as a frame (sorted by ``sort_by`` if given: sorting the column lists before
    the frame exists saves sorting, and so copying, a frame of 10^6 rows)."""
    data = columns_of(rows, columns)
    if not rows:
        return pd.DataFrame(data, columns=columns)
    if sort_by is not None:
        keys = data[sort_by]
        if any(a is None or b is None or a > b for a, b in pairwise(keys)):
            order = sorted(range(len(keys)), key=lambda i: (keys[i] is None, keys[i] or ""))
            data = {c: list(map(values.__getitem__, order)) for c, values in data.items()}
    df = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    for c in columns:  # one column at a time, each list freed once converted
        df[c] = pd.Series(data.pop(c), index=df.index)
    return df


def frames(ds: Dataset, consume: bool = False) -> dict[str, pd.DataFrame]:
    """Process: the tidy tables, joined and converted. ``consume``: ``ds`` is not used again,
    so its target rows are dropped as soon as they are in the frame (at 10^6 rows this
    keeps the build's peak memory to about one copy of the targets)."""
    out: dict[str, pd.DataFrame] = {}
    for name in ("jurisdictions", "families", "indicators", "units"):
        out[name] = _frame(ds.tables[name], schema.field_names(name))
    docs = _frame(ds.tables["documents"], schema.field_names("documents"))
    for col in ("issue_date", "publication_date", "effective_from", "effective_to", "inferred_from", "inferred_to"):
        docs[col] = pd.to_datetime(docs[col])
    docs["reference_date"] = docs["issue_date"].fillna(docs["publication_date"]).fillna(docs["effective_from"])

    cols = ["doc_id"] + schema.field_names("targets")
    t = _frame(ds.targets, cols, sort_by="target_id")
    t["source_line"] = t["target_id"].map(ds.source_lines).astype("Int64")
    if consume:
        ds.targets, ds.source_lines = [], {}
        _return_freed_memory()
    for col in ("value", "value_high", "baseline_value"):
        t[col] = t[col].astype("float64")
    for col in ("target_year", "period_start_year", "baseline_year"):
        t[col] = t[col].astype("Int64")
    numeric = t["kind"] == "numeric"
    t["value_std"] = _std(t, "value", ds)
    t["value_std_high"] = _std(t, "value_high", ds)
    t["attribute"] = t["attribute"].fillna("not_stated")
    t["recurrence"] = t["recurrence"].where(~numeric, t["recurrence"].fillna("once"))
    t["source_table_row"] = t["source_table_row"].fillna(False).astype(bool)
    t = t.rename(columns={"basis": "target_basis_override"})
    t["unit"] = _mapped(t["unit"], unit_key).where(numeric, None)
    t["quote_clean"] = _mapped(t["quote"], clean_for_display)

    # Join documents, jurisdictions, indicators and families: each looked-up column is added
    # by its key (one new column at a time; a merge would copy the whole table at each step).
    jur = out["jurisdictions"].rename(columns={"name_zh": "jurisdiction_name_zh", "name_en": "jurisdiction_name_en"})
    ind = out["indicators"].rename(columns={"name_zh": "indicator_name_zh", "name_en": "indicator_name_en"})
    fam = out["families"].rename(columns={"name_zh": "family_name_zh", "name_en": "family_name_en"})
    d = docs.rename(columns={"title_zh": "doc_title_zh", "title_en": "doc_title_en", "status": "doc_status"})
    _look_up(t, "doc_id", d, ["jurisdiction_id", "doc_title_zh", "doc_title_en", "doc_status",
                              "issue_date", "publication_date", "effective_from", "effective_to",
                              "reference_date", "source_file"])
    _look_up(t, "jurisdiction_id", jur, ["jurisdiction_name_zh", "jurisdiction_name_en", "level",
                                         "parent_id"])
    _look_up(t, "indicator_id", ind, ["indicator_name_zh", "indicator_name_en", "family",
                                      "unit_std", "basis", "direction"])
    _look_up(t, "family", fam, [c for c in fam.columns if c != "family"])
    t.loc[~numeric, "unit_std"] = None
    # a target's own basis (a table note's 累计值/年度值) overrides its indicator's
    t["basis"] = t["target_basis_override"].fillna(t["basis"])
    for col, values in baseline_frame(t, ds).items():  # (a join would copy the whole table)
        t[col] = values
    cumulative = (t["basis"] == "cumulative") & t["period_start_year"].notna()
    t["plan_years"] = (t["target_year"] - t["period_start_year"] + 1).where(cumulative).astype("Int64")
    t["value_std_per_year"] = (t["value_std"] / t["plan_years"].astype("float64")).where(cumulative)
    order = [f["name"] for f in schema.fields("targets_processed")]
    t = pd.DataFrame({c: t[c] for c in order}, copy=False)  # t[order] would copy it
    if not t["target_id"].is_monotonic_increasing:  # sorted by _frame: no copy is made
        t = t.sort_values("target_id", kind="stable")
    out["targets"] = t.reset_index(drop=True)
    del t

    counts = out["targets"].groupby("doc_id")["kind"].value_counts().unstack(fill_value=0)
    docs = docs.merge(out["jurisdictions"][["jurisdiction_id", "name_zh", "name_en", "level"]]
                      .rename(columns={"name_zh": "jurisdiction_name_zh", "name_en": "jurisdiction_name_en"}),
                      on="jurisdiction_id", how="left")
    docs["n_numeric_targets"] = docs["doc_id"].map(counts.get("numeric", {})).fillna(0).astype("int64")
    docs["n_milestones"] = docs["doc_id"].map(counts.get("milestone", {})).fillna(0).astype("int64")
    docs["has_numeric_targets"] = docs["n_numeric_targets"] > 0
    tt = out["targets"]
    numeric_ids = tt.loc[tt["kind"] == "numeric", ["doc_id", "indicator_id"]]  # (not all columns)
    docs["n_indicators_recorded"] = (docs["doc_id"].map(numeric_ids.groupby("doc_id")["indicator_id"]
                                                        .nunique()).fillna(0).astype("int64"))
    docs["declared_indicators"] = docs["declared_indicators"].astype("Int64")
    docs["source_kind"] = docs["source_kind"].fillna("official_full_text")
    out["documents"] = (docs[schema.field_names("documents_processed")]
                        .sort_values(["reference_date", "doc_id"]).reset_index(drop=True))
    for extra in TABLE_FRAMES:
        out.update(extra(ds, out))
    return out


def _return_freed_memory() -> None:
    """Hand memory Python has freed back to the system (glibc keeps freed heap memory for
    later mallocs, which pyarrow's allocator does not use: without this, the build of 10^6
    rows holds the validated rows and the frame at once). A no-op where unavailable."""
    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _mapped(s: pd.Series, f: Callable[[Any], Any]) -> pd.Series:
    """``s.map(f)``, calling ``f`` once per distinct value (not once per row)."""
    distinct = s.dropna().unique()
    return s.map(dict(zip(distinct, map(f, distinct))))


def _look_up(t: pd.DataFrame, key: str, table: pd.DataFrame, columns: list[str]) -> None:
    """Add ``columns`` of ``table`` to ``t`` by ``key`` (as a left merge on a unique key)."""
    at = pd.Index(table[key]).get_indexer(t[key])  # -1 where t's key is not in the table
    found = at >= 0
    for c in columns:
        t[c] = table[c].take(at.clip(min=0)).where(found).set_axis(t.index)


def _std(t: pd.DataFrame, col: str, ds: Dataset) -> pd.Series:
    """``col`` in standard units (units.csv), for numeric targets; NaN elsewhere."""
    numeric = t["kind"] == "numeric"
    mult = _mapped(t["unit"].where(numeric), lambda u: convert(1.0, u, ds.units))
    return (t[col].astype("float64") * mult.astype("float64")).where(numeric & t[col].notna())


def baseline_frame(t: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """baseline_value_std, implied_level_std and implied_annual_growth_pct per target.

    An absolute target's baseline is in the target's unit; a relative target's in the
    indicator's standard unit (see :mod:`ipstats.dataset.targetrules`)."""
    rows = []
    numeric = (t["kind"] == "numeric").tolist()
    # plain Python values, one column at a time (iterating the frame's rows costs 50x more)
    years = {c: [None if isnan(y) else int(y) for y in t[c].astype("float64").tolist()]
             for c in ("baseline_year", "target_year")}
    cols = zip(numeric, t["relative"].tolist(), t["baseline_value"].tolist(),
               years["baseline_year"], years["target_year"], t["value"].tolist(),
               t["value_std"].tolist(), t["unit"].tolist())
    for num, relative, baseline_value, by, ty, value, value_std, unit in cols:
        base = level = growth = None
        rel = relative if isinstance(relative, str) and relative else None
        if num and not isnan(baseline_value):
            base = float(baseline_value) if rel else convert(baseline_value, unit, ds.units)
        if num and not rel:
            level = None if isnan(value_std) else value_std
        elif num and base is not None:
            level = implied_level(str(rel), float(value), base, by, ty)
        if base is not None and level is not None and by is not None and ty is not None:
            growth = annual_growth_pct(base, by, level, ty)
        rows.append((base, level, growth))
    return pd.DataFrame(rows, index=t.index, dtype="float64",
                        columns=["baseline_value_std", "implied_level_std",
                                 "implied_annual_growth_pct"])


# Families of processed tables built after the core ones, in order (see ipstats.dataset.model).
TABLE_FRAMES: tuple[FrameBuilder, ...] = (codebook_frames, measures_frame, observations_frame)


def build(data_dir: DataDir = None, force: bool = False) -> DataPaths:
    """Validate ``data_dir`` and write its processed tables as a new whole version; skip if
    already up to date. Returns the paths pinned to the version to read."""
    paths = data_paths(data_dir)
    paths = DataPaths(paths.root)  # never build into a pinned (older) version
    fingerprint = raw_fingerprint(paths)
    if not force and not is_stale(paths, fingerprint):
        return paths.pinned()
    ds = validate(paths)  # raises ValidationError before anything is written
    tables = frames(ds, consume=True)
    del ds
    digests = {name: slice_digests(tables[name], cols)
               for name, cols in schema.sliced_tables().items() if name in tables}
    stamp = {"raw_fingerprint": fingerprint, "ipstats_version": __version__,
             "tables": sorted(tables), "rows": {k: len(v) for k, v in sorted(tables.items())}}
    try:
        with versions.lock(paths.processed, "build"):
            if not force and not is_stale(paths, fingerprint):
                return paths.pinned()  # another build finished it while this one waited
            versions.clean(paths.processed, legacy=("*.parquet", "build.json"))
            with versions.writing(paths.processed) as staging:
                for name, df in tables.items():
                    write_with(staging / f"{name}.parquet", functools.partial(_write_parquet, df))
                write_text(staging / SLICES_FILE, json.dumps(digests, sort_keys=True) + "\n")
                write_text(staging / "build.json",
                           json.dumps(stamp, indent=1, sort_keys=True) + "\n")
    except OSError as exc:
        raise IpstatsError(versions.explain_write_error(exc, paths.processed)) from None
    return paths.pinned()


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa  # lazy: only when writing
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


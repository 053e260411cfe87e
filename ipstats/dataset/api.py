"""Python API for notebooks: tidy DataFrames, rebuilt automatically when raw data changed.

An analyst who edits a CSV under ``data/raw`` in JupyterLab sees the change on the next call;
invalid data raises :class:`~ipstats.core.problems.ValidationError` listing every problem.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ipstats.core.paths import DataDir, DataPaths
from ipstats.dataset import schema
from ipstats.dataset.slices import read_key

if TYPE_CHECKING:  # pandas is imported on first load, so `ipstats --help` starts fast
    import pandas as pd


# Set by `ipstats render` for each job's kernel: the file the tables a job reads are appended
# to, so a job is rerendered only when the data it read changed.
READ_LOG_ENV = "IPSTATS_READ_LOG"

# What a slice is asked for by, in the loaders' keywords: the column it keeps rows by.
SLICE_KEYWORDS = {"jurisdictions": "jurisdiction_id", "families": "family", "doc_ids": "doc_id"}


def record_read(table: str, where: Mapping[str, Iterable[Any]] | None = None) -> None:
    """Note that the running report read ``table`` (only the rows whose columns have the
    values in ``where``, if given); a no-op outside ``ipstats render``."""
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(read_key(table, where) + "\n")


def _load(name: str, data_dir: DataDir = None, **slices: Iterable[Any] | None) -> pd.DataFrame:
    """Table ``name``, only the rows in the slices asked for (``jurisdictions=[...]``, see
    :data:`SLICE_KEYWORDS`; None: not sliced by it). Raises ValueError naming the keywords
    the table accepts if it is not sliced by one asked for."""
    # lazy: pandas and pyarrow are paid on the first load, not by `import ipstats`
    import pandas as pd

    from ipstats.dataset.build import build  # lazy: see above

    sliced_by = schema.sliced_tables().get(name, [])
    where = {}
    for keyword, values in slices.items():
        col = SLICE_KEYWORDS.get(keyword)
        if col is None or col not in sliced_by:
            accepted = [k for k, c in SLICE_KEYWORDS.items() if c in sliced_by]
            raise ValueError(f"{name} cannot be loaded by {keyword}=; it accepts "
                             f"{', '.join(accepted) or 'no slice keyword'}")
        if values is not None:
            if isinstance(values, str):
                raise TypeError(f"{keyword}= takes a list of ids, e.g. {keyword}=[{values!r}]")
            where[col] = [str(v) for v in values]
    paths: DataPaths = build(data_dir)  # no-op when up to date
    record_read(name, where)
    df = pd.read_parquet(paths.processed_table(name))
    for col, values in where.items():
        df = df[df[col].isin(values)]
    return df.reset_index(drop=True) if where else df


def load_targets(data_dir: DataDir = None, *, jurisdictions: Iterable[str] | None = None,
                 families: Iterable[str] | None = None) -> pd.DataFrame:
    """Every target and milestone, one row each, joined with document, jurisdiction,
    indicator and family; ``value_std`` in the indicator's standard unit.

    ``jurisdictions`` / ``families``: only the rows of these ids (a report rendered by
    ``ipstats render`` then depends on those rows only)."""
    return _load("targets", data_dir, jurisdictions=jurisdictions, families=families)


def load_documents(data_dir: DataDir = None, *, jurisdictions: Iterable[str] | None = None,
                   doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per document with dates, provenance and counts of targets
    (``has_numeric_targets`` is False for documents that set none); ``jurisdictions`` /
    ``doc_ids``: only these documents."""
    return _load("documents", data_dir, jurisdictions=jurisdictions, doc_ids=doc_ids)


def load_jurisdictions(data_dir: DataDir = None) -> pd.DataFrame:
    """Jurisdictions with codes, names, level and parent."""
    return _load("jurisdictions", data_dir)


def load_indicators(data_dir: DataDir = None) -> pd.DataFrame:
    """The indicator dictionary: family, standard unit, basis and direction."""
    return _load("indicators", data_dir)


def load_families(data_dir: DataDir = None) -> pd.DataFrame:
    """Indicator families with Chinese and English names."""
    return _load("families", data_dir)


def load_units(data_dir: DataDir = None) -> pd.DataFrame:
    """Declared unit conversions."""
    return _load("units", data_dir)

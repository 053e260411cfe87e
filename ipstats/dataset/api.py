"""Python API for notebooks: tidy DataFrames, rebuilt automatically when raw data changed.

An analyst who edits a CSV under ``data/raw`` in JupyterLab sees the change on the next call;
invalid data raises :class:`~ipstats.core.problems.ValidationError` listing every problem.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ipstats.core.paths import DataDir, DataPaths

if TYPE_CHECKING:  # pandas is imported on first load, so `ipstats --help` starts fast
    import pandas as pd


# Set by `ipstats render` for each job's kernel: the file the tables a job reads are appended
# to, so a job is rerendered only when the data it read changed.
READ_LOG_ENV = "IPSTATS_READ_LOG"


def record_read(table: str) -> None:
    """Note that the running report read ``table`` (a no-op outside ``ipstats render``)."""
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(table + "\n")


def _load(name: str, data_dir: DataDir = None) -> pd.DataFrame:
    # lazy: pandas and pyarrow are paid on the first load, not by `import ipstats`
    import pandas as pd

    from ipstats.dataset.build import build  # lazy: see above

    paths: DataPaths = build(data_dir)  # no-op when up to date
    record_read(name)
    return pd.read_parquet(paths.processed_table(name))


def load_targets(data_dir: DataDir = None) -> pd.DataFrame:
    """Every target and milestone, one row each, joined with document, jurisdiction,
    indicator and family; ``value_std`` in the indicator's standard unit."""
    return _load("targets", data_dir)


def load_documents(data_dir: DataDir = None) -> pd.DataFrame:
    """One row per document with dates, provenance and counts of targets
    (``has_numeric_targets`` is False for documents that set none)."""
    return _load("documents", data_dir)


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

"""Python API for the measures tables, rebuilt automatically when raw data changed.

>>> callable(load_measures) and callable(load_departments)
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ipstats.core.paths import DataDir
from ipstats.dataset.api import _load

if TYPE_CHECKING:
    import pandas as pd


def load_measures(data_dir: DataDir = None) -> pd.DataFrame:
    """Every numbered measure of every document, one row each: clause, headings, verbatim quote
    (and a cleaned copy), full text, lead and participating departments, theme, campaigns,
    stated targets, source line."""
    return _load("measures", data_dir)


def load_departments(data_dir: DataDir = None) -> pd.DataFrame:
    """Departments named by the measures, normalised: id, jurisdiction, level, department_kind, Chinese and
    English names, and the forms the documents write them in (``aliases``)."""
    return _load("departments", data_dir)


def load_themes(data_dir: DataDir = None) -> pd.DataFrame:
    """The theme codebook: id, Chinese and English names, description, proposal keywords."""
    return _load("themes", data_dir)


def load_campaigns(data_dir: DataDir = None) -> pd.DataFrame:
    """National campaigns and programmes with their match patterns and English names."""
    return _load("campaigns", data_dir)

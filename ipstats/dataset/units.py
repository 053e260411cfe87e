"""Unit conversions, declared once as data in ``raw/units.csv`` and applied by one function.

``value_std = value x multiplier``; the standard unit of a target is its indicator's
``unit_std`` (e.g. ``count_per_10k_people``), a quantity of a base unit declared in
``raw/standard_units.csv`` (``count``), which must be the base unit of the target's unit (件).

>>> table = {"亿元": Unit("亿元", "yuan", 1e8), "个月": Unit("个月", "months", 1.0)}
>>> convert(300, "亿元", table)
30000000000.0
>>> unit_key("萬件")
'万件'
>>> bases = {"count_per_10k_people": "count", "count": "count", "yuan": "yuan"}
>>> compatible("count_per_10k_people", "count", bases), compatible("yuan", "count", bases)
(True, False)
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from ipstats.core.paths import DataPaths
from ipstats.core.problems import IpstatsError, Problem
from ipstats.dataset.csvio import read_csv
from ipstats.dataset.numerals import MeasureWords
from ipstats.dataset.textnorm import normalise

NO_UNIT = "(none)"


@dataclass(frozen=True)
class Unit:
    """A unit as written (its lookup key), the base unit it measures, and the factor to it."""

    unit: str
    base_unit: str
    multiplier: float


@functools.lru_cache(maxsize=4096)  # called once per target row; units are few
def unit_key(unit: str) -> str:
    """The lookup key of a unit as written: simplified, artefact-free; blank means (none)."""
    return normalise(unit) if unit and unit.strip() else NO_UNIT


def convert(value: float, unit: str, table: dict[str, Unit]) -> float:
    """Convert ``value`` in ``unit`` to its standard unit; KeyError for an undeclared unit."""
    return float(value) * table[unit_key(unit)].multiplier


def compatible(indicator_unit_std: str, base_unit: str, base_units: Mapping[str, str]) -> bool:
    """True if an indicator measured in ``indicator_unit_std`` can take a value in a unit of
    ``base_unit``: the standard unit is declared (``base_units``: unit_std -> base unit, from
    standard_units.csv) as a quantity of that base unit."""
    return base_units.get(indicator_unit_std) == base_unit


def _column(paths: DataPaths, table: str, column: str) -> list[str]:
    problems: list[Problem] = []
    csv = read_csv(paths.raw_table(table), str(paths.raw_table(table)), problems)
    if csv is None:
        raise IpstatsError(f"{problems[0]}; the measure words are read from raw/units.csv and "
                           "raw/measure_words.csv: pass --data-dir pointing at a folder that "
                           "holds raw/")
    return [r.get(column, "") for _, r in csv.records()]


def read_measure_words(paths: DataPaths) -> MeasureWords:
    """The measure words of a data directory, straight from its CSVs (for the extractor, which
    runs before the data are validated): units declared in ``units.csv`` and the other
    measure words of ``measure_words.csv``, as lookup keys (:func:`unit_key`)."""
    return MeasureWords.of([unit_key(u) for u in _column(paths, "units", "unit")],
                           [unit_key(u) for u in _column(paths, "measure_words", "unit")])

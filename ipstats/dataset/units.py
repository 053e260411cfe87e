"""Unit conversions, declared once as data in ``raw/units.csv`` and applied by one function.

``value_std = value x multiplier``; the standard unit of a target is its indicator's
``unit_std`` (e.g. ``count_per_10k_people``), which must start with the unit's base unit.

>>> table = {"亿元": Unit("亿元", "yuan", 1e8), "个月": Unit("个月", "months", 1.0)}
>>> convert(300, "亿元", table)
30000000000.0
>>> unit_key("萬件")
'万件'
>>> compatible("count_per_10k_people", "count"), compatible("yuan", "count")
(True, False)
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ipstats.dataset.textnorm import normalise

NO_UNIT = "(none)"


@dataclass(frozen=True)
class Unit:
    unit: str
    unit_std: str
    multiplier: float


@functools.lru_cache(maxsize=4096)  # called once per target row; units are few
def unit_key(unit: str) -> str:
    """The lookup key of a unit as written: simplified, artefact-free; blank means (none)."""
    return normalise(unit) if unit and unit.strip() else NO_UNIT


def convert(value: float, unit: str, table: dict[str, Unit]) -> float:
    """Convert ``value`` in ``unit`` to its standard unit; KeyError for an undeclared unit."""
    return float(value) * table[unit_key(unit)].multiplier


def compatible(indicator_unit_std: str, base_unit: str) -> bool:
    """True if an indicator measured in ``indicator_unit_std`` can take a ``base_unit`` value."""
    return indicator_unit_std == base_unit or indicator_unit_std.startswith(base_unit + "_")

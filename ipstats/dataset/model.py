"""The validated dataset in memory: what validation read and derived, typed, so the build uses
it without re-reading; and the interfaces through which a family of tables (measures) plugs
into validation and the build.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ipstats.core.paths import DataPaths
from ipstats.core.problems import Problem
from ipstats.dataset.measures.parse import ParsedMeasure
from ipstats.dataset.numerals import MeasureWords
from ipstats.dataset.read import Row
from ipstats.dataset.textnorm import NormalisedText
from ipstats.dataset.units import Unit

if TYPE_CHECKING:  # pandas is imported by the build only, so validation starts fast
    import pandas as pd


@dataclass
class Dataset:
    """Everything validation read, typed, for the build to use without re-reading."""

    paths: DataPaths
    tables: dict[str, list[Row]] = field(default_factory=dict)
    targets: list[Row] = field(default_factory=list)
    sources: dict[str, NormalisedText] = field(default_factory=dict)
    source_lines: dict[str, int] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)  # by unit_key (units.csv)
    base_units: dict[str, str] = field(default_factory=dict)  # unit_std -> base unit
    measure_words: MeasureWords = field(default_factory=lambda: MeasureWords.of(()))
    # Measures (see ipstats.dataset.measures): each document's parsed measures and the
    # responsibility convention of its text, and the source line of each measure's quote.
    parsed_measures: dict[str, tuple[list[ParsedMeasure], str]] = field(default_factory=dict)
    measure_lines: dict[str, int] = field(default_factory=dict)

    def index(self, table: str, key: str) -> dict[str, Row]:
        return {r[key]: r for r in self.tables.get(table, []) if r[key] is not None}



# A family of tables plugs into validation with a check that loads its tables into the dataset
# and appends every problem it finds ...
TableCheck = Callable[[Dataset, list[Problem]], None]
# ... and into the build with a function that returns its processed frames by name, given the
# dataset and the frames built so far.
FrameBuilder = Callable[[Dataset, "dict[str, pd.DataFrame]"], "dict[str, pd.DataFrame]"]

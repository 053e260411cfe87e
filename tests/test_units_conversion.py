"""Units, function by function, on tiny inline tables (input and expected side by side). Fast:
a two-file data folder at most; these run for every mutant of ``units`` in
``benchmarks/mutation.py``."""
from __future__ import annotations

import pytest

from ipstats.core.paths import DataPaths
from ipstats.core.problems import IpstatsError
from ipstats.dataset.units import NO_UNIT, Unit, compatible, convert, read_measure_words, unit_key

TABLE = {"亿元": Unit("亿元", "yuan", 1e8), "万件": Unit("万件", "count", 1e4),
         "个月": Unit("个月", "months", 1.0), NO_UNIT: Unit(NO_UNIT, "count", 1.0)}


@pytest.mark.parametrize("unit, key", [
    pytest.param("萬件", "万件", id="traditional"),
    pytest.param(" 万 件 ", "万件", id="spaces"),
    pytest.param("％", "%", id="full-width"),
    pytest.param("", NO_UNIT, id="blank"),
    pytest.param("  ", NO_UNIT, id="whitespace-only"),
    pytest.param("(none)", "(none)", id="none-stays"),
])
def test_unit_key(unit, key):
    assert unit_key(unit) == key


@pytest.mark.parametrize("value, unit, expected", [
    pytest.param(300, "亿元", 3e10, id="yi-yuan"),
    pytest.param(2.5, "萬件", 25_000.0, id="wan-items-traditional"),
    pytest.param("4", "个月", 4.0, id="value-as-text"),
    pytest.param(7, "", 7.0, id="no-unit"),
])
def test_convert(value, unit, expected):
    out = convert(value, unit, TABLE)
    assert out == expected and isinstance(out, float)


def test_convert_refuses_an_undeclared_unit():
    with pytest.raises(KeyError):
        convert(1, "万元", TABLE)


@pytest.mark.parametrize("unit_std, base, expected", [
    pytest.param("count_per_10k_people", "count", True, id="per-capita-count"),
    pytest.param("count", "count", True, id="count"),
    pytest.param("yuan", "count", False, id="other-base"),
    pytest.param("undeclared", "count", False, id="undeclared-standard-unit"),
])
def test_compatible(unit_std, base, expected):
    bases = {"count_per_10k_people": "count", "count": "count", "yuan": "yuan"}
    assert compatible(unit_std, base, bases) is expected


def _data(tmp_path, units: str | None, words: str | None) -> DataPaths:
    (tmp_path / "raw").mkdir()
    if units is not None:
        (tmp_path / "raw" / "units.csv").write_text(units, encoding="utf-8")
    if words is not None:
        (tmp_path / "raw" / "measure_words.csv").write_text(words, encoding="utf-8")
    return DataPaths(tmp_path)


def test_read_measure_words_from_the_two_tables_as_lookup_keys(tmp_path):
    paths = _data(tmp_path, "unit,base_unit,multiplier,description\n萬件,count,10000,x\n"
                            "个月,months,1,x\n,count,1,blank\n",
                  "unit,description\n人次,x\n所,x\n個月,declared already\n")
    words = read_measure_words(paths)
    assert words.declared == frozenset({"万件", "个月"})
    assert words.other == frozenset({"人次", "所"})


@pytest.mark.parametrize("missing", ["units", "measure_words"])
def test_read_measure_words_without_a_table_says_where_they_come_from(tmp_path, missing):
    paths = _data(tmp_path, None if missing == "units" else "unit\n件\n",
                  None if missing == "measure_words" else "unit\n人次\n")
    with pytest.raises(IpstatsError) as e:
        read_measure_words(paths)
    path = tmp_path / "raw" / f"{missing}.csv"
    assert str(e.value) == (
        f"{path}: cannot read the file: No such file or directory; the measure words are read "
        "from raw/units.csv and raw/measure_words.csv: pass --data-dir pointing at a folder "
        "that holds raw/")


def test_a_table_without_the_unit_column_gives_no_words(tmp_path):
    paths = _data(tmp_path, "name\n件\n", "unit\n人次\n")
    words = read_measure_words(paths)
    assert words.declared == frozenset()
    assert words.other == frozenset({"人次"})

"""Unit conversions are declared as data (raw/units.csv) and applied by one function."""
import pandas as pd
import pytest

from ipstats.dataset.units import Unit, compatible, convert, unit_key
from ipstats.dataset.validate import validate


@pytest.fixture(scope="module")
def shipped_units():
    return validate(None).units


CASES = pd.DataFrame([
    # value, unit as written, expected value_std, expected base unit
    (300, "亿元", 3.0e10, "yuan"),
    (250, "億元", 2.5e10, "yuan"),          # traditional form of the unit
    (2.5, "万件", 25_000, "count"),
    (2.5, "萬件", 25_000, "count"),
    (3.2, "万件", 32_000, "count"),
    (32, "件", 32, "count"),
    (30, "(none)", 30, "count"),
    (30, "", 30, "count"),                  # blank unit means a bare number
    (3, "个月", 3, "months"),
    (1, "年", 12, "months"),
    (1.1, "倍", 1.1, "ratio"),
    (95, "%", 95, "percent"),
], columns=["value", "unit", "expected_std", "expected_base"])


IDS = ["300-yi-yuan", "250-yi-yuan-traditional", "2.5-wan-jian", "2.5-wan-jian-traditional",
       "3.2-wan-jian", "32-jian", "30-none", "30-blank", "3-months", "1-year", "1.1-times",
       "95-percent"]


@pytest.mark.parametrize("row", list(CASES.itertuples(index=False)), ids=IDS)
def test_declared_conversions(shipped_units, row):
    assert convert(row.value, row.unit, shipped_units) == pytest.approx(row.expected_std)
    assert shipped_units[unit_key(row.unit)].base_unit == row.expected_base


def test_undeclared_unit_is_a_key_error_not_a_guess():
    with pytest.raises(KeyError):
        convert(1, "吨", {"件": Unit("件", "count", 1)})


@pytest.mark.parametrize("indicator_unit, base, ok", [
    ("count_per_10k_people", "count", True),
    ("count", "count", True),
    ("yuan", "count", False),
    ("countries", "count", False),   # a name prefix decides nothing: only the declared base
    ("count_per_capita_income", "count", False),
    ("months", "months", True),
    ("undeclared", "count", False),
])
def test_compatible_is_decided_by_the_declared_base_unit(indicator_unit, base, ok):
    bases = {"count_per_10k_people": "count", "count": "count", "yuan": "yuan", "months": "months",
             "countries": "countries", "count_per_capita_income": "yuan"}
    assert compatible(indicator_unit, base, bases) is ok


def test_units_csv_keys_are_normalised_on_load(data_copy):
    units = data_copy.raw_table("units")
    units.write_text(units.read_text(encoding="utf-8").replace("\n万件,", "\n萬件,"), encoding="utf-8")
    assert validate(data_copy).units["万件"].multiplier == 10_000


def test_base_units_come_from_standard_units_csv(data_copy):
    std = data_copy.raw_table("standard_units")
    std.write_text(std.read_text(encoding="utf-8").replace(
        "count_per_10k_people,count,", "count_per_10k_people,yuan,"), encoding="utf-8")
    from ipstats.core.problems import ValidationError

    with pytest.raises(ValidationError) as exc:
        validate(data_copy)
    assert any("a count unit cannot measure invention_patents_per_10k_people" in str(p)
               and "a quantity of yuan" in str(p) for p in exc.value.problems)


def test_wrong_unit_for_indicator_is_rejected(data_copy):
    from ipstats.core.problems import ValidationError

    f = data_copy.targets_dir / "zj-2020-ip-protection-action-plan.csv"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("ip_pledge_financing_amount_annual,numeric,>=,300,亿元",
                              "ip_pledge_financing_amount_annual,numeric,>=,300,件"), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        validate(data_copy)
    assert any("a count unit cannot measure ip_pledge_financing_amount_annual" in str(p)
               for p in exc.value.problems)


# -- measure words are data: units.csv (declared) and measure_words.csv (detected only) -------

def test_measure_words_come_from_the_data_directory(data_copy):
    from ipstats.curation.extract import propose
    from ipstats.dataset.units import read_measure_words

    text = "一、目标\n到2025年,建成示范基地30座以上,培训5000人次。"
    units = data_copy.raw_table("units")
    words = read_measure_words(data_copy)
    assert {"亿元", "万件", "个月", "人次"} <= words.declared and "座" in words.other
    rows = {r["unit"]: r["note"] for r in propose(text, "t", 2025, words=words)}
    assert "unit 座 is not declared in units.csv" in rows["座"]
    assert "not declared" not in rows["人次"]
    # declare 座 (in traditional script: keys are normalised) and drop 人次: the notes follow the data
    units.write_text(units.read_text(encoding="utf-8").replace("\n人次,count,1,", "\n人次x,count,1,")
                     + "座,count,1,buildings\n", encoding="utf-8")
    words = read_measure_words(data_copy)
    rows = {r["unit"]: r["note"] for r in propose(text, "t", 2025, words=words)}
    assert "not declared" not in rows["座"]
    assert "人次" not in words.declared


def test_a_word_in_neither_table_is_not_a_measure_word(data_copy):
    from ipstats.dataset.numerals import scan
    from ipstats.dataset.units import read_measure_words

    mw = data_copy.raw_table("measure_words")
    mw.write_text(mw.read_text(encoding="utf-8").replace("\n座,", "\n幢,"), encoding="utf-8")
    hits = scan("建成30座", read_measure_words(data_copy))
    assert [(h.text, h.kind) for h in hits] == [("30", "bare")]


def test_a_unit_declared_twice_in_two_scripts_is_reported(data_copy):
    from ipstats.core.problems import ValidationError

    units = data_copy.raw_table("units")
    with open(units, "a", encoding="utf-8") as f:
        f.write("萬件,count,10000,traditional form\n")
    with pytest.raises(ValidationError) as exc:
        validate(data_copy)
    assert any("column 'unit': the same unit as 万件 on line" in str(p) and "(both read 万件)" in str(p)
               for p in exc.value.problems)

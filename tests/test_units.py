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
    assert shipped_units[unit_key(row.unit)].unit_std == row.expected_base


def test_undeclared_unit_is_a_key_error_not_a_guess():
    with pytest.raises(KeyError):
        convert(1, "吨", {"件": Unit("件", "count", 1)})


@pytest.mark.parametrize("indicator_unit, base, ok", [
    ("count_per_10k_people", "count", True),
    ("count", "count", True),
    ("yuan", "count", False),
    ("countries", "count", False),
    ("months", "months", True),
])
def test_compatible(indicator_unit, base, ok):
    assert compatible(indicator_unit, base) is ok


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

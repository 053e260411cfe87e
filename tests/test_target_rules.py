"""Targets as real plans state them: indicator-table rows (tabs, pipes, one cell per line,
full-width spaces), baselines, attribute, ranges, ``>``, relative targets, recurrence and a
per-target basis; validated with located messages and carried into the build."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from ipstats.core.problems import ValidationError
from ipstats.dataset.build import build
from ipstats.dataset.validate import validate
from tests.conftest import add_document

DOC = "test-2021-plan"
FILE = f"raw/targets/{DOC}.csv"
DENSITY = "invention_patents_per_10k_people"
CLUSTERS = "ip_service_industry_clusters_provincial_plus"
SOURCE = "\n".join([
    "测试市知识产权发展规划(2021—2025年)",                                              # 1
    "一、发展目标",                                                                        # 2
    "到2025年,每万人口发明专利拥有量由2020年的6.8件提高到12件,服务业集聚区超过9个,"      # 3 (one line with the next)
    "质押融资额年均增长9%,专利转化率由2020年的60%提高2个百分点,每年新增服务站2-3家。",
    "表1 主要指标",                                                                        # 4
    "指标\t2020年(基期)\t2025年(目标)\t属性",                                              # 5
    "每万人口发明专利拥有量（件）\t6.3\t12\t预期性",                                        # 6
    "| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |",                                      # 7
    "| 1 | 省级以上知识产权服务业集聚区 | 个 | 3 | 5-7 | 约束性 |",                          # 8
    "表2 分区指标",                                                                        # 9
    "知识产权服务业集聚区（个）",                                                          # 10
    "3",                                                                                   # 11
    "１２０",                                                                               # 12
    "预期性",                                                                              # 13
    "知识产权服务业集聚区　　３　　8　　预期性",                                            # 14
])
TAB_ROW = "每万人口发明专利拥有量（件）\t6.3\t12\t预期性"
PIPE_ROW = "| 1 | 省级以上知识产权服务业集聚区 | 个 | 3 | 5-7 | 约束性 |"


def row(tid: str, indicator: str, value: str, unit: str, quote: str, **extra: str) -> dict:
    return {"target_id": tid, "indicator_id": indicator, "value": value, "unit": unit,
            "target_year": "2025", "quote": quote, **extra}


GOOD = [
    row("t01", DENSITY, "12", "件", TAB_ROW, source_table_row="true", baseline_value="6.3",
        baseline_year="2020", attribute="expected"),
    row("t02", CLUSTERS, "5", "个", PIPE_ROW, source_table_row="true", value_high="7",
        baseline_value="3", baseline_year="2020", attribute="binding"),
    row("t03", CLUSTERS, "120", "个", "知识产权服务业集聚区（个）\t3\t１２０\t预期性",
        source_table_row="true", baseline_value="3"),
    row("t04", CLUSTERS, "8", "个", "知识产权服务业集聚区　　３　　8　　预期性",
        source_table_row="true"),
    row("t05", DENSITY, "12", "件", "每万人口发明专利拥有量由2020年的6.8件提高到12件",
        baseline_value="6.8", baseline_year="2020"),
    row("t06", CLUSTERS, "9", "个", "服务业集聚区超过9个", comparator=">"),
    row("t07", "ip_pledge_financing_amount_annual", "9", "%", "质押融资额年均增长9%",
        relative="growth_rate_per_year", baseline_value="5000000000", baseline_year="2020",
        baseline_quote="到2025年,每万人口发明专利拥有量由2020年的6.8件"),
    row("t08", DENSITY, "2", "个百分点", "专利转化率由2020年的60%提高2个百分点", relative="pp_change",
        baseline_value="60", baseline_year="2020"),
    row("t09", CLUSTERS, "2", "家", "每年新增服务站2-3家", value_high="3", recurrence="annual",
        basis="flow"),
]


def problems_with(data_copy, rows: list[dict]) -> list[str]:
    add_document(data_copy, DOC, SOURCE, rows)
    try:
        validate(data_copy)
    except ValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_table_rows_baselines_ranges_and_relative_targets_validate_and_build(data_copy):
    add_document(data_copy, DOC, SOURCE, GOOD)
    ds = validate(data_copy)
    lines = {t: ds.source_lines[t] for t in ("t01", "t02", "t03", "t04", "t05")}
    assert lines == {"t01": 6, "t02": 8, "t03": 10, "t04": 14, "t05": 3}
    build(data_copy)
    t = pd.read_parquet(data_copy.processed_table("targets")).set_index("target_id")
    assert t.loc["t01", ["attribute", "baseline_value_std", "implied_level_std"]].tolist() == [
        "expected", 6.3, 12.0]
    assert math.isclose(t.loc["t01", "implied_annual_growth_pct"], ((12 / 6.3) ** 0.2 - 1) * 100)
    assert t.loc["t02", ["value_std", "value_std_high", "attribute"]].tolist() == [5.0, 7.0, "binding"]
    assert t.loc["t06", "comparator"] == ">"
    assert math.isclose(t.loc["t07", "implied_level_std"], 5e9 * 1.09 ** 5)
    assert math.isclose(t.loc["t07", "implied_annual_growth_pct"], 9.0)
    assert t.loc["t08", "implied_level_std"] == 62.0
    assert t.loc["t09", ["recurrence", "basis", "target_basis_override"]].tolist() == [
        "annual", "flow", "flow"]
    assert t.loc["t05", "recurrence"] == "once" and t.loc["t05", "attribute"] == "not_stated"
    assert bool(t.loc["t03", "source_table_row"]) and not bool(t.loc["t05", "source_table_row"])


@pytest.mark.parametrize("bad, column, message", [
    pytest.param(dict(value="13"), "quote",
                 "no cell of the row states 13; cells are ['每万人口发明专利拥有量(件)', '6.3', '12', "
                 "'预期性']. Write the value of the target cell", id="table-value-not-a-cell"),
    pytest.param(dict(unit="万件"), "quote",
                 "the unit 万件 is neither in the row nor in the 15 lines above it (the table's "
                 "header); check the unit against the table", id="table-unit-not-in-header"),
    pytest.param(dict(target_year="2030"), "quote",
                 "the table's column heads give the years 2020, 2025, not the target_year 2030; "
                 "take the year from the head of the target's column", id="table-year-from-column-head"),
    pytest.param(dict(value_high="12"), "value_high",
                 "the high end of a range must be greater than value (12); for 2-3家 write value 2 "
                 "and value_high 3", id="range-not-increasing"),
    pytest.param(dict(value_high="14", comparator=">="), "comparator",
                 "a range (value_high given) is stated with = (or ~ for 约); the range itself says "
                 "how far the target reaches", id="range-with-at-least"),
    pytest.param(dict(baseline_year="2025"), "baseline_year",
                 "expected a year before target_year (2025)", id="baseline-after-target"),
    pytest.param(dict(relative="growth_rate_per_year"), "unit",
                 "a growth_rate_per_year target is stated in % (e.g. 年均增长9%: value 9, unit %)",
                 id="relative-in-the-wrong-unit"),
    pytest.param(dict(attribute="mandatory"), "attribute",
                 "expected one of: expected, binding, not_stated", id="attribute-enum"),
    pytest.param(dict(baseline_quote="由2019年的6.8件"), "baseline_quote",
                 "quote not found in the source", id="baseline-quote-not-in-source"),
    pytest.param(dict(basis="cumulative"), "period_start_year",
                 "the indicator is cumulative: give the first year of the period it sums over",
                 id="per-target-basis-overrides-the-indicator"),
])
def test_each_rule_has_a_located_message(data_copy, bad, column, message):
    found = problems_with(data_copy, [{**GOOD[0], **bad}])
    assert any(p.startswith(f"{FILE}, line 2, column '{column}': {message}") for p in found), found


def test_a_growth_rate_needs_the_year_it_compounds_from(data_copy):
    found = problems_with(data_copy, [{**GOOD[6], "baseline_year": ""}])
    assert found == [
        f"{FILE}, line 2, column 'baseline_year': a growth rate per year compounds from the "
        "baseline's year: give baseline_year (the 基期 of the table, or the year in 较2020年) "
        "(found '')"]


def test_a_prose_baseline_must_be_in_the_quote(data_copy):
    found = problems_with(data_copy, [{**GOOD[4], "baseline_value": "6.9"}])
    assert found == [
        f"{FILE}, line 2, column 'quote': the quote does not contain the baseline value and unit "
        "6.9; quote the clause that states the number, and write the value exactly as the text "
        "does (found '每万人口发明专利拥有量由2020年的6.8件提高到12件')"]


def test_a_milestone_has_no_range_or_baseline(data_copy):
    milestone = {"target_id": "m01", "indicator_id": "protection_system_milestone",
                 "kind": "milestone", "comparator": "", "target_year": "2025",
                 "quote": "一、发展目标", "value_high": "3"}
    found = problems_with(data_copy, [milestone])
    assert any("column 'value_high': a milestone has no range, baseline" in p for p in found), found

"""Observations: validation messages (located, all at once), build (value_std), API."""
from __future__ import annotations

import csv
import io

import pytest

import ipstats
from ipstats.core.problems import ValidationError
from ipstats.dataset.validate import validate

HEADER = ("jurisdiction_id,indicator_id,year,value,unit,basis,period_start_year,publisher,title,"
          "date_published,url,date_retrieved,source_kind,note")
GOOD = {"jurisdiction_id": "zhejiang", "indicator_id": "invention_patents_per_10k_people",
            "year": "2021", "value": "35.1", "unit": "件", "basis": "stock", "period_start_year": "",
            "publisher": "浙江省统计局", "title": "2021年浙江省国民经济和社会发展统计公报",
            "date_published": "2022-02-24", "url": "http://tjj.zj.gov.cn/x.html",
            "date_retrieved": "2026-11-22", "source_kind": "official_statistical_bulletin", "note": ""}


def write(paths, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, HEADER.split(","), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    paths.raw_table("observations").write_text(buf.getvalue(), encoding="utf-8")


def problems_of(paths) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate(paths)
    return [str(p) for p in exc.value.problems]


F = "raw/observations.csv"


@pytest.mark.parametrize("change, expected", [
    pytest.param({"jurisdiction_id": "zhejang"}, f"{F}, line 2, column 'jurisdiction_id': unknown "
                 "jurisdiction: did you mean zhejiang? Add it to jurisdictions.csv first. "
                 "(found 'zhejang')", id="unknown-jurisdiction"),
    pytest.param({"indicator_id": "patents_per_10k"}, f"{F}, line 2, column 'indicator_id': "
                 "unknown indicator:", id="unknown-indicator"),
    pytest.param({"unit": "万亿"}, f"{F}, line 2, column 'unit': undeclared unit: expected one of",
                 id="undeclared-unit"),
    pytest.param({"unit": "%"}, f"{F}, line 2, column 'unit': a percent unit cannot measure "
                 "invention_patents_per_10k_people", id="incompatible-unit"),
    pytest.param({"url": ""}, f"{F}, line 2, column 'url': a value is required here",
                 id="citation-url-missing"),
    pytest.param({"publisher": ""}, f"{F}, line 2, column 'publisher': a value is required here",
                 id="citation-publisher-missing"),
    pytest.param({"date_retrieved": ""}, f"{F}, line 2, column 'date_retrieved': a value is "
                 "required here", id="citation-retrieved-missing"),
    pytest.param({"publisher": "unidentified"}, f"{F}, line 2, column 'publisher': a placeholder "
                 "is not a citation", id="placeholder-publisher"),
    pytest.param({"title": "标题\x07"}, f"{F}, line 2, column 'title': control character U+0007 "
                 "at position 3", id="control-character"),
    pytest.param({"year": "2023"}, f"{F}, line 2, column 'year': the figure's year is after its "
                 "publication (2022-02-24)", id="year-after-publication"),
    pytest.param({"year": "2027", "date_published": ""}, f"{F}, line 2, column 'year': the "
                 "figure's year is after the page was retrieved", id="year-in-the-future"),
    pytest.param({"year": "1850"}, f"{F}, line 2, column 'year': expected a value >= 1980",
                 id="year-absurd"),
    pytest.param({"basis": "cumulative"}, f"{F}, line 2, column 'period_start_year': a "
                 "cumulative figure needs the first year of its sum", id="cumulative-no-start"),
    pytest.param({"period_start_year": "2019"}, f"{F}, line 2, column 'period_start_year': only a "
                 "cumulative figure has a period start", id="start-on-a-stock"),
    pytest.param({"basis": "duration"}, f"{F}, line 2, column 'basis': expected one of: stock, "
                 "flow, cumulative", id="basis-enum"),
    pytest.param({"source_kind": "blog"}, f"{F}, line 2, column 'source_kind': expected one of: "
                 "official_statistical_bulletin", id="source-kind-enum"),
    pytest.param({"indicator_id": "public_satisfaction_milestone", "unit": "(none)"},
                 f"{F}, line 2, column 'indicator_id': a qualitative indicator", id="qualitative"),
    pytest.param({"date_published": "22/02/2022"}, f"{F}, line 2, column 'date_published': "
                 "expected text matching", id="date-published-format"),
    pytest.param({"value": "35.1件"}, f"{F}, line 2, column 'value': the unit is inside the "
                 "number", id="unit-in-value"),
])
def test_each_bad_cell_gets_a_located_message(data_copy, change, expected):
    write(data_copy, [{**GOOD, **change}])
    found = problems_of(data_copy)
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_key_names_every_part_and_the_first_line(data_copy):
    write(data_copy, [GOOD, {**GOOD, "value": "36"}])
    assert (f"{F}, line 3, column 'jurisdiction_id': duplicate (jurisdiction_id, indicator_id, "
            "year, publisher): the same values are on line 2; each row needs its own combination "
            "(found 'zhejiang, invention_patents_per_10k_people, 2021, 浙江省统计局')"
            ) in problems_of(data_copy)


def test_same_figure_from_two_publishers_is_allowed(data_copy):
    write(data_copy, [GOOD, {**GOOD, "publisher": "新华社", "source_kind": "press_report"}])
    validate(data_copy)


def test_every_problem_at_once(data_copy):
    write(data_copy, [{**GOOD, "unit": "万亿"}, {**GOOD, "year": "2020", "url": ""}])
    lines = {p.split(",")[1].strip() for p in problems_of(data_copy)}
    assert lines == {"line 2", "line 3"}


def test_build_converts_units_and_api_loads(data_copy):
    write(data_copy, [{**GOOD, "indicator_id": "ip_pledge_financing_amount_annual",
                       "value": "3098", "unit": "亿元", "basis": "flow"}])
    o = ipstats.load_observations(data_copy.root)
    assert o.loc[0, "value_std"] == 3098e8
    assert (o.loc[0, "unit_std"], o.loc[0, "jurisdiction_name_en"]) == ("yuan", "Zhejiang Province")
    assert data_copy.processed_table("observations").is_file()


def test_header_only_file_builds_an_empty_table(data_copy):
    data_copy.raw_table("observations").write_text(HEADER + "\n", encoding="utf-8")
    assert ipstats.load_observations(data_copy.root).empty


def test_shipped_observations_cite_every_row(built_data):
    o = ipstats.load_observations(built_data.root)
    for col in ("publisher", "title", "url", "date_retrieved", "source_kind"):
        assert o[col].notna().all(), col

"""The progress report's tables and chart (ipstats.reports.progress_charts) on inline frames:
escaped sources, numbered points, honest empties."""
from __future__ import annotations

import pandas as pd

from ipstats.analysis import progress
from ipstats.reports import progress_charts

T = pd.DataFrame([{
    "target_id": "t1", "doc_id": "d", "clause": "task 1", "jurisdiction_id": "zj", "jurisdiction_name_zh": "浙江省",
    "jurisdiction_name_en": "Zhejiang", "indicator_id": "per10k", "indicator_name_zh": "每万人",
    "indicator_name_en": "Per 10k", "family": "density", "family_name_zh": "密度", "family_name_en": "Density",
    "kind": "numeric", "comparator": ">=", "value": 32.0, "value_std": 32.0, "unit_std": "count_per_10k_people",
    "target_year": 2021, "basis": "stock", "direction": "higher_is_better", "period_start_year": pd.NA}])
O = pd.DataFrame([{
    "jurisdiction_id": "zj", "indicator_id": "per10k", "family": "density", "year": y, "value_std": v,
    "unit_std": "count_per_10k_people", "basis": "stock", "period_start_year": pd.NA,
    "publisher": "<b>P</b>", "title": f"T{y}", "date_published": f"{y + 1}-01-10", "url": "http://x",
    "source_kind": "press_report", "note": ""} for y, v in ((2019, 30.0), (2021, 33.0))])
J = pd.DataFrame({"jurisdiction_id": ["zj"], "parent_id": [None]})


def test_verdict_table_escapes_and_flags_press_reports():
    v = progress.verdicts(T, O, 2026, J)
    html = progress_charts.verdict_table(v, T, "en").html
    assert "&lt;b&gt;P&lt;/b&gt;, T2021, 2022-01-10 (press report)" in html
    assert "<b>P</b>" not in html
    assert ">met<" in html
    assert "33 per 10,000 people (2021)" in html and "at least 32 per 10,000 people" in html


def test_sources_number_every_charted_point_in_order():
    v = progress.verdicts(T, O, 2026, J)
    html = progress_charts.sources_table(v, T, O, "zh").html
    assert html.index("T2019") < html.index("T2021")
    assert "新闻报道" in html
    fig = progress_charts.progress_chart(v, T, O, "en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["[1]", "[2]"]


def test_nothing_to_chart_says_so():
    v = progress.verdicts(T, O.iloc[0:0], 2026, J)
    assert progress_charts.progress_chart(v, T, O.iloc[0:0], "en") is None
    assert "No actual value or baseline to chart" in progress_charts.sources_table(
        v, T, O.iloc[0:0], "en").html
    assert "nothing to extrapolate" in progress_charts.projection_table(
        progress.projections(T, O, 2026), T, "en").html


def test_profile_progress_shows_only_that_jurisdiction():
    html = progress_charts.profile_progress(T, O, J, "zj", "zh", 2026).html
    assert "已达成" in html and "每万人" in html
    assert "浙江省" not in html  # the page's title names the jurisdiction; no column repeats it
    assert "No numeric target" in progress_charts.profile_progress(T, O, J, "other", "en", 2026).html


def test_details_read_in_the_report_language():
    v = progress.verdicts(T, O, 2026, J)
    zh = progress_charts.verdict_table(v, T, "zh").html
    assert "33件/万人（2021年）" in zh and "不低于 32件/万人" in zh and ">已达成<" in zh
    none = progress.verdicts(T, O[O["year"] == 2019], 2026, J)
    assert "无实际值；仅有2019年的数据" in progress_charts.verdict_table(none, T, "zh").html
    assert "no actual value; observed only in 2019" in \
        progress_charts.verdict_table(none, T, "en").html
    assert progress_charts.detail({**none.iloc[0].to_dict(), "target_basis": "stock"},
                                  progress_charts._names(T, "en"), "en") == \
        "no figure for 2021; observed only in 2019"


def test_not_comparable_says_why_and_what_was_observed():
    parent = O.assign(jurisdiction_id="cn")
    J2 = pd.DataFrame({"jurisdiction_id": ["zj", "cn"], "parent_id": ["cn", None]})
    v = progress.verdicts(T, parent, 2026, J2)
    T2 = pd.concat([T, T.assign(target_id="t9", jurisdiction_id="cn", jurisdiction_name_en="China",
                                jurisdiction_name_zh="中国")])
    row = v.iloc[0].to_dict()
    assert row["status"] == "not_comparable" and row["reason"] == "different_scope"
    names = progress_charts._names(T2, "en")
    assert progress_charts.verdict_cell(row, names, "en") == \
        "not comparable (different scope): only China's figure was observed"
    assert progress_charts.verdict_cell(row, progress_charts._names(T2, "zh"), "zh") == \
        "不可比（范围不同）：仅有中国的数据"


def test_every_word_of_a_page_is_in_its_language():
    """No Chinese on the English tables and no English words on the Chinese ones (apart from
    the data's own names and sources)."""
    import re

    v = progress.verdicts(T, O, 2026, J)
    for fn in (lambda lang: progress_charts.verdict_table(v, T, lang),
               lambda lang: progress_charts.summary_table(v, T, lang),
               lambda lang: progress_charts.projection_table(progress.projections(T, O, 2026), T, lang)):
        en = re.sub(r"<[^>]+>|浙江省|每万人|密度", " ", fn("en").html)
        zh = re.sub(r"<[^>]+>|&lt;b&gt;P&lt;/b&gt;|T20\d\d|data:[^\"]+|Zhejiang|Per 10k|Density", " ",
                    fn("zh").html)
        assert not re.search(r"[\u4e00-\u9fff]", en), en
        assert not re.search(r"\b(met|not|target|actual|Jurisdiction|Verdict)\b", zh), zh


def test_a_note_naming_a_target_names_its_document_instead():
    docs = pd.DataFrame({"doc_id": ["d"], "title_zh": ["行动计划"], "title_en": ["Plan"],
                         "doc_type": ["action_plan"], "jurisdiction_name_zh": ["浙江省"],
                         "jurisdiction_name_en": ["Zhejiang"],
                         "reference_date": [pd.Timestamp("2020-09-14")]})
    v = progress.verdicts(T, O, 2026, J)
    html = progress_charts.sources_table(v, T, O.assign(note="Baseline for t1."), "en", docs).html
    assert "Baseline for Zhejiang 2020 action plan, Task 1." in html
    assert "t1." not in html.replace("Task 1.", "")


def test_large_amounts_are_written_out():
    big = T.assign(value=300.0, value_std=3e10, unit_std="yuan")
    v = progress.verdicts(big, O.iloc[0:0], 2026, J)
    assert "at least 30 billion yuan" in progress_charts.verdict_table(v, big, "en").html
    assert "不低于 300亿元" in progress_charts.verdict_table(v, big, "zh").html

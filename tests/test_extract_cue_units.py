"""The extractor's reading of one clause: which numbers are targets (not ordinals, slogans in
short quotes, codes, list markers), where a quote starts, and every column of a proposed row.
Input and expected side by side; fast (the measure words are given), so these run for every
mutant of the extractor's cue handling in ``benchmarks/mutation.py``."""
from __future__ import annotations

import pytest

from ipstats.curation.extract import COLUMNS, propose
from ipstats.dataset.numerals import MeasureWords

WORDS = MeasureWords.of(["家", "个", "件", "万件", "个月", "年", "%", "亿元", "座"], ["人次"])


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    return [(r["value"], r["unit"], r["comparator"], r["quote"])
            for r in propose(text, "t", 2021, "the test's year", words=WORDS)]


@pytest.mark.parametrize("text, rows", [
    pytest.param("到2025年,成为全国第3家示范城市", [], id="ordinal-di"),
    pytest.param("到2025年,培育10+N家企业", [], id="number-before-a-plus"),
    pytest.param("到2025年,打造1+3家平台", [], id="number-after-a-plus"),
    pytest.param("开展4·26宣传活动,建成3·15维权站5家",
                 [("5", "家", "=", "建成3·15维权站5家")], id="dates-with-a-middle-dot"),
    pytest.param("G60科创走廊建设10家创新中心",
                 [("10", "家", "=", "G60科创走廊建设10家创新中心")], id="code-after-a-letter-at-the-start"),
    pytest.param("到2025年,“1个中心”建设全面完成", [], id="short-quote-at-the-clause-start"),
    pytest.param("加快推进知识产权“3个中心”", [], id="short-quote-later-in-the-clause"),
    pytest.param("到2025年,推进“知识产权”和“3个中心”建设", [], id="the-nearest-opening-quote"),
    pytest.param("“3个中心”和“知识产权强市”", [], id="the-nearest-closing-quote"),
    pytest.param("“双创”新增3家“基地”", [("3", "家", "=", "“双创”新增3家“基地”")],
                 id="between-two-quoted-names-is-not-quoted"),
    pytest.param("到2025年,培育30家“专精特新”企业",
                 [("30", "家", "=", "到2025年,培育30家“专精特新”企业")], id="quote-after-the-number"),
    pytest.param("“3个中心和平台建设工作”建设", [], id="quoted-12-characters-apart"),
    pytest.param("“3个中心和平台建设工作站”建设",
                 [("3", "个", "=", "“3个中心和平台建设工作站”建设")], id="quoted-13-apart-is-not-short"),
    pytest.param("力争到2025年,12.5万件", [("12.5", "万件", "=", "力争到2025年,12.5万件")],
                 id="a-decimal-starting-a-later-clause-is-not-a-list-number"),
    pytest.param("压减至3个月", [("3", "个月", "<=", "压减至3个月")], id="duration-cue-at-the-start"),
    pytest.param("发明专利审查周期压减至16个月和3个月",
                 [("16", "个月", "<=", "发明专利审查周期压减至16个月和3个月")],
                 id="a-cue-belongs-to-the-first-duration-only"),
    pytest.param("突破性地在全省建成30家示范点", [("30", "家", ">", "突破性地在全省建成30家示范点")],
                 id="a-verb-after-the-scope-word"),
    pytest.param("在8个改革试验区推广", [], id="a-scope-is-not-a-target"),
    pytest.param("在全省建成示范区后在8个县推广30家", [], id="the-last-scope-word-counts"),
    pytest.param("到2025年,设立30 工作站", [], id="bare-number-without-a-target-verb"),
    pytest.param("新建5 工作站", [("5", "(none)", "=", "新建5 工作站")], id="bare-number-after-a-verb"),
    pytest.param("新建05 工作站", [], id="bare-number-with-a-leading-zero-is-a-code"),
    pytest.param("增强四个意识,坚定四个自信", [], id="chinese-numeral-without-a-cue"),
    pytest.param("建成30座", [("30", "座", "=", "建成30座")], id="the-measure-words-given-are-used"),
])
def test_which_numbers_are_targets(text, rows):
    assert _rows(text) == rows


@pytest.mark.parametrize("text, quote", [
    pytest.param("到2025年,培育30家。", "到2025年,培育30家", id="governing-year-clause-joins"),
    pytest.param("到2025年。到2026年,培育30家", "到2026年,培育30家", id="only-the-clause-just-before"),
    pytest.param("培育30家示范企业,力争到2025年", "培育30家示范企业", id="a-year-after-does-not-join"),
    pytest.param("累计培育30家,其中新增10家", "累计培育30家,其中新增10家", id="cumulative-governs-the-next"),
])
def test_where_the_quote_starts(text, quote):
    assert _rows(text)[-1][3] == quote


def test_every_column_of_a_proposed_row():
    rows = propose("培育30家示范企业", "doc", None, "nothing", words=WORDS)
    assert rows == [{
        **{c: "" for c in COLUMNS}, "target_id": "doc-c01", "kind": "numeric", "comparator": "=",
        "value": "30", "unit": "家", "target_year": "", "target_year_inferred": "true",
        "aspiration": "false", "clause": "text", "quote": "培育30家示范企业", "quote_en": "",
        "note": "proposed by ipstats extract: review every cell; no 到20XX年 in the paragraph: "
                "target year taken from nothing.", "_line": 1}]
    assert set(rows[0]) == {*COLUMNS, "_line"}


@pytest.mark.parametrize("text, rows", [
    pytest.param("新建1个中心、3家至5家企业", [("1", "", "个"), ("3", "5", "家")],
                 id="a-range-is-read-from-the-number-after-it"),
    pytest.param("培育3家至5家企业", [("3", "5", "家")], id="range"),
])
def test_ranges(text, rows):
    assert [(r["value"], r["value_high"], r["unit"])
            for r in propose(text, "t", 2021, words=WORDS)] == rows


def test_every_year_governs_the_rest_of_its_sentence_only():
    rows = propose("每年新增企业30家,培育平台5个。建成10座", "t", 2021, words=WORDS)
    assert [(r["value"], r["recurrence"], r["basis"]) for r in rows] == [
        ("30", "annual", "flow"), ("5", "annual", "flow"), ("10", "", "")]


def test_the_year_basis_named_by_default():
    row = propose("培育30家", "t", 2021, words=WORDS)[0]
    assert row["note"] == ("proposed by ipstats extract: review every cell; no 到20XX年 in the "
                           "paragraph: target year taken from the document's year.")
    assert (row["target_year"], row["target_year_inferred"]) == ("2021", "true")


def test_rows_carry_their_line_and_come_in_line_order():
    rows = propose("培育30家\n\n新增5家", "t", 2021, words=WORDS)
    assert [(r["target_id"], r["_line"]) for r in rows] == [("t-c01", 1), ("t-c02", 3)]


def test_a_row_with_every_note():
    text = "一、总体目标\n到2025年,力争累计培育每万人三个月以内的示范企业30人次"
    rows = propose(text, "doc", 2021, "y", words=WORDS, period_start_year=2021)
    assert len(rows) == 2
    assert [r["value"] for r in rows] == ["3", "30"]
    months, people = rows
    assert months["comparator"] == "<=" and months["unit"] == "个月"
    assert months["note"] == (
        "proposed by ipstats extract: review every cell; the text writes the number in Chinese "
        "numerals (三个月); 以内 read as <=; 累计: cumulative over the plan period; check "
        "period_start_year; 每万人: per 10,000 people.")
    assert people["note"] == (
        "proposed by ipstats extract: review every cell; 累计: cumulative over the plan period; "
        "check period_start_year; 每万人: per 10,000 people; unit 人次 is not declared in "
        "units.csv: declare it or restate.")
    for r in rows:
        assert (r["aspiration"], r["target_year"], r["target_year_inferred"],
                r["period_start_year"], r["clause"]) == ("true", "2025", "false", "2021",
                                                         "part 1 总体目标")

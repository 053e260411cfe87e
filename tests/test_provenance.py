"""Provenance that cannot be fooled (issue 11, item 2): every case, with its exact message.

Each test registers a small document in a temporary copy of the data (its source text and one
target row) and validates it; a quote or a number that is not in the source must fail with a
located message, and a legitimate one must pass.
"""
from __future__ import annotations

import pytest

from ipstats.core.problems import ValidationError
from ipstats.dataset.validate import validate
from tests.conftest import add_document

DOC = "test-2021-plan"
FILE = f"raw/targets/{DOC}.csv"
SOURCE = "\n".join([
    "测试市知识产权发展规划(2021—2025年)",                       # 1
    "发布时间:2021-11-20 10:14 浏览次数:1286",                     # 2
    "一、发展目标",                                                  # 3
    "到2025年,每万人口发明专利拥有量达到12件,培育企业1,000家。",   # 4
    "1. 推进审查提速。(知识产权局、 教育部负责)",                   # 5
    "17. 深入推进知识产权保护,建成②个中心,新建企业³⁰家。",         # 6
    "高價值發明專利達到5件,專利數量達到3。5家企業獲評示范。",       # 7
    "开展“蓝天”行动,培育服务机构20家,交易额达到2。5萬亿元。",      # 8
    "加大对市场混淆、侵犯商业",                                     # 9
    "",                                                             # 10
    "秘密等行为的监管,新建维权站8个。",                             # 11
])


def target(quote: str, value: str, unit: str, **extra: str) -> dict[str, str]:
    indicator = ("ip_pledge_financing_amount_annual" if unit.endswith("元")
                 else "ip_service_industry_clusters_provincial_plus")
    return {"target_id": "test2021-t01", "indicator_id": indicator, "value": value, "unit": unit, "target_year": "2025", "quote": quote, **extra}


def problems(data_copy, row: dict[str, str], text: str = SOURCE) -> list[str]:
    add_document(data_copy, DOC, text, [row])
    try:
        validate(data_copy)
    except ValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


def line_of(data_copy, row: dict[str, str], text: str = SOURCE) -> int:
    add_document(data_copy, DOC, text, [row])
    return validate(data_copy).source_lines["test2021-t01"]


def test_a_quote_stitched_across_a_numbered_item_fails(data_copy):
    found = problems(data_copy, target("(知识产权局、 教育部负责)17. 深入推进", "17", "(none)"))
    assert found == [
        f"{FILE}, line 2, column 'quote': quote not found in the source {DOC}.txt: it runs across "
        "the start of a new paragraph or numbered item (line 6); a quote stays within one "
        "paragraph or table row, so quote the part that states the target (found "
        "'(知识产权局、 教育部负责)17. 深入推进')"]


def test_digits_are_never_joined_across_whitespace(data_copy):
    found = problems(data_copy, target("发布时间:2021-11-20 10:14", "2010", "(none)"))
    assert found == [
        f"{FILE}, line 2, column 'quote': the quote does not contain the value and unit 2010; "
        "quote the clause that states the number, and write the value exactly as the text does "
        "(found '发布时间:2021-11-20 10:14')"]


def test_a_variant_character_is_not_the_source_text(data_copy):
    found = problems(data_copy, target("高價值髮明專利達到5件", "5", "件"))
    assert found == [
        f"{FILE}, line 2, column 'quote': the quote writes '髮' where the source {DOC}.txt has "
        "'發' (line 7): a variant character is not the same text; copy it from the source "
        "(found '高價值髮明專利達到5件')"]


def test_an_inserted_pinyin_gloss_fails(data_copy):
    found = problems(data_copy, target("培(péi)育企业1,000家", "1000", "家"))
    assert found == [
        f"{FILE}, line 2, column 'quote': the quote has the pinyin gloss '培(péi)', which the "
        f"source {DOC}.txt does not have; copy the text without it (found '培(péi)育企业1,000家')"]


@pytest.mark.parametrize("quote, value, unit", [
    pytest.param("新建企业³⁰家", "30", "家", id="superscript"),
    pytest.param("建成②个中心", "2", "个", id="circled"),
    pytest.param("專利數量達到3。5家", "3.5", "家", id="full-stop-not-a-decimal"),
])
def test_digits_that_are_not_digits_fail(data_copy, quote, value, unit):
    found = problems(data_copy, target(quote, value, unit))
    assert found == [
        f"{FILE}, line 2, column 'quote': the quote does not contain the value and unit "
        f"{value}{unit}; quote the clause that states the number, and write the value exactly "
        f"as the text does (found {quote!r})"]


@pytest.mark.parametrize("quote, value, unit, line", [
    pytest.param("培育企业1,000家", "1000", "家", 4, id="thousands-separator"),
    pytest.param('开展"蓝天"行动,培育服务机构20家', "20", "家", 8, id="ascii-quote-marks"),
    pytest.param("交易额达到2。5万亿元", "2.5", "万亿元", 8, id="full-stop-decimal-before-a-scale"),
    pytest.param("高价值发明专利达到5件", "5", "件", 7, id="simplified-copy-of-traditional"),
    pytest.param("侵犯商业秘密等行为的监管,新建维权站8个", "8", "个", 9, id="line-wrap-over-a-blank-line"),
])
def test_legitimate_quotes_pass(data_copy, quote, value, unit, line):
    assert line_of(data_copy, target(quote, value, unit)) == line


@pytest.mark.parametrize("separator", ["\f", "\v", "\x85", "\u2028"])
def test_page_breaks_and_unicode_separators_do_not_shift_source_line(data_copy, separator):
    text = SOURCE.replace("一、发展目标", f"一、发展{separator}目标")
    assert line_of(data_copy, target("培育企业1,000家", "1000", "家"), text) == 4

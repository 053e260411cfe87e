"""Provenance checks, function by function, on tiny inline sources and quotes (input and
expected side by side; exact messages). Fast: no data directory; these run for every mutant of
``provenance`` in ``benchmarks/mutation.py``."""
from __future__ import annotations

import hashlib
import os

import pytest

from ipstats.core.problems import Problem
from ipstats.dataset.numerals import MeasureWords
from ipstats.dataset.provenance import (
    HEADER_LINES,
    cell_numbers,
    check_quote,
    check_source,
    check_table_row,
    number_in_quote,
    range_in_quote,
    sha256_file,
    source_text,
    strip_gloss_free,
    table_cells,
)
from ipstats.dataset.textnorm import NormalisedText, normalise

WORDS = MeasureWords.of(["万件", "件", "个月", "个", "家", "%", "亿元"])


@pytest.mark.parametrize("value, unit, quote, expected", [
    pytest.param("30", "家", "培育30家", True, id="plain"),
    pytest.param("30", "家", "培育300家", False, id="inside-a-longer-number"),
    pytest.param("30", "家", "培育130家", False, id="end-of-a-longer-number"),
    pytest.param("30", "家", "培育2.30家", False, id="after-a-decimal-point"),
    pytest.param("30", "家", "培育30个", False, id="other-unit"),
    pytest.param("30", "", "培育30家", True, id="blank-unit-is-none"),
    pytest.param("30", "(none)", "建设30", True, id="no-unit-at-the-end"),
    pytest.param("30", "(none)", "建设30.5项", False, id="no-unit-not-a-prefix-of-a-decimal"),
    pytest.param("30", "(none)", "建设305", False, id="no-unit-not-a-prefix-of-a-number"),
    pytest.param("30", "(none)", "建设30 5", True, id="no-unit-space-then-digit"),
    pytest.param("1000", "家", "培育1,000家", True, id="thousands-separator"),
    pytest.param("1000", "家", "培育1,0000家", False, id="not-a-thousands-separator"),
    pytest.param("2.5", "万件", "达到2.5万件", True, id="decimal"),
    pytest.param("2.5", "萬件", "达到2.5万件", True, id="unit-normalised"),
    pytest.param("１６", "个月", "压减至16个月", True, id="value-normalised"),
    pytest.param("3", "个月", "压缩至三个月以内", True, id="chinese-numeral"),
    pytest.param("4", "个月", "压缩至三个月以内", False, id="chinese-numeral-other-value"),
    pytest.param("3", "件", "压缩至三个月以内", False, id="chinese-numeral-other-unit"),
    pytest.param("3", "个月", "压缩至3个", False, id="unit-cut-short"),
    pytest.param("5", "%", "增长5%", True, id="percent"),
])
def test_number_in_quote(value, unit, quote, expected):
    assert number_in_quote(value, unit, normalise(quote), WORDS) is expected


@pytest.mark.parametrize("low, high, unit, quote, expected", [
    pytest.param("2", "3", "家", "培育2-3家", True, id="dash"),
    pytest.param("3", "5", "家", "培育3家至5家", True, id="unit-twice-zhi"),
    pytest.param("3", "5", "个", "3～5个", True, id="wave-dash"),
    pytest.param("3", "5", "个", "3~5个", True, id="tilde"),
    pytest.param("3", "5", "个", "3到5个", True, id="dao"),
    pytest.param("3", "5", "个", "3和5个", False, id="not-a-range-word"),
    pytest.param("3", "5", "个", "13-5个", False, id="low-inside-a-number"),
    pytest.param("3", "5", "个", "3-55个", False, id="high-inside-a-number"),
    pytest.param("3", "5", "家", "3-5个", False, id="other-unit"),
    pytest.param("1000", "2000", "家", "1,000-2,000家", True, id="thousands"),
    pytest.param("3", "5", "", "3-5", True, id="no-unit"),
    pytest.param("3", "5", "", "3-5.5", False, id="no-unit-decimal-after"),
    pytest.param("3", "5", "", "3-56", False, id="no-unit-digit-after"),
])
def test_range_in_quote(low, high, unit, quote, expected):
    assert range_in_quote(low, high, unit, normalise(quote)) is expected


def _check(quote: str, source: str) -> tuple[int | None, list[str]]:
    problems: list[Problem] = []
    line = check_quote("doc.csv", 7, quote, NormalisedText(source), "src.txt", problems)
    assert all((p.file, p.line, p.column) == ("doc.csv", 7, "quote") for p in problems)
    return line, [f"{p.value}|{p.message}" for p in problems]


@pytest.mark.parametrize("quote, source, line", [
    pytest.param("达到32件", "第一行\n到2021年,达到\n32件以上", 2, id="wrapped"),
    pytest.param("达到32件", "达到32件\n\n达到32件", 1, id="first-occurrence"),
    pytest.param("知識產權", "一\n知识产权", 2, id="traditional-quote-simplified-source"),
    pytest.param("知识产权", "一\n知識產權", 2, id="simplified-quote-traditional-source"),
    pytest.param("印發(fā)给", "印發(fā)给", 1, id="gloss-the-source-has"),
    pytest.param("“通知”", '一\n"通知"', 2, id="curly-quote-for-ascii"),
])
def test_check_quote_found(quote, source, line):
    assert _check(quote, source) == (line, [])


def test_check_quote_takes_the_first_occurrence_without_a_variant():
    # the first occurrence is written 髮明 (another word), the second 發明 like the quote
    assert _check("發明", "髮明\n\n  發明") == (3, [])


def test_check_quote_refuses_a_gloss_the_source_lacks():
    assert _check("印發(fā)给", "印发给") == (None, [
        "印發(fā)给|the quote has the pinyin gloss '发(fā)', which the source src.txt does not "
        "have; copy the text without it"])


def test_check_quote_refuses_a_variant_character():
    assert _check("髮明专利", "一\n發明专利") == (None, [
        "髮明专利|the quote writes '髮' where the source src.txt has '發' (line 2): a variant "
        "character is not the same text; copy it from the source"])


@pytest.mark.parametrize("quote, source, bad", [
    pytest.param("髮明", "發明", ("髮", "發"), id="at-the-start-of-the-source"),
    pytest.param("专利髮明", "一二专利發明", ("髮", "發"), id="inside-the-quote"),
])
def test_check_quote_finds_the_variant_wherever_it_is(quote, source, bad):
    line, problems = _check(quote, source)
    assert line is None
    assert f"the quote writes {bad[0]!r} where the source src.txt has {bad[1]!r} (line 1)" in problems[0]


def test_check_quote_not_found_shows_at_most_12_characters_each_side():
    matched, rest = "一二三四五六七八九十甲乙丙", "子丑寅卯辰巳午未申酉戌亥天地"
    assert _check(matched + rest, matched + "。")[1] == [
        f"{matched + rest}|quote not found in the source src.txt: the first 13 "
        "characters match ('二三四五六七八九十甲乙丙'...), then the quote has '子丑寅卯辰巳午未申酉戌亥'. "
        "Copy the sentence from the source file verbatim"]


def test_across_a_paragraph_names_the_line_of_a_one_character_paragraph():
    assert "(line 2)" in _check("甲乙丙丁", "甲乙\n  丙\n丁")[1][0]


def test_check_quote_not_found_says_how_far_it_matches():
    assert _check("专利审查周期压减至3个月", "专利审查周期压减至16个月") == (None, [
        "专利审查周期压减至3个月|quote not found in the source src.txt: the first 9 characters "
        "match ('专利审查周期压减至'...), then the quote has '3个月'. Copy the sentence from the "
        "source file verbatim"])


def test_check_quote_not_found_at_all():
    assert _check("商标", "专利") == (None, [
        "商标|quote not found in the source src.txt: not even its first character matches. "
        "Copy the sentence from the source file verbatim"])


def test_check_quote_across_a_paragraph_names_the_line_where_the_new_one_starts():
    assert _check("加强保护17.深入推进", "一\n加强保护\n17. 深入推进") == (None, [
        "加强保护17.深入推进|quote not found in the source src.txt: it runs across the start "
        "of a new paragraph or numbered item (line 3); a quote stays within one paragraph or "
        "table row, so quote the part that states the target"])


def test_a_long_quote_is_shown_shortened_in_the_problem():
    quote = "甲" * 40
    assert _check(quote, "乙")[1][0].split("|")[0] == quote
    assert _check(quote + "丙", "乙")[1][0].split("|")[0] == quote + "..."


def test_check_quote_uses_the_column_it_is_given():
    problems: list[Problem] = []
    assert check_quote("d", 1, "商标", NormalisedText("专利"), "s", problems,
                       column="responsibility") is None
    assert problems[0].column == "responsibility"


@pytest.mark.parametrize("raw, expected", [
    pytest.param("發(fā)  明 １", "發(fā)明1", id="nfkc-squeezed-gloss-kept"),
    pytest.param("２。５萬", "2。5萬", id="full-stop-not-a-decimal-here"),
])
def test_strip_gloss_free(raw, expected):
    assert strip_gloss_free(raw) == expected


def test_source_text_is_normalised_and_cached_per_checksum(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("知識產權\n32件", encoding="utf-8")
    first = source_text(f, "digest-1")
    assert first.text == "知识产权32件"
    f.write_text("商标", encoding="utf-8")
    assert source_text(f, "digest-1") is first  # same file and checksum: not read again
    assert source_text(f, "digest-2").text == "商标"


def test_source_text_replaces_undecodable_bytes(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes("专利".encode() + b"\xff")
    assert source_text(f, "digest-bad").text == "专利\ufffd"


def test_sha256_file(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes(b"abc")
    assert sha256_file(f) == hashlib.sha256(b"abc").hexdigest()


def _source(path, expected: str) -> tuple[bool, list[str]]:
    problems: list[Problem] = []
    ok = check_source("documents.csv", 3, path, expected, problems)
    return ok, [f"{p.file}|{p.line}|{p.column}|{p.value}|{p.message}" for p in problems]


def test_check_source_accepts_the_recorded_checksum(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes("专利".encode())
    assert _source(f, hashlib.sha256("专利".encode()).hexdigest()) == (True, [])
    assert _source(f, "") == (True, [])  # no checksum recorded yet: nothing to compare


def test_check_source_missing_file(tmp_path):
    assert _source(tmp_path / "nope.txt", "x") == (False, [
        f"documents.csv|3|source_file|nope.txt|no such file under {tmp_path}; copy the source "
        "text there byte for byte"])


def test_check_source_not_a_regular_file(tmp_path):
    (tmp_path / "d.txt").mkdir()
    assert _source(tmp_path / "d.txt", "x") == (False, [
        "documents.csv|3|source_file|d.txt|not a regular file (a pipe, device, socket or "
        "folder); replace it with a plain text file"])


def test_check_source_edited_file(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes(b"new")
    actual = hashlib.sha256(b"new").hexdigest()
    assert _source(f, "0" * 64) == (False, [
        f"documents.csv|3|sha256|{'0' * 64}|the source file s.txt no longer matches its checksum "
        f"(it now hashes to {actual}). Sources must never be edited: restore the original, or "
        "if a new version was received, record it as a new document"])


@pytest.mark.parametrize("data, why", [
    pytest.param("专利".encode("utf-16"), "it is UTF-16, by its byte-order mark", id="utf16-bom"),
    pytest.param("\ufeff专利".encode("utf-16-be"), "it is UTF-16, by its byte-order mark",
                 id="utf16-be-bom"),
    pytest.param("保abc".encode("utf-16-le"), "it looks like UTF-16 without a byte-order mark",
                 id="utf16-no-bom-3-nul-in-8-bytes"),
    pytest.param(b"ab\x00\x00cd\x81\xff", "its encoding is unknown", id="2-nul-in-8-is-not-utf16"),
    pytest.param("专利保护".encode("gb18030"), "it reads as GB18030", id="gb18030"),
    pytest.param(b"\x81\x30\xff\xff", "its encoding is unknown", id="unknown"),
])
def test_check_source_not_utf8_says_what_it_looks_like(tmp_path, data, why):
    f = tmp_path / "s.txt"
    f.write_bytes(data)
    assert _source(f, hashlib.sha256(data).hexdigest()) == (False, [
        f"documents.csv|3|source_file|s.txt|the source file is not UTF-8 text ({why}), so its "
        "quotes cannot be checked; save the text as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8) and "
        "record the new file's sha256"])


def test_check_source_never_blocks_on_a_pipe(tmp_path):
    os.mkfifo(tmp_path / "p.txt")
    assert _source(tmp_path / "p.txt", "x")[0] is False


@pytest.mark.parametrize("quote, cells", [
    pytest.param("| 1 | 发明专利（件） | 6.3 | 12以上 |", ["1", "发明专利(件)", "6.3", "12以上"], id="pipes"),
    pytest.param("发明专利\t6.3\t12", ["发明专利", "6.3", "12"], id="tabs"),
    pytest.param("发明专利  6.3   12", ["发明专利", "6.3", "12"], id="two-or-more-spaces"),
    pytest.param("发明专利\u30006.3", ["发明专利", "6.3"], id="ideographic-space"),
    pytest.param("发明 专利", ["发明专利"], id="one-space-is-not-a-cell-break"),
    pytest.param("", [], id="empty"),
])
def test_table_cells(quote, cells):
    assert table_cells(quote) == cells


@pytest.mark.parametrize("cell, numbers", [
    pytest.param("〔300〕", (300.0, None), id="cumulative-brackets"),
    pytest.param("[300]", (300.0, None), id="square-brackets"),
    pytest.param("82以上", (82.0, None), id="at-least"),
    pytest.param("16以内", (16.0, None), id="within"),
    pytest.param("5以下", (5.0, None), id="below"),
    pytest.param("约30左右", (30.0, None), id="about"),
    pytest.param("3-5", (3.0, 5.0), id="range"),
    pytest.param("3 至 5", (3.0, 5.0), id="range-zhi"),
    pytest.param("1.5～2.5", (1.5, 2.5), id="range-decimals"),
    pytest.param("3到5", (3.0, 5.0), id="range-dao"),
    pytest.param("预期性", None, id="words"),
    pytest.param("", None, id="empty"),
    pytest.param("年均增长8%以上", (8.0, None), id="growth"),
    pytest.param("增长8%", (8.0, None), id="growth-short"),
    pytest.param("≤75", (75.0, None), id="at-most-sign"),
    pytest.param("≥75", (75.0, None), id="at-least-sign"),
    pytest.param(">=75", (75.0, None), id="ascii-at-least"),
    pytest.param("<75", (75.0, None), id="ascii-below"),
    pytest.param("超过75", (75.0, None), id="more-than"),
    pytest.param("突破75", (75.0, None), id="break-through"),
    pytest.param("达到75", (75.0, None), id="reach"),
    pytest.param("不低于75", (75.0, None), id="not-below"),
    pytest.param("不少于75", (75.0, None), id="not-fewer"),
    pytest.param("不超过75", (75.0, None), id="not-over"),
    pytest.param("75*", (75.0, None), id="note-mark"),
    pytest.param("*75", (75.0, None), id="note-mark-before"),
    pytest.param("１２０", (120.0, None), id="full-width"),
    pytest.param("1,200", (1200.0, None), id="thousands"),
    pytest.param("75万", None, id="a-scale-is-not-a-bare-number"),
])
def test_cell_numbers(cell, numbers):
    assert cell_numbers(cell) == numbers


TABLE = NormalisedText("表1 主要指标(单位:件)\n指标\t2020年\t2025年\n发明专利拥有量\t6.3\t12\n"
                       "质押融资(亿元)\t100\t300")


@pytest.mark.parametrize("value, high, unit, quote, year, message", [
    pytest.param(12.0, None, "件", "发明专利拥有量（件）\t6.3\t12", 2025, None, id="ok"),
    pytest.param(12.0, None, "件", "发明专利拥有量\t6.3\t12", 2025, None, id="unit-in-the-header"),
    pytest.param(300.0, None, "亿元", "质押融资（亿元）\t100\t300", 2025, None, id="unit-in-the-row"),
    pytest.param(300.0, None, "亿元", "质押融资\t100\t300", 2025,
                 "the unit 亿元 is neither in the row nor in the 15 lines above it (the table's "
                 "header); check the unit against the table", id="unit-only-in-another-row"),
    pytest.param(None, None, "件", "发明专利拥有量（件）\t6.3\t12", None, None, id="no-value"),
    pytest.param(13.0, None, "件", "发明专利拥有量（件）\t6.3\t12", 2025,
                 "no cell of the row states 13; cells are ['发明专利拥有量(件)', '6.3', '12']. "
                 "Write the value of the target cell", id="value-in-no-cell"),
    pytest.param(3.0, 5.0, "件", "指标（件）\t3-5", None, None, id="range-ok"),
    pytest.param(3.0, 6.0, "件", "指标（件）\t3-5", None,
                 "no cell of the row states 3-6; cells are ['指标(件)', '3-5']. Write the value "
                 "of the target cell", id="range-other-high"),
    pytest.param(12.0, None, "件", "发明专利拥有量（件）", 2025,
                 "a table-row quote needs at least two cells separated by tabs or pipes (or as "
                 "the source has them); copy the whole row", id="one-cell"),
    pytest.param(12.0, None, "件", "发明专利拥有量（件）\t6.3\t12", 2030,
                 "the table's column heads give the years 2020, 2025, not the target_year 2030; "
                 "take the year from the head of the target's column", id="year-not-a-column"),
    pytest.param(12.0, None, "万件", "发明专利拥有量（件）\t6.3\t12", 2025,
                 f"the unit 万件 is neither in the row nor in the {HEADER_LINES} lines above it "
                 "(the table's header); check the unit against the table", id="unit-nowhere"),
    pytest.param(12.0, None, "", "发明专利拥有量\t6.3\t12", 2025, None, id="no-unit"),
    pytest.param(12.0, None, "万件", "发明专利拥有量万\t件\t12", 2025,
                 f"the unit 万件 is neither in the row nor in the {HEADER_LINES} lines above it "
                 "(the table's header); check the unit against the table",
                 id="unit-split-across-cells"),
])
def test_check_table_row(value, high, unit, quote, year, message):
    line = TABLE.find_line(normalise(quote.split("\t")[0])) or 3
    assert check_table_row(value, high, unit, quote, TABLE, line, year) == message


def test_check_table_row_reads_the_unit_and_years_from_the_header_lines_above():
    src = NormalisedText("单位:亿元\n指标\t2025年\n质押融资\t300")
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", src, 3, 2025) is None
    # without a line, nothing above: the unit must then be in the row
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", src, None, 2030) == (
        "the unit 亿元 is neither in the row nor in the 15 lines above it (the table's header); "
        "check the unit against the table")


def test_check_table_row_header_lines_are_read_as_one_text():
    src = NormalisedText("单位:亿\n元,年份:2025\n年\n质押融资\t300")  # a header wrapped mid-word
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", src, 4, 2025) is None
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", src, 4, 2030) == (
        "the table's column heads give the years 2025, not the target_year 2030; take the year "
        "from the head of the target's column")


def test_check_table_row_header_is_at_most_15_lines_above():
    lines = ["单位:亿元", "指标\t2025年"] + ["备注"] * HEADER_LINES + ["质押融资\t300"]
    src = NormalisedText("\n".join(lines))
    row = len(lines)
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", src, row, 2030) == (
        "the unit 亿元 is neither in the row nor in the 15 lines above it (the table's header); "
        "check the unit against the table")  # the years line is 16 lines above: not read
    near = NormalisedText("\n".join(lines[:2] + ["备注"] * (HEADER_LINES - 2) + lines[-1:]))
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", near, HEADER_LINES + 1,
                           2025) is None
    assert check_table_row(300.0, None, "亿元", "质押融资\t300", near, HEADER_LINES + 1,
                           2030) == ("the table's column heads give the years 2025, not the "
                                     "target_year 2030; take the year from the head of the "
                                     "target's column")

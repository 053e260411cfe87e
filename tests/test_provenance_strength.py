"""Provenance promises: a target's number and unit stand in its quote as written (never inside
a longer number, never with another unit), and every quote points at the exact line of the
source where it starts."""
from __future__ import annotations

import pytest

from ipstats.core.problems import ValidationError
from ipstats.core.paths import DEFAULT_DATA_DIR, DataPaths
from ipstats.dataset.provenance import check_quote, number_in_quote
from ipstats.dataset.units import read_measure_words
from ipstats.dataset.textnorm import NormalisedText, normalise
from ipstats.dataset.validate import validate

WORDS = read_measure_words(DataPaths(DEFAULT_DATA_DIR))  # the shipped units.csv and measure_words.csv


@pytest.mark.parametrize("value, unit, quote, expected", [
    # the unit is part of the match
    pytest.param("300", "亿元", "质押融资金额达到300亿元", True, id="value-and-unit"),
    pytest.param("300", "亿元", "质押融资金额达到300万元", False, id="other-unit"),
    pytest.param("300", "万元", "质押融资金额达到300亿元", False, id="other-unit-2"),
    pytest.param("32", "件", "每万人发明专利拥有量达到32家", False, id="other-measure-word"),
    pytest.param("2.5", "万件", "许可备案和转让数量达到2.5万件", True, id="scaled-unit"),
    pytest.param("2.5", "件", "许可备案和转让数量达到2.5万件", False, id="scale-is-part-of-the-unit"),
    pytest.param("2.5", "萬件", "數量達到2。5萬件", True, id="traditional-unit-and-decimal"),
    # a number matches only as a whole number
    pytest.param("30", "家", "建成300家", False, id="30-not-inside-300"),
    pytest.param("300", "家", "建成1300家", False, id="300-not-inside-1300"),
    pytest.param("3", "个月", "压减至3.5个月", False, id="3-not-inside-3.5"),
    pytest.param("5", "个月", "压减至3.5个月", False, id="5-not-the-decimals-of-3.5"),
    pytest.param("30", "%", "占比达到0.30%", False, id="30-not-inside-0.30"),
    pytest.param("3.5", "个月", "压减至3.5个月", True, id="decimal"),
    pytest.param("1300", "家", "建成1300家", True, id="whole-1300"),
    pytest.param("30", "家", "新建30家,累计300家", True, id="the-whole-number-later-in-the-quote"),
    # no measure word: the number must not run on into more digits
    pytest.param("30", "(none)", "新建30 技术与创新支持中心", True, id="bare-number"),
    pytest.param("30", "", "新建30 技术与创新支持中心", True, id="blank-unit-is-none"),
    pytest.param("30", "(none)", "新建300技术与创新支持中心", False, id="bare-30-not-inside-300"),
    pytest.param("30", "(none)", "新建30.5个", False, id="bare-30-not-inside-30.5"),
    pytest.param("30", "(none)", "新建130个", False, id="bare-30-not-the-end-of-130"),
    # Chinese numerals stand for their value, with their unit
    pytest.param("3", "个月", "压缩至三个月以内", True, id="chinese-numeral"),
    pytest.param("3", "年", "压缩至三个月以内", False, id="chinese-numeral-other-unit"),
    pytest.param("3", "个月", "压缩至三十个月以内", False, id="chinese-3-not-inside-30"),
    pytest.param("120", "家", "培育一百二十家示范企业", True, id="chinese-hundreds"),
])
def test_number_and_unit_stand_in_the_quote(value, unit, quote, expected):
    assert number_in_quote(value, unit, normalise(quote), WORDS) is expected


SOURCE = "标题\n\n第一段,建成30家。\n加大对市场混淆、侵犯商业\n秘密等行为的监管\n末行达到5万件"


@pytest.mark.parametrize("quote, line", [
    pytest.param("标题", 1, id="first-line"),
    pytest.param("建成30家", 3, id="middle-after-a-blank-line"),
    pytest.param("第一段,建成30家", 3, id="start-of-a-line"),
    pytest.param("加大对市场混淆", 4, id="line-before-the-last"),
    pytest.param("末行达到5万件", 6, id="last-line"),
    pytest.param("侵犯商业秘密等行为", 4, id="spanning-two-lines-is-the-first"),
    pytest.param("秘密等行为的监管", 5, id="start-of-the-second-of-two-lines"),
    pytest.param("建成30家。加大对市场", 3, id="spanning-a-line-end"),
])
def test_source_line_is_the_line_where_the_quote_starts(quote, line):
    src = NormalisedText(SOURCE)
    problems: list = []
    assert check_quote("t.csv", 2, quote, src, "s.txt", problems) == line
    assert problems == []


def test_a_quote_not_in_the_source_is_a_located_problem():
    problems: list = []
    assert check_quote("t.csv", 7, "建成31家", NormalisedText(SOURCE), "s.txt", problems) is None
    [p] = problems
    assert (p.file, p.line, p.column) == ("t.csv", 7, "quote")
    assert "s.txt" in p.message and "verbatim" in p.message


def test_shipped_source_lines_point_at_the_line_where_each_quote_starts(built_data):
    import pandas as pd

    targets = pd.read_parquet(built_data.processed_table("targets"))
    for t in targets.itertuples():
        lines = [normalise(x) for x in
                 (built_data.sources / t.source_file).read_text(encoding="utf-8").splitlines()]
        quote = normalise(t.quote)
        at = "".join(lines[t.source_line - 1:]).find(quote)
        assert 0 <= at < len(lines[t.source_line - 1]), (t.target_id, t.source_line)


def _edit_target(data_copy, target_id: str, column: str, new: str) -> None:
    import csv
    import io

    f = data_copy.targets_dir / "zj-2020-ip-protection-action-plan.csv"
    rows = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
    for r in rows:
        if r["target_id"] == target_id:
            r[column] = new
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("column, new", [
    pytest.param("value", "30", id="value-inside-a-longer-number"),   # quote says 300亿元
    pytest.param("unit", "万元", id="unit-not-in-the-quote"),
])
def test_validation_rejects_a_number_the_quote_does_not_state(data_copy, column, new):
    _edit_target(data_copy, "zj2020-t07", column, new)
    with pytest.raises(ValidationError) as exc:
        validate(data_copy)
    assert any(p.column == "quote" and "does not contain the value and unit" in p.message
               for p in exc.value.problems), exc.value.problems


@pytest.mark.parametrize("quote, hint", [
    pytest.param("建成31家", "the first 3 characters match ('建成3'...), then the quote has '1家'",
                 id="differs-after-3"),
    pytest.param("加大对市场混淆、侵犯商业秘密等行为的监督检查工作",
                 "the first 19 characters match ('、侵犯商业秘密等行为的监'...), then the quote has "
                 "'督检查工作'", id="long-match-across-lines"),
    pytest.param("火星", "not even its first character matches", id="nothing-matches"),
    pytest.param("标", None, id="one-character-found"),
])
def test_a_missing_quote_says_how_far_it_matches(quote, hint):
    problems: list = []
    found = check_quote("t.csv", 7, quote, NormalisedText(SOURCE), "s.txt", problems)
    if hint is None:
        assert found == 1 and problems == []
    else:
        [p] = problems
        assert hint in p.message


@pytest.mark.parametrize("n, shown", [(40, "甲" * 40), (41, "甲" * 40 + "..."), (3, "甲甲甲")])
def test_a_missing_quote_is_shown_shortened(n, shown):
    problems: list = []
    check_quote("t.csv", 7, "甲" * n, NormalisedText(SOURCE), "s.txt", problems)
    assert problems[0].value == shown


def test_longest_prefix_agrees_with_a_plain_search():
    src = NormalisedText(SOURCE)
    for quote in ("", "标题", "标题第一段,建成30家。加", "末行达到5万件以上", "达到5千", "x"):
        expected = max(n for n in range(len(quote) + 1) if quote[:n] in src.text)
        assert src.longest_prefix(quote) == expected, quote


def test_longest_prefix_at_every_length():
    src = NormalisedText(SOURCE)
    for k in range(len(src.text) + 1):
        for quote in (src.text[:k] + "火星", src.text[:k]):
            expected = max(n for n in range(len(quote) + 1) if quote[:n] in src.text)
            assert src.longest_prefix(quote) == expected, (k, quote)

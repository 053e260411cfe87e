"""Text normalisation, function by function, on tiny inline inputs (input and expected side by
side). Fast: no data directory; these run for every mutant of ``textnorm`` in
``benchmarks/mutation.py``."""
from __future__ import annotations

import pytest

from ipstats.dataset.textnorm import (
    NormalisedText,
    clean_for_display,
    has_non_ascii_digits,
    normalise,
    split_lines,
    squeeze,
    starts_paragraph,
    strip_artefacts,
    to_simplified,
)


@pytest.mark.parametrize("raw, expected", [
    pytest.param("", "", id="empty"),
    pytest.param("知識產權", "知识产权", id="traditional"),
    pytest.param("abc 12", "abc 12", id="ascii-unchanged"),
])
def test_to_simplified(raw, expected):
    assert to_simplified(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    pytest.param("１２ＡＢ（）", "12AB()", id="full-width-to-ascii"),
    pytest.param("１²２", "1²2", id="superscript-kept-between-full-width-digits"),
    pytest.param("１²２①３₄５", "1²2①3₄5", id="every-kept-digit-kept-and-text-around-normalised"),
    pytest.param("²", "²", id="only-a-superscript"),
    pytest.param("發(fā)", "發", id="pinyin-gloss-removed-script-kept"),
    pytest.param("發(fa)", "發(fa)", id="no-tone-mark-no-gloss"),
    pytest.param("(lǜ)", "", id="gloss-with-u-umlaut-tone"),
    pytest.param("(abcdefghǎ)", "(abcdefghǎ)", id="gloss-longer-than-8-letters-kept"),
    pytest.param("(ABǎ)", "(ABǎ)", id="upper-case-is-not-a-gloss"),
    pytest.param("2。5萬件", "2.5萬件", id="full-stop-decimal-before-wan"),
    pytest.param("2 。 5 亿元", "2.5 亿元", id="full-stop-decimal-with-spaces"),
    pytest.param("2．5億", "2.5億", id="full-width-period-decimal"),
    pytest.param("12。6%", "12.6%", id="decimal-before-percent"),
    pytest.param("1。25万", "1.25万", id="several-decimal-digits"),
    pytest.param("3。5家", "3。5家", id="count-keeps-the-full-stop"),
    pytest.param("年。5万", "年。5万", id="no-digit-before-no-decimal"),
    pytest.param("«》〈〉〔〕【】—–－﹣‘’·•", "《》《》[][]----''··", id="punctuation-map"),
    pytest.param("“引”", "“引”", id="curly-quotes-stay-for-display"),
])
def test_strip_artefacts(raw, expected):
    assert strip_artefacts(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    pytest.param("", "", id="empty"),
    pytest.param("  专利", "专利", id="leading-space-dropped"),
    pytest.param(" 12", "12", id="leading-space-before-digit-dropped"),
    pytest.param("12 ", "12", id="trailing-space-dropped"),
    pytest.param("专 利", "专利", id="between-cjk-dropped"),
    pytest.param("12 专利", "12专利", id="digit-then-cjk-dropped"),
    pytest.param("专利 12", "专利12", id="cjk-then-digit-dropped"),
    pytest.param("6.3 12", "6.3 12", id="between-numbers-one-space"),
    pytest.param("6.3 \t\n 12", "6.3 12", id="a-run-of-whitespace-is-one-space"),
    pytest.param("AB CD", "AB CD", id="between-letters-kept"),
    pytest.param("50% 12", "50% 12", id="after-percent-kept"),
    pytest.param("12. 5", "12. 5", id="after-full-stop-kept"),
    pytest.param("12, 5", "12,5", id="after-comma-dropped"),
    pytest.param("12 .5", "12.5", id="before-a-point-dropped"),
    pytest.param("é 1", "é1", id="non-ascii-letter-is-not-a-gap"),
    pytest.param("1 é", "1é", id="non-ascii-letter-after-is-not-a-gap"),
    pytest.param("6 1专利", "6 1专利", id="only-the-next-character-decides"),
])
def test_squeeze(raw, expected):
    assert squeeze(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    pytest.param("高價值發(fā)明專 利 １６件", "高价值发明专利16件", id="every-artefact-at-once"),
    pytest.param("達到2。5萬件", "达到2.5万件", id="decimal-then-simplified"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    pytest.param("  高價值 專利  (TISC)   和  WIPO ", "高价值专利 (TISC) 和 WIPO",
                 id="wrap-spaces-between-cjk-only"),
    pytest.param("發(fā)明\n專利", "发明专利", id="line-break-between-cjk"),
    pytest.param("2。5萬件", "2.5万件", id="decimal"),
    pytest.param("a\n\tb", "a b", id="other-whitespace-one-space"),
])
def test_clean_for_display(raw, expected):
    assert clean_for_display(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    pytest.param("0129", False, id="ascii"),
    pytest.param("", False, id="empty"),
    pytest.param("abc三", False, id="chinese-numeral-is-not-a-digit"),
    pytest.param("３", True, id="full-width"),
    pytest.param("٣", True, id="arabic-indic"),
    pytest.param("1٣", True, id="one-is-enough"),
])
def test_has_non_ascii_digits(raw, expected):
    assert has_non_ascii_digits(raw) is expected


@pytest.mark.parametrize("raw, expected", [
    pytest.param("a\nb", ["a", "b"], id="newline"),
    pytest.param("a\r\nb\r\n", ["a", "b", ""], id="crlf"),
    pytest.param("a\rb", ["a\rb"], id="lone-cr-inside-a-line"),
    pytest.param("a\fb\vc\x85d\u2028e", ["a\fb\vc\x85d\u2028e"], id="other-breaks-inside"),
    pytest.param("", [""], id="empty"),
])
def test_split_lines(raw, expected):
    assert split_lines(raw) == expected


@pytest.mark.parametrize("line, expected", [
    pytest.param("  为全面贯彻", True, id="two-space-indent"),
    pytest.param("\u3000\u3000为全面", True, id="ideographic-indent"),
    pytest.param("\u3000为全面", True, id="one-ideographic-space"),
    pytest.param(" \u3000为全面", True, id="space-then-ideographic-space"),
    pytest.param(" 为全面", False, id="one-space-is-wrapping"),
    pytest.param("发明专利\t12", True, id="table-row-with-tab"),
    pytest.param("发明专利\t", False, id="trailing-tab-only"),
    pytest.param("|发明专利|12|", True, id="pipe-table"),
    pytest.param("17. 深入推进", True, id="numbered-item"),
    pytest.param("17、深入推进", True, id="numbered-item-comma"),
    pytest.param("123. 任务", True, id="three-digit-item"),
    pytest.param("1234. 任务", False, id="four-digits-is-a-number"),
    pytest.param("2.5万件", False, id="decimal-is-not-an-item"),
    pytest.param("(3)加强", True, id="bracketed-number"),
    pytest.param("（3）加强", True, id="full-width-brackets"),
    pytest.param("(三)加强", True, id="bracketed-chinese-number"),
    pytest.param("三、加强", True, id="chinese-number-heading"),
    pytest.param("第三条 规定", True, id="article"),
    pytest.param("第12章", True, id="chapter-digits"),
    pytest.param("第三款", False, id="not-an-article-word"),
    pytest.param("——加强", True, id="dash-item"),
    pytest.param("--加强", True, id="ascii-dash-item"),
    pytest.param("-- 加强", False, id="dashes-then-space"),
    pytest.param("秘密等行为", False, id="continuation"),
    pytest.param("", False, id="empty"),
])
def test_starts_paragraph(line, expected):
    assert starts_paragraph(line) is expected


def test_normalised_text_joins_wrapped_lines_and_separates_paragraphs():
    src = NormalisedText("标题\n加大对市场混淆、侵犯商业\n秘密等行为\n17. 深入推进\n到2025年达到\n32件")
    assert src.lines == ["标题", "加大对市场混淆、侵犯商业", "秘密等行为", "17.深入推进",
                         "到2025年达到", "32件"]
    assert src.text == "标题加大对市场混淆、侵犯商业秘密等行为\n17.深入推进到2025年达到32件"
    assert src.starts == [0, 2, 14, 20, 27, 35]


@pytest.mark.parametrize("raw, text", [
    pytest.param("到2025年达到12\n34件", "到2025年达到12 34件", id="digits-never-joined"),
    pytest.param("AB\nCD", "AB CD", id="letters-never-joined"),
    pytest.param("12\n\n34", "12 34", id="blank-line-between-digits"),
    pytest.param("12\n专利", "12专利", id="digit-then-cjk-joined"),
    pytest.param("专利\n12", "专利12", id="cjk-then-digit-joined"),
    pytest.param("\n\n专利", "专利", id="leading-blank-lines"),
    pytest.param("\n12件", "12件", id="leading-blank-line-then-digits"),
    pytest.param("17. 深入推进", "17.深入推进", id="first-line-an-item-no-separator"),
    pytest.param("专利1\n2件", "专利1 2件", id="last-character-decides-before"),
    pytest.param("1\n2件", "1 2件", id="first-character-decides-after"),
])
def test_normalised_text_line_joins(raw, text):
    assert NormalisedText(raw).text == text


def test_normalised_text_keeps_the_script_as_written_in_pre_and_ascii_quotes_in_key():
    src = NormalisedText("印發“通知”\n12件")
    assert src.text == "印发“通知”12件"
    assert src.pre == "印發“通知”12件"
    assert src.key == '印发"通知"12件'
    assert src.glosses == set()


def test_normalised_text_records_the_glosses_the_source_has():
    src = NormalisedText("現(xiàn)印發(fā)給\n你們(TISC)")
    assert src.text == "现印发给你们(TISC)"
    assert src.glosses == {"现(xiàn)", "发(fā)"}


def test_find_and_find_all():
    src = NormalisedText("专利“甲”专利专利\n专利")  # a wrapped line: joined
    assert src.find('专利"甲"') == 0
    assert src.find("专利") == 0  # the first occurrence
    assert src.find("“甲”") == 2
    assert src.find("") == -1
    assert src.find("商标") == -1
    assert src.find_all("专利") == [0, 5, 7, 9]
    assert src.find_all("") == []
    assert src.find_all("商标") == []
    assert NormalisedText("aaa").find_all("aa") == [0, 1]  # overlapping starts too


def test_line_at_and_find_line():
    src = NormalisedText("一二\n三四\n\n17. 五六")
    assert src.text == "一二三四\n17.五六"
    assert [src.line_at(i) for i in (0, 1, 2, 3, 5, 9)] == [1, 1, 2, 2, 4, 4]
    assert src.find_line("三四") == 2
    assert src.find_line("一二") == 1  # a match at offset 0
    assert src.find_line("四17") is None
    assert src.find_line("五六") == 4
    assert src.find_line("七") is None


@pytest.mark.parametrize("needle, n", [
    pytest.param("", 0, id="empty"),
    pytest.param("X", 0, id="no-character"),
    pytest.param("专", 1, id="one"),
    pytest.param("专利审查周期", 6, id="whole"),
    pytest.param("专利审查X期", 4, id="four-then-a-miss"),
    pytest.param('专利审查"周"', 4, id="ascii-quote-matches-curly-only-in-key"),
    pytest.param("利审查周期压缩", 5, id="middle"),
])
def test_longest_prefix(needle, n):
    assert NormalisedText("专利审查周期“短”").longest_prefix(needle) == n

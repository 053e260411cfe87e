"""Text normalisation: every artefact seen in the sources, with input and expected side by side."""
import pytest

from ipstats.dataset.textnorm import NormalisedText, clean_for_display, normalise


@pytest.mark.parametrize("raw, expected", [
    pytest.param("高价值专 利审查周期", "高价值专利审查周期", id="line-wrap-space"),
    pytest.param("知識產權許可備案", "知识产权许可备案", id="traditional"),
    pytest.param("現(xiàn)印發(fā)給你們", "现印发给你们", id="pinyin-artefacts"),
    pytest.param("達到2。5萬件", "达到2.5万件", id="ideographic-full-stop-decimal"),
    pytest.param("达到３２件以上", "达到32件以上", id="full-width-digits"),
    pytest.param("（省法院牵头，省检察院）", "(省法院牵头,省检察院)", id="full-width-punctuation"),
    pytest.param("现将«2020年推进计划》印发", "现将《2020年推进计划》印发", id="garbled-bracket"),
    pytest.param("中心(TISC)和(AIPPI)", "中心(TISC)和(AIPPI)", id="acronyms-kept"),
    pytest.param("2020—2021年", "2020-2021年", id="dash-variants"),
    pytest.param("到2021年。5项", "到2021年。5项", id="sentence-end-is-not-a-decimal"),
    pytest.param("达到3。5家企业", "达到3。5家企业", id="full-stop-before-a-count-is-not-a-decimal"),
    pytest.param("比重12。6%", "比重12.6%", id="full-stop-decimal-before-percent"),
    pytest.param("发 明专利 35 家", "发明专利35家", id="wrap-spaces-around-cjk-dropped"),
    pytest.param("2021-11-20 10:14", "2021-11-20 10:14", id="space-between-digits-kept"),
    pytest.param("6.3\t12\u3000\u300015", "6.3 12 15", id="table-cells-kept-apart"),
    pytest.param("培育1０家", "培育10家", id="full-width-digit"),
    pytest.param("专利³⁰件,①项", "专利³⁰件,①项", id="superscripts-and-circled-digits-are-not-digits"),
    pytest.param("髮明", "发明", id="variant-simplifies-too-but-is-refused-by-provenance"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_quote_and_source_normalise_to_the_same_text_whichever_script_was_copied():
    assert normalise("每萬人高價值發(fā)明專利擁有量達到40件") == normalise("每万人高价值发明专利拥有量达到40件")


def test_clean_for_display_drops_wrap_spaces_between_chinese_only():
    assert clean_for_display("最 高人民法院 and WIPO TISC") == "最高人民法院 and WIPO TISC"


def test_a_quote_never_runs_across_a_numbered_item_or_paragraph():
    src = NormalisedText("(知识产权局、 教育部负责)\n17. 深入推进\n  为全面贯彻\n落实")
    assert src.find_line(normalise("(知识产权局、教育部负责)17.深入推进")) is None
    assert src.find_line(normalise("17. 深入推进")) == 2
    assert src.find_line(normalise("为全面贯彻落实")) == 3  # a wrapped line continues


def test_lines_are_counted_on_newlines_only():
    src = NormalisedText("一\f二\v三\x85四\u2028五\r\n六")
    assert src.find_line("六") == 2


def test_source_line_of_a_match_spanning_a_line_break():
    src = NormalisedText("标题\n\n加大对市场混淆、侵犯商业\n\n秘密等行为的监管")
    assert src.find_line(normalise("侵犯商业秘密")) == 3
    assert src.find_line("不存在") is None

"""The one number formatter: every number a reader sees. Inline tables of input and expected
output, boundaries on both sides of every scale word, rounding, and no scientific notation
at any magnitude."""
from __future__ import annotations

import math
import re

import pytest

from ipstats.reports.format import as_written, measure_word, number, plain, quantity


@pytest.mark.parametrize("x, lang, expected", [
    pytest.param(3e10, "zh", "300亿", id="zh-yi"),
    pytest.param(3e10, "en", "30 billion", id="en-billion"),
    pytest.param(1.2e12, "zh", "1.2万亿", id="zh-wanyi"),
    pytest.param(1.2e12, "en", "1.2 trillion", id="en-trillion"),
    pytest.param(9999, "zh", "9,999", id="zh-below-wan"),
    pytest.param(10000, "zh", "1万", id="zh-wan-boundary"),
    pytest.param(25000, "zh", "2.5万", id="zh-wan"),
    pytest.param(99_990_000, "zh", "9,999万", id="zh-below-yi"),
    pytest.param(1e8, "zh", "1亿", id="zh-yi-boundary"),
    pytest.param(999_999, "en", "999,999", id="en-below-million"),
    pytest.param(1e6, "en", "1 million", id="en-million-boundary"),
    pytest.param(25000, "en", "25,000", id="en-thousands"),
    pytest.param(8.333333e9, "en", "8.33 billion", id="en-three-significant"),
    pytest.param(8.333333e9, "zh", "83.3亿", id="zh-three-significant"),
    pytest.param(-4.5e8, "zh", "-4.5亿", id="zh-negative"),
    pytest.param(0, "en", "0", id="zero"),
    pytest.param(3.9, "zh", "3.9", id="small-decimal"),
    pytest.param(None, "en", "", id="none"),
    pytest.param(float("nan"), "zh", "", id="nan"),
])
def test_number(x, lang, expected):
    assert number(x, lang) == expected


@pytest.mark.parametrize("x, expected", [
    pytest.param(2094.5, "2,095", id="half-up-not-banker"),
    pytest.param(2093.5, "2,094", id="half-up-odd"),
    pytest.param(464.629, "465", id="integer-part-kept"),
    pytest.param(12.345, "12.3", id="three-significant"),
    pytest.param(1.25, "1.25", id="exact"),
    pytest.param(1.10, "1.1", id="trailing-zero-dropped"),
    pytest.param(0.000123456, "0.000123", id="tiny-no-exponent"),
    pytest.param(123456789.0, "123,456,789", id="integer-float"),
])
def test_plain(x, expected):
    assert plain(x) == expected


def test_plain_respects_sig_and_grouping():
    assert plain(3.14159, sig=5) == "3.1416"
    assert plain(1234567, grouping=False) == "1234567"
    assert plain(float("inf")) == ""


@pytest.mark.parametrize("x, unit, lang, mw, expected", [
    pytest.param(3e10, "yuan", "zh", "", "300亿元", id="yuan-zh"),
    pytest.param(3e10, "yuan", "en", "", "30 billion yuan", id="yuan-en"),
    pytest.param(25000, "count", "zh", "件", "2.5万件", id="count-zh"),
    pytest.param(25000, "count", "en", "件", "25,000 items", id="count-en"),
    pytest.param(1, "count", "en", "", "1 item", id="count-en-singular"),
    pytest.param(30, "count", "zh", "家", "30家", id="measure-word"),
    pytest.param(30, "count", "zh", "", "30件", id="default-measure-word"),
    pytest.param(1500, "count", "en", "家", "1,500 organisations", id="measure-word-en"),
    pytest.param(7, "count", "en", "个", "7", id="generic-measure-word-en"),
    pytest.param(3, "months", "zh", "", "3个月", id="months-zh"),
    pytest.param(3, "months", "en", "", "3 months", id="months-en"),
    pytest.param(1, "months", "en", "", "1 month", id="month-singular"),
    pytest.param(40, "count_per_10k_people", "en", "", "40 per 10,000 people", id="rate-en"),
    pytest.param(40, "count_per_10k_people", "zh", "", "40件/万人", id="rate-zh"),
    pytest.param(1.1, "ratio", "en", "", "1.1 times", id="ratio"),
    pytest.param(60, "percent", "zh", "", "60%", id="percent"),
    pytest.param(32000, "count_per_10k_people", "zh", "", "32,000件/万人", id="rates-not-scaled"),
])
def test_quantity(x, unit, lang, mw, expected):
    assert quantity(x, unit, lang, measure_word=mw) == expected


@pytest.mark.parametrize("value, unit, expected", [
    pytest.param(300.0, "亿元", "300亿元", id="yi"),
    pytest.param(3.2, "万件", "3.2万件", id="wan"),
    pytest.param(30.0, "(none)", "30", id="no-unit"),
    pytest.param(1.1, "倍", "1.1倍", id="ratio"),
    pytest.param(None, "件", "", id="missing"),
])
def test_as_written(value, unit, expected):
    assert as_written(value, unit) == expected


@pytest.mark.parametrize("unit, expected", [("万件", "件"), ("亿元", "元"), ("家", "家"),
                                            ("(none)", ""), (None, "")])
def test_measure_word(unit, expected):
    assert measure_word(unit) == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_never_scientific_notation(lang):
    sci = re.compile(r"\d[eE][+-]?\d")
    for exp in range(-6, 16):
        for mant in (1, 1.5, 8.333333, 9.99999):
            x = mant * 10 ** exp
            for text in (number(x, lang), plain(x), quantity(x, "yuan", lang),
                         quantity(x, "count_per_10k_people", lang), as_written(x, "件")):
                assert not sci.search(text), (x, text)
                assert text and not math.isnan(float(re.sub(r"[^\d.]", "", text) or 0))


def test_unknown_language_is_refused():
    from ipstats.core.problems import IpstatsError

    with pytest.raises(IpstatsError, match="unknown lang 'fr'"):
        number(1, "fr")

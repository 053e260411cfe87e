"""The one number formatter: every number a reader sees (tables, chart labels, axes) goes
through here, per language. Chinese groups by 万/亿/万亿, English by thousand separators and
million/billion/trillion; never scientific notation.

Significant digits are consistent: a non-integer keeps ``sig`` significant digits but never
loses digits of its integer part (2,094.5 -> 2,095; 464.629 -> 465; 8.3333 -> 8.33).

>>> quantity(3e10, "yuan", "zh"), quantity(3e10, "yuan", "en")
('300亿元', '30 billion yuan')
>>> quantity(25000, "count", "zh", measure_word="件"), quantity(25000, "count", "en")
('2.5万件', '25,000 items')
>>> quantity(3, "months", "zh"), quantity(3, "months", "en"), quantity(1, "months", "en")
('3个月', '3 months', '1 month')
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ipstats.reports.i18n import catalogue, check_lang, has, unit_names

# Chinese scale words, largest first: (factor, word). English likewise.
ZH_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
# Units whose Chinese amounts read with 万/亿 (counts and money); rates and durations do not.
SCALED_UNITS = {"yuan", "count"}


def _is_missing(x: object) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) in ("<NA>", "NaT")
    except TypeError:  # pragma: no cover - exotic objects
        return False


def plain(x: float, sig: int = 3, grouping: bool = True) -> str:
    """A number in plain decimal notation: integers exactly, others with ``sig`` significant
    digits (never dropping integer digits), trailing zeros removed.

    >>> plain(3e10), plain(2094.5), plain(464.629), plain(8.333333e9 / 1e9), plain(0.000123)
    ('30,000,000,000', '2,095', '465', '8.33', '0.000123')
    >>> plain(-1234.0, grouping=False), plain(1.10), plain(0.0)
    ('-1234', '1.1', '0')
    """
    x = float(x)
    if not math.isfinite(x):
        return ""
    if x == int(x) and abs(x) < 1e18:
        text = f"{int(x):,}" if grouping else str(int(x))
        return text
    magnitude = math.floor(math.log10(abs(x))) + 1  # digits before the point (<=0 for 0.0x)
    decimals = max(sig - magnitude, 0)
    rounded = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}" if grouping else f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def number(x: object, lang: str = "en", sig: int = 3, scale: bool = True) -> str:
    """A bare number as a reader of ``lang`` writes it ('' for missing).

    >>> number(3e10, "zh"), number(3e10, "en"), number(1.2e12, "zh"), number(32000, "zh")
    ('300亿', '30 billion', '1.2万亿', '3.2万')
    >>> number(9999, "zh"), number(2.5e6, "en"), number(None), number(float("nan"), "zh")
    ('9,999', '2.5 million', '', '')
    >>> number(123456789, "zh", scale=False), number(-4.5e8, "zh")
    ('123,456,789', '-4.5亿')
    """
    check_lang(lang)
    if _is_missing(x):
        return ""
    x = float(x)  # type: ignore[arg-type]
    if scale:
        for factor, word in (ZH_SCALES if lang == "zh" else EN_SCALES):
            if abs(x) >= factor:
                return plain(x / factor, sig) + ("" if lang == "zh" else " ") + word
    return plain(x, sig)


def quantity(x: object, unit_std: str, lang: str = "en", sig: int = 3,
             measure_word: str = "") -> str:
    """A value in a standard unit (``units.csv``/``indicators.csv``) with the unit's name in
    ``lang`` from the message catalogue; Chinese counts take the document's measure word
    (件, 家, 项) when given.

    >>> quantity(40, "count_per_10k_people", "zh"), quantity(40, "count_per_10k_people", "en")
    ('40件/万人', '40 per 10,000 people')
    >>> quantity(1.1, "ratio", "zh"), quantity(1.1, "ratio_to_previous_year", "en")
    ('1.1倍', '1.1 times the previous year')
    >>> quantity(60, "percent", "en"), quantity(30, "count", "zh", measure_word="家")
    ('60%', '30家')
    >>> quantity(500.123, "yuan_per_person", "en"), quantity(None, "yuan", "en")
    ('500 yuan per person', '')
    """
    check_lang(lang)
    if _is_missing(x):
        return ""
    names = unit_names(unit_std)
    if unit_std == "count" and measure_word and has(f"mw.{measure_word}"):
        names = catalogue()[f"mw.{measure_word}"]
    name = names[lang]
    if lang == "en" and float(x) == 1 and names.get("en_one"):  # type: ignore[arg-type]
        name = names["en_one"]
    if lang == "zh" and unit_std == "count" and measure_word:
        name = measure_word
    text = number(x, lang, sig, scale=unit_std in SCALED_UNITS)
    if not name:
        return text
    if lang == "zh" or name.startswith(("%", "/")):
        return f"{text}{name}"
    return f"{text} {name}"


def as_written(value: object, unit: str) -> str:
    """The value exactly as the document writes it (number and unit), in plain notation.

    >>> as_written(300.0, "亿元"), as_written(3.2, "万件"), as_written(30, "(none)")
    ('300亿元', '3.2万件', '30')
    >>> as_written(1e-7, "%"), as_written(None, "件")
    ('0.0000001%', '')
    """
    if _is_missing(value):
        return ""
    v = float(value)  # type: ignore[arg-type]
    text = str(int(v)) if v == int(v) else format(Decimal(repr(v)), "f").rstrip("0").rstrip(".")
    unit = "" if unit in (None, "(none)") or _is_missing(unit) else str(unit)
    return f"{text}{unit}"


def measure_word(unit_as_written: str) -> str:
    """The Chinese measure word in a unit as written (``万件`` -> ``件``; ``(none)`` -> '').

    >>> measure_word("万件"), measure_word("家"), measure_word("(none)"), measure_word("亿元")
    ('件', '家', '', '元')
    """
    if not isinstance(unit_as_written, str) or unit_as_written == "(none)":
        return ""
    return unit_as_written.lstrip("万亿")


def axis_formatter(lang: str, unit_std: str = ""):
    """A matplotlib tick formatter writing ticks with :func:`number` (no 1e10 offset)."""
    from matplotlib.ticker import FuncFormatter  # lazy: matplotlib only when charting

    return FuncFormatter(lambda v, _pos: number(v, lang, 3, scale=unit_std in SCALED_UNITS))

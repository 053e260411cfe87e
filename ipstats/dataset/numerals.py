"""Numbers in Chinese policy text: Chinese numerals, scales (万, 亿) and measure words.

One scanner, :func:`scan`, finds every numeric expression in a *normalised* line (see
:func:`ipstats.dataset.textnorm.normalise`: simplified characters, ASCII digits, ``2。5`` already
``2.5``, no whitespace). The extractor keeps the ones that read as targets; the coverage check
lists every one that is not plainly structural (a year, a date, a list number, a document
number), so nothing that looks like a target is silently skipped.

>>> chinese_to_number("一百二十五"), chinese_to_number("两万"), chinese_to_number("三点五")
('125', '20000', '3.5')
>>> words = MeasureWords.of(["万件", "件", "项", "年"])
>>> [(h.value, h.unit, h.kind) for h in scan("到2025年,有效注册商标量3.2万件,31项", words)]
[('2025', '年', 'year'), ('3.2', '万件', 'quantity'), ('31', '项', 'quantity')]
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

NO_UNIT = "(none)"

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_LARGE = {"万": 10_000, "亿": 100_000_000}

SCALES = ("万", "亿")
WORDS_BEFORE_YI = "统同唯单逐划专万"

_ARABIC = r"(?<![\d.])\d+(?:\.\d+)?(?![\d])"
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]*[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿点]*"
NUMBER = re.compile(rf"(?P<pct>百分之)?(?:(?P<arabic>{_ARABIC})|(?P<chinese>{_CHINESE}))")
LIST_NUMBER = re.compile(r"^(?:\d+(?:\.(?!\d)|、)|\(\d+\)|\|\d{1,3}(?=\|))")  # 16. / (3) / | 3 | (a row number); 12.5 is a decimal
DOC_NUMBER = re.compile(r"\[(?:19|20)\d\d\]\d+号")
DATE_AFTER = re.compile(r"^(?:月|日|-\d|:\d)")


@dataclass(frozen=True)
class MeasureWords:
    """The measure words that make a number a quantity, read from the data directory (see
    :func:`ipstats.dataset.units.read_measure_words`): ``declared`` are the units of
    ``units.csv``; ``other`` those of ``measure_words.csv``, detected (so the coverage check sees
    them) but flagged by the extractor as undeclared.

    >>> words = MeasureWords.of(["件", "个月", "个"], ["人次"])
    >>> words.is_declared("个月"), words.is_declared("人次")
    (True, False)
    """

    declared: frozenset[str]
    other: frozenset[str]

    @classmethod
    def of(cls, declared: Iterable[str], other: Iterable[str] = ()) -> MeasureWords:
        """Measure words from two lists (blank entries and the bare-number key are dropped)."""
        keep = {w for w in declared if w and w != NO_UNIT}
        return cls(frozenset(keep), frozenset(w for w in other if w and w not in keep))

    def is_declared(self, unit: str) -> bool:
        """True for a unit declared in units.csv (or a bare number)."""
        return unit == NO_UNIT or unit in self.declared

    @cached_property
    def unit_after(self) -> re.Pattern[str]:
        """An optional scale (万, 亿) and measure word right after a number; longest word
        first, so 个月 wins over 个."""
        alternatives = "|".join(re.escape(u) for u in sorted(self.declared | self.other,
                                                               key=lambda u: (-len(u), u)))
        return re.compile(rf"(?P<scale>[万亿])?(?P<unit>{alternatives or '(?!)'})?")


@dataclass(frozen=True)
class NumberHit:
    """One numeric expression in a normalised line.

    ``kind`` is ``quantity`` (a number with a measure word), ``bare`` (an Arabic number with
    none), or a structural kind the coverage check skips: ``year``, ``date``, ``list_number``,
    ``doc_number``.
    """

    start: int
    end: int
    text: str
    value: str
    unit: str
    numeral: str
    kind: str


def chinese_to_number(text: str) -> str:
    """ASCII digits for a Chinese numeral (一百二十五 -> 125, 十五 -> 15, 二点五 -> 2.5).

    >>> chinese_to_number("十五"), chinese_to_number("一千零五"), chinese_to_number("三万五千")
    ('15', '1005', '35000')
    >>> chinese_to_number("二〇二五")
    '2025'
    """
    if "点" in text:
        whole, frac = text.split("点", 1)
        return f"{chinese_to_number(whole) if whole else '0'}." + "".join(
            str(CN_DIGITS[c]) for c in frac if c in CN_DIGITS)
    if text and all(c in CN_DIGITS for c in text) and len(text) > 1:
        return "".join(str(CN_DIGITS[c]) for c in text)  # digit by digit: 二〇二五
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            section += (digit or 1) * CN_SMALL[ch]
            digit = 0
        elif ch in CN_LARGE:
            total = (total + section + digit) * CN_LARGE[ch]
            section, digit = 0, 0
    return str(total + section + digit)


def _is_year(value: str) -> bool:
    return value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2099


def scan(line: str, words: MeasureWords, line_start: bool = True) -> list[NumberHit]:
    """Every numeric expression in a normalised line, classified (see :class:`NumberHit`);
    ``words`` are the data directory's measure words.

    >>> words = MeasureWords.of(["件", "万件", "个月", "个", "年", "%"])
    >>> [(h.text, h.kind) for h in scan("12.压减至16个月以内,[2021]20号,2023年1月10日", words)]
    [('12', 'list_number'), ('16个月', 'quantity'), ('2021', 'doc_number'), ('20', 'doc_number'), ('2023年', 'year'), ('1', 'date'), ('10', 'date')]
    >>> [(h.text, h.value, h.unit) for h in scan("达到2.5万件,每百户企业,百分之六十,三个月", words)]
    [('2.5万件', '2.5', '万件'), ('百分之六十', '60', '%'), ('三个月', '3', '个月')]
    """
    hits: list[NumberHit] = []
    doc_spans = [m.span() for m in DOC_NUMBER.finditer(line)]
    listed = LIST_NUMBER.match(line) if line_start else None
    list_end = listed.end() if listed else 0
    for m in NUMBER.finditer(line):
        start, end = m.span()
        if m.group("chinese"):
            raw = m.group("chinese")
            if raw[0] in CN_LARGE or (start > 0 and line[start - 1] in "每第"):
                continue  # 每万人, 每百户: a rate's denominator; 第一位: an ordinal
            if raw == "一" and start > 0 and line[start - 1] in WORDS_BEFORE_YI:
                continue  # 统一, 同一, 唯一: a word, not a number
            value, numeral = chinese_to_number(raw.rstrip("万亿")), "chinese"
            if raw[-1] in CN_LARGE and not m.group("pct"):
                end -= 1  # a trailing 万/亿 is the unit's scale (三万件 -> 3 万件)
                raw = raw[:-1]
                if not raw or raw[-1] not in "零〇一二两三四五六七八九十百千点":
                    continue
        else:
            value, numeral = m.group("arabic"), "arabic"
        u = words.unit_after.match(line, end)
        assert u is not None  # every part of the pattern is optional
        scale, unit = u.group("scale") or "", u.group("unit") or ""
        if unit == "分" and (numeral == "chinese" or line[u.end():u.end() + 1] in tuple("之钟别")):
            if numeral == "chinese":
                continue  # 十分重要, 三分之一: not a score
            unit = ""
        if m.group("pct"):
            unit, scale = "%", ""
        elif unit:
            end = u.end()
        elif scale and numeral == "arabic":
            unit, end = "", u.end()  # 3万 with no measure word: the scale alone
        unit = scale + unit if unit else (scale or NO_UNIT)
        if numeral == "chinese" and unit == NO_UNIT:
            continue  # 十四五, 二中全会: Chinese numerals count only with a measure word
        kind = "quantity" if unit != NO_UNIT else "bare"
        after = line[end:end + 2]
        if any(a <= start < b for a, b in doc_spans):
            kind = "doc_number"
        elif numeral == "arabic" and (start < list_end or _in_parens(line, start, end)):
            kind = "list_number"
        elif _is_year(value) and unit in (NO_UNIT, "年"):
            kind = "year"
        elif numeral == "arabic" and unit == NO_UNIT and (
                DATE_AFTER.match(after) or _after_date(line, start)):
            kind = "date"
        hits.append(NumberHit(start, end, line[start:end], value, unit, numeral, kind))
    return hits


def _in_parens(line: str, start: int, end: int) -> bool:
    """True for an item number such as (3) in the middle of a line."""
    return start > 0 and line[start - 1] == "(" and line[end:end + 1] == ")"


def _after_date(line: str, start: int) -> bool:
    """True for the month/day or minutes of ``2020-09-16`` / ``10:14:00``."""
    return start > 0 and line[start - 1] in "-:" and start > 1 and line[start - 2].isdigit()

"""How real plans phrase what is not a target, and what a target says besides its number.

Used by the extractor (:mod:`ipstats.curation.extract`) on normalised clauses:

* past results and baselines are not targets: a background section (发展基础, 现状, 规划背景),
  a sentence that opens with a past time (2020年, / 截至2020年底 / “十三五”期间 / 今年以来 /
  去年), a number after 同比 / 比上年, and the first number of 由A提高到B / 从A增加到B;
* counts of the document's own parts are not targets (12个定量指标, 共27项具体措施,
  约束性指标2个, 下设3个工作专班), nor scope counts (全县21个乡镇);
* a range (2-3家, 3家至5家, 3～5个) is one target, its low end in ``value``;
* relative targets (年均增长9%, 提高2个百分点, 较2020年增长40%, 翻两番) and recurrence (每年).

>>> past_sentence("2020年,全省专利授权量达到11.26万件"), past_sentence("到2025年,达到12件")
(True, False)
>>> is_baseline("由2015年的6.8件提高到14.37件", 8, 11), is_baseline("由2015年的6.8件提高到14.37件", 14, 20)
(True, False)
>>> own_parts_count("本规划共设置12个定量指标", 6, 9)
True
"""
from __future__ import annotations

import re

from ipstats.dataset.numerals import NumberHit

PAST_SECTIONS = ("基础", "现状", "背景", "回顾", "成效", "形势")
_PAST_START = re.compile(r"^[\"“‘'”]*(?:(?:19|20)\d\d年(?:底|末|以来)?(?:,|全|我|本|$)|截至|截止|今年以来"
                         r"|去年|上年|近年来|近年|“?十三五”?|'?十三五'?|\d{1,2}至\d{1,2}月)")
PAST_CUES = ("同比", "比上年", "较上年", "比去年", "去年")
_BASELINE_OPEN = re.compile(r"(?:由|从)(?:((?:19|20)\d\d)年(?:底|末)?的?)?")
_BASELINE_CLOSE = re.compile(r"^[^,;。]*?(?:提高|增长|增加|提升|上升|发展|下降|降低|减少|缩短|压缩|压减)?(?:到|至)")
_PARTS = re.compile(r"^(?:个|项|大|条)?[^,;。\d]{0,6}?(?:定量指标|指标|具体措施|措施|重点任务|任务|部分|方面|"
                    r"专项行动|领域|工作专班|条措施)")
_SCOPE_AFTER = re.compile(r"^(?:区|县|乡镇|镇|街道|设区市|园区|产业园区|重点产业|地市)")
# 3家至5家, 2-3家; never 由20%降至15% (a baseline and its target: a verb stands before 至)
_RANGE_BEFORE = re.compile(r"(\d+(?:\.\d+)?)(?:[^\d\s,;。降升提增减压缩控]{0,3})?(?:-|~|至)$")
NO_DIGIT = (
    (re.compile(r"翻两番|翻二番"), "4", "倍", "multiple_of_baseline", "="),
    (re.compile(r"翻一番|(?<!两)翻番"), "2", "倍", "multiple_of_baseline", "="),
    (re.compile(r"(超过|突破|超)万亿元"), "1", "万亿元", "", ">"),
)


def past_section(part: str) -> bool:
    """True for a background part of a plan (一、发展基础), whose numbers are past results."""
    return any(w in part for w in PAST_SECTIONS)


def past_sentence(first_clause: str) -> bool:
    """True if a sentence opens with a past time: its numbers are results, not targets."""
    return _PAST_START.match(first_clause) is not None


def after_past_cue(norm: str, start: int) -> bool:
    """True for a number after 同比 / 比上年 in its clause (a past growth)."""
    before = norm[:start].replace("每年较上年", "")  # 每年较上年增长10%: a growth target
    return any(c in before for c in PAST_CUES)


def is_baseline(norm: str, start: int, end: int) -> bool:
    """True for the first number of 由A提高到B / 从A增加到B / 分别由A、B提高到C、D."""
    opened = [m for m in _BASELINE_OPEN.finditer(norm, 0, start)]
    if not opened:
        return False
    last = opened[-1]
    between = norm[last.end():start]
    if "到" in between or "至" in between:
        return False
    return _BASELINE_CLOSE.match(norm[end:]) is not None


def baseline_year(norm: str, start: int) -> int | None:
    """The year of the baseline that precedes ``start`` (由2020年的...), if stated."""
    opened = [m for m in _BASELINE_OPEN.finditer(norm, 0, start)]
    return int(opened[-1].group(1)) if opened and opened[-1].group(1) else None


def own_parts_count(norm: str, start: int, end: int) -> bool:
    """True for a count of the document's own parts: 12个定量指标, 共27项具体措施,
    约束性指标2个, 4大领域, 下设3个工作专班."""
    return bool(_PARTS.match(norm[end:])) or norm[:start].endswith(("指标", "措施"))


def scope_count(norm: str, start: int, end: int) -> bool:
    """True for a count of existing places: 全县21个乡镇, 实现10个区(县)全覆盖."""
    return norm[:start].endswith(("全县", "全市", "全省", "全区", "实现")) or bool(
        _SCOPE_AFTER.match(norm[end:]))


def range_low(norm: str, start: int) -> str | None:
    """The low end when the number at ``start`` closes a range (2-3家, 3家至5家, 3~5个)."""
    m = _RANGE_BEFORE.search(norm[max(0, start - 12):start])
    return m.group(1) if m else None


def opens_range(norm: str, end: int) -> bool:
    """True if the number ending at ``end`` is the low end of a range (3家至5家)."""
    return re.match(r"^(?:-|~|至)\d", norm[end:]) is not None


def relative_kind(norm: str, start: int, end: int, unit: str) -> tuple[str, int | None]:
    """The relative kind of a target and its baseline year, from the words before it."""
    before = norm[max(0, start - 16):start]
    base = re.search(r"(?:较|比|在)((?:19|20)\d\d)年(?:基础上)?", before)
    base_year = int(base.group(1)) if base else None
    if unit == "个百分点":
        return "pp_change", base_year
    if unit == "倍" and "翻" in norm[start:end]:
        return "multiple_of_baseline", base_year
    if unit == "%" and re.search(r"年均(?:增长|提高|增速)|每年较上年增长", before):
        return "growth_rate_per_year", None
    if unit in ("%", "倍") and (m := re.search(r"较((?:19|20)\d\d)年[^,;。]{0,8}?增长$", before)):
        return "growth_over_baseline", int(m.group(1))
    return "", None


def recurs_annually(norm: str, start: int) -> bool:
    """True if the number is stated for every year (每年...)."""
    return "每年" in norm[:start]


def why_not_a_target(hit: NumberHit, rest: list[NumberHit], norm: str, past: bool) -> str:
    """Why a candidate number is not a target ("" if it is one)."""
    if past or after_past_cue(norm, hit.start):
        return "past"
    if is_baseline(norm, hit.start, hit.end):
        return "baseline"
    if own_parts_count(norm, hit.start, hit.end) or scope_count(norm, hit.start, hit.end):
        return "count"
    if opens_range(norm, hit.end) and rest and rest[0].unit == hit.unit:
        return "range_low"  # 3家至5家: the target is read at 5家
    if re.search(r"(?:每季度|每月|每半年|定期)召开$", norm[:hit.start]):
        return "count"  # 每季度召开1次会议: how often a body meets
    return ""


def target_extras(hit: NumberHit, norm: str, year: int | None,
            baselines: list[tuple[str, int | None]]) -> dict:
    """The new columns of a prose target: range, baseline, relative, recurrence."""
    extra: dict = {}
    if (low := range_low(norm, hit.start)) is not None:
        extra["value"], extra["value_high"] = low, hit.value
    relative, base_year = relative_kind(norm, hit.start, hit.end, hit.unit)
    extra["relative"] = relative
    if base_year:
        extra["baseline_year"] = str(base_year)
    if baselines:
        value, by = baselines.pop(0)
        extra["baseline_value"] = value
        extra["baseline_year"] = str(by) if by else ""
    if recurs_annually(norm, hit.start):
        extra["recurrence"], extra["basis"] = "annual", "flow"
    return extra


def no_digit_targets(norm: str, scopes, year: int | None) -> list[tuple[NumberHit, dict]]:
    """Targets stated without a digit: 翻两番 (4 倍), 翻番 (2 倍), 超万亿元 (1 万亿元)."""
    out = []
    for pattern, value, unit, relative, comparator in NO_DIGIT:
        for m in pattern.finditer(norm):
            y = max([y for s, y in scopes if s < m.start()] or [0]) or year
            hit = NumberHit(m.start(), m.end(), m.group(), value, unit, "words", "quantity")
            extra = {"relative": relative, "comparator": comparator, "_year": y}
            if relative and (base := relative_kind(norm, m.start(), m.end(), unit)[1]):
                extra["baseline_year"] = str(base)
            out.append((hit, extra))
    return out

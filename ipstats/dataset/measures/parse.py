"""Find the numbered measures of a policy text and their responsibility clauses.

The five sources number their measures in two ways: ``1.`` ... ``100.`` (national plan,
Zhejiang, Yuxi, Hangzhou) or ``(一)`` ... ``(二十三)`` (Guizhou, whose first number is garbled as
``（1）``). :func:`split_measures` walks the lines and accepts a line as the start of a measure
only if it carries the *next* expected number, so numbers inside sentences, headings with the
same numerals and garbled section markers cannot start a false measure.

Where a document ends each measure with a responsibility clause (``(X、Y负责)``), a measure runs
over line breaks until that clause; otherwise a measure is one paragraph. The clause is found
from the end backwards with bracket matching, so it survives line-wrap spaces
(``(最 高人民法院、...)``), a lost opening bracket (``中科院负责)``) and brackets inside it.

>>> m = split_measures("一、改革\\n1. 出台意见。\\n(知识产权局、 教育部负责)\\n2. 推进工作。中科院负责)\\n")
>>> [(x.number, x.part, x.departments_as_written) for x in m]
[(1, '一、改革', '(知识产权局、 教育部负责)'), (2, '一、改革', '中科院负责)')]
>>> split_departments("(省法院牵头，省检察院、司法厅按职责分工负责)", "explicit_lead")
(['省法院'], ['省检察院', '司法厅'])
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ipstats.dataset.textnorm import normalise

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERALS = "一二三四五六七八九十"
ARABIC_START = re.compile(r"^\s*(\d{1,3})\s*[.．]\s*(?=\S)")
PAREN_START = re.compile(rf"^\s*([(（]\s*([{_NUMERALS}]+|\d{{1,2}})\s*[)）])\s*(?=\S)")
PART_HEADING = re.compile(rf"^\s*([{_NUMERALS}]+|\d{{1,2}})\s*、\s*\S")
# Second-level heading, also with a lost bracket or a dash for 一: "一)完善", "-)提高", "二) 强化".
SECTION_HEADING = re.compile(rf"^\s*[(（]?\s*[{_NUMERALS}-]+\s*[)）]\s*[\u4e00-\u9fff]")
# A responsibility clause ends the measure: 负责 with or without its closing bracket.
CLAUSE_END = re.compile(r"[负負][责責]\s*[)）]?\s*$")
FIRST_LEADS_RULE = "列第一位的部门为牵头部门"
MAX_HEADING_CHARS = 60
MAX_TITLE_CHARS = 16


def numeral_value(text: str) -> int | None:
    """The value of a clause number as written: ``16``, ``(二十三)``, ``（1）``, ``十``.

    >>> [numeral_value(s) for s in ("16", "(二十三)", "（1）", "十", "(十一)", "x")]
    [16, 23, 1, 10, 11, None]
    """
    core = re.sub(r"[\s(（)）.．、]", "", text)
    if core.isdigit():
        return int(core)
    if not core or any(c not in _NUMERALS for c in core):
        return None
    if "十" not in core:
        return CN_DIGITS.get(core) if len(core) == 1 else None
    tens, _, units = core.partition("十")
    value = (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)
    return value if (not tens or tens in CN_DIGITS) and (not units or units in CN_DIGITS) else None


def chinese_numeral(n: int) -> str:
    """Write 1..99 in Chinese numerals, as clause numbers are written.

    >>> [chinese_numeral(n) for n in (1, 10, 12, 23)]
    ['一', '十', '十二', '二十三']
    """
    digits = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    head = ("" if tens == 1 else digits[tens]) + "十" if tens else ""
    return head + (digits[units] if units else "")


@dataclass
class ParsedMeasure:
    """One numbered measure as found in a source text (raw, not normalised)."""

    number: int
    clause: str  # the number as written, e.g. "16" or "(二十三)"
    line: int  # 1-based line of the source where the measure starts
    part: str = ""
    section: str = ""
    body: str = ""  # the measure's text after its number, lines joined by a space
    departments_as_written: str = ""

    @property
    def title(self) -> str:
        """The measure's own short title, if its first sentence is one (``强化司法保障``)."""
        first, sep, rest = self.body.partition("。")
        return first.strip() if sep and rest.strip() and _is_title(first) else ""

    @property
    def quote(self) -> str:
        """Verbatim excerpt: the first sentence; after a short title, title and first sentence."""
        text = self.body
        if self.departments_as_written and text.rstrip().endswith(self.departments_as_written):
            text = text.rstrip()[: -len(self.departments_as_written)]
        sentences = [s for s in re.split(r"(?<=。)", text) if s.strip()]
        if not sentences:
            return text.strip()
        n = 2 if len(sentences) > 1 and _is_title(sentences[0].rstrip("。")) else 1
        return "".join(sentences[:n]).strip().rstrip("。").strip()


def _is_title(sentence: str) -> bool:
    s = normalise(sentence)
    return 0 < len(s) <= MAX_TITLE_CHARS and not re.search(r"[,;:]", s)


def numbering_style(lines: list[str]) -> str:
    """``arabic`` (1. 2. ...) or ``paren`` ((一) (二) ...): whichever runs longer in sequence."""
    def run(pattern: re.Pattern) -> int:
        expected = 1
        for line in lines:
            m = pattern.match(line)
            if m and numeral_value(m.group(1)) == expected:
                expected += 1
        return expected - 1

    return "arabic" if run(ARABIC_START) >= run(PAREN_START) else "paren"


def responsibility_convention(text: str) -> str:
    """``first_leads`` if the document says the first-named body leads, else ``explicit_lead``
    (only a body followed by 牵头 leads; a sole body named leads)."""
    return "first_leads" if FIRST_LEADS_RULE in normalise(text) else "explicit_lead"


def split_measures(text: str) -> list[ParsedMeasure]:
    """Split a source text into its numbered measures, with headings and responsibility
    clauses; measures are returned in order, numbered 1..N as the document numbers them."""
    lines = text.splitlines()
    start = ARABIC_START if numbering_style(lines) == "arabic" else PAREN_START
    with_clauses = sum(1 for ln in lines if CLAUSE_END.search(ln)) >= 2
    measures: list[ParsedMeasure] = []
    part = section = ""
    current: ParsedMeasure | None = None
    closed = True
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        m = start.match(line)
        if m and numeral_value(m.group(1)) == len(measures) + 1:
            current = ParsedMeasure(len(measures) + 1, m.group(1).strip(), i, part, section,
                                    line[m.end():].strip())
            measures.append(current)
            closed = not with_clauses or bool(CLAUSE_END.search(line))
            continue
        short = len(line.strip()) <= MAX_HEADING_CHARS
        if short and PART_HEADING.match(line) and not start.match(line):
            part, section, closed, current = line.strip(), "", True, None
        elif current is not None and not closed:
            current.body += " " + line.strip()
            closed = bool(CLAUSE_END.search(line))
        elif short and (SECTION_HEADING.match(line) or start is ARABIC_START):
            # short lines between measures are headings (also garbled ones, as in Hangzhou)
            section, current = line.strip(), None
        else:
            current = None  # a goal paragraph or closing text: not part of any measure
    for ms in measures:
        ms.departments_as_written = responsibility_clause(ms.body) if with_clauses else ""
    return measures


def responsibility_clause(body: str) -> str:
    """The trailing ``(...负责)`` clause of a measure, verbatim, or '' if there is none.

    >>> responsibility_clause("编制纲要》。 中科院负责)")
    '中科院负责)'
    >>> responsibility_clause("修订《意见》(一) 二)。(最高人民法院、公安部负责)")
    '(最高人民法院、公安部负责)'
    >>> responsibility_clause("推进工作。")
    ''
    """
    text = body.rstrip()
    if not CLAUSE_END.search(text):
        return ""
    depth = 0 if text[-1] in ")）" else 1
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                return text[i:]
        elif ch == "。" and depth == 1:
            return text[i + 1:].strip()
    return text.strip()


def split_departments(as_written: str, convention: str) -> tuple[list[str], list[str]]:
    """Lead and participating bodies named in a responsibility clause, as written (normalised).

    ``first_leads``: the first named leads, the others take part (the national plan's rule).
    ``explicit_lead``: the bodies before 牵头 lead; without 牵头 a sole body leads and several
    bodies share the task with no lead.

    >>> split_departments("(最 高人民法院、司法部按职责分别负责)", "first_leads")
    (['最高人民法院'], ['司法部'])
    >>> split_departments("(各有关部门、各地党委和政府按职责分工负责)", "explicit_lead")
    ([], ['各有关部门', '各地党委和政府'])
    """
    s = normalise(as_written).strip("()")
    s = re.sub(r"(按职责(分别|分工)?)?负责\)?$", "", s)
    if "牵头" in s:
        lead, _, rest = s.partition("牵头")
        leads = _names(lead)
        return leads, [n for n in _names(rest) if n not in leads]  # (八) names its lead twice
    names = _names(s)
    if convention == "first_leads" or len(names) == 1:
        return names[:1], names[1:]
    return [], names


def _names(s: str) -> list[str]:
    return [n for n in re.split(r"[、,，;；]", s) if n]


def targets_in_text(text: str, targets: Iterable[tuple[str, str]]) -> list[str]:
    """Ids of the targets whose (normalised) quote lies inside ``text``."""
    norm = normalise(text)
    return [tid for tid, quote in targets if quote and normalise(quote) in norm]

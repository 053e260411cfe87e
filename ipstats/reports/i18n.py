"""Every string a reader sees, in Chinese and English, from one message catalogue
(``ipstats/reports/messages.yaml``: ``key: {zh: ..., en: ...}``; in English, ``{n:|s}`` or
``{n:is|are}`` agrees a word with the count ``n``), plus the rules that turn
data codes into words (units, levels, comparators, clause labels, short document titles).

>>> t("page.index", "zh"), t("page.index", "en")
('报告索引', 'All reports')
>>> clause_label("part 1 总体目标", "en"), clause_label("task 16", "zh")
('Part 1, Overall goals', '第16项任务')
"""
from __future__ import annotations

import numbers
import re
from functools import lru_cache

import pandas as pd

from ipstats.core.paths import MESSAGES_FILE
from ipstats.core.problems import IpstatsError
from ipstats.core.yamlfile import load_yaml

LANGS = ("zh", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a report language, else raise a clear error.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ipstats.core.problems.IpstatsError: unknown lang 'fr': use one of zh, en
    """
    if lang not in LANGS:
        raise IpstatsError(f"unknown lang {lang!r}: use one of {', '.join(LANGS)}")
    return lang


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The message catalogue: key -> {"zh": ..., "en": ...} (read once)."""
    data = load_yaml(MESSAGES_FILE.read_text(encoding="utf-8"), "ipstats/reports/messages.yaml") or {}
    return {str(k): {lk: str(lv) for lk, lv in v.items()} for k, v in data.items()}


def t(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``.

    >>> t("find.no_such_key", "en")
    Traceback (most recent call last):
    ...
    ipstats.core.problems.IpstatsError: message 'find.no_such_key' is not in the catalogue (ipstats/reports/messages.yaml); add it with zh and en
    """
    check_lang(lang)
    entry = catalogue().get(key)
    if entry is None or lang not in entry:
        raise IpstatsError(f"message {key!r} is not in the catalogue "
                           "(ipstats/reports/messages.yaml); add it with zh and en")
    text = entry[lang]
    if not values:
        return text
    return text.format(**{k: _Count(v) if isinstance(v, numbers.Integral) and not isinstance(v, bool)
                          else v for k, v in values.items()})


class _Count(int):
    """A count in a message: ``{n:one|other}`` picks the word for it, so the English reads
    "1 report", "2 reports" (never "report(s)"); any other format spec is an int's.

    >>> t("index.count", "en", n=1), t("index.count", "en", n=12), t("index.count", "zh", n=1)
    ('1 report', '12 reports', '1份报告')
    """

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, other = spec.split("|", 1)
            return one if self == 1 else other
        return super().__format__(spec)


def has(key: str) -> bool:
    """Whether the catalogue has ``key``."""
    return key in catalogue()


def word(kind: str, code: object, lang: str) -> str:
    """A data code as words (``level``/``status``/``basis``/``direction``/``comparator``/
    ``doc_type``...); an unknown code is returned as it is rather than failing a report.

    >>> word("level", "prefecture", "en"), word("comparator", ">=", "zh"), word("level", "x", "en")
    ('City', '不低于', 'x')
    """
    key = f"{kind}.{code}"
    return t(key, lang) if has(key) else ("" if code is None else str(code))


def unit_names(unit_std: str) -> dict[str, str]:
    """The display names of a standard unit: ``{"zh": ..., "en": ..., "en_one": ...}``.

    >>> unit_names("months")["zh"], unit_names("months")["en_one"]
    ('个月', 'month')
    """
    entry = catalogue().get(f"unit.{unit_std}")
    if entry is None:
        return {"zh": unit_std, "en": unit_std.replace("_", " ")}
    return entry


def name(row: object, base: str, lang: str) -> str:
    """The ``base_zh`` or ``base_en`` field of a row (falls back to the other language).

    >>> name({"name_zh": "浙江省", "name_en": "Zhejiang"}, "name", "en")
    'Zhejiang'
    """
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    zh, en = get(f"{base}_zh"), get(f"{base}_en")
    zh = "" if zh is None or (isinstance(zh, float) and pd.isna(zh)) else str(zh)
    en = "" if en is None or (isinstance(en, float) and pd.isna(en)) else str(en)
    return (zh or en) if lang == "zh" else (en or zh)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(text: str) -> int | None:
    """一..九十九 as an int (clause numbers such as （二十三）).

    >>> _cn_number("二十三"), _cn_number("十"), _cn_number("十四"), _cn_number("x")
    (23, 10, 14, None)
    """
    m = re.fullmatch(r"([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)", text)
    if not m or not text:
        return None
    tens, ten, ones = m.groups()
    if ten:
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(ones or tens)


def heading(text: str, lang: str) -> str:
    """A section heading quoted from a document: verbatim in Chinese; in English its
    translation from the catalogue (``heading.<text>``), else the Chinese kept verbatim."""
    text = text.strip()
    if lang == "zh" or not text:
        return text
    key = f"heading.{text}"
    return t(key, "en") if has(key) else text


def clause_label(clause: object, lang: str) -> str:
    """A clause reference as a reader says it, by rule (task, part, section, numbered item)
    with quoted headings translated from the catalogue.

    >>> clause_label("part 1 (2) 主要目标", "zh"), clause_label("part 1 (2) 主要目标", "en")
    ('第1部分(2) 主要目标', 'Part 1 (2), Main goals')
    >>> clause_label("section 3 (goal paragraph)", "en"), clause_label("（二十三）", "en")
    ('Section 3, goal paragraph', 'Item (23)')
    >>> clause_label("17", "zh"), clause_label("17", "en"), clause_label(None, "en")
    ('第17条', 'Item 17', '')
    """
    if clause is None or (isinstance(clause, float) and pd.isna(clause)):
        return ""
    text = str(clause).strip()
    m = re.fullmatch(r"(task|part|section|article)\s+(\d+)\s*(\(\d+\))?\s*(.*)", text)
    if m:
        kind, num, sub, rest = m.groups()
        goal = rest == "(goal paragraph)"
        head = t(f"clause.{kind}", lang, n=num) + ((" " if lang == "en" else "") + sub if sub
                                                   else "")
        if goal:
            return head + t("clause.goal_paragraph", lang)
        if rest:
            return head + (" " if lang == "zh" else ", ") + heading(rest, lang)
        return head
    if re.fullmatch(r"\d+", text):
        return t("clause.item", lang, n=text)
    m = re.fullmatch(r"[（(]([一二三四五六七八九十\d]+)[)）]", text)
    if m:
        n = m.group(1)
        n = str(_cn_number(n) or n) if not n.isdigit() else n
        return text if lang == "zh" else f"Item ({n})"
    return text


def short_title(doc: object, lang: str) -> str:
    """A document's short title by rule: jurisdiction, year, kind, (draft).

    >>> d = {"jurisdiction_name_zh": "浙江省", "jurisdiction_name_en": "Zhejiang Province",
    ...      "doc_type": "action_plan", "status": "adopted", "reference_date": "2020-09-14"}
    >>> short_title(d, "zh"), short_title(d, "en")
    ('浙江省2020年行动计划', 'Zhejiang Province 2020 action plan')
    >>> short_title({**d, "reference_date": None, "status": "draft"}, "en")
    'Zhejiang Province action plan (draft)'
    """
    get = doc.get if hasattr(doc, "get") else (lambda k, d=None: getattr(doc, k, d))
    jur = name(doc, "jurisdiction_name", lang)
    date = get("reference_date")
    year = "" if date is None or (not isinstance(date, str) and pd.isna(date)) else str(date)[:4]
    kind = word("doc_type", get("doc_type"), lang)
    draft = t("status.draft_suffix", lang) if get("status") == "draft" else ""
    if lang == "zh":
        return f"{jur}{year + '年' if year else ''}{kind}{draft}"
    return " ".join(x for x in (jur, year, kind) if x) + draft

"""Guesses the extractor adds to a proposal: the indicator (from the Chinese names in
indicators.csv, item by item in a 、-list) and the year of undated targets.
"""
from __future__ import annotations

import re
from collections import Counter

from ipstats.dataset.numerals import MeasureWords, NumberHit, scan
from ipstats.dataset.textnorm import normalise


def list_item_name(norm: str, hit: NumberHit, words: MeasureWords) -> str:
    """For a 、-list distributed by 分别 (A、B、C分别达到1、2、3), the name that goes with
    ``hit``; "" otherwise, so each item gets its own indicator guess.

    >>> clause = "专利授权量、商标注册量、作品登记量分别达到1.2万件、3.5万件、8000件"
    >>> w = MeasureWords.of(["万件", "件"])
    >>> [list_item_name(clause, h, w) for h in scan(clause, w)]
    ['专利授权量', '商标注册量', '作品登记量']
    """
    at = norm.find("分别")
    if at < 0 or hit.start < at:
        return ""
    names = re.split(r"[,;:]", norm[:at])[-1].split("、")
    values = [h for h in scan(norm[at:], words, line_start=False) if h.kind in ("quantity", "bare")]
    starts = [at + h.start for h in values]
    if len(names) != len(values) or hit.start not in starts:
        return ""
    return names[starts.index(hit.start)]


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def guess_indicator(norm_clause: str, cumulative: bool, indicators: list[dict]) -> dict | None:
    """The indicator whose Chinese name best matches the clause (character-pair overlap
    >= 0.6), or None. Cumulative indicators are only proposed under 累计.

    >>> inds = [{"indicator_id": "a", "name_zh": "有效注册商标量", "basis": "stock"}]
    >>> guess_indicator("有效注册商标量3.2万件", False, inds)["indicator_id"]
    'a'
    """
    best, best_score = None, 0.6
    clause = _bigrams(re.sub(r"[\d.]+", "", norm_clause))
    for ind in indicators:
        if ind.get("basis") == "qualitative" or (ind.get("basis") == "cumulative") != cumulative:
            continue
        name = re.sub(r"\(.*?\)|^累计", "", normalise(ind.get("name_zh", "")))
        grams = _bigrams(name)
        score = len(grams & clause) / len(grams) if grams else 0
        if score > best_score or (score == best_score and best and len(name) > len(best["name_zh"])):
            best, best_score = ind, score
    return best


def default_year(text: str) -> tuple[int | None, str]:
    """The year a document's undated targets fall in, read from its text: the end of a
    (20XX-20YY年) period near the top, else the most common 到20XX年, else the first year.

    >>> default_year("行动计划(2020-2021年)\\n到2021年,达到30家")
    (2021, 'the period 2020-2021 in the title')
    """
    head = normalise("\n".join(text.splitlines()[:30]))
    title = next((normalise(x) for x in text.splitlines() if x.strip()), "")
    if (m := re.search(r"((?:19|20)\d\d)年[^\d]*(?:工作要点|工作计划|年度计划)", title)):
        return int(m.group(1)), f"the year of the work points in the title ({m.group(1)})"
    if m := re.search(r"(\d{4})-(\d{4})年", head):
        return int(m.group(2)), f"the period {m.group(1)}-{m.group(2)} in the title"
    years = Counter(int(m.group(1)) for m in re.finditer(r"到(\d{4})年", normalise(text)))
    if years:
        y = years.most_common(1)[0][0]
        return y, f"the most common 到{y}年 in the text"
    if m := re.search(r"((?:19|20)\d\d)年", head):
        return int(m.group(1)), f"the first year in the text ({m.group(1)})"
    return None, "nowhere: give --year"

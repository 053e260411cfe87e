"""When documents were issued, how long they run, which years they target, and how long
each local plan came after the national one.

An undated document (the Guizhou draft) has no issue date; its inferred window
(``inferred_from`` .. ``inferred_to``) is shown as a range and its lag as a range too.
"""
from __future__ import annotations

import re

import pandas as pd

from ipstats.core.problems import IpstatsError, check_choice
from ipstats.dataset import schema

LEVEL_CHOICES = ("all", *schema.levels())


def parse_period(period: str) -> tuple[int, int] | None:
    """``"2020-2025"`` -> (2020, 2025); ``"2021"`` -> (2021, 2021); empty -> None.

    >>> parse_period("2020-2025"), parse_period(" 2021 "), parse_period("")
    ((2020, 2025), (2021, 2021), None)
    >>> parse_period("2025-2020")
    Traceback (most recent call last):
    ...
    ipstats.core.problems.IpstatsError: period '2025-2020': expected YEAR or YEAR-YEAR with the first year not after the second, e.g. 2020-2025
    """
    period = (period or "").strip()
    if not period:
        return None
    m = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", period)
    if m:
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        if start <= end:
            return start, end
    raise IpstatsError(f"period {period!r}: expected YEAR or YEAR-YEAR with the first year "
                       "not after the second, e.g. 2020-2025")


def document_timeline(documents: pd.DataFrame, targets: pd.DataFrame, period: str = "",
                      level: str = "all") -> pd.DataFrame:
    """One row per document: reference (issue) date or inferred window, effective period,
    target years, and lag in days after the latest national document issued before it."""
    check_choice("level", level, LEVEL_CHOICES)
    span = parse_period(period)
    years = (targets.dropna(subset=["target_year"]).groupby("doc_id")["target_year"]
             .agg(lambda s: sorted({int(y) for y in s})))
    national = documents[documents["level"] == "national"].dropna(subset=["reference_date"])
    rows = []
    for _, d in documents.iterrows():
        ty = years.get(d["doc_id"], [])
        start = d["reference_date"] if pd.notna(d["reference_date"]) else d["inferred_from"]
        end = d["reference_date"] if pd.notna(d["reference_date"]) else d["inferred_to"]
        lag_min = lag_max = pd.NA
        if d["level"] != "national" and pd.notna(start):
            before = national[national["reference_date"] <= end]
            if not before.empty:
                ref = before["reference_date"].max()
                # not clipped at 0: an undated window may start before the national plan
                lag_min, lag_max = (start - ref).days, (end - ref).days
        rows.append({
            "doc_id": d["doc_id"], "jurisdiction_id": d["jurisdiction_id"],
            "jurisdiction_name_zh": d["jurisdiction_name_zh"],
            "jurisdiction_name_en": d["jurisdiction_name_en"], "level": d["level"],
            "status": d["status"], "title_zh": d["title_zh"], "title_en": d["title_en"],
            "reference_date": d["reference_date"], "window_from": start, "window_to": end,
            "date_inferred": d["date_inferred"],
            "effective_from": d["effective_from"], "effective_to": d["effective_to"],
            "target_years": ", ".join(str(y) for y in ty),
            "first_target_year": min(ty) if ty else pd.NA,
            "last_target_year": max(ty) if ty else pd.NA,
            "lag_days_min": lag_min, "lag_days_max": lag_max,
        })
    out = pd.DataFrame(rows)
    if level != "all":
        out = out[out["level"] == level]
    if span:
        lo, hi = pd.Timestamp(span[0], 1, 1), pd.Timestamp(span[1], 12, 31)
        first = out[["window_from", "effective_from"]].min(axis=1)
        last = out[["window_to", "effective_to"]].max(axis=1)
        out = out[(first <= hi) & (last >= lo)]
    return out.reset_index(drop=True)


def lag_text(lag_min, lag_max, lang: str = "en") -> str:
    """A lag as words: one figure when known, a range for an undated document.

    >>> lag_text(124, 124), lag_text(0, 166, "zh"), lag_text(pd.NA, pd.NA)
    ('124 days', '0–166 天', '')
    >>> lag_text(-171, 166)
    '171 days before to 166 days after'
    """
    if pd.isna(lag_min):
        return ""
    unit = "天" if lang == "zh" else "days"
    if lag_min == lag_max:
        return f"{int(lag_min)} {unit}"
    if lag_min < 0:
        if lang == "zh":
            return f"早{-int(lag_min)}天至晚{int(lag_max)}天"
        return f"{-int(lag_min)} days before to {int(lag_max)} days after"
    return f"{int(lag_min)}–{int(lag_max)} {unit}"



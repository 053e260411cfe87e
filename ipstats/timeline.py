"""When documents were issued, how long they run, which years they target, and how long
each local plan came after the national one.

An undated document (the Guizhou draft) has no issue date; its inferred window
(``inferred_from`` .. ``inferred_to``) is shown as a range and its lag as a range too.
"""
from __future__ import annotations

import re

import pandas as pd

from .problems import IpstatsError
from .report import check_choice

LEVEL_CHOICES = ("all", "national", "provincial", "prefecture")


def parse_period(period: str) -> tuple[int, int] | None:
    """``"2020-2025"`` -> (2020, 2025); ``"2021"`` -> (2021, 2021); empty -> None.

    >>> parse_period("2020-2025"), parse_period(" 2021 "), parse_period("")
    ((2020, 2025), (2021, 2021), None)
    >>> parse_period("2025-2020")
    Traceback (most recent call last):
    ...
    ipstats.problems.IpstatsError: period '2025-2020': expected YEAR or YEAR-YEAR with the first year not after the second, e.g. 2020-2025
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
                lag_min, lag_max = max((start - ref).days, 0), (end - ref).days
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
    """
    if pd.isna(lag_min):
        return ""
    unit = "天" if lang == "zh" else "days"
    if lag_min == lag_max:
        return f"{int(lag_min)} {unit}"
    return f"{int(lag_min)}–{int(lag_max)} {unit}"


def plot_timeline(tl: pd.DataFrame, milestones: pd.DataFrame, lang: str = "en"):
    """Issue date (dot) -> effective period (bar) -> target years (diamonds) per document;
    milestones as crosses; an undated document's window hatched."""
    import matplotlib.pyplot as plt

    from .plot import label

    fig, ax = plt.subplots(figsize=(9, 1.0 + 0.6 * max(len(tl), 1)))
    for i, r in tl.reset_index(drop=True).iterrows():
        if pd.notna(r["effective_from"]) and pd.notna(r["effective_to"]):
            ax.barh(i, r["effective_to"] - r["effective_from"], left=r["effective_from"],
                    height=0.35, color="#9dc3e6")
        if pd.notna(r["reference_date"]):
            ax.plot(r["reference_date"], i, "o", color="#1f4e79")
        elif pd.notna(r["window_from"]):
            ax.barh(i, r["window_to"] - r["window_from"], left=r["window_from"], height=0.35,
                    fill=False, hatch="//", edgecolor="#c55a11")
        for y in [int(x) for x in r["target_years"].split(", ") if x]:
            ax.plot(pd.Timestamp(y, 12, 31), i, "D", color="#c55a11", markersize=6)
        ms = milestones[milestones["doc_id"] == r["doc_id"]]
        for y in sorted({int(y) for y in ms["target_year"].dropna()}):
            ax.plot(pd.Timestamp(y, 12, 31), i + 0.25, "x", color="#548235")
    names = [label(a, b, lang) for a, b in zip(tl["jurisdiction_name_zh"], tl["jurisdiction_name_en"])]
    ax.set_yticks(range(len(tl)), names)
    ax.invert_yaxis()
    ax.set_title(label("发布日期 → 有效期 → 目标年份", "Issue date → effective period → target years",
                       lang), loc="left")
    ax.legend(handles=[
        plt.Line2D([], [], marker="o", ls="", color="#1f4e79", label=label("发布日期", "issued", lang)),
        plt.Rectangle((0, 0), 1, 1, color="#9dc3e6", label=label("有效期", "effective period", lang)),
        plt.Rectangle((0, 0), 1, 1, fill=False, hatch="//", edgecolor="#c55a11",
                      label=label("未注明日期:推定区间", "undated: inferred window", lang)),
        plt.Line2D([], [], marker="D", ls="", color="#c55a11", label=label("目标年份(年末)", "target year (year end)", lang)),
        plt.Line2D([], [], marker="x", ls="", color="#548235", label=label("定性里程碑(年末)", "milestone (year end)", lang)),
    ], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.supxlabel("Sources: data/raw/documents.csv (dates, date_note); data/raw/targets/ "
                  "(target years: " + ", ".join(tl["doc_id"]) + ")", fontsize=7,
                  color="#555555", ha="left", x=0.01, wrap=True)
    return fig

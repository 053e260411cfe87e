"""Charts for the reports, one function per chart, each taking the table its analysis
function returns (see :mod:`ipstats.analysis`) and the label language.

Every chart says what it shows in its title and cites its sources under it. Every string
from the data is passed through :func:`~ipstats.reports.plot.mpl_text` (a ``$`` in a name is
shown as written, never read as a formula).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ipstats.analysis.overview import coverage_counts
from ipstats.reports.plot import label, mpl_text


def compare_chart(table: pd.DataFrame, lang: str = "en"):
    """One panel per indicator (variants never share an axis); bars per jurisdiction, the
    comparator and target year on each bar; lower-is-better panels say so in the title."""

    table = table[table["value_std"].notna()]  # a relative target with no baseline has no level
    inds = list(dict.fromkeys(table["indicator_id"])) or [None]
    fig, axes = plt.subplots(len(inds), 1, figsize=(8, 1.2 + 1.6 * len(inds)
                                                     + 0.35 * len(table)), squeeze=False)
    for ax, ind in zip(axes[:, 0], inds):
        part = table[table["indicator_id"] == ind]
        if part.empty:
            ax.set_axis_off()
            ax.set_title(label("没有可比的目标值", "No comparable target level", lang), loc="left")
            continue
        names = [mpl_text(f"{j} ({y})") for j, y in zip(part["jurisdiction"], part["target_year"])]
        ax.barh(names, part["value_std"], color="#1f4e79")
        ax.invert_yaxis()
        for i, (v, c) in enumerate(zip(part["value_std"], part["comparator"])):
            ax.annotate(mpl_text(f" {c} {v:,.6g}"), (v, i), va="center", fontsize=8)
        lower = (part["direction"] == "lower_is_better").any()
        title = part["indicator"].iloc[0]
        if lower:
            title += label(" (上限, 越低越好 ←)", " (ceiling, lower is better ←)", lang)
        ax.set_title(mpl_text(title), loc="left")
        ax.set_xlabel(mpl_text(part["unit_std"].iloc[0]))
        ax.set_xlim(0, part["value_std"].max() * 1.35 or 1)
    cites = "; ".join(dict.fromkeys(f"{d} {c}" for d, c in zip(table["doc_id"], table["clause"])))
    fig.supxlabel(mpl_text(label("来源 Sources: ", "Sources: ", lang) + cites), fontsize=7, color="#555555",
                  ha="left", x=0.01, wrap=True)
    return fig


def timeline_chart(tl: pd.DataFrame, milestones: pd.DataFrame, lang: str = "en"):
    """Issue date (dot) -> effective period (bar) -> target years (diamonds) per document;
    milestones as crosses; an undated document's window hatched."""

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
    names = [mpl_text(label(a, b, lang))
             for a, b in zip(tl["jurisdiction_name_zh"], tl["jurisdiction_name_en"])]
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
    fig.supxlabel(mpl_text("Sources: data/raw/documents.csv (dates, date_note); data/raw/targets/ "
                           "(target years: " + ", ".join(tl["doc_id"]) + ")"), fontsize=7,
                  color="#555555", ha="left", x=0.01, wrap=True)
    return fig


def coverage_chart(targets: pd.DataFrame, jurisdictions: pd.DataFrame, families: pd.DataFrame,
                  lang: str = "en"):
    """A heat map of numeric-target counts, jurisdiction x family (milestone-only families
    and documents with no numeric target show as empty rows/columns)."""

    fam_ids = list(families["family"])
    jur_ids = list(jurisdictions["jurisdiction_id"])
    counts = coverage_counts(targets, jur_ids, fam_ids)
    fig, ax = plt.subplots(figsize=(10, 1.5 + 0.45 * len(jur_ids)))
    ax.imshow(counts.values, cmap="Blues", aspect="auto", vmin=0)
    ax.grid(False)
    ax.set_yticks(range(len(jur_ids)), [mpl_text(label(a, b, lang)) for a, b in
                                        zip(jurisdictions["name_zh"], jurisdictions["name_en"])])
    ax.set_xticks(range(len(fam_ids)), [mpl_text(label(a, b, lang)) for a, b in
                                        zip(families["name_zh"], families["name_en"])],
                  rotation=60, ha="right", fontsize=8)
    for (i, j), v in pd.DataFrame(counts.values).stack().items():
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8)
    ax.set_title(label("数值目标数量(辖区 × 指标类别)", "Numeric targets (jurisdiction × family)",
                       lang), loc="left")
    fig.supxlabel("Sources: data/raw/targets/<doc_id>.csv, one row per target with its clause "
                  "and quote", fontsize=7, color="#555555", ha="left", x=0.01)
    return fig


def theme_mix_chart(mix: pd.DataFrame, themes: pd.DataFrame, labels: dict[str, str], lang: str):
    """Horizontal stacked bars: share of each document's measures per theme, n in the label."""

    share = mix.div(mix.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    names = {t.theme: mpl_text(label(t.name_zh, t.name_en, lang)) for t in themes.itertuples()}
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(share) + 1.5))
    left = pd.Series(0.0, index=share.index)
    for th in share.columns:
        ax.barh([mpl_text(f"{labels.get(d, d)} (n={int(mix.loc[d].sum())})") for d in share.index],
                share[th], left=left, label=names.get(th, mpl_text(th)))
        left += share[th]
    ax.set_xlim(0, 1)
    ax.set_xlabel(label("措施占比", "Share of measures", lang))
    ax.invert_yaxis()
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(share) > 2 else -0.4))
    return fig


def diffusion_chart(matrix: pd.DataFrame, campaigns: pd.DataFrame, labels: dict[str, str], lang: str):
    """Heat map of the diffusion matrix: number of clauses naming each campaign per document."""

    counts = matrix.map(lambda s: len(s.split(", ")) if s else 0)
    names = campaigns.set_index("campaign_id")
    fig, ax = plt.subplots(figsize=(1.3 * len(counts.columns) + 4, 0.32 * len(counts) + 1.5))
    ax.imshow(counts.values, cmap="Blues", aspect="auto", vmin=0, vmax=max(2, counts.values.max()))
    ax.set_xticks(range(len(counts.columns)), [mpl_text(labels.get(d, d)) for d in counts.columns],
                  rotation=30, ha="right")
    ax.set_yticks(range(len(counts)), [mpl_text(label(names.loc[c, "name_zh"], names.loc[c, "name_en"], lang))
                                       for c in counts.index])
    for i in range(len(counts)):
        for j in range(len(counts.columns)):
            if matrix.iat[i, j]:
                ax.text(j, i, mpl_text(matrix.iat[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if counts.iat[i, j] >= 2 else "black")
    ax.grid(False)
    return fig

"""Charts for the reports, one function per chart, each taking the table its analysis
function returns and the label language. Every label comes from the message catalogue and
every data string passes :func:`~ipstats.reports.plot.mpl_text` (a ``$`` stays a ``$``);
every number from :mod:`.format`; sources are cited under each chart in HTML
(:func:`ipstats.reports.page.figure`), not in pixels.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ipstats.analysis.overview import coverage_counts
from ipstats.reports.format import axis_formatter, measure_word, quantity
from ipstats.reports.i18n import name, t, word
from ipstats.reports.plot import PALETTE, mpl_text


def compare_chart(table: pd.DataFrame, lang: str = "en"):
    """One panel per indicator (variants never share a panel); panels whose values share a
    unit share one scale, so a lone bar is never stretched to fill its panel. Indicators whose
    unit no other target shares are left to the table. Each bar states its comparator, value
    and target year. Returns None when no two targets share a unit."""
    table = table[table["value_std"].notna()]  # a relative target with no baseline has no level
    groups = [part for _, part in table.groupby("unit_std", sort=False) if len(part) >= 2]
    if not groups:
        return None
    inds = [i for g in groups for i in dict.fromkeys(g["indicator_id"])]
    rows = [len(table[table["indicator_id"] == i]) for i in inds]
    fig, axes = plt.subplots(len(inds), 1, squeeze=False,
                             figsize=(8, 0.6 + sum(0.75 + 0.42 * n for n in rows)),
                             gridspec_kw={"height_ratios": [0.6 + n for n in rows]})
    k = 0
    for g in groups:
        top = g["value_std"].max() * 1.45 or 1
        for ind in dict.fromkeys(g["indicator_id"]):
            ax = axes[k, 0]
            part = g[g["indicator_id"] == ind]
            names = [name(r, "jurisdiction_name", lang) if "jurisdiction_name_zh" in r
                     else r["jurisdiction"] for _, r in part.iterrows()]
            ax.barh(range(len(part)), part["value_std"], height=0.55, color=PALETTE[k % 8])
            ax.set_yticks(range(len(part)), [mpl_text(n) for n in names])
            ax.invert_yaxis()
            ax.set_axisbelow(True)
            ax.grid(axis="y", visible=False)
            for i, r in enumerate(part.itertuples()):
                text = (f" {word('comparator', r.comparator_code, lang)} "
                        f"{quantity(r.value_std, r.unit_std, lang, measure_word=measure_word(r.unit))}"
                        f" ({t('chart.by_year', lang, year=int(r.target_year))})")
                ax.annotate(mpl_text(text), (r.value_std, i), va="center", fontsize=9)
            title = part["indicator"].iloc[0]
            if (part["direction"] == "lower_is_better").any():
                title += t("chart.lower_better", lang)
            ax.set_title(mpl_text(title), loc="left", fontsize=11)
            ax.set_xlim(0, top)
            ax.xaxis.set_major_formatter(axis_formatter(lang, part["unit_std"].iloc[0]))
            k += 1
    return fig


def _year_mid(year: int) -> pd.Timestamp:
    return pd.Timestamp(int(year), 7, 1)


def timeline_chart(tl: pd.DataFrame, milestones: pd.DataFrame, lang: str = "en"):
    """Issue date (dot) -> effective period (bar) -> target years (diamonds, inside their
    year) per document; milestones as crosses; an undated document's inferred window hatched
    and never cut. Year labels sit in the middle of their year, so a 2020 target is on 2020."""
    import matplotlib.dates as mdates  # lazy: matplotlib only when charting

    fig, ax = plt.subplots(figsize=(10, 1.4 + 0.55 * max(len(tl), 1)))
    dates = []
    for i, r in tl.reset_index(drop=True).iterrows():
        if pd.notna(r["effective_from"]) and pd.notna(r["effective_to"]):
            ax.barh(i, r["effective_to"] - r["effective_from"], left=r["effective_from"],
                    height=0.35, color="#9dc3e6")
            dates += [r["effective_from"], r["effective_to"]]
        if pd.notna(r["reference_date"]):
            ax.plot(r["reference_date"], i, "o", color="#1f4e79", zorder=3)
            dates.append(r["reference_date"])
        elif pd.notna(r["window_from"]):
            ax.barh(i, r["window_to"] - r["window_from"], left=r["window_from"], height=0.35,
                    fill=False, hatch="//", edgecolor="#c55a11")
            dates += [r["window_from"], r["window_to"]]
        for y in [int(x) for x in str(r["target_years"]).split(", ") if x]:
            ax.plot(_year_mid(y), i, "D", color="#c55a11", markersize=6, zorder=3)
            dates.append(_year_mid(y))
        ms = milestones[milestones["doc_id"] == r["doc_id"]]
        for y in sorted({int(y) for y in ms["target_year"].dropna()}):
            ax.plot(_year_mid(y), i + 0.28, "x", color="#548235", zorder=3)
    if dates:
        lo, hi = min(dates), max(dates)
        ax.set_xlim(pd.Timestamp(lo.year, 1, 1), pd.Timestamp(hi.year + 1, 1, 1))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(plt.NullFormatter())
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=7, bymonthday=1))
    ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    names = [name(r, "jurisdiction_name", lang) for _, r in tl.iterrows()]
    ax.set_yticks(range(len(tl)), [mpl_text(n) for n in names])
    ax.invert_yaxis()
    ax.legend(handles=[
        plt.Line2D([], [], marker="o", ls="", color="#1f4e79", label=t("chart.issued", lang)),
        plt.Rectangle((0, 0), 1, 1, color="#9dc3e6", label=t("chart.effective", lang)),
        plt.Rectangle((0, 0), 1, 1, fill=False, hatch="//", edgecolor="#c55a11",
                      label=t("chart.inferred", lang)),
        plt.Line2D([], [], marker="D", ls="", color="#c55a11", label=t("chart.target_year", lang)),
        plt.Line2D([], [], marker="x", ls="", color="#548235", label=t("chart.milestone", lang)),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=9)
    return fig


def coverage_chart(targets: pd.DataFrame, jurisdictions: pd.DataFrame, families: pd.DataFrame,
                   lang: str = "en"):
    """A heat map of numeric-target counts, jurisdiction x family (families with a numeric
    target only); the count's colour contrasts with its cell."""
    num_fams = set(targets.loc[targets["kind"] == "numeric", "family"])
    fams = families[families["family"].isin(num_fams)]
    fam_ids, jur_ids = list(fams["family"]), list(jurisdictions["jurisdiction_id"])
    counts = coverage_counts(targets, jur_ids, fam_ids)
    fig, ax = plt.subplots(figsize=(10, 2.6 + 0.42 * len(jur_ids)))
    vmax = max(int(counts.values.max()), 1)
    ax.imshow(counts.values, cmap="Blues", aspect="auto", vmin=0, vmax=vmax * 1.25)
    ax.grid(False)
    ax.set_yticks(range(len(jur_ids)), [mpl_text(name(r, "name", lang))
                                        for _, r in jurisdictions.iterrows()])
    ax.set_xticks(range(len(fam_ids)), [mpl_text(name(r, "name", lang)) for _, r in fams.iterrows()],
                  rotation=55, ha="right", fontsize=8.5)
    for (i, j), v in pd.DataFrame(counts.values).stack().items():
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=9,
                    color="white" if v / (vmax * 1.25) > 0.5 else "#1b1b1b")
    return fig


def theme_mix_chart(mix: pd.DataFrame, themes: pd.DataFrame, labels: dict[str, str], lang: str):
    """Horizontal stacked bars: share of each document's measures per theme, n in the label."""
    from matplotlib.ticker import (
        PercentFormatter,  # lazy: matplotlib only when charting
    )

    share = mix.div(mix.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    names = {r["theme"]: name(r, "name", lang) for _, r in themes.iterrows()}
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(share) + 1.8))
    left = pd.Series(0.0, index=share.index)
    for k, th in enumerate(share.columns):
        ax.barh([f"{labels.get(d, d)} (n={int(mix.loc[d].sum())})" for d in share.index],
                share[th], left=left, label=mpl_text(names.get(th, th)), color=PALETTE[k % 8])
        left += share[th]
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(t("chart.theme_share", lang))
    ax.set_axisbelow(True)
    ax.grid(axis="y", visible=False)
    ax.invert_yaxis()
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=9)
    return fig

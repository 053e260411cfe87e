"""Progress against targets in the reports: the tables and the chart of
``notebooks/60-progress.ipynb`` and the progress section of the jurisdiction profile, one
function per table or chart, each taking what :mod:`ipstats.analysis.progress` returns.

Every observed point cites its source: points carry a number [n] and the sources table lists
publisher, title, date and kind of source under the same number (press reports flagged).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ipstats.analysis import progress
from ipstats.analysis.compare import comparator_words
from ipstats.reports.format import quantity
from ipstats.reports.i18n import unit_names
from ipstats.reports.page import Html, note, show_table
from ipstats.reports.plot import label

HEADERS: dict[str, tuple[str, str]] = {
    "jurisdiction": ("辖区", "Jurisdiction"), "indicator": ("指标", "Indicator"),
    "target": ("目标", "Target"), "target_year": ("目标年份", "Target year"),
    "verdict": ("结论", "Verdict"), "reason": ("原因", "Reason"),
    "observed": ("实际值", "Observed"), "observed_year": ("实际值年份", "Observed year"),
    "source": ("来源", "Source"), "ref": ("编号", "Ref."), "publisher": ("发布者", "Publisher"),
    "title": ("标题", "Title"), "date_published": ("发布日期", "Published"),
    "source_kind": ("来源类型", "Kind of source"), "url": ("网址", "URL"),
    "detail": ("说明", "Detail"), "year": ("年份", "Year"), "value_std": ("标准值", "Value"),
    "unit_std": ("标准单位", "Unit"), "note": ("备注", "Note"),
    "required_per_year": ("所需年均变化", "Required change per year"),
    "achieved_per_year": ("已实现年均变化", "Achieved change per year"),
    "projected_std": ("外推至目标年", "Extrapolated to target year"),
    "baseline": ("基期值", "Baseline"), "family": ("指标类别", "Family"),
}


def _headers(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(columns={k: label(*v, "both") for k, v in HEADERS.items()})


def _names(targets: pd.DataFrame, lang: str) -> tuple[dict, dict, dict]:
    jur = {r.jurisdiction_id: label(r.jurisdiction_name_zh, r.jurisdiction_name_en, lang)
           for r in targets.itertuples()}
    ind = {r.indicator_id: label(r.indicator_name_zh, r.indicator_name_en, lang)
           for r in targets.itertuples()}
    fam = {r.family: label(r.family_name_zh, r.family_name_en, lang) for r in targets.itertuples()}
    return jur, ind, fam


def _source(row: pd.Series | dict, lang: str) -> str:
    if pd.isna(row.get("publisher")):
        return ""
    kind = progress.words(str(row.get("source_kind") or ""), lang)
    date = row.get("date_published") if isinstance(row.get("date_published"), str) else "n.d."
    return f"{row['publisher']}, {row['title']}, {date} ({kind})"



def detail(row: dict, names: tuple[dict, dict, dict], lang: str) -> str:
    """Why a verdict reads as it does, in the report's language."""
    jur, ind, _ = names
    status, reason = row["status"], row.get("reason")
    zh = lang == "zh"
    if status in ("met", "not_met"):
        u = row.get("unit_std") or ""
        obs, comp = quantity(row["observed_std"], u, lang), comparator_words(row["comparator"], lang)
        goal = quantity(row["target_std"], u, lang)
        return f"实际 {obs};目标 {comp} {goal}" if zh else f"actual {obs}; target {comp} {goal}"
    if reason == "different_variant":
        other = ind.get(row["observed_indicator_id"], row["observed_indicator_id"])
        return f"仅有“{other}”的数据" if zh else f"only '{other}' was observed"
    if reason == "different_scope":
        other = jur.get(row["observed_jurisdiction_id"], row["observed_jurisdiction_id"])
        return f"仅有{other}的数据" if zh else f"only {other}'s figure was observed"
    if reason in ("flow_vs_stock", "cumulative_vs_annual"):
        return (f"目标口径 {row['target_basis']},实际值口径 "
                f"{row['observed_basis']}" if zh else
                f"target basis {row['target_basis']}, observation {row['observed_basis']}")
    if status == "no_observation":
        year, other = int(row["target_year"]), row.get("other_years")
        if zh:
            return f"{year}年无数据" + (f";仅有 {other} 年的数据" if other else "")
        return f"no figure for {year}" + (f"; observed only in {other}" if other else "")
    return progress.words(status, lang) if status else ""


def summary_table(verdicts: pd.DataFrame, targets: pd.DataFrame, lang: str) -> Html:
    """Counts of verdicts per jurisdiction (every status a column)."""
    jur, _, _ = _names(targets, lang)
    s = progress.summary(verdicts)
    s.insert(0, "jurisdiction", s.pop("jurisdiction_id").map(jur))
    s = s.rename(columns={k: label(*progress.LABELS[k], "both") for k in progress.STATUSES})
    return show_table(_headers(s), caption=label("各辖区目标完成情况", "Verdicts per jurisdiction",
                                                 "both"))


def verdict_table(verdicts: pd.DataFrame, targets: pd.DataFrame, lang: str,
                  jurisdiction: str | None = None) -> Html:
    """Targets vs actuals, per jurisdiction and family: the verdict, the reason when not
    comparable, the observed value and its source."""
    v = verdicts if jurisdiction is None else verdicts[verdicts["jurisdiction_id"] == jurisdiction]
    if v.empty:
        return note(label("没有数值目标。", "No numeric target.", lang), "warning")
    names = _names(targets, lang)
    jur, ind, fam = names
    unit = dict(zip(targets["target_id"], targets["unit_std"]))
    basis = dict(zip(targets["target_id"], targets["basis"]))
    t = pd.DataFrame({
        "jurisdiction": v["jurisdiction_id"].map(jur), "family": v["family"].map(fam),
        "indicator": v["indicator_id"].map(ind),
        "target": [f"{comparator_words(c, lang)} {quantity(x, unit.get(i) or '', lang)}".strip()
                   if pd.notna(x) else "" for c, x, i in
                   zip(v["comparator"], v["target_std"], v["target_id"])],
        "target_year": v["target_year"],
        "verdict": [progress.words(s, lang) for s in v["status"]],
        "reason": [progress.words(r, lang) if isinstance(r, str) else "" for r in v["reason"]],
        "observed": v["observed_std"], "observed_year": v["observed_year"].astype("Int64"),
        "source": [_source(r, lang) for r in v.to_dict("records")],
        "detail": [detail({**r, "target_basis": basis.get(r["target_id"])}, names, lang)
                   for r in v.to_dict("records")],
    })
    t = t.sort_values(["jurisdiction", "family", "target_year"], kind="stable")
    return show_table(_headers(t), caption=label("目标与实际值", "Targets vs actuals", "both"),
                      sources=label("实际值来源见各行;结论由数据计算,非人工判断。",
                                    "Each observed value cites its source in its row; verdicts "
                                    "are computed from the data, never curated.", lang))


def projection_table(projections: pd.DataFrame, targets: pd.DataFrame, lang: str) -> Html:
    """Future targets with a baseline: required vs achieved annual change (an extrapolation)."""
    if projections.empty:
        return note(label("尚无带基期值且有后续实际值的未到期目标,无法外推。",
                          "No future target has both a baseline and a later observation: "
                          "nothing to extrapolate.", lang))
    jur, ind, _ = _names(targets, lang)
    p = projections
    t = pd.DataFrame({
        "jurisdiction": p["jurisdiction_id"].map(jur), "indicator": p["indicator_id"].map(ind),
        "target": p["target_std"], "target_year": p["target_year"],
        "baseline": [f"{b:,.6g} ({y})" for b, y in zip(p["baseline_std"], p["baseline_year"])],
        "observed": p["observed_std"], "observed_year": p["observed_year"],
        "required_per_year": p["required_per_year"], "achieved_per_year": p["achieved_per_year"],
        "projected_std": p["projected_std"],
        "verdict": [progress.words(s, lang) for s in p["status"]],
        "source": [_source(r, lang) for r in p.to_dict("records")],
    })
    return show_table(_headers(t), caption=label("按简单线性外推的进度", "Pace, by simple linear "
                                                 "extrapolation", "both"),
                      sources=progress.METHOD)


def chart_rows(verdicts: pd.DataFrame, targets: pd.DataFrame,
               observations: pd.DataFrame) -> list[tuple[pd.Series, pd.DataFrame]]:
    """The targets worth a chart: each with its own jurisdiction's observed path of the same
    indicator (or a baseline), paired with that path."""
    out = []
    for _, t in targets[targets["target_id"].isin(verdicts["target_id"])].iterrows():
        path = progress.actual_path(observations, t["jurisdiction_id"], t["indicator_id"])
        has_base = "baseline_value" in t and pd.notna(t.get("baseline_value"))
        if not path.empty or has_base:
            out.append((t, path))
    return out


def progress_chart(verdicts: pd.DataFrame, targets: pd.DataFrame, observations: pd.DataFrame,
                   lang: str):
    """One panel per target with observations: target (diamond at its year, a band for a
    range), baseline (square) and the actual path (line), each observed point numbered [n]
    as in :func:`sources_table`. ``None`` when no target has any observation."""
    rows = chart_rows(verdicts, targets, observations)
    if not rows:
        return None
    fig, axes = plt.subplots(len(rows), 1, figsize=(8, 2.6 * len(rows)), squeeze=False)
    refs = _refs(rows)
    jur, ind, _ = _names(targets, lang)
    for ax, (t, path) in zip(axes[:, 0], rows):
        years = list(path["year"]) + [t["target_year"]]
        span = list(range(int(min(years)), int(max(years)) + 1))
        line = path.set_index("year")["value_std"].reindex(span)  # a gap year breaks the line
        ax.plot(span, line.values, "-o", color="#1f4e79", label=label("实际值", "actual", lang))
        for y, v, key in zip(path["year"], path["value_std"], _keys(path)):
            ax.annotate(f"[{refs[key]}]", (y, v), textcoords="offset points", xytext=(4, 4),
                        fontsize=8)
        ax.plot([t["target_year"]], [t["value_std"]], "D", color="#c55a11", markersize=8,
                label=label("目标", "target", lang) + f" ({t['comparator']} {t['value_std']:,.6g})")
        if "baseline_value" in t and pd.notna(t.get("baseline_value")) and t["value"]:
            base = float(t["baseline_value"]) * float(t["value_std"]) / float(t["value"])
            ax.plot([t["baseline_year"]], [base], "s", color="#548235",
                    label=label("基期", "baseline", lang))
        lower = t["direction"] == "lower_is_better"
        title = f"{jur[t['jurisdiction_id']]} · {ind[t['indicator_id']]} ({t['target_id']})"
        if lower:
            title += label(" · 上限, 越低越好", " · ceiling, lower is better", lang)
        ax.set_title(title, loc="left", fontsize=10)
        ax.set_ylabel(t["unit_std"])
        ax.set_xticks(span, [str(y) for y in span])
        ax.legend(fontsize=8, loc="best")
    fig.supxlabel(label("[n]: 来源见下表", "[n]: source in the table below", lang)
                  + "; " + label("目标见: ", "targets: ", lang)
                  + ", ".join(f"{t['doc_id']} {t['clause']}" for t, _ in rows),
                  fontsize=7, color="#555555", ha="left", x=0.01, wrap=True)
    return fig


def _keys(path: pd.DataFrame) -> list[tuple]:
    return [(j, i, int(y), p) for j, i, y, p in zip(path["jurisdiction_id"], path["indicator_id"],
                                                     path["year"], path["publisher"])]


def _refs(rows) -> dict[tuple, int]:
    refs: dict[tuple, int] = {}
    for _, path in rows:
        for key in _keys(path):
            refs.setdefault(key, len(refs) + 1)
    return refs


def sources_table(verdicts: pd.DataFrame, targets: pd.DataFrame, observations: pd.DataFrame,
                  lang: str) -> Html:
    """The sources of the chart's points, numbered as on the chart."""
    rows = chart_rows(verdicts, targets, observations)
    refs = _refs(rows)
    if not refs:
        return note(label("没有可绘制的实际值。", "No observation to chart.", lang))
    paths = pd.concat([p for _, p in rows]).drop_duplicates(
        ["jurisdiction_id", "indicator_id", "year", "publisher"])
    paths["ref"] = [refs[k] for k in _keys(paths)]
    t = paths.sort_values("ref")
    t = pd.DataFrame({"ref": t["ref"], "year": t["year"], "value_std": t["value_std"],
                      "unit_std": [unit_names(u)[lang] if isinstance(u, str) else ""
                                   for u in t["unit_std"]],
                      "publisher": t["publisher"], "title": t["title"],
                      "date_published": t["date_published"],
                      "source_kind": [progress.words(k, lang) for k in t["source_kind"]],
                      "url": t["url"], "note": t["note"]})
    return show_table(_headers(t), caption=label("图中各点的来源", "Sources of the charted points",
                                                 "both"))


def profile_progress(targets: pd.DataFrame, observations: pd.DataFrame,
                     jurisdictions: pd.DataFrame, jurisdiction: str, lang: str,
                     as_of_year: int | None = None) -> Html:
    """The jurisdiction profile's progress section: its own targets vs actuals (one call)."""
    v = progress.verdicts(targets[targets["jurisdiction_id"] == jurisdiction], observations,
                          as_of_year, jurisdictions)
    return verdict_table(v, targets, lang, jurisdiction)

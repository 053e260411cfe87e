"""Progress against targets in the reports: the findings, tables and chart of
``notebooks/60-progress.ipynb`` and the progress section of the jurisdiction profile, one
function per table or chart, each taking what :mod:`ipstats.analysis.progress` returns.

Every word comes from the message catalogue and every number from :mod:`.format`. Every
observed point cites its source: points carry a number [n] and the sources table lists
publisher, title, date and kind of source under the same number (press reports flagged); the
targets cite their documents, clauses and source lines under the chart and the table.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ipstats.analysis import progress
from ipstats.reports.cite import name_targets, sources_line
from ipstats.reports.format import axis_formatter, measure_word, quantity
from ipstats.reports.i18n import has, name, t, unit_names, word
from ipstats.reports.page import Html, figure, note, show_table
from ipstats.reports.plot import mpl_text
from ipstats.reports.views import target_text


def _na(x: object) -> bool:
    return x is None or (not isinstance(x, (list, tuple, dict)) and bool(pd.isna(x)))


def _names(targets: pd.DataFrame, lang: str) -> tuple[dict, dict, dict]:
    """Display names of the jurisdictions, indicators and families the targets mention."""
    jur = {r["jurisdiction_id"]: name(r, "jurisdiction_name", lang)
           for r in targets.to_dict("records")}
    ind = {r["indicator_id"]: name(r, "indicator_name", lang) for r in targets.to_dict("records")}
    fam = {r["family"]: name(r, "family_name", lang) for r in targets.to_dict("records")}
    return jur, ind, fam


def verdict_words(code: object, lang: str) -> str:
    """A verdict, a reason or a kind of source as words ('' for none).

    >>> verdict_words("not_met", "zh"), verdict_words("press_report", "en"), verdict_words(None, "en")
    ('未达成', 'press report', '')
    """
    if _na(code) or code == "":
        return ""
    for kind in ("verdict", "reason", "obs_kind"):
        if has(f"{kind}.{code}"):
            return t(f"{kind}.{code}", lang)
    return str(code)


def source_text(row: dict, lang: str) -> str:
    """"Publisher, title, date (kind of source)" of an observation ('' without one).

    >>> source_text({"publisher": "P", "title": "T", "date_published": None,
    ...              "source_kind": "press_report"}, "en")
    'P, T, undated (press report)'
    """
    if _na(row.get("publisher")):
        return ""
    date = row.get("date_published")
    date = date if isinstance(date, str) and date else t("progress.no_date", lang)
    kind = verdict_words(row.get("source_kind"), lang)
    if lang == "zh":
        return f"{row['publisher']}，{row['title']}，{date}（{kind}）"
    return f"{row['publisher']}, {row['title']}, {date} ({kind})"


def target_words(comparator: object, value_std: object, unit_std: object, lang: str,
                 unit: str = "") -> str:
    """A target level as a reader says it ('' when there is none): :func:`.views.target_text`,
    Chinese counts taking the measure word of the unit as written (``unit``).

    >>> target_words(">=", 3e10, "yuan", "en"), target_words("<=", 3, "months", "zh")
    ('at least 30 billion yuan', '不超过 3个月')
    >>> target_words("=", 30, "count", "zh", "家")
    '目标值 30家'
    """
    if _na(value_std):
        return ""
    return target_text(str(comparator), float(value_std),  # type: ignore[arg-type]
                       str(unit_std or ""), unit, lang)


def goal_words(comparator: object, value_std: object, unit_std: object, lang: str,
               unit: str = "") -> str:
    """A target as a chart legend says it: the level alone for a plain target value, with the
    comparator words otherwise.

    >>> goal_words("=", 100, "count", "en"), goal_words("<=", 16, "months", "en")
    ('100 items', 'at most 16 months')
    """
    if comparator == "=":
        return quantity(value_std, str(unit_std or ""), lang, measure_word=measure_word(unit))
    return target_words(comparator, value_std, unit_std, lang, unit)


def detail(row: dict, names: tuple[dict, dict, dict], lang: str) -> str:
    """Why a verdict reads as it does, in the report's language."""
    jur, ind, _ = names
    status, reason = row["status"], row.get("reason")
    unit = str(row.get("unit_std") or "")
    if status in ("met", "not_met"):
        return t("progress.detail_met", lang, observed=quantity(row["observed_std"], unit, lang),
                 target=target_words(row["comparator"], row["target_std"], unit, lang))
    if reason == "different_variant":
        other = row["observed_indicator_id"]
        return t("progress.detail_variant", lang, other=ind.get(other, other))
    if reason == "different_scope":
        other = row["observed_jurisdiction_id"]
        return t("progress.detail_scope", lang, other=jur.get(other, other))
    if reason in ("flow_vs_stock", "cumulative_vs_annual"):
        return t("progress.detail_basis", lang, target=word("basis", row.get("target_basis"), lang),
                 observed=word("basis", row.get("observed_basis"), lang))
    if reason == "relative_target":
        return t("progress.detail_relative", lang)
    if status == "no_observation":
        text = t("progress.no_figure", lang, year=int(row["target_year"]))
        other = row.get("other_years")
        return text + (t("progress.only_in", lang, years=other) if other else "")
    return verdict_words(status, lang)


def verdict_cell(row: dict, names: tuple[dict, dict, dict], lang: str) -> str:
    """The verdict as the table shows it: the verdict, then its reason and what was observed
    instead when it is not comparable, or the years observed when the target's year was not.

    >>> names = ({"cn": "China"}, {}, {})
    >>> verdict_cell({"status": "met"}, names, "en")
    'met'
    >>> verdict_cell({"status": "not_comparable", "reason": "different_scope",
    ...               "observed_jurisdiction_id": "cn"}, names, "en")
    "not comparable (different scope): only China's figure was observed"
    >>> verdict_cell({"status": "no_observation", "target_year": 2021, "other_years": "2018"},
    ...              names, "zh")
    '无实际值；仅有2018年的数据'
    """
    status, reason = row["status"], row.get("reason")
    text = verdict_words(status, lang)
    if status == "not_comparable" and isinstance(reason, str) and reason:
        text += t("progress.because", lang, reason=verdict_words(reason, lang))
        return text + ("：" if lang == "zh" else ": ") + detail(row, names, lang)
    if status == "no_observation" and row.get("other_years"):
        return text + t("progress.only_in", lang, years=row["other_years"])
    return text


def findings(verdicts: pd.DataFrame, projections: pd.DataFrame, observations_shown: pd.DataFrame,
             lang: str) -> list[str]:
    """The key findings that open the progress report, computed from the verdicts."""
    due = verdicts[verdicts["status"] != "not_due"]
    counts = due["status"].value_counts()
    out = [t("progress.finding_due", lang, n=len(due), **{
        s: int(counts.get(s, 0)) for s in ("met", "not_met", "not_comparable", "no_observation")})
        if len(due) else t("progress.finding_none_due", lang)]
    if len(projections):
        on = int((projections["status"] == "on_track").sum())
        out.append(t("progress.finding_pace", lang, n=len(projections), on=on,
                     off=len(projections) - on))
    if len(observations_shown):
        src = observations_shown.drop_duplicates(["publisher", "title"])
        out.append(t("progress.finding_sources", lang, n=len(src),
                     press=int((src["source_kind"] == "press_report").sum())))
    return out


def summary_table(verdicts: pd.DataFrame, targets: pd.DataFrame, lang: str) -> Html:
    """Counts of verdicts per jurisdiction (every status a column)."""
    jur, _, _ = _names(targets, lang)
    s = progress.summary(verdicts)
    s.insert(0, "jurisdiction", s.pop("jurisdiction_id").map(jur))
    return show_table(s, lang, download=s, filename="progress-summary.csv")


def verdict_table(verdicts: pd.DataFrame, targets: pd.DataFrame, lang: str,
                  jurisdiction: str | None = None,
                  documents: pd.DataFrame | None = None) -> Html:
    """Targets vs actuals, per jurisdiction and family: the verdict (with the reason when not
    comparable), the actual value and its source; the targets' documents cited under it."""
    v = verdicts if jurisdiction is None else verdicts[verdicts["jurisdiction_id"] == jurisdiction]
    if v.empty:
        return note(t("progress.no_target", lang), "warning")
    names = _names(targets, lang)
    jur, ind, fam = names
    basis = dict(zip(targets["target_id"], targets["basis"]))
    rows = v.to_dict("records")
    units = targets["unit"] if "unit" in targets else pd.Series("", index=targets.index)
    written = dict(zip(targets["target_id"], [str(u or "") for u in units]))
    table = pd.DataFrame({
        "jurisdiction": v["jurisdiction_id"].map(jur), "indicator": v["indicator_id"].map(ind),
        "target": [target_words(r["comparator"], r["target_std"], r.get("unit_std"), lang,
                                written.get(r["target_id"], "")) for r in rows],
        "target_year": v["target_year"],
        "verdict": [verdict_cell({**r, "target_basis": basis.get(r["target_id"])}, names, lang)
                    for r in rows],
        "observed": [t("page.at_year", lang,
                       value=quantity(r["observed_std"], str(r.get("unit_std") or ""), lang,
                                      measure_word=measure_word(written.get(r["target_id"], ""))),
                       year=int(r["observed_year"])) if not _na(r["observed_std"]) else ""
                     for r in rows],
        "source": [source_text(r, lang) for r in rows],
    })
    order = table.assign(family=v["family"].map(fam)).sort_values(
        ["jurisdiction", "family", "target_year"], kind="stable").index
    cited = targets[targets["target_id"].isin(v["target_id"])]
    targets_line = sources_line(cited, documents, lang) if documents is not None else ""
    shown = table.loc[order] if jurisdiction is None else table.loc[order].drop(
        columns=["jurisdiction"])  # a profile shows one jurisdiction: said by its title
    return show_table(shown, lang,
                      sources=t("progress.table_sources", lang, targets=targets_line).strip(),
                      download=v.loc[order], filename="progress-verdicts.csv")


def projection_table(projections: pd.DataFrame, targets: pd.DataFrame, lang: str) -> Html:
    """Targets not yet due with a baseline: required vs achieved annual change (an
    extrapolation, labelled as one)."""
    if projections.empty:
        return note(t("progress.nothing_to_extrapolate", lang))
    jur, ind, _ = _names(targets, lang)
    unit = dict(zip(targets["target_id"], targets["unit_std"]))
    p = projections
    rows = p.to_dict("records")

    def q(x: object, r: dict) -> str:
        return quantity(x, str(unit.get(r["target_id"]) or ""), lang)

    table = pd.DataFrame({
        "jurisdiction": p["jurisdiction_id"].map(jur), "indicator": p["indicator_id"].map(ind),
        "target": [target_words(r["comparator"], r["target_std"], unit.get(r["target_id"]), lang)
                   for r in rows],
        "target_year": p["target_year"],
        "baseline": [t("page.at_year", lang, value=q(r["baseline_std"], r),
                       year=int(r["baseline_year"])) for r in rows],
        "observed": [t("page.at_year", lang, value=q(r["observed_std"], r),
                       year=int(r["observed_year"])) for r in rows],
        "required_per_year": [t("progress.per_year", lang, value=q(r["required_per_year"], r))
                              for r in rows],
        "achieved_per_year": [t("progress.per_year", lang, value=q(r["achieved_per_year"], r))
                              for r in rows],
        "projected": [q(r["projected_std"], r) for r in rows],
        "verdict": [verdict_words(s, lang) for s in p["status"]],
        "source": [source_text(r, lang) for r in rows],
    })
    return show_table(table, lang, sources=t("progress.pace_method", lang), download=p,
                      filename="progress-pace.csv")


def chart_rows(verdicts: pd.DataFrame, targets: pd.DataFrame,
               observations: pd.DataFrame) -> list[tuple[pd.Series, pd.DataFrame]]:
    """The targets worth a chart: each with its own jurisdiction's observed path of the same
    indicator (or a baseline), paired with that path."""
    out = []
    for _, row in targets[targets["target_id"].isin(verdicts["target_id"])].iterrows():
        path = progress.actual_path(observations, row["jurisdiction_id"], row["indicator_id"])
        has_base = "baseline_value" in row and not _na(row.get("baseline_value"))
        if not path.empty or has_base:
            out.append((row, path))
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
    for ax, (row, path) in zip(axes[:, 0], rows):
        unit = str(row["unit_std"] or "")
        years = list(path["year"]) + [row["target_year"]]
        if "baseline_year" in row and not _na(row.get("baseline_year")):
            years.append(row["baseline_year"])
        span = list(range(int(min(years)), int(max(years)) + 1))
        line = path.set_index("year")["value_std"].reindex(span)  # a gap year breaks the line
        ax.plot(span, line.values, "-o", color="#1f4e79", label=t("progress.actual", lang))
        for y, v, key in zip(path["year"], path["value_std"], _keys(path)):
            ax.annotate(f"[{refs[key]}]", (y, v), textcoords="offset points", xytext=(4, 4),
                        fontsize=8)
        goal = goal_words(row["comparator"], row["value_std"], unit, lang, str(row.get("unit") or ""))
        ax.plot([row["target_year"]], [row["value_std"]], "D", color="#c55a11", markersize=8,
                label=mpl_text(t("progress.target_marker", lang, target=goal)))
        if "baseline_value" in row and not _na(row.get("baseline_value")) and row["value"]:
            base = float(row["baseline_value"]) * float(row["value_std"]) / float(row["value"])
            ax.plot([row["baseline_year"]], [base], "s", color="#548235",
                    label=t("progress.baseline_marker", lang))
        title = f"{jur[row['jurisdiction_id']]} · {ind[row['indicator_id']]}"
        if row["direction"] == "lower_is_better":
            title += t("progress.ceiling", lang)
        ax.set_title(mpl_text(title), loc="left", fontsize=10)
        ax.set_ylabel(mpl_text(unit_names(unit)[lang]))
        ax.yaxis.set_major_formatter(axis_formatter(lang, unit))
        ax.set_xticks(span, [str(y) for y in span])
        ax.legend(fontsize=8, loc="best")
    fig.supxlabel(t("progress.chart_refs", lang), fontsize=8, color="#555555", ha="left",
                  x=0.01)
    return fig


def progress_figure(verdicts: pd.DataFrame, targets: pd.DataFrame, observations: pd.DataFrame,
                    documents: pd.DataFrame, lang: str, chart_lang: str | None = None) -> Html:
    """The progress chart as a page figure: alt text saying what it shows and the targets'
    documents, clauses and lines under it (one call in the notebook). ``chart_lang``: the
    chart's own labels (English where no CJK font is installed), default ``lang``."""
    fig = progress_chart(verdicts, targets, observations, chart_lang or lang)
    if fig is None:
        return note(t("progress.nothing_to_chart", lang))
    rows = chart_rows(verdicts, targets, observations)
    cited = pd.DataFrame([row for row, _ in rows])
    return figure(fig, t("progress.chart_alt", lang, n=len(rows)) + " "
                  + t("page.chart_alt_suffix", lang), lang, sources_line(cited, documents, lang))


def _keys(path: pd.DataFrame) -> list[tuple]:
    return [(j, i, int(y), p) for j, i, y, p in zip(path["jurisdiction_id"], path["indicator_id"],
                                                     path["year"], path["publisher"])]


def _refs(rows: list[tuple[pd.Series, pd.DataFrame]]) -> dict[tuple, int]:
    refs: dict[tuple, int] = {}
    for _, path in rows:
        for key in _keys(path):
            refs.setdefault(key, len(refs) + 1)
    return refs


def charted_observations(verdicts: pd.DataFrame, targets: pd.DataFrame,
                         observations: pd.DataFrame) -> pd.DataFrame:
    """The observations the chart plots, numbered ``ref`` as on the chart."""
    rows = chart_rows(verdicts, targets, observations)
    refs = _refs(rows)
    if not refs:
        return observations.iloc[0:0].assign(ref=pd.Series(dtype="int64"))
    paths = pd.concat([p for _, p in rows]).drop_duplicates(
        ["jurisdiction_id", "indicator_id", "year", "publisher"])
    paths["ref"] = [refs[k] for k in _keys(paths)]
    return paths.sort_values("ref")


def sources_table(verdicts: pd.DataFrame, targets: pd.DataFrame, observations: pd.DataFrame,
                  lang: str, documents: pd.DataFrame | None = None) -> Html:
    """The sources of the chart's points, numbered as on the chart; a curator's note that
    mentions a target names its document and clause (given ``documents``)."""
    shown = charted_observations(verdicts, targets, observations)
    if shown.empty:
        return note(t("progress.nothing_to_chart", lang))
    table = pd.DataFrame({
        "ref": shown["ref"], "year": shown["year"],
        "value": [quantity(v, str(u or ""), lang) for v, u in
                  zip(shown["value_std"], shown["unit_std"])],
        "source": [source_text(r, lang) for r in shown.to_dict("records")],
        "url": shown["url"],
        "note": shown["note"] if documents is None else
        [name_targets(n, targets, documents, lang) for n in shown["note"]]})
    return show_table(table, lang, caption=t("progress.sources", lang), download=shown,
                      filename="progress-sources.csv")


def profile_progress(targets: pd.DataFrame, observations: pd.DataFrame,
                     jurisdictions: pd.DataFrame, jurisdiction: str, lang: str,
                     as_of_year: int | None = None,
                     documents: pd.DataFrame | None = None) -> Html:
    """The jurisdiction profile's progress section: its own targets vs actuals (one call)."""
    v = progress.verdicts(targets[targets["jurisdiction_id"] == jurisdiction], observations,
                          as_of_year, jurisdictions)
    return verdict_table(v, targets, lang, jurisdiction, documents)

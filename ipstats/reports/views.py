"""Display tables: what a reader sees of each analysis table, in one language. Names instead
of ids, numbers through :mod:`.format`, words from the catalogue, a compact source per row.
The id-keyed analysis tables stay available as the CSV download beside each view.

>>> tb = pd.DataFrame({"jurisdiction": ["Zhejiang"], "level": ["provincial"],
...     "indicator": ["Pledge financing"], "comparator_code": [">="], "value_std": [3e10],
...     "unit_std": ["yuan"], "unit": ["亿元"], "value_as_written": ["300亿元"],
...     "target_year": [2021], "reading": [""], "doc_id": ["zj"], "clause": ["task 20"],
...     "source_line": [57], "quote": ["q"], "quote_en": ["e"]})
>>> targets_view(tb, pd.DataFrame(columns=["doc_id"]), "en").iloc[0]["target"]
'at least 30 billion yuan'
>>> targets_view(tb, pd.DataFrame(columns=["doc_id"]), "zh").iloc[0]["target"]
'不低于 300亿元'
"""
from __future__ import annotations

import pandas as pd

from ipstats.reports.cite import doc_short, where
from ipstats.reports.format import as_written, measure_word, number, quantity
from ipstats.reports.i18n import clause_label, name, t, word


def target_text(comparator: str, value_std: float, unit_std: str, unit: str, lang: str) -> str:
    """A target as a reader says it: comparator words, value and unit.

    >>> target_text("<=", 3, "months", "个月", "en"), target_text("=", 3.2e4, "count", "万件", "zh")
    ('at most 3 months', '目标值 3.2万件')
    """
    return f"{word('comparator', comparator, lang)} " \
           f"{quantity(value_std, unit_std, lang, measure_word=measure_word(unit))}"


def baseline_text(value: object, unit: str, year: object, lang: str) -> str:
    """A baseline as the document writes it, with its year ('' when there is none).

    >>> baseline_text(6.3, "件", 2020, "en"), baseline_text(6.3, "件", 2020, "zh")
    ('6.3件 (2020)', '6.3件（2020年）')
    >>> baseline_text(float("nan"), "件", 2020, "en"), baseline_text(12, "", None, "en")
    ('', '12')
    """
    text = as_written(value, unit)
    if not text or year is None or pd.isna(year):
        return text
    return t("page.at_year", lang, value=text, year=int(str(year)))


def reading_text(codes: object, lang: str) -> str:
    """The reading note of a target from its codes (:func:`ipstats.analysis.compare.reading_codes`).

    >>> reading_text("ceiling;annual", "en"), reading_text("cumulative", "zh"), reading_text("", "en")
    ('ceiling: lower is better; annual amount', '规划期累计', '')
    """
    if not isinstance(codes, str) or not codes:
        return ""
    sep = "；" if lang == "zh" else "; "
    return sep.join(t(f"reading.{c}", lang) for c in codes.split(";"))


def _source(r, documents: pd.DataFrame, lang: str) -> str:
    return doc_short(r["doc_id"], documents, lang) + ("，" if lang == "zh" else ", ") + \
        where(r.get("clause"), r.get("source_line"), lang)


def _year(y) -> str:
    return "" if y is None or pd.isna(y) else str(int(y))


def targets_view(table: pd.DataFrame, documents: pd.DataFrame, lang: str,
                 quotes: bool = True) -> pd.DataFrame:
    """Targets side by side (rows of :func:`ipstats.analysis.compare.compare_table`):
    jurisdiction, level, indicator, target, as written, year, reading, source, and the quote
    (with its translation in English pages). Baseline, upper value and attribute appear when
    the data carry them."""
    out = pd.DataFrame({
        "jurisdiction": table["jurisdiction"],
        "level": [word("level", v, lang) for v in table["level"]],
        "indicator": table["indicator"],
        "target": [target_text(c, v, u, w, lang) for c, v, u, w in
                   zip(table["comparator_code"], table["value_std"], table["unit_std"],
                       table["unit"])],
        "value_as_written": table["value_as_written"],
        "target_year": [_year(y) for y in table["target_year"]],
    })
    if "baseline_value" in table:  # as the document writes it: "6.3件 (2020)"
        relative = table["relative"] if "relative" in table else pd.Series("", index=table.index)
        years = table["baseline_year"] if "baseline_year" in table else [None] * len(table)
        out["baseline"] = [baseline_text(b, "" if isinstance(r, str) and r else u, y, lang)
                           for b, u, y, r in zip(table["baseline_value"], table["unit"], years,
                                                 relative)]
    if "implied_annual_growth_pct" in table:
        out["implied_growth"] = [
            "" if pd.isna(g) else t("page.growth_per_year", lang, rate=number(g, lang))
            for g in table["implied_annual_growth_pct"]]
    if "value_high" in table:
        out["value_high"] = [number(v, lang) for v in table["value_high"]]
    if "attribute" in table:
        out["attribute"] = [word("attribute", a, lang) if isinstance(a, str) and a != "not_stated"
                            else "" for a in table["attribute"]]
    out["reading"] = [reading_text(r, lang) for r in table["reading"]]
    out["source"] = [_source(r, documents, lang) for _, r in table.iterrows()]
    if quotes:
        out["quote"] = table["quote"]
        if lang == "en":
            out["quote_en"] = table["quote_en"]
    return out


def documents_view(documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every document: short title, jurisdiction, level, status, issue date and counts; a
    document with no numeric target says so in words rather than showing a bare 0."""
    return pd.DataFrame({
        "document": [doc_short(d, documents, lang) for d in documents["doc_id"]],
        "jurisdiction": [name(r, "jurisdiction_name", lang) for _, r in documents.iterrows()],
        "level": [word("level", v, lang) for v in documents["level"]],
        "title": documents["title_zh" if lang == "zh" else "title_en"],
        "status": [word("status", v, lang) for v in documents["status"]],
        "issued": documents["reference_date"].dt.strftime("%Y-%m-%d").fillna(
            t("date.undated", lang)),
        "numeric_targets": [str(int(n)) if has else t("none_numeric", lang) for n, has in
                            zip(documents["n_numeric_targets"], documents["has_numeric_targets"])],
        "milestones": documents["n_milestones"].astype(int),
    })


def lag_words(lo, hi, lang: str) -> str:
    """A lag after the national plan in words; honest when an undated window starts before it.

    >>> lag_words(124, 124, "en"), lag_words(-171, 166, "en"), lag_words(None, None, "zh")
    ('124 days', 'between 171 days before and 166 days after', '')
    >>> lag_words(0, 166, "zh")
    '0–166天'
    """
    if lo is None or pd.isna(lo):
        return ""
    lo, hi = int(lo), int(hi)
    if lo == hi:
        return t("lag.days", lang, n=number(lo, lang, scale=False))
    if lo < 0:
        return t("lag.before_national", lang, before=-lo, after=hi)
    return t("lag.range", lang, lo=lo, hi=hi)


def timeline_view(tl: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per document: dates, effective period, target years and lag, in words."""
    def day(x):
        return "" if pd.isna(x) else x.strftime("%Y-%m-%d")
    return pd.DataFrame({
        "document": [doc_short(d, documents, lang) for d in tl["doc_id"]],
        "level": [word("level", v, lang) for v in tl["level"]],
        "status": [word("status", v, lang) for v in tl["status"]],
        "issued": [day(r) if pd.notna(r) else t("date.inferred", lang, start=day(a), end=day(b))
                   for r, a, b in zip(tl["reference_date"], tl["window_from"], tl["window_to"])],
        "effective": [t("date.range", lang, start=day(a), end=day(b)) if pd.notna(a) else
                      (t("date.range", lang, start="", end=day(b)).strip() if pd.notna(b) else "")
                      for a, b in zip(tl["effective_from"], tl["effective_to"])],
        "target_years": tl["target_years"],
        "lag": [lag_words(a, b, lang) for a, b in zip(tl["lag_days_min"], tl["lag_days_max"])],
    })


def milestones_view(ms: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dated qualitative milestones: year, jurisdiction, what, source, quote (+ translation)."""
    out = pd.DataFrame({
        "target_year": [_year(y) for y in ms["target_year"]],
        "jurisdiction": [name(r, "jurisdiction_name", lang) for _, r in ms.iterrows()],
        "indicator": [name(r, "indicator_name", lang) for _, r in ms.iterrows()],
        "source": [_source(r, documents, lang) for _, r in ms.iterrows()],
        "quote": ms["quote_clean"],
    })
    if lang == "en":
        out["quote_en"] = ms["quote_en"].values
    return out


def chart_alt(table: pd.DataFrame, what: str, lang: str) -> str:
    """Alt text for a compare chart: what it shows and every bar's value in words."""
    sep = "；" if lang == "zh" else "; "
    bars = sep.join(f"{r['jurisdiction']} {target_text(r['comparator_code'], r['value_std'], r['unit_std'], r['unit'], lang)}"
                    f" ({_year(r['target_year'])})" for _, r in table.iterrows())
    return f"{what} {bars}. {t('page.chart_alt_suffix', lang)}"


def per_year_view(cum: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Cumulative targets and their average per plan year."""
    return pd.DataFrame({
        "jurisdiction": cum["jurisdiction"], "indicator": cum["indicator"],
        "target": [target_text(c, v, u, w, lang) for c, v, u, w in
                   zip(cum["comparator_code"], cum["value_std"], cum["unit_std"], cum["unit"])],
        "plan_years": cum["plan_years"],
        "per_year": [quantity(v, u, lang) for v, u in zip(cum["value_std_per_year"], cum["unit_std"])],
        "target_year": [_year(y) for y in cum["target_year"]],
        "source": [_source(r, documents, lang) for _, r in cum.iterrows()]})


def per_capita_view(pc: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per-capita values where a checked population figure exists, or why there is none."""
    return pd.DataFrame({
        "jurisdiction": pc["jurisdiction"], "indicator": pc["indicator"],
        "target": [quantity(v, u, lang, measure_word=measure_word(w)) for v, u, w in
                   zip(pc["value_std"], pc["unit_std"], pc["unit"])],
        "per_capita": [quantity(v, u, lang) if isinstance(u, str) else "" for v, u in
                       zip(pc["per_capita"], pc["per_capita_unit"])],
        "per_capita_note": [t("pc.no_population", lang) if r == "no_population" else
                            t("pc.rate", lang) if r == "rate" else ""
                            for r in pc["per_capita_reason"]]})


def quotes_view(table: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sentence each number comes from (verbatim), with its translation in English."""
    out = pd.DataFrame({"jurisdiction": table["jurisdiction"], "indicator": table["indicator"],
                        "source": [_source(r, documents, lang) for _, r in table.iterrows()],
                        "quote": table["quote"]})
    if lang == "en":
        out["quote_en"] = table["quote_en"].values
    return out


def coverage_view(cov: pd.DataFrame, jurisdictions: pd.DataFrame, families: pd.DataFrame,
                  lang: str) -> pd.DataFrame:
    """The coverage matrix of :func:`ipstats.analysis.overview.coverage` with names, and
    milestone counts in words ("milestones 2"), families with anything set only."""
    fam_names = {r["family"]: name(r, "name", lang) for _, r in families.iterrows()}
    used = [f for f in cov.columns if (cov[f] != "").any()]

    def cell(text: str) -> str:
        parts = []
        for bit in text.split(" + ") if text else []:
            parts.append(t("overview.milestones_n", lang, n=bit[1:]) if bit.startswith("m") else bit)
        return " + ".join(parts)
    out = pd.DataFrame({"jurisdiction": [name(r, "name", lang) for _, r in jurisdictions.iterrows()]})
    for f in used:
        out[fam_names.get(f, f)] = [cell(v) for v in cov[f]]
    return out


def _clauses(text: object, lang: str) -> str:
    """A list of clause references ("1, （三）") as labels."""
    if not isinstance(text, str) or not text:
        return ""
    sep = "、" if lang == "zh" else ", "
    return sep.join(clause_label(c, lang) for c in text.split(", "))


def _names(ids: object, table: pd.DataFrame, key: str, lang: str) -> str:
    """Names for a comma/semicolon-separated list of ids (departments, campaigns)."""
    if not isinstance(ids, str) or not ids.strip():
        return ""
    rows = table.set_index(key)
    out = []
    for i in [x.strip() for x in ids.replace(";", ",").split(",") if x.strip()]:
        out.append(name(rows.loc[i], "name", lang) if i in rows.index else i)
    return ("、" if lang == "zh" else "; ").join(out)


def codebook_view(themes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The theme codebook: name and, in Chinese pages, its keywords (the description is
    curated in English)."""
    return pd.DataFrame({
        "theme": [name(r, "name", lang) for _, r in themes.iterrows()],
        "description": themes["keywords"].str.replace(";", "、") if lang == "zh"
        else themes["description"]})


def leads_view(leads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Departments by measures led and joined, with the clauses they lead."""
    return pd.DataFrame({
        "department": [name(r, "name", lang) for _, r in leads.iterrows()],
        "leads": leads["leads"].astype(int), "participates": leads["participates"].astype(int),
        "led_clauses": [_clauses(c, lang) for c in leads["led_clauses"]]})


def campaigns_view(matrix: pd.DataFrame, campaigns: pd.DataFrame, documents: pd.DataFrame,
                   lang: str) -> pd.DataFrame:
    """Campaigns x documents: the clauses of each document that name each campaign."""
    out = pd.DataFrame({"campaign": [_names(c, campaigns, "campaign_id", lang) for c in matrix.index]})
    for d in matrix.columns:
        out[doc_short(d, documents, lang)] = [_clauses(v, lang) for v in matrix[d]]
    return out


def similar_view(pairs: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Local measures and their most similar national task, both texts verbatim."""
    return pd.DataFrame({
        "document": [doc_short(d, documents, lang) for d in pairs["doc_id"]],
        "clause": [clause_label(c, lang) for c in pairs["clause"]],
        "measure": pairs["text"],
        "national_clause": [clause_label(c, lang) for c in pairs["national_clause"]],
        "national_text": pairs["national_text"],
        "similarity": [f"{s:.2f}" for s in pairs["similarity"]],
        "shared": pairs["shared"]})


def measures_view(selected: pd.DataFrame, themes: pd.DataFrame, departments: pd.DataFrame,
                  campaigns: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The measures: document, clause, theme, verbatim text (and its translation in English
    pages when the data carry ``quote_en``), lead departments and campaigns by name."""
    theme_names = {r["theme"]: name(r, "name", lang) for _, r in themes.iterrows()}
    out = pd.DataFrame({
        "document": [doc_short(d, documents, lang) for d in selected["doc_id"]],
        "clause": [clause_label(c, lang) for c in selected["clause"]],
        "theme": [theme_names.get(x, x) for x in selected["theme"]],
        "measure": selected["quote_clean"].values})
    if lang == "en" and "quote_en" in selected:
        out["quote_en"] = selected["quote_en"].values
    out["department"] = [_names(x, departments, "department_id", lang)
                         for x in selected["lead_departments"]]
    out["campaign"] = [_names(x, campaigns, "campaign_id", lang) for x in selected["campaigns"]]
    return out

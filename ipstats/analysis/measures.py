"""The measures report's tables and charts (``notebooks/50-measures.ipynb``), tested here.

>>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "theme": ["protection", "culture", "protection"]})
>>> theme_mix(m, ["protection", "culture"]).to_dict("index")
{'a': {'protection': 1, 'culture': 1}, 'b': {'protection': 1, 'culture': 0}}
"""
from __future__ import annotations

import pandas as pd

from ipstats.analysis.similarity import cosine, shared_terms, tfidf_vectors
from ipstats.core.problems import check_choice
from ipstats.dataset.measures.departments import split_ids
from ipstats.dataset.textnorm import clean_for_display


def check_params(jurisdiction: str, theme: str, measures: pd.DataFrame,
                 themes: pd.DataFrame) -> tuple[str, str]:
    """Stop early with the valid values when ``jurisdiction`` or ``theme`` is unknown
    (``all`` selects everything)."""
    check_choice("jurisdiction", jurisdiction, ["all", *sorted(measures["jurisdiction_id"].unique())])
    check_choice("theme", theme, ["all", *themes["theme"]])
    return jurisdiction, theme


def select(measures: pd.DataFrame, jurisdiction: str = "all", theme: str = "all") -> pd.DataFrame:
    """Measures of one jurisdiction and/or theme (``all``: no filter)."""
    keep = pd.Series(True, index=measures.index)
    if jurisdiction != "all":
        keep &= measures["jurisdiction_id"] == jurisdiction
    if theme != "all":
        keep &= measures["theme"] == theme
    return measures[keep]


def theme_mix(measures: pd.DataFrame, theme_order: list[str]) -> pd.DataFrame:
    """Count of measures per document (rows) and theme (columns, in codebook order)."""
    mix = pd.crosstab(measures["doc_id"], measures["theme"])
    return mix.reindex(columns=theme_order, fill_value=0).rename_axis(index=None, columns=None)


def lead_counts(measures: pd.DataFrame, departments: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Departments by number of measures they lead (then take part in), with clause refs."""
    rows = []
    for m in measures.itertuples():
        for role, col in (("lead", m.lead_departments), ("participating", m.participating_departments)):
            for dep in split_ids(col):
                rows.append({"department_id": dep, "role": role, "doc_id": m.doc_id,
                             "clause": str(m.clause)})
    if not rows:
        return pd.DataFrame(columns=["department_id", "name_zh", "name_en", "leads",
                                     "participates", "led_clauses"])
    long = pd.DataFrame(rows)
    counts = long.pivot_table(index="department_id", columns="role", values="clause",
                              aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=["lead", "participating"], fill_value=0)
    led = (long[long["role"] == "lead"].groupby("department_id")["clause"]
           .agg(lambda s: ", ".join(s)))
    out = (counts.rename(columns={"lead": "leads", "participating": "participates"})
           .join(led.rename("led_clauses")).reset_index()
           .merge(departments[["department_id", "name_zh", "name_en"]], on="department_id", how="left"))
    out = out.sort_values(["leads", "participates", "department_id"], ascending=[False, False, True])
    return out[["department_id", "name_zh", "name_en", "leads", "participates", "led_clauses"]].head(top)


def diffusion_matrix(measures: pd.DataFrame, campaigns: pd.DataFrame,
                     national_doc: str) -> pd.DataFrame:
    """Campaigns (rows, in codebook order) x documents (columns, national first): the clauses of
    each document that name the campaign, '' where none. Only campaigns named at least once."""
    docs = [national_doc] + sorted(d for d in measures["doc_id"].unique() if d != national_doc)
    cells: dict[tuple[str, str], list[str]] = {}
    for m in measures.itertuples():
        for cid in split_ids(m.campaigns):
            cells.setdefault((cid, m.doc_id), []).append(str(m.clause))
    named = [c for c in campaigns["campaign_id"] if any((c, d) in cells for d in docs)]
    data = {d: [", ".join(cells.get((c, d), [])) for c in named] for d in docs
            if d in set(measures["doc_id"])}
    return pd.DataFrame(data, index=pd.Index(named, name="campaign_id"))


def similarity_text(row) -> str:
    """The text compared: the measure's full text without its responsibility clause."""
    text = row.text_clean if isinstance(row.text_clean, str) else row.quote_clean
    dep = row.departments_as_written
    if isinstance(dep, str) and dep:
        text = text.replace(clean_for_display(dep), "")
    return text


def most_similar(measures: pd.DataFrame, national_doc: str) -> pd.DataFrame:
    """For each local measure, the national task with the highest TF-IDF cosine over character
    bigrams (see :mod:`.similarity`), with both texts as compared (full measure text without
    the responsibility clause), clause refs and the bigrams that weigh most in the match."""
    national = measures[measures["doc_id"] == national_doc]
    local = measures[measures["doc_id"] != national_doc]
    if national.empty or local.empty:
        return pd.DataFrame(columns=["measure_id", "doc_id", "clause", "text", "national_measure_id",
                                     "national_clause", "national_text", "similarity", "shared"])
    texts = dict(zip(measures["measure_id"], (similarity_text(r) for r in measures.itertuples())))
    vecs = dict(zip(texts, tfidf_vectors(list(texts.values()))))
    rows = []
    for m in local.itertuples():
        v = vecs[m.measure_id]
        scores = [(cosine(v, vecs[n.measure_id]), n) for n in national.itertuples()]
        best, n = max(scores, key=lambda x: (x[0], -x[1].number))
        rows.append({"measure_id": m.measure_id, "doc_id": m.doc_id, "clause": str(m.clause),
                     "text": texts[m.measure_id], "national_measure_id": n.measure_id,
                     "national_clause": str(n.clause), "national_text": texts[n.measure_id],
                     "similarity": round(best, 3),
                     "shared": " ".join(shared_terms(v, vecs[n.measure_id]))})
    return pd.DataFrame(rows)

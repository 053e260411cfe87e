"""Key findings: the facts each report opens with, computed from the data (the report turns
them into sentences in the reader's language). Pure functions of the tables, tested here.

>>> docs = pd.DataFrame({"doc_id": ["n", "p", "d"], "jurisdiction_id": ["cn", "zj", "gz"],
...     "status": ["adopted", "adopted", "draft"], "has_numeric_targets": [True, True, False]})
>>> t = pd.DataFrame({"jurisdiction_id": ["cn", "zj", "zj", "gz"], "family": ["a", "a", "b", "m"],
...     "kind": ["numeric", "numeric", "numeric", "milestone"]})
>>> overview_facts(docs, t)["top"], overview_facts(docs, t)["shared"]
('zj', 1)
"""
from __future__ import annotations

import pandas as pd


def overview_facts(documents: pd.DataFrame, targets: pd.DataFrame) -> dict:
    """Counts behind the overview: documents, jurisdictions, targets, the jurisdiction with
    the most numeric targets, families set by two or more jurisdictions, drafts, documents
    without a numeric target."""
    num = targets[targets["kind"] == "numeric"]
    per_jur = num.groupby("jurisdiction_id").size().sort_values(ascending=False, kind="stable")
    per_fam = num.groupby("family")["jurisdiction_id"].nunique()
    return {"n_docs": len(documents), "n_jurisdictions": documents["jurisdiction_id"].nunique(),
            "n_numeric": len(num), "n_milestones": int((targets["kind"] == "milestone").sum()),
            "top": per_jur.index[0] if len(per_jur) else None,
            "top_n": int(per_jur.iloc[0]) if len(per_jur) else 0,
            "families": len(per_fam), "shared": int((per_fam >= 2).sum()),
            "n_draft": int((documents["status"] == "draft").sum()),
            "n_no_numeric": int((~documents["has_numeric_targets"].astype(bool)).sum())}


def most_ambitious(table: pd.DataFrame) -> list[dict]:
    """Per indicator with two or more targets: the most ambitious one (highest value where
    higher is better, lowest where lower is better), among targets of the same unit.

    >>> tb = pd.DataFrame({"indicator_id": ["i", "i", "k", "d", "d"],
    ...     "jurisdiction_id": ["a", "b", "a", "a", "b"], "value_std": [3.9, 40, 1, 4, 3],
    ...     "unit_std": ["c"] * 5, "target_year": [2025] * 5,
    ...     "direction": ["higher_is_better"] * 3 + ["lower_is_better"] * 2})
    >>> [(f["indicator_id"], f["jurisdiction_id"], f["value_std"]) for f in most_ambitious(tb)]
    [('i', 'b', 40.0), ('d', 'b', 3.0)]
    """
    out = []
    for ind, part in table.groupby("indicator_id", sort=False):
        if len(part) < 2 or part["unit_std"].nunique() != 1:
            continue
        lower = (part["direction"] == "lower_is_better").all()
        best = part.loc[part["value_std"].idxmin() if lower else part["value_std"].idxmax()]
        out.append({"indicator_id": ind, "jurisdiction_id": best["jurisdiction_id"],
                    "value_std": float(best["value_std"]), "unit_std": best["unit_std"],
                    "target_year": best["target_year"], "lower_is_better": bool(lower)})
    return out


def timeline_facts(tl: pd.DataFrame) -> dict:
    """First and last issue dates, the span of target years, the range of lags after the
    national plan (known dates only) and the number of undated documents.

    >>> tl = pd.DataFrame({"reference_date": pd.to_datetime(["2020-05-13", "2021-01-01", None]),
    ...     "first_target_year": [2020, 2025, pd.NA], "last_target_year": [2020, 2025, 2022],
    ...     "lag_days_min": [pd.NA, 233, 0], "lag_days_max": [pd.NA, 233, 900]})
    >>> f = timeline_facts(tl); f["first"], f["y1"], f["lag_lo"], f["lag_hi"], f["n_undated"]
    ('2020-05-13', 2025, 233, 233, 1)
    """
    dated = tl.dropna(subset=["reference_date"])
    known = tl[tl["reference_date"].notna() & tl["lag_days_min"].notna()]
    years = pd.concat([tl["first_target_year"], tl["last_target_year"]]).dropna()
    return {"n": len(tl),
            "first": dated["reference_date"].min().strftime("%Y-%m-%d") if len(dated) else "",
            "last": dated["reference_date"].max().strftime("%Y-%m-%d") if len(dated) else "",
            "y0": int(years.min()) if len(years) else None,
            "y1": int(years.max()) if len(years) else None,
            "lag_lo": int(known["lag_days_min"].min()) if len(known) else None,
            "lag_hi": int(known["lag_days_max"].max()) if len(known) else None,
            "n_undated": int(tl["reference_date"].isna().sum())}


def measures_facts(measures: pd.DataFrame) -> dict:
    """The number of measures and the most common theme (ties: codebook order as in data).

    >>> measures_facts(pd.DataFrame({"theme": ["p", "c", "p"]}))
    {'n': 3, 'theme': 'p', 'theme_n': 2}
    """
    counts = measures["theme"].value_counts(sort=True)
    return {"n": len(measures), "theme": counts.index[0] if len(counts) else None,
            "theme_n": int(counts.iloc[0]) if len(counts) else 0}

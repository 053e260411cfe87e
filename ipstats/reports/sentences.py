"""Key findings as sentences: the facts of :mod:`ipstats.analysis.findings` put into words of
the reader's language (templates in the message catalogue, ``find.*``).

>>> facts = {"n_docs": 5, "n_jurisdictions": 5, "n_numeric": 25, "n_milestones": 9,
...          "top": "zj", "top_n": 10, "families": 17, "shared": 5, "n_draft": 1,
...          "n_no_numeric": 1}
>>> j = pd.DataFrame({"jurisdiction_id": ["zj"], "name_zh": ["浙江省"], "name_en": ["Zhejiang"]})
>>> overview_findings(facts, j, "en")[1]
'Zhejiang sets the most numeric targets (10); of 17 indicator families with a numeric target, 5 are set by two or more jurisdictions.'
"""
from __future__ import annotations

import pandas as pd

from ipstats.analysis.findings import most_ambitious
from ipstats.reports.format import measure_word, quantity
from ipstats.reports.i18n import name, t


def _jur(jurisdictions: pd.DataFrame, jid: str, lang: str) -> str:
    row = jurisdictions[jurisdictions["jurisdiction_id"] == jid]
    return name(row.iloc[0], "name", lang) if len(row) else str(jid)


def overview_findings(facts: dict, jurisdictions: pd.DataFrame, lang: str) -> list[str]:
    """Two or three sentences opening the overview."""
    out = [t("find.overview", lang, **facts)]
    if facts["top"]:
        out.append(t("find.overview_top", lang, **{**facts, "top": _jur(jurisdictions, facts["top"], lang)}))
    if facts["n_draft"] or facts["n_no_numeric"]:
        out.append(t("find.overview_drafts", lang, n=facts["n_draft"], m=facts["n_no_numeric"]))
    return out


def compare_findings(table: pd.DataFrame, family: str, lang: str) -> list[str]:
    """Who sets targets in the family, and the most ambitious target of each indicator that
    two or more jurisdictions set (in the same unit).

    >>> tb = pd.DataFrame({"indicator_id": ["i", "i"], "indicator": ["Density"] * 2,
    ...     "jurisdiction_id": ["a", "b"], "jurisdiction": ["A", "B"], "value_std": [3.9, 40.0],
    ...     "unit_std": ["count_per_10k_people"] * 2, "unit": ["件"] * 2,
    ...     "target_year": [2025, 2025], "direction": ["higher_is_better"] * 2})
    >>> compare_findings(tb, "Patents", "en")[1]
    'Density: the highest is B (40 per 10,000 people by 2025).'
    """
    out = [t("find.compare", lang, n_jur=table["jurisdiction_id"].nunique(), n=len(table),
             family=family, n_ind=table["indicator_id"].nunique())]
    for f in most_ambitious(table):
        row = table[(table["indicator_id"] == f["indicator_id"])
                    & (table["jurisdiction_id"] == f["jurisdiction_id"])].iloc[0]
        key = "find.compare_min" if f["lower_is_better"] else "find.compare_max"
        out.append(t(key, lang, indicator=row["indicator"], top=row["jurisdiction"],
                     value=quantity(f["value_std"], f["unit_std"], lang,
                                    measure_word=measure_word(row["unit"])),
                     year=int(f["target_year"])))
    return out[:3]


def timeline_findings(facts: dict, lang: str) -> list[str]:
    """Issue dates and target-year span; lag range; undated documents."""
    out = []
    if facts["first"]:
        out.append(t("find.timeline", lang, n=facts["n"], first=facts["first"],
                     last=facts["last"], y0=facts["y0"], y1=facts["y1"]))
    if facts["lag_lo"] is not None:
        out.append(t("find.timeline_lag", lang, lo=facts["lag_lo"], hi=facts["lag_hi"]))
    if facts["n_undated"]:
        out.append(t("find.timeline_undated", lang, n=facts["n_undated"]))
    return out

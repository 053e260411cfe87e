"""The dataset at a glance: who sets targets for what.

>>> t = pd.DataFrame({"jurisdiction_id": ["a", "a", "b"], "family": ["x", "y", "x"],
...                   "kind": ["numeric", "milestone", "milestone"]})
>>> coverage(t, ["a", "b", "c"], ["x", "y"]).to_dict("index")
{'a': {'x': '1', 'y': 'm1'}, 'b': {'x': 'm1', 'y': ''}, 'c': {'x': '', 'y': ''}}
"""
from __future__ import annotations

import pandas as pd


def coverage_counts(targets: pd.DataFrame, jurisdictions: list[str], families: list[str],
                    kind: str = "numeric") -> pd.DataFrame:
    """Jurisdiction x family: how many targets of ``kind`` each sets (0 where none)."""
    part = targets[targets["kind"] == kind]
    counts = part.groupby(["jurisdiction_id", "family"]).size().unstack(fill_value=0)
    return counts.reindex(index=jurisdictions, columns=families, fill_value=0).astype(int)


def coverage(targets: pd.DataFrame, jurisdictions: list[str], families: list[str]) -> pd.DataFrame:
    """Jurisdiction x family as text: numeric targets as a count, milestones as ``m<count>``,
    blank where the jurisdiction sets nothing in that family."""
    num = coverage_counts(targets, jurisdictions, families, "numeric")
    ms = coverage_counts(targets, jurisdictions, families, "milestone")
    out = pd.DataFrame("", index=num.index, columns=num.columns)
    for j in num.index:
        for f in num.columns:
            bits = ([str(num.at[j, f])] if num.at[j, f] else []) + \
                   ([f"m{ms.at[j, f]}"] if ms.at[j, f] else [])
            out.at[j, f] = " + ".join(bits)
    return out


def documents_table(documents: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every document with its jurisdiction, status, date and counts; a document that sets no
    numeric target says so in words rather than showing a bare 0."""
    zh = lang == "zh"
    none = "无(仅定性里程碑)" if zh else "none (milestones only)"
    return pd.DataFrame({
        "doc_id": documents["doc_id"],
        "jurisdiction": documents["jurisdiction_name_zh" if zh else "jurisdiction_name_en"],
        "level": documents["level"],
        "title": documents["title_zh" if zh else "title_en"],
        "status": documents["status"],
        "reference_date": documents["reference_date"].dt.strftime("%Y-%m-%d").fillna(
            "未注明(推定区间)" if zh else "undated (inferred window)"),
        "numeric_targets": [str(n) if has else none for n, has in
                            zip(documents["n_numeric_targets"], documents["has_numeric_targets"])],
        "n_milestones": documents["n_milestones"],
    })

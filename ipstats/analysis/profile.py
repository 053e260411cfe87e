"""A jurisdiction's profile: its documents, targets, milestones, and vertical alignment with
its parent and the national level for the same indicator families.

Alignment puts targets side by side by *family* but keeps each row's indicator: a city's
"high-value invention patents per 10k" and a province's "invention patents per 10k" sit in the
same family yet are different indicators, and the ``same_indicator`` column says so.
"""
from __future__ import annotations

import pandas as pd

from ipstats.core.problems import check_choice


def chain(jurisdictions: pd.DataFrame, jurisdiction: str) -> list[str]:
    """The jurisdiction, its parent, its parent's parent... up to the national level.

    >>> j = pd.DataFrame({"jurisdiction_id": ["china", "zhejiang", "hangzhou"],
    ...                   "parent_id": [None, "china", "zhejiang"]})
    >>> chain(j, "hangzhou")
    ['hangzhou', 'zhejiang', 'china']
    """
    parents = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["parent_id"]))
    check_choice("jurisdiction", jurisdiction, parents)
    out = [jurisdiction]
    while (p := parents.get(out[-1])) and isinstance(p, str) and p not in out:
        out.append(p)
    return out


def alignment(targets: pd.DataFrame, jurisdictions: pd.DataFrame,
              jurisdiction: str) -> pd.DataFrame:
    """For each family in which ``jurisdiction`` sets a numeric target: that target and every
    numeric target its parent chain sets in the same family (``role``: self, parent, national,
    ...). Families the higher levels leave blank show only the local row."""
    ids = chain(jurisdictions, jurisdiction)
    roles = {j: ("self" if i == 0 else "national" if i == len(ids) - 1 else "parent")
             for i, j in enumerate(ids)}
    num = targets[targets["kind"] == "numeric"]
    fams = list(dict.fromkeys(num.loc[num["jurisdiction_id"] == jurisdiction, "family"]))
    sel = num[num["family"].isin(fams) & num["jurisdiction_id"].isin(ids)].copy()
    sel["role"] = sel["jurisdiction_id"].map(roles)
    sel["_order"] = sel["jurisdiction_id"].map({j: i for i, j in enumerate(ids)})
    own = set(num.loc[num["jurisdiction_id"] == jurisdiction, "indicator_id"])
    sel["same_indicator"] = sel["indicator_id"].isin(own)
    sel["_fam"] = sel["family"].map({f: i for i, f in enumerate(fams)})
    sel = sel.sort_values(["_fam", "_order", "indicator_id", "target_year"])
    return sel.drop(columns=["_order", "_fam"]).reset_index(drop=True)


def missing_levels(align: pd.DataFrame, chain_ids: list[str]) -> pd.DataFrame:
    """Per family: which levels of the chain set no numeric target in it (an honest blank).

    >>> a = pd.DataFrame({"family": ["f", "f"], "jurisdiction_id": ["yuxi", "china"]})
    >>> missing_levels(a, ["yuxi", "yunnan", "china"]).to_dict("records")
    [{'family': 'f', 'no_target_from': 'yunnan'}]
    """
    rows = []
    for fam, part in align.groupby("family", sort=False):
        gone = [j for j in chain_ids if j not in set(part["jurisdiction_id"])]
        rows.append({"family": fam, "no_target_from": ", ".join(gone)})
    return pd.DataFrame(rows, columns=["family", "no_target_from"])

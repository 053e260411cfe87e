"""Cross-table references, checked from the foreign keys the schema declares (resources.yaml).

One generic check replaces hand-written ones: for every table that declares a foreign key, each
non-empty value must be a key of the referenced table. The message is located and says how to
fix it; it proposes an id only when one is clearly meant (a close spelling: xian is not
proposed for xianyang, nor zhengzhou for hangzhou: other places), and otherwise lists the valid ids, or says how many there are when the list is long.

>>> suggestion("invention_patent_per_10k", ["invention_patents_per_10k_people", "registered_trademarks"])
'invention_patents_per_10k_people'
>>> suggestion("hangzhou", ["zhengzhou", "zhejiang"]) is None  # 0.82 alike: not proposed
True
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from ipstats.core.problems import Problem
from ipstats.dataset import schema
from ipstats.dataset.model import Dataset
from ipstats.dataset.read import Row

SIMILARITY = 0.85  # below this, a "did you mean" is more likely to mislead than to help
LIST_AT_MOST = 12  # list the valid ids when there are at most this many


def suggestion(value: str, valid: Iterable[str]) -> str | None:
    """The one valid id ``value`` was clearly meant to be, else None."""
    ids = sorted(set(valid))
    close = difflib.get_close_matches(value, ids, n=1, cutoff=SIMILARITY)
    return close[0] if close else None


def _expected(value: str, valid: Sequence[str], table: str) -> str:
    close = suggestion(value, valid)
    if close:
        return f"did you mean {close}?"
    if not valid:
        return f"{table} has no rows yet."
    if len(valid) <= LIST_AT_MOST:
        return "expected one of " + ", ".join(sorted(valid)) + "."
    return f"expected one of the {len(valid)} ids in {table}."


def table_rows(ds: Dataset, name: str) -> list[Row]:
    """The loaded rows of a table (targets live in ``ds.targets``)."""
    return ds.targets if name == "targets" else ds.tables.get(name, [])


def check_foreign_keys(ds: Dataset, problems: list[Problem]) -> None:
    """Check every declared foreign key of every loaded table; append located problems."""
    for res in schema.descriptor()["resources"]:
        name = res["name"]
        rows = table_rows(ds, name)
        for fk in schema.foreign_keys(name):
            target = fk["reference"]["resource"]
            if target != "targets" and target not in ds.tables:
                continue  # the referenced table is missing; that is reported already
            _check_key(rows, fk, table_rows(ds, target), problems)


def _check_key(rows: list[Row], fk: dict[str, Any], referenced: list[Row],
               problems: list[Problem]) -> None:
    cols, ref_cols = fk["fields"], fk["reference"]["fields"]
    valid = {tuple(r[c] for c in ref_cols) for r in referenced}
    ids = sorted(str(v[0]) for v in valid if v[0] is not None) if len(ref_cols) == 1 else []
    table = schema.resource(fk["reference"]["resource"])["path"].removeprefix("raw/")
    label = fk.get("label") or cols[-1].removesuffix("_id")
    for r in rows:
        key = tuple(r[c] for c in cols)
        if any(v is None for v in key) or key in valid:
            continue  # empty (optional, or reported as required) or known
        shown = ", ".join(str(v) for v in key)
        problems.append(Problem(r.file, r.line, cols[-1], shown,
                                f"unknown {label}: {_expected(shown, ids, table)} "
                                f"{fk.get('hint', '')}".rstrip()))

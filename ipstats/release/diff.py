"""``ipstats diff OLD NEW``: what a curation change did to targets and observations, field by
field (like Our World in Data's data diff), so a reviewer sees it before it is released.

OLD and NEW are each a build's ``processed/`` folder (Parquet), a data folder holding one, or
a release folder (CSV). Rows are matched by key (targets by ``target_id``; observations by
jurisdiction, indicator, year and publisher); only curated fields are compared (those of the
raw tables), so a changed value shows once, not again in every column derived from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ipstats.core import versions
from ipstats.core.paths import DataPaths
from ipstats.core.problems import IpstatsError
from ipstats.dataset import schema
from ipstats.release.cells import as_text
from ipstats.release.export import ENCODING

# table -> key columns (the other curated columns are compared field by field)
KEYS: dict[str, list[str]] = {
    "targets": ["target_id"],
    "observations": ["jurisdiction_id", "indicator_id", "year", "publisher"],
}


@dataclass(frozen=True)
class Change:
    """One difference: a row added or removed, or one field of a row changed."""

    table: str
    key: str
    change: str  # added | removed | changed
    field: str = ""
    old: str = ""
    new: str = ""

    def __str__(self) -> str:
        if self.change == "changed":
            return f"  ~ {self.key}  {self.field}: {self.old!r} -> {self.new!r}"
        return f"  {'+' if self.change == 'added' else '-'} {self.key}"


def curated_fields(table: str) -> list[str]:
    """The columns a curator edits (raw table fields), plus doc_id for targets."""
    names = schema.field_names(table)
    return (["doc_id"] + names) if table == "targets" else names


def read_side(folder: str | Path, table: str) -> pd.DataFrame | None:
    """One table of a build or release folder, as text; None if the folder lacks it."""
    root = Path(folder)
    if not root.is_dir():
        raise IpstatsError(f"{root}: not a folder; give a build's processed/ folder, a data "
                           "folder holding processed/, or a release folder from ipstats export")
    processed = DataPaths(root).processed
    # a build keeps whole versions (processed/.versions/<id>/, CURRENT): read the current one
    bases = tuple(b for b in (root, versions.current(root), processed, versions.current(processed))
                  if b is not None)
    for base in bases:
        parquet, csv = base / f"{table}.parquet", base / f"{table}.csv"
        if parquet.is_file():
            return as_text(pd.read_parquet(parquet))
        if csv.is_file():
            return pd.read_csv(csv, dtype=str, keep_default_na=False, encoding=ENCODING)
    if not any(p.suffix in (".parquet", ".csv") for b in bases if b.is_dir() for p in b.iterdir()):
        raise IpstatsError(f"{root}: holds no .parquet or .csv table; give a build's "
                           "processed/ folder or a release folder from ipstats export")
    return None


def diff_table(table: str, old: pd.DataFrame | None, new: pd.DataFrame | None) -> list[Change]:
    """Every added, removed and changed row of one table (fields in schema order)."""
    keys = KEYS[table]
    empty = pd.DataFrame(columns=keys)
    old, new = (old if old is not None else empty), (new if new is not None else empty)
    fields = [c for c in curated_fields(table) if c not in keys
              and (c in old.columns or c in new.columns)]

    def index(df: pd.DataFrame) -> dict[str, dict[str, str]]:
        return {" | ".join(str(r[k]) for k in keys): r for r in df.to_dict("records")}

    a, b = index(old), index(new)
    out = [Change(table, k, "removed") for k in sorted(a.keys() - b.keys())]
    out += [Change(table, k, "added") for k in sorted(b.keys() - a.keys())]
    for k in sorted(a.keys() & b.keys()):
        for f in fields:
            va, vb = str(a[k].get(f, "")), str(b[k].get(f, ""))
            if va != vb:
                out.append(Change(table, k, "changed", f, va, vb))
    order = {"removed": 0, "added": 1, "changed": 2}
    return sorted(out, key=lambda c: (order[c.change], c.key))


def diff(old: str | Path, new: str | Path) -> list[Change]:
    """The changes from ``old`` to ``new`` in targets and observations."""
    out: list[Change] = []
    for table in KEYS:
        out += diff_table(table, read_side(old, table), read_side(new, table))
    return out


def report(changes: list[Change]) -> str:
    """A reviewer's summary: per table, counts, then each change."""
    lines = []
    for table in KEYS:
        mine = [c for c in changes if c.table == table]
        rows = {c.key for c in mine if c.change == "changed"}
        n = {k: sum(1 for c in mine if c.change == k) for k in ("added", "removed")}
        lines.append(f"{table}: {n['added']} added, {n['removed']} removed, {len(rows)} changed "
                     f"({sum(1 for c in mine if c.change == 'changed')} fields)")
        lines += [str(c) for c in mine]
    return "\n".join(lines)

"""Slices of a built table, and their digests: what a report read, finer than a whole table.

A report about one jurisdiction reads that jurisdiction's rows (and its parent's and the
nation's), not every target; ``ipstats render`` rerenders it only when those rows change. The
API records such a read as a *read key* (:func:`read_key`); the build writes, next to the
tables of each version, ``slices.json``: for each table and each column it is sliced by
(declared as ``sliceBy`` in ``resources.yaml``), one digest per value of the rows having that
value. The render compares digests, never loading a table (no pandas on that path).

>>> read_key("targets", {"jurisdiction_id": ["zhejiang", "china", "china"]})
'targets {"jurisdiction_id": ["china", "zhejiang"]}'
>>> parse_read_key('targets {"jurisdiction_id": ["china", "zhejiang"]}')
('targets', {'jurisdiction_id': ['china', 'zhejiang']})
>>> parse_read_key("documents")
('documents', {})
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas only when the build computes digests
    import pandas as pd

# Written in every processed version: {table: {column: {value: digest}}}.
SLICES_FILE = "slices.json"
# The digest of a slice with no row (a value no row has): adding a row for it changes it.
EMPTY = "empty"


def read_key(table: str, where: Mapping[str, Iterable[Any]] | None = None) -> str:
    """The canonical text of a read: the table, then (if it is sliced) the columns and the
    values kept, sorted and unique, as JSON. Two reads of the same rows give the same key."""
    kept = {col: sorted({str(v) for v in values}) for col, values in sorted((where or {}).items())}
    if not kept:
        return table
    return f"{table} {json.dumps(kept, ensure_ascii=False)}"  # (kept: in column order)


def parse_read_key(key: str) -> tuple[str, dict[str, list[str]]]:
    """The table and the slice (``{}``: the whole table) of a read key."""
    table, _, where = key.partition(" ")
    return table, (json.loads(where) if where else {})


def slice_digests(df: pd.DataFrame, columns: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each column, the digest of each value's rows (in table order, every column, the
    column names included): ``{column: {value: sha256}}``. A null value has no slice."""
    import numpy as np  # lazy: the build has them loaded already
    import pandas as pd

    head = "\t".join(map(str, df.columns)).encode()
    rows = pd.util.hash_pandas_object(df, index=False).to_numpy()
    out: dict[str, dict[str, str]] = {}
    for col in columns:
        codes, uniques = pd.factorize(df[col])  # a null value: code -1
        order = np.argsort(codes, kind="stable")  # each value's rows, still in table order
        ranked = codes[order]
        first = np.searchsorted(ranked, np.arange(len(uniques)), side="left")
        after = np.searchsorted(ranked, np.arange(len(uniques)), side="right")
        digests = {str(value): hashlib.sha256(head + rows[order[a:b]].tobytes()).hexdigest()
                   for value, a, b in zip(uniques, first, after, strict=True)}
        out[col] = dict(sorted(digests.items()))
    return out


def load_digests(version_dir: Path) -> dict[str, Any]:
    """The ``slices.json`` of a processed version (``{}`` if it has none: an older build)."""
    try:
        return dict(json.loads((version_dir / SLICES_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def slice_fingerprint(digests: Mapping[str, Any], table: str,
                      where: Mapping[str, list[str]]) -> str | None:
    """The hash of the rows a sliced read kept, from the version's digests; None if the table
    is not sliced by one of its columns (the caller then hashes the whole table)."""
    h = hashlib.sha256(table.encode())
    for col, values in sorted(where.items()):
        by_value = digests.get(table, {}).get(col)
        if by_value is None:
            return None
        for v in values:
            h.update(f"\0{col}={v}:{by_value.get(v, EMPTY)}".encode())
    return h.hexdigest()

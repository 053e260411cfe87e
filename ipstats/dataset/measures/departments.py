"""Department names normalised: every form a document writes (知识产权局, 省市场监管局, 司法厅)
maps to one row of ``departments.csv`` within the document's jurisdiction.

>>> idx = alias_index([{"department_id": "china.cnipa", "jurisdiction_id": "china",
...                     "aliases": "知识产权局;国家知识产权局"}])
>>> resolve(["知识 产权局", "外交部"], "china", idx)
(['china.cnipa'], ['外交部'])
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ipstats.dataset.textnorm import normalise


def split_ids(cell: object) -> list[str]:
    """Split a semicolon-separated id cell; empty cells give an empty list.

    >>> split_ids("a; b;"), split_ids(None)
    (['a', 'b'], [])
    """
    if not isinstance(cell, str):  # None, or NaN from a DataFrame
        return []
    return [p.strip() for p in cell.split(";") if p.strip()]


def alias_index(rows: Iterable[Mapping]) -> dict[tuple[str, str], str]:
    """``(jurisdiction_id, normalised alias) -> department_id`` from departments rows."""
    index: dict[tuple[str, str], str] = {}
    for r in rows:
        for alias in split_ids(r["aliases"]):
            index[(r["jurisdiction_id"], normalise(alias))] = r["department_id"]
    return index


def resolve(names: Iterable[str], jurisdiction_id: str,
            index: Mapping[tuple[str, str], str]) -> tuple[list[str], list[str]]:
    """Department ids for names as written, and the names that match no alias."""
    ids, unknown = [], []
    for name in names:
        dep = index.get((jurisdiction_id, normalise(name)))
        if dep is None:
            unknown.append(name)
        elif dep not in ids:
            ids.append(dep)
    return ids, unknown

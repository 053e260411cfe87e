"""Load stage: read each raw CSV, check it against the field dictionary, return typed rows.

Structure (encoding, quoting, header) is checked by :mod:`ipstats.dataset.csvio`; types and
constraints (required, enum, pattern, minimum, maximum, primary key) column by column by
:mod:`ipstats.dataset.cells`, driven by the schema in ``datapackage.json`` (one pass per
file). Every problem is collected with file, line, column, value.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ipstats.core.problems import Problem
from ipstats.dataset import schema
from ipstats.dataset.cells import Column, duplicate_keys
from ipstats.dataset.csvio import read_csv


class RawCells(Mapping):
    """A row's cells as read, by column name (a view over the parsed row: no copy)."""

    __slots__ = ("_cells", "_index")

    def __init__(self, index: dict[str, int], cells: list[str]):
        self._index, self._cells = index, cells

    def __getitem__(self, key: str) -> str:
        return self._cells[self._index[key]]

    def get(self, key: str, default: Any = None) -> Any:
        j = self._index.get(key)
        return default if j is None else self._cells[j]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class Row(dict):
    """One typed row (a dict of column -> value; a missing column reads as None), with where
    it came from and its cells as read (``raw``). A dict itself, so a lookup costs no Python
    call: validation looks up tens of millions of cells at 10^6 rows."""

    __slots__ = ("file", "line", "raw")

    def __init__(self, file: str, line: int, values: dict[str, Any], raw: Mapping[str, str]):
        super().__init__(values)
        self.file, self.line, self.raw = file, line, raw

    def __missing__(self, key: str) -> None:
        return None

    @property
    def values(self) -> Row:  # type: ignore[override]
        """The typed values (the row itself; kept for callers that set one)."""
        return self

    def __repr__(self) -> str:
        return f"Row({self.file!r}, {self.line}, {dict.__repr__(self)})"


def load_table(path: Path, resource: str, display: str, problems: list[Problem]) -> list[Row]:
    """Read and check one CSV against ``resource``'s schema; rows with bad cells are kept
    with those cells set to None (their problems are recorded)."""
    table = read_csv(path, display, problems)
    if table is None:
        return []
    fields = schema.fields(resource)
    expected = [f["name"] for f in fields]
    first: dict[str, int] = {}
    dupes = False
    for i, col in enumerate(table.header, start=1):
        if col in first:
            dupes = True
            problems.append(Problem(display, 1, col, None,
                                    f"column {col!r} appears twice in the header (columns "
                                    f"{first[col]} and {i}); keep one. The header must be: "
                                    f"{','.join(expected)}"))
        first.setdefault(col, i)
    if dupes:
        return []
    missing = [c for c in expected if c not in table.header]
    extra = [c for c in table.header if c not in expected]
    for col in missing:
        problems.append(Problem(display, 1, col, None,
                                f"missing column; the header must be: {','.join(expected)}"))
    for col in extra:
        problems.append(Problem(display, 1, col, None,
                                f"unexpected column; the header must be: {','.join(expected)}"))
    if missing or extra:
        return []
    by_name = {f["name"]: f for f in fields}
    width = len(table.header)
    whole = []
    for ln, row in zip(table.lines, table.rows):
        if len(row) != width:
            problems.append(Problem(display, ln, None, None,
                                    f"this row has {len(row)} cells but the header has {width}; "
                                    "check for an unquoted comma or a missing cell"))
        else:
            whole.append((ln, row))
    lines = [ln for ln, _ in whole]
    typed: dict[str, list[Any]] = {}
    for j, name in enumerate(table.header):
        column = Column(by_name[name], [row[j] for _, row in whole])
        for i, message in column.problems():
            problems.append(Problem(display, lines[i], name, column.cells[i], message))
        typed[name] = column.typed()
    keys = schema.resource(resource)["schema"].get("primaryKey", [])
    if keys:
        for i, first_ln in duplicate_keys(list(zip(*(typed[k] for k in keys))), lines):
            if len(keys) > 1:  # a composite key: name every part
                shown = ", ".join(str(typed[k][i]) for k in keys)
                problems.append(Problem(display, lines[i], keys[0], shown,
                                        f"duplicate ({', '.join(keys)}): the same values are on "
                                        f"line {first_ln}; each row needs its own combination"))
            else:
                problems.append(Problem(display, lines[i], keys[0], typed[keys[0]][i],
                                        f"duplicate {keys[0]}: the same value is on line "
                                        f"{first_ln}; each row needs its own"))
    index = {name: j for j, name in enumerate(table.header)}
    names = table.header
    columns = [typed[n] for n in names]
    return [Row(display, ln, dict(zip(names, values)), RawCells(index, row))
            for (ln, row), values in zip(whole, zip(*columns))] if whole else []

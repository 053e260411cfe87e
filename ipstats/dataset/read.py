"""Load stage: read each raw CSV, check it against the field dictionary, return typed rows.

Structure (encoding, quoting, header) is checked by :mod:`ipstats.dataset.csvio`; types and
constraints (required, enum, pattern, minimum, maximum, primary key) column by column by
:mod:`ipstats.dataset.cells`, driven by the schema in ``datapackage.json`` (one pass per
file). Every problem is collected with file, line, column, value.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from ipstats.core.problems import Problem
from ipstats.dataset import schema
from ipstats.dataset.cells import Column, duplicate_keys
from ipstats.dataset.csvio import read_csv


class Columns:
    """The cells of one loaded file, column by column, shared by its rows: ``typed`` and
    ``raw`` map a column name to one list of ``n`` values. Storing a table by column (and
    each distinct cell as one string object) keeps a million-row file in a few hundred
    megabytes, where a dict per row took over a kilobyte each."""

    __slots__ = ("n", "raw", "typed")

    def __init__(self, typed: dict[str, list[Any]], raw: dict[str, list[str]], n: int):
        self.typed, self.raw, self.n = typed, raw, n


class RawCells(Mapping):
    """A row's cells as read, by column name (a view over the file's columns: no copy)."""

    __slots__ = ("_cols", "_i")

    def __init__(self, cols: dict[str, list[str]], i: int):
        self._cols, self._i = cols, i

    def __getitem__(self, key: str) -> str:
        return self._cols[key][self._i]

    def get(self, key: str, default: Any = None) -> Any:
        col = self._cols.get(key)
        return default if col is None else col[self._i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._cols)

    def __len__(self) -> int:
        return len(self._cols)


class Row(Mapping):
    """One typed row: column -> value (a missing column reads as None), with where it came
    from (``file``, ``line``) and its cells as read (``raw``). A view over its file's
    :class:`Columns`; setting a value sets it for this row only (the column is added to the
    file's columns, empty for the other rows).

    >>> r = Row("t.csv", 2, {"value": 2.5}, {"value": "2.5"})
    >>> r["value"], r["unit"], r.raw["value"], r.line
    (2.5, None, '2.5', 2)
    """

    __slots__ = ("_i", "_t", "file", "line")

    def __init__(self, file: str, line: int, values: Mapping[str, Any] | None = None,
                 raw: Mapping[str, str] | None = None, *, columns: Columns | None = None,
                 index: int = 0):
        if columns is None:  # a single row made by hand
            columns = Columns({k: [v] for k, v in (values or {}).items()},
                              {k: [v] for k, v in (raw or {}).items()}, 1)
        self.file, self.line, self._t, self._i = file, line, columns, index

    def __getitem__(self, key: str) -> Any:
        try:
            return self._t.typed[key][self._i]
        except KeyError:
            return None

    def get(self, key: str, default: Any = None) -> Any:
        col = self._t.typed.get(key)
        return default if col is None else col[self._i]

    def __setitem__(self, key: str, value: Any) -> None:
        col = self._t.typed.get(key)
        if col is None:
            col = self._t.typed[key] = [None] * self._t.n
        col[self._i] = value

    def __contains__(self, key: object) -> bool:
        return key in self._t.typed

    def __iter__(self) -> Iterator[str]:
        return iter(self._t.typed)

    def __len__(self) -> int:
        return len(self._t.typed)

    @property
    def raw(self) -> RawCells:
        """The row's cells as read (strings, unstripped)."""
        return RawCells(self._t.raw, self._i)

    @property
    def values(self) -> Row:  # type: ignore[override]
        """The typed values (the row itself; kept for callers that set one)."""
        return self

    def __repr__(self) -> str:
        return f"Row({self.file!r}, {self.line}, {dict(self.items())!r})"


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
    header = table.header
    whole = []
    for ln, row in zip(table.lines, table.rows):
        if len(row) != width:
            problems.append(Problem(display, ln, None, None,
                                    f"this row has {len(row)} cells but the header has {width}; "
                                    "check for an unquoted comma or a missing cell"))
        else:
            whole.append((ln, row))
    del table  # from here on the cells are kept column by column
    lines = [ln for ln, _ in whole]
    rows = [row for _, row in whole]
    del whole
    raw: dict[str, list[str]] = {}
    typed: dict[str, list[Any]] = {}
    for j, name in enumerate(header):
        # csvio interned the cells: a column holds one string object per distinct value
        column = Column(by_name[name], list(map(itemgetter(j), rows)))
        for i, message in column.problems():
            problems.append(Problem(display, lines[i], name, column.cells[i], message))
        raw[name], typed[name] = column.cells, column.typed()
    del rows
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
    columns = Columns(typed, raw, len(lines))
    return [Row(display, ln, columns=columns, index=i) for i, ln in enumerate(lines)]



def set_column(rows: list[Row], name: str, value: Any) -> None:
    """Set column ``name`` to ``value`` in every row of ``rows`` (as :func:`load_table` returned
    them: one file's rows), at once."""
    tables = {id(r._t): r._t for r in rows}
    for t in tables.values():
        t.typed[name] = [value] * t.n


def columns_of(rows: Sequence[Row], names: Sequence[str]) -> dict[str, list[Any]]:
    """The typed values of columns ``names`` for ``rows``, as one list per column. Where
    ``rows`` are whole files in order (as :func:`load_table` returned them, one file after
    another) the files' own column lists are joined, without a lookup per row.

    >>> a, b = Row("a.csv", 2, {"x": 1}), Row("b.csv", 2, {"x": 2, "y": "z"})
    >>> columns_of([a, b], ["x", "y"])
    {'x': [1, 2], 'y': [None, 'z']}
    """
    files = _whole_files(rows)
    if files is None:
        return {n: [r[n] for r in rows] for n in names}
    out: dict[str, list[Any]] = {}
    for n in names:
        col: list[Any] = []
        for t in files:
            values = t.typed.get(n)
            col.extend([None] * t.n if values is None else values)
        out[n] = col
    return out


def _whole_files(rows: Sequence[Row]) -> list[Columns] | None:
    """The files ``rows`` are made of, if they are whole files in order; else None."""
    files, i = [], 0
    while i < len(rows):
        t = getattr(rows[i], "_t", None)
        if t is None or i + t.n > len(rows):
            return None
        for k in range(t.n):
            r = rows[i + k]
            if r._t is not t or r._i != k:
                return None
        files.append(t)
        i += t.n
    return files

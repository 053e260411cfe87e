"""Load stage: read each raw CSV, check it against the field dictionary, return typed rows.

Structure (encoding, quoting, header) is checked by :mod:`ipstats.dataset.csvio`; types and
constraints (required, enum, pattern, minimum, unique keys) by Frictionless against the
schema in ``datapackage.json``. Every problem is collected with file, line, column, value.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipstats.core.problems import Problem
from ipstats.dataset import schema
from ipstats.dataset.csvio import read_csv
from ipstats.dataset.textnorm import has_non_ascii_digits


@dataclass
class Row:
    """One typed row, with where it came from."""

    file: str
    line: int
    values: dict[str, Any]
    raw: dict[str, str]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


# Control characters (NUL, form feed, ...), the Unicode line/paragraph separators and the
# byte-order mark are invisible and break matching and display; no field may hold one.
# (A line break inside a cell is reported by csvio as a row spanning lines.)
_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def control_message(cell: str, m: re.Match) -> str:
    """Say which invisible character a cell holds, where, and what to do.

    >>> control_message("ab", _CONTROL.search(chr(0) + "b"))
    'contains the invisible control character U+0000 at character 1; delete it (retype the text around it if unsure)'
    """
    return (f"contains the invisible control character U+{ord(m.group()):04X} at character "
            f"{m.start() + 1}; delete it (retype the text around it if unsure)")


_UNIT_IN_VALUE = re.compile(r"^\s*[-+]?\d[\d,.]*\s*\D+$")


def _explain_number(cell: str, field: dict) -> str:
    """A specific message for a cell that should be a number."""
    if has_non_ascii_digits(cell):
        ascii_form = "".join(str(int(c)) if c.isdigit() else c for c in cell)
        return (f"full-width or non-ASCII digits are not accepted (they are easily misread); "
                f"write {ascii_form.strip()!r} with ASCII digits 0-9")
    if _UNIT_IN_VALUE.match(cell):
        number = re.match(r"\s*[-+]?[\d,.]+", cell).group().strip()
        unit = cell.strip()[len(number):].strip()
        hint = f" and {unit!r} in 'unit'" if field["name"] == "value" else ""
        return f"the unit is inside the number: write {number!r} in '{field['name']}'{hint}"
    kind = "a whole number" if field["type"] == "integer" else "a number"
    return f"expected {kind} written with ASCII digits, e.g. 2.5"


def _explain_constraint(note: str, field: dict) -> str:
    cons = field.get("constraints", {})
    if note.startswith('constraint "required"'):
        return "a value is required here"
    if note.startswith('constraint "enum"'):
        return "expected one of: " + ", ".join(cons["enum"])
    if note.startswith('constraint "minimum"'):
        return f"expected a value >= {cons['minimum']}" + (
            " (values are written as positive numbers; the comparator says the direction)"
            if field["name"] == "value" else "")
    if note.startswith('constraint "maximum"'):
        return f"expected a value <= {cons['maximum']}"
    if note.startswith('constraint "pattern"'):
        return f"expected text matching {cons['pattern']} ({field['description']})"
    return note


def _typed(cell: str, field: dict) -> Any:
    cell = cell.strip()
    if cell == "":
        return None
    kind = field["type"]
    if kind == "number":
        return float(cell)
    if kind == "integer":
        return int(cell)
    if kind == "boolean":
        return cell == "true"
    if kind == "date":
        return dt.date.fromisoformat(cell)
    return cell


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
    bad: set[tuple[int, str]] = set()
    width = len(table.header)
    for ln, row in zip(table.lines, table.rows):
        if len(row) != width:
            problems.append(Problem(display, ln, None, None,
                                    f"this row has {len(row)} cells but the header has {width}; "
                                    "check for an unquoted comma or a missing cell"))
            bad.add((ln, "*"))
            continue
        for name, cell in zip(table.header, row):
            f = by_name[name]
            if (bad_char := _CONTROL.search(cell)) is not None:
                problems.append(Problem(display, ln, name, cell, control_message(cell, bad_char)))
                bad.add((ln, name))
                continue
            if f["type"] in ("number", "integer") and cell.strip():
                if has_non_ascii_digits(cell) or _UNIT_IN_VALUE.match(cell):
                    problems.append(Problem(display, ln, name, cell, _explain_number(cell, f)))
                    bad.add((ln, name))
    _frictionless_check(table, resource, display, by_name, bad, problems)
    rows = []
    for ln, row in zip(table.lines, table.rows):
        if (ln, "*") in bad:
            continue
        values = {}
        for name, cell in zip(table.header, row):
            try:
                values[name] = None if (ln, name) in bad else _typed(cell, by_name[name])
            except ValueError:
                values[name] = None
        rows.append(Row(display, ln, values, dict(zip(table.header, row))))
    return rows


def _frictionless_check(table, resource, display, by_name, bad, problems) -> None:
    import frictionless  # lazy: slow to import; only validation needs it

    good = [(ln, r) for ln, r in zip(table.lines, table.rows) if (ln, "*") not in bad]
    data = [table.header] + [[c.strip() for c in r] for _, r in good]
    report = frictionless.Resource(data=data, schema=schema.frictionless_schema(resource)).validate()
    keys = schema.resource(resource)["schema"].get("primaryKey", [])
    for err in report.flatten(["type", "rowNumber", "fieldName", "cell", "note"]):
        etype, rownum, fname, cell, note = err
        ln = good[rownum - 2][0] if rownum and 2 <= rownum <= len(good) + 1 else None
        if fname and ln is not None and (ln, fname) in bad:
            continue
        if etype == "type-error":
            f = by_name[fname]
            msg = (_explain_number(cell, f) if f["type"] in ("number", "integer")
                   else f"expected a {f['type']}" + (" in the form YYYY-MM-DD" if f["type"] == "date" else ""))
            problems.append(Problem(display, ln, fname, cell, msg))
        elif etype == "constraint-error":
            problems.append(Problem(display, ln, fname, cell, _explain_constraint(note, by_name[fname])))
        elif etype in ("primary-key", "unique-error"):
            first = re.search(r"position (\d+)", note or "")
            first_ln = good[int(first.group(1)) - 2][0] if first else None
            key = keys[0] if keys else fname
            value = dict(zip(table.header, good[rownum - 2][1])).get(key) if ln else None
            problems.append(Problem(display, ln, key, value,
                                    f"duplicate {key}: the same value is on line {first_ln}; "
                                    "each row needs its own"))
        else:
            problems.append(Problem(display, ln, fname, cell, note or etype))
        if fname and ln is not None:
            bad.add((ln, fname))

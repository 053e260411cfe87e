"""Check every cell of a table against its field in the schema, column by column.

Types (number, integer, boolean, date, string) and constraints (required, enum, pattern,
minimum, maximum) and the primary key are read from ``datapackage.json``, as Frictionless
would, but checked one column at a time and each distinct value once: a column of 10^6 cells
holds few distinct values for most fields, so a million-row table is checked in seconds. The
typed value of each distinct cell is computed once too and shared by every row that holds it
(which also keeps one string object per distinct value in memory).

>>> f = {"name": "value", "type": "number", "constraints": {"minimum": 0}}
>>> col = Column(f, ["1.5", "-2", "x", "1.5"])
>>> [(i, msg) for i, msg in col.problems()]
[(1, 'expected a value >= 0 (values are written as positive numbers; the comparator says the direction)'), (2, 'expected a number written with ASCII digits, e.g. 2.5')]
>>> col.typed()
[1.5, None, None, 1.5]
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ipstats.dataset.textnorm import has_non_ascii_digits

# Control characters (NUL, form feed, ...), the Unicode line/paragraph separators and the
# byte-order mark are invisible and break matching and display; no field may hold one. The
# tab is the exception: it separates the cells of a table row quoted verbatim (a quote of a
# tab-separated indicator table). (A line break inside a cell is reported by csvio as a row
# spanning lines.)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
UNIT_IN_VALUE = re.compile(r"^\s*[-+]?\d[\d,.]*\s*\D+$")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_INTEGER = re.compile(r"[-+]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BAD = object()


def control_message(m: re.Match) -> str:
    """Say which invisible character a cell holds, where, and what to do.

    >>> control_message(CONTROL.search("a" + chr(0)))
    'contains the invisible control character U+0000 at character 2; delete it (retype the text around it if unsure)'
    """
    return (f"contains the invisible control character U+{ord(m.group()):04X} at character "
            f"{m.start() + 1}; delete it (retype the text around it if unsure)")


def explain_number(cell: str, field: dict) -> str:
    """A specific message for a cell that should be a number."""
    if has_non_ascii_digits(cell):
        ascii_form = "".join(str(int(c)) if c.isdigit() else c for c in cell)
        return (f"full-width or non-ASCII digits are not accepted (they are easily misread); "
                f"write {ascii_form.strip()!r} with ASCII digits 0-9")
    if UNIT_IN_VALUE.match(cell):
        lead = re.match(r"\s*[-+]?[\d,.]+", cell)
        number = lead.group().strip() if lead else cell.strip()
        unit = cell.strip()[len(number):].strip()
        hint = f" and {unit!r} in 'unit'" if field["name"] == "value" else ""
        return f"the unit is inside the number: write {number!r} in '{field['name']}'{hint}"
    kind = "a whole number" if field["type"] == "integer" else "a number"
    return f"expected {kind} written with ASCII digits, e.g. 2.5"


def _parser(field: dict) -> Callable[[str], Any]:
    """Stripped, non-empty cell -> typed value, or _BAD."""
    kind = field["type"]
    if kind == "number":
        return lambda c: float(c) if _NUMBER.fullmatch(c) else _BAD
    if kind == "integer":
        return lambda c: int(c) if _INTEGER.fullmatch(c) else _BAD
    if kind == "boolean":
        true, false = field.get("trueValues", ["true"]), field.get("falseValues", ["false"])
        return lambda c: True if c in true else False if c in false else _BAD

    if kind == "date":
        def date(c: str) -> Any:
            if not _DATE.fullmatch(c):
                return _BAD
            try:
                return dt.date.fromisoformat(c)
            except ValueError:
                return _BAD
        return date
    return lambda c: c


def _type_message(cell: str, field: dict) -> str:
    if field["type"] in ("number", "integer"):
        return explain_number(cell, field)
    return f"expected a {field['type']}" + (" in the form YYYY-MM-DD" if field["type"] == "date"
                                            else "")


def _constraint_message(value: Any, field: dict, pattern: re.Pattern | None = None) -> str | None:
    cons = field.get("constraints", {})
    if "enum" in cons and value not in cons["enum"]:
        return "expected one of: " + ", ".join(cons["enum"])
    if "pattern" in cons and not (pattern or re.compile(cons["pattern"])).fullmatch(value):
        return f"expected text matching {cons['pattern']} ({field['description']})"
    if "minimum" in cons and value < cons["minimum"]:
        return f"expected a value >= {cons['minimum']}" + (
            " (values are written as positive numbers; the comparator says the direction)"
            if field["name"] == "value" else "")
    if "maximum" in cons and value > cons["maximum"]:
        return f"expected a value <= {cons['maximum']}"
    return None


class Column:
    """One column's cells (as read) and its field: :meth:`problems` and :meth:`typed`."""

    def __init__(self, field: dict, cells: list[str]):
        self.field, self.cells = field, cells
        self._verdict: dict[str, tuple[Any, str | None]] = {}
        self._parse = _parser(field)
        pattern = field.get("constraints", {}).get("pattern")
        self._pattern = re.compile(pattern) if pattern else None

    def _judge(self, cell: str, no_control: bool = False) -> tuple[Any, str | None]:
        """(typed value or None, problem message or None) for one distinct cell;
        ``no_control``: the column is known to hold no control character."""
        field = self.field
        if not no_control and (m := CONTROL.search(cell)) is not None:
            return None, control_message(m)
        text = cell.strip()
        if not text:
            required = field.get("constraints", {}).get("required", False)
            return None, "a value is required here" if required else None
        if field["type"] in ("number", "integer") and (
                has_non_ascii_digits(text) or UNIT_IN_VALUE.match(text)):
            return None, explain_number(cell, field)
        value = self._parse(text)
        if value is _BAD:
            return None, _type_message(text, field)
        message = _constraint_message(value, field, self._pattern)
        return (None, message) if message else (value, None)

    def verdicts(self) -> dict[str, tuple[Any, str | None]]:
        if not self._verdict:
            distinct = set(self.cells)
            # one search over the whole column instead of one per cell (\n is not CONTROL)
            clean = CONTROL.search("\n".join(distinct)) is None
            self._verdict = {c: self._judge(c, clean) for c in distinct}
        return self._verdict

    def problems(self) -> list[tuple[int, str]]:
        """(row index, message) for every bad cell, in row order."""
        bad = {c: msg for c, (_, msg) in self.verdicts().items() if msg}
        return [(i, bad[c]) for i, c in enumerate(self.cells) if c in bad] if bad else []

    def typed(self) -> list[Any]:
        """The typed value of each cell (None where empty or bad)."""
        value_of = {c: v for c, (v, _) in self.verdicts().items()}
        return list(map(value_of.__getitem__, self.cells))


def duplicate_keys(keys: list[tuple], lines: list[int]) -> list[tuple[int, int]]:
    """(row index, line of the first row with the same key) for every repeated key; keys with
    an empty part are skipped (``required`` reports them)."""
    first: dict[tuple, int] = {}
    out = []
    for i, key in enumerate(keys):
        if any(k is None for k in key):
            continue
        if key in first:
            out.append((i, lines[first[key]]))
        else:
            first[key] = i
    return out

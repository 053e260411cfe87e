"""Validate ``raw/observations.csv``: one of :data:`ipstats.dataset.validate.TABLE_CHECKS`.

Types, required citation fields (publisher, title, url, date_retrieved), enums and the unique
key (jurisdiction, indicator, year, publisher) are checked against the field dictionary when the
table is read. This check adds, each with file, line, column and value:

* the jurisdiction and the indicator exist, and the indicator is quantitative;
* the unit is declared in units.csv and can measure the indicator;
* a cumulative figure says where its sum starts, and only a cumulative one does;
* the year is plausible: not after the year the figure was published or retrieved;
* citation fields are not placeholders ("unknown", "unidentified");
* no cell holds a control character (invisible, usually pasted from a web page).

>>> control_characters("ok\\u0007")
[(3, '\\x07')]
>>> is_placeholder("Unidentified"), is_placeholder("人民日报")
(True, False)
"""
from __future__ import annotations

import difflib
import re

from ipstats.core.problems import Problem
from ipstats.dataset.model import Dataset
from ipstats.dataset.read import Row
from ipstats.dataset.units import compatible, unit_key

TABLE = "observations"
CITATION_FIELDS = ("publisher", "title", "url", "date_retrieved")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PLACEHOLDERS = {"", "unknown", "unidentified", "n/a", "na", "none", "-", "?", "tbd", "todo",
                 "不详", "未知"}


def control_characters(text: str) -> list[tuple[int, str]]:
    """(1-based position, character) of every control character in ``text``."""
    return [(m.start() + 1, m.group()) for m in _CONTROL.finditer(text)]


def is_placeholder(text: str) -> bool:
    """True for a cell that stands in for a missing citation field."""
    return text.strip().lower().rstrip(".") in _PLACEHOLDERS


def check_observations(ds: Dataset, problems: list[Problem]) -> None:
    """The TABLE_CHECKS entry: cross-table and domain checks of every observation row."""
    rows: list[Row] = ds.tables.get(TABLE, [])
    jurisdictions = ds.index("jurisdictions", "jurisdiction_id")
    indicators = ds.index("indicators", "indicator_id")
    for r in rows:
        _check_cells(r, problems)
        _check_reference(r, "jurisdiction_id", jurisdictions, "jurisdiction",
                         "Add it to jurisdictions.csv first.", problems)
        ind = _check_reference(r, "indicator_id", indicators, "indicator",
                               "Use the indicator that measures exactly this variant, or add "
                               "it to indicators.csv.", problems)
        if ind is not None and ind["basis"] == "qualitative":
            problems.append(Problem(r.file, r.line, "indicator_id", r["indicator_id"],
                                    "a qualitative indicator (a milestone) takes no observed "
                                    "value; use a quantitative indicator"))
        _check_unit(ds, r, ind, problems)
        _check_period(r, problems)
        _check_dates(r, problems)


def _check_cells(r: Row, problems: list[Problem]) -> None:
    for col, cell in r.raw.items():
        for pos, char in control_characters(cell):
            problems.append(Problem(r.file, r.line, col, cell[:40],
                                    f"control character U+{ord(char):04X} at position {pos}: "
                                    "delete it (invisible characters usually come from "
                                    "copying a web page)"))
    for col in ("publisher", "title"):
        cell = r.raw.get(col, "")
        if cell.strip() and is_placeholder(cell):
            problems.append(Problem(r.file, r.line, col, cell,
                                    f"a placeholder is not a citation: name the {col} as the "
                                    "source shows it, or leave the figure out"))


def _check_reference(r: Row, key: str, index: dict[str, Row], what: str, hint: str,
                     problems: list[Problem]) -> Row | None:
    value = r[key]
    if value is None:
        return None  # empty or malformed: already reported by the schema check
    if value in index:
        return index[value]
    close = difflib.get_close_matches(value, list(index), n=1)
    shown = f"did you mean {close[0]}?" if close else f"expected one of the {len(index)} ids"
    problems.append(Problem(r.file, r.line, key, value, f"unknown {what}: {shown} {hint}"))
    return None


def _check_unit(ds: Dataset, r: Row, ind: Row | None, problems: list[Problem]) -> None:
    if r["unit"] is None:
        return
    unit = ds.units.get(unit_key(r["unit"]))
    if unit is None:
        problems.append(Problem(r.file, r.line, "unit", r["unit"],
                                f"undeclared unit: expected one of {', '.join(sorted(ds.units))}; "
                                "to add one, declare its conversion in units.csv"))
    elif ind is not None and ind["unit_std"] and not compatible(ind["unit_std"], unit.base_unit,
                                                                 ds.base_units):
        problems.append(Problem(r.file, r.line, "unit", r["unit"],
                                f"a {unit.base_unit} unit cannot measure {ind['indicator_id']} "
                                f"(standard unit {ind['unit_std']}); a growth rate or a share "
                                "is a different indicator from a level"))


def _check_period(r: Row, problems: list[Problem]) -> None:
    start, year = r["period_start_year"], r["year"]
    if r["basis"] == "cumulative" and start is None and not r.raw.get("period_start_year", "").strip():
        problems.append(Problem(r.file, r.line, "period_start_year", "",
                                "a cumulative figure needs the first year of its sum"))
    elif r["basis"] in ("stock", "flow") and start is not None:
        problems.append(Problem(r.file, r.line, "period_start_year", str(start),
                                f"only a cumulative figure has a period start; leave it empty "
                                f"or set basis to cumulative (found basis {r['basis']})"))
    if start is not None and year is not None and start > year:
        problems.append(Problem(r.file, r.line, "period_start_year", str(start),
                                f"expected a year <= year ({year})"))


def _check_dates(r: Row, problems: list[Problem]) -> None:
    year, retrieved = r["year"], r["date_retrieved"]
    published = r["date_published"]
    pub_year = int(published[:4]) if published and published[:4].isdigit() else None
    if year is not None and pub_year is not None and year > pub_year:
        problems.append(Problem(r.file, r.line, "year", str(year),
                                f"the figure's year is after its publication ({published}); "
                                "expected the year the figure describes, not a later one"))
    if year is not None and retrieved is not None and year > retrieved.year:
        problems.append(Problem(r.file, r.line, "year", str(year),
                                f"the figure's year is after the page was retrieved "
                                f"({retrieved.isoformat()}); a future year cannot be observed"))
    if pub_year is not None and retrieved is not None and published > retrieved.isoformat()[:len(published)]:
        problems.append(Problem(r.file, r.line, "date_published", published,
                                f"published after it was retrieved ({retrieved.isoformat()}); "
                                "check both dates"))

"""Validate stage: load every raw table, check cross-table references, domain rules and
provenance. Collects every problem; raises :class:`ValidationError` listing them all.
"""
from __future__ import annotations

from pathlib import Path

from ipstats.core.paths import DataDir, DataPaths, data_paths
from ipstats.core.problems import Problem, ValidationError
from ipstats.dataset import schema
from ipstats.dataset.measures.validate import check_measures
from ipstats.dataset.model import Dataset, TableCheck
from ipstats.dataset.numerals import MeasureWords
from ipstats.dataset.observations.validate import check_observations
from ipstats.dataset.provenance import (
    check_quote,
    check_source,
    check_table_row,
    number_in_quote,
    range_in_quote,
    source_text,
)
from ipstats.dataset.read import Row, load_table, set_column
from ipstats.dataset.references import check_foreign_keys
from ipstats.dataset.targetrules import check_target_rules, effective_basis
from ipstats.dataset.textnorm import NormalisedText, normalise
from ipstats.dataset.units import Unit, compatible, unit_key

MAX_YEARS_AHEAD = 30  # a target further than this beyond its document is a typo


def validate(data_dir: DataDir = None) -> Dataset:
    """Check the raw data in ``data_dir``; return it typed, or raise ValidationError."""
    paths = data_paths(data_dir)
    problems: list[Problem] = []
    ds = Dataset(paths)
    if not paths.raw.is_dir():
        raise ValidationError([Problem(str(paths.raw), None, None, None,
                                       "no raw/ folder here; pass --data-dir pointing at a "
                                       "folder that holds raw/")])
    for res in schema.raw_resources():
        if "{doc_id}" in res["path"]:
            continue  # per-document tables (targets, ...) are loaded by their own step
        path = paths.raw / res["path"].removeprefix("raw/")
        if not path.is_file():
            problems.append(Problem(_rel(paths, path), None, None, None,
                                    f"missing table: create it with the header "
                                    f"{','.join(schema.field_names(res['name']))}"))
            continue
        ds.tables[res["name"]] = load_table(path, res["name"], _rel(paths, path), problems)
    _load_targets(ds, problems)
    _declared_units(ds, problems)
    _check_documents(ds, problems)
    _check_targets(ds, problems)
    for check in TABLE_CHECKS:
        check(ds, problems)
    check_foreign_keys(ds, problems)
    _check_cycles(ds.tables.get("jurisdictions", []), problems)
    if problems:
        raise ValidationError(problems)
    return ds


# Families of tables checked after the core tables, in order (see ipstats.dataset.model).
TABLE_CHECKS: tuple[TableCheck, ...] = (check_measures, check_observations)


def _rel(paths: DataPaths, path: Path) -> str:
    try:
        return str(path.relative_to(paths.root))
    except ValueError:
        return str(path)


def _load_targets(ds: Dataset, problems: list[Problem]) -> None:
    paths = ds.paths
    files = sorted(paths.targets_dir.glob("*.csv")) if paths.targets_dir.is_dir() else []
    docs = {r["doc_id"] for r in ds.tables.get("documents", [])}
    for doc_id in sorted(docs - {f.stem for f in files}):
        problems.append(Problem(_rel(paths, paths.targets_dir / f"{doc_id}.csv"), None, None, None,
                                f"document {doc_id} has no targets file; create it (with only "
                                "the header if the document sets no target) so its absence of "
                                "targets is stated, not silent"))
    seen: dict[str, Row] = {}  # target_id -> its first row
    for f in files:
        rel = _rel(paths, f)
        rows = load_table(f, "targets", rel, problems)
        if f.stem not in docs and ds.tables.get("documents") is not None:
            problems.append(Problem(rel, None, None, f.stem,
                                    "unknown document: the file name must be a doc_id listed in "
                                    "documents.csv"))
        doc_id = f.stem
        set_column(rows, "doc_id", doc_id)
        for row in rows:
            tid = row["target_id"]
            if tid in seen and seen[tid].file != rel:
                problems.append(Problem(rel, row.line, "target_id", tid,
                                        f"duplicate target_id: already used in {seen[tid].file} "
                                        f"line {seen[tid].line}; each target needs its own id"))
            elif tid:
                seen.setdefault(tid, row)
        ds.targets.extend(rows)


def _declared_units(ds: Dataset, problems: list[Problem]) -> None:
    """Index units.csv by the lookup key of each unit (so 萬件 finds 万件), with the base unit
    of each and of each standard unit (standard_units.csv)."""
    first: dict[str, Row] = {}
    for r in ds.tables.get("units", []):
        key = unit_key(r["unit"] or "")
        if r["unit"] and key in first:
            problems.append(Problem(r.file, r.line, "unit", r["unit"],
                                    f"the same unit as {first[key]['unit']} on line "
                                    f"{first[key].line} (both read {key}); keep one row"))
        first.setdefault(key, r)
    ds.units = {unit_key(r["unit"]): Unit(unit_key(r["unit"]), r["base_unit"], r["multiplier"])
                for r in ds.tables.get("units", []) if r["unit"] and r["multiplier"] is not None}
    ds.base_units = {r["unit_std"]: r["base_unit"] for r in ds.tables.get("standard_units", [])
                     if r["unit_std"] and r["base_unit"]}
    ds.measure_words = MeasureWords.of(ds.units, (unit_key(r["unit"]) for r in
                                                  ds.tables.get("measure_words", []) if r["unit"]))


def _check_cycles(rows: list[Row], problems: list[Problem]) -> None:
    """A parent chain that returns to where it started (china -> zhejiang -> china)."""
    parent = {r["jurisdiction_id"]: r for r in rows if r["jurisdiction_id"]}
    reported: set[str] = set()
    for start in parent:
        chain, cur = [], start
        while cur in parent and cur not in chain:
            chain.append(cur)
            cur = parent[cur]["parent_id"]
        if cur in chain and cur not in reported:
            cycle = chain[chain.index(cur):]
            reported.update(cycle)
            first = min((parent[j] for j in cycle), key=lambda r: r.line)
            problems.append(Problem(first.file, first.line, "parent_id", first["parent_id"],
                                    "the parent chain is a cycle ("
                                    + " -> ".join(cycle[cycle.index(first["jurisdiction_id"]):]
                                                  + cycle[:cycle.index(first["jurisdiction_id"])]
                                                  + [first["jurisdiction_id"]])
                                    + "); a jurisdiction cannot be its own ancestor, and the "
                                    "national level has no parent"))


def _check_documents(ds: Dataset, problems: list[Problem]) -> None:
    for d in ds.tables.get("documents", []):
        if d["effective_from"] and d["effective_to"] and d["effective_from"] > d["effective_to"]:
            problems.append(Problem(d.file, d.line, "effective_to", str(d["effective_to"]),
                                    "effective_to is before effective_from"))
        if not d["source_file"]:
            continue
        path = ds.paths.source_path(d["source_file"])
        if path is None:
            problems.append(Problem(d.file, d.line, "source_file", d["source_file"],
                                    "expected the name of a file in raw/sources/; this path "
                                    "leads outside it. Copy the source into raw/sources/ and "
                                    "give its file name"))
            continue
        if check_source(d.file, d.line, path, d["sha256"] or "", problems):
            ds.sources[d["doc_id"]] = source_text(path, d["sha256"])


def reference_year(doc: Row) -> int | None:
    """The year a document speaks from: issue, else publication, else effective_from."""
    for key in ("issue_date", "publication_date", "effective_from"):
        if doc[key]:
            return doc[key].year
    return None


def _check_targets(ds: Dataset, problems: list[Problem]) -> None:
    indicators = ds.index("indicators", "indicator_id")
    docs = ds.index("documents", "doc_id")
    quotes: dict[tuple, tuple[int | None, list[Problem]]] = {}
    numbers: dict[tuple, list[str]] = {}  # a quote's numbers, checked once per distinct cells
    years = {doc_id: reference_year(doc) for doc_id, doc in docs.items()}
    for t in ds.targets:
        ind = indicators.get(t["indicator_id"])
        basis = effective_basis(t, ind)
        kind, doc_id = t["kind"], t["doc_id"]
        check_target_rules(t, problems)
        if kind == "numeric":
            _check_numeric(ds, t, ind, problems, numbers)
        elif kind == "milestone":
            raw = t.raw
            for col in ("comparator", "value", "unit"):
                if raw.get(col, "").strip():
                    problems.append(Problem(t.file, t.line, col, raw[col],
                                            "a milestone has no comparator, value or unit; "
                                            "leave it empty or set kind to numeric"))
            if ind and ind["basis"] != "qualitative":
                problems.append(Problem(t.file, t.line, "indicator_id", t["indicator_id"],
                                        "a milestone needs a qualitative indicator (basis "
                                        "qualitative)"))
        start, target_year = t["period_start_year"], t["target_year"]
        if basis == "cumulative" and start is None and kind == "numeric":
            problems.append(Problem(t.file, t.line, "period_start_year", "",
                                    "the indicator is cumulative: give the first year of the "
                                    "period it sums over"))
        if start and target_year and start > target_year:
            problems.append(Problem(t.file, t.line, "period_start_year", str(start),
                                    f"expected a year <= target_year ({target_year})"))
        year = years.get(doc_id)
        if year and target_year is not None:
            if target_year < year:
                problems.append(Problem(t.file, t.line, "target_year", t.raw["target_year"],
                                        f"the target year is before the document ({year}); "
                                        "expected a year from the document's own year on"))
            elif target_year > year + MAX_YEARS_AHEAD:
                problems.append(Problem(t.file, t.line, "target_year", t.raw["target_year"],
                                        f"implausibly far ahead of the document ({year}); "
                                        f"expected at most {year + MAX_YEARS_AHEAD}"))
        if t["quote"] and doc_id in ds.sources:
            _check_provenance(ds, t, docs[doc_id]["source_file"], quotes, problems)


def _check_provenance(ds: Dataset, t: Row, source_name: str,
                      memo: dict[tuple, tuple[int | None, list[Problem]]],
                      problems: list[Problem]) -> None:
    """The quote (and baseline quote) of ``t`` in its source, and a table row's cells. Each
    distinct quote is matched once, however many rows share it (``memo``)."""
    src = ds.sources[t["doc_id"]]
    line, found = _matched(memo, (t["doc_id"], "quote", t["quote"]), t["quote"], src,
                           source_name, "quote")
    problems.extend(Problem(t.file, t.line, p.column, p.value, p.message) for p in found)
    if line is not None and t["target_id"]:
        ds.source_lines[t["target_id"]] = line
    if t["source_table_row"] and t["kind"] == "numeric" and line is not None:
        cells = (t["value"], t["value_high"], t["unit"] or "", t["quote"], line, t["target_year"])
        if ("row", cells) not in memo:
            msg = check_table_row(cells[0], cells[1], cells[2], cells[3], src, line, cells[5])
            memo["row", cells] = (None, [] if msg is None else [
                Problem("", 0, "quote", t["quote"][:40], msg)])
        problems.extend(Problem(t.file, t.line, p.column, p.value, p.message)
                        for p in memo["row", cells][1])
    if t["baseline_quote"]:
        _, found = _matched(memo, (t["doc_id"], "baseline_quote", t["baseline_quote"]),
                            t["baseline_quote"], src, source_name, "baseline_quote")
        problems.extend(Problem(t.file, t.line, p.column, p.value, p.message) for p in found)


def _matched(memo: dict[tuple, tuple[int | None, list[Problem]]], key: tuple, quote: str,
             src: NormalisedText, source_name: str, column: str
             ) -> tuple[int | None, list[Problem]]:
    """check_quote's line and problems (without file and line) for one distinct quote."""
    if key not in memo:
        found: list[Problem] = []
        memo[key] = (check_quote("", 0, quote, src, source_name, found, column=column), found)
    return memo[key]


def _check_numeric(ds: Dataset, t: Row, ind: Row | None, problems: list[Problem],
                   memo: dict[tuple, list[str]]) -> None:
    raw = t.raw
    for col in ("comparator", "value"):
        if not raw.get(col, "").strip():
            problems.append(Problem(t.file, t.line, col, "",
                                    f"a numeric target needs a {col}"))
    if not raw.get("unit", "").strip():
        problems.append(Problem(t.file, t.line, "unit", "",
                                "a numeric target needs a unit; write (none) if the text has "
                                "no measure word"))
        return
    key = unit_key(t["unit"])
    unit = ds.units.get(key)
    if unit is None:
        problems.append(Problem(t.file, t.line, "unit", t["unit"],
                                f"undeclared unit: expected one of {', '.join(sorted(ds.units))}; "
                                "to add one, declare its conversion in units.csv"))
    elif ind and ind["unit_std"] in ds.base_units and not t["relative"] and not compatible(
            ind["unit_std"], unit.base_unit, ds.base_units):
        problems.append(Problem(t.file, t.line, "unit", t["unit"],
                                f"a {unit.base_unit} unit cannot measure {ind['indicator_id']} "
                                f"(standard unit {ind['unit_std']}, a quantity of "
                                f"{ds.base_units[ind['unit_std']]}; standard_units.csv)"))
    if effective_basis(t, ind) == "qualitative":
        problems.append(Problem(t.file, t.line, "indicator_id", t["indicator_id"],
                                "a numeric target needs a quantitative indicator"))
    if t["source_table_row"] or not t["quote"]:
        return  # a table row is checked cell by cell (provenance.check_table_row)
    # The check depends on these cells only: rows that repeat them (a quote shared by many
    # targets) are checked once and share the outcome.
    key_cells = (t["quote"], t["unit"], raw.get("value"), raw.get("value_high"),
                 raw.get("baseline_value"), bool(t["baseline_quote"]))
    messages = memo.get(key_cells)
    if messages is None:
        messages = memo[key_cells] = _numbers_in_quote(ds, t, key)
    problems.extend(Problem(t.file, t.line, "quote", t["quote"][:40], m) for m in messages)


def _numbers_in_quote(ds: Dataset, t: Row, key: str) -> list[str]:
    """Messages for each of value, value_high and baseline_value that the quote of ``t``
    does not state (with its unit)."""
    messages = []
    quote = normalise(t["quote"])
    for col, unit_text in (("value", t["unit"]), ("value_high", t["unit"]),
                           ("baseline_value", None)):
        if t[col] is None or (col == "baseline_value" and t["baseline_quote"]):
            continue
        written = t.raw[col].strip()
        if unit_text is None:  # a baseline: its number, in whatever unit the text gives
            ok = number_in_quote(written, "", quote, ds.measure_words) or any(
                number_in_quote(written, u, quote, ds.measure_words) for u in ds.units)
        else:
            ok = number_in_quote(written, unit_text, quote, ds.measure_words) or (
                col == "value_high" and number_in_quote(written, "", quote, ds.measure_words))
        if not ok and col in ("value", "value_high") and t["value_high"] is not None:
            ok = range_in_quote(t.raw["value"].strip(), t.raw["value_high"].strip(),
                                t["unit"] or "", quote)
        if not ok and not _no_digit_number(t, col, quote):
            shown = written + ("" if unit_text is None or key == "(none)" else key)
            messages.append(f"the quote does not contain the {col.replace('_', ' ')} "
                            f"and unit {shown}; quote the clause that states the "
                            "number, and write the value exactly as the text does")
    return messages


# Numbers the text states without a digit: 翻一番 / 翻番 (2 倍), 翻两番 (4 倍), 超万亿元 (1 万亿元).
NO_DIGIT_NUMBERS = {("2", "倍"): ("翻一番", "翻番"), ("4", "倍"): ("翻两番",),
                    ("1", "万亿元"): ("万亿元",), ("1", "亿元"): ("超亿元",)}


def _no_digit_number(t: Row, col: str, quote: str) -> bool:
    """True where the quote states the value without a digit (翻两番 is 4 倍)."""
    if col != "value":
        return False
    value = t.raw["value"].strip().removesuffix(".0")
    return any(w in quote for w in NO_DIGIT_NUMBERS.get((value, unit_key(t["unit"])), ()))


"""Validate stage: load every raw table, check cross-table references, domain rules and
provenance. Collects every problem; raises :class:`ValidationError` listing them all.
"""
from __future__ import annotations

import difflib
import functools

from ipstats.core.paths import DataPaths, data_paths
from ipstats.core.problems import Problem, ValidationError
from ipstats.dataset import schema
from ipstats.dataset.measures.validate import check_measures
from ipstats.dataset.model import Dataset, TableCheck
from ipstats.dataset.provenance import (
    check_quote,
    check_source,
    number_in_quote,
    source_text,
)
from ipstats.dataset.read import Row, load_table
from ipstats.dataset.textnorm import normalise
from ipstats.dataset.units import Unit, compatible, unit_key

MAX_YEARS_AHEAD = 30  # a target further than this beyond its document is a typo


def validate(data_dir=None) -> Dataset:
    """Check the raw data in ``data_dir``; return it typed, or raise ValidationError."""
    paths = data_dir if isinstance(data_dir, DataPaths) else data_paths(data_dir)
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
    _check_references(ds, problems)
    _check_documents(ds, problems)
    _check_targets(ds, problems)
    for check in TABLE_CHECKS:
        check(ds, problems)
    if problems:
        raise ValidationError(problems)
    return ds


# Families of tables checked after the core tables, in order (see ipstats.dataset.model).
TABLE_CHECKS: tuple[TableCheck, ...] = (check_measures,)


def _rel(paths: DataPaths, path) -> str:
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
    seen: dict[str, tuple[str, int]] = {}
    for f in files:
        rel = _rel(paths, f)
        rows = load_table(f, "targets", rel, problems)
        if f.stem not in docs and ds.tables.get("documents") is not None:
            problems.append(Problem(rel, None, None, f.stem,
                                    "unknown document: the file name must be a doc_id listed in "
                                    "documents.csv"))
        doc_id = f.stem
        for row in rows:
            row["doc_id"] = doc_id
            tid = row["target_id"]
            if tid in seen and seen[tid][0] != rel:
                problems.append(Problem(rel, row.line, "target_id", tid,
                                        f"duplicate target_id: already used in {seen[tid][0]} "
                                        f"line {seen[tid][1]}; each target needs its own id"))
            elif tid:
                seen.setdefault(tid, (rel, row.line))
            ds.targets.append(row)


def _ref(rows, key, index, target_name, problems, hint, allow_empty=False) -> None:
    for r in rows:
        v = r[key]
        if v is None:
            if not allow_empty and r.raw.get(key, "").strip() == "":
                continue  # already reported as required by the schema
            continue
        if v not in index:
            close = difflib.get_close_matches(v, list(index), n=1)
            shown = (f"did you mean {close[0]}?" if close else
                     "expected one of " + (", ".join(sorted(index)) if len(index) <= 12
                                           else f"the {len(index)} ids in that table"))
            problems.append(Problem(r.file, r.line, key, v,
                                    f"unknown {target_name}: {shown} {hint}"))


def _check_references(ds: Dataset, problems: list[Problem]) -> None:
    jur = ds.index("jurisdictions", "jurisdiction_id")
    _ref(ds.tables.get("jurisdictions", []), "parent_id", jur, "parent jurisdiction", problems,
         "Add the parent to jurisdictions.csv even if it issues no document.")
    _check_cycles(ds.tables.get("jurisdictions", []), problems)
    _ref(ds.tables.get("documents", []), "jurisdiction_id", jur, "jurisdiction", problems,
         "Add it to jurisdictions.csv first.")
    _ref(ds.tables.get("indicators", []), "family", ds.index("families", "family"), "family",
         problems, "Add it to families.csv first.")
    _ref(ds.targets, "indicator_id", ds.index("indicators", "indicator_id"), "indicator",
         problems, "Add it to indicators.csv, or use an existing id.")
    ds.units = {r["unit"]: Unit(r["unit"], r["unit_std"], r["multiplier"])
                for r in ds.tables.get("units", []) if r["unit"] and r["multiplier"] is not None}


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
    quotes: dict[tuple[str, str], tuple[int | None, list[Problem]]] = {}
    for t in ds.targets:
        ind = indicators.get(t["indicator_id"])
        basis = ind["basis"] if ind else None
        if t["kind"] == "numeric":
            _check_numeric(ds, t, ind, problems)
        elif t["kind"] == "milestone":
            for col in ("comparator", "value", "unit"):
                if t.raw.get(col, "").strip():
                    problems.append(Problem(t.file, t.line, col, t.raw[col],
                                            "a milestone has no comparator, value or unit; "
                                            "leave it empty or set kind to numeric"))
            if ind and basis != "qualitative":
                problems.append(Problem(t.file, t.line, "indicator_id", t["indicator_id"],
                                        "a milestone needs a qualitative indicator (basis "
                                        "qualitative)"))
        if basis == "cumulative" and t["period_start_year"] is None and t["kind"] == "numeric":
            problems.append(Problem(t.file, t.line, "period_start_year", "",
                                    "the indicator is cumulative: give the first year of the "
                                    "period it sums over"))
        if t["period_start_year"] and t["target_year"] and t["period_start_year"] > t["target_year"]:
            problems.append(Problem(t.file, t.line, "period_start_year", str(t["period_start_year"]),
                                    f"expected a year <= target_year ({t['target_year']})"))
        doc = docs.get(t["doc_id"])
        year = reference_year(doc) if doc else None
        if year and t["target_year"] is not None:
            if t["target_year"] < year:
                problems.append(Problem(t.file, t.line, "target_year", t.raw["target_year"],
                                        f"the target year is before the document ({year}); "
                                        "expected a year from the document's own year on"))
            elif t["target_year"] > year + MAX_YEARS_AHEAD:
                problems.append(Problem(t.file, t.line, "target_year", t.raw["target_year"],
                                        f"implausibly far ahead of the document ({year}); "
                                        f"expected at most {year + MAX_YEARS_AHEAD}"))
        src = ds.sources.get(t["doc_id"])
        if src is not None and t["quote"]:
            key = (t["doc_id"], t["quote"])
            if key not in quotes:  # each distinct quote is matched once, however many rows
                found: list[Problem] = []
                quotes[key] = (check_quote("", 0, t["quote"], src,
                                           docs[t["doc_id"]]["source_file"], found), found)
            line, found = quotes[key]
            problems.extend(Problem(t.file, t.line, p.column, p.value, p.message) for p in found)
            if line is not None and t["target_id"]:
                ds.source_lines[t["target_id"]] = line


@functools.lru_cache(maxsize=65536)
def _number_in_quote(value: str, unit: str, quote: str) -> bool:
    """:func:`number_in_quote`, once per distinct (value, unit, quote)."""
    return number_in_quote(value, unit, normalise(quote))


def _check_numeric(ds: Dataset, t: Row, ind: Row | None, problems: list[Problem]) -> None:
    for col in ("comparator", "value", "unit"):
        if not t.raw.get(col, "").strip() and not (col == "unit"):
            problems.append(Problem(t.file, t.line, col, "",
                                    f"a numeric target needs a {col}"))
    if not t.raw.get("unit", "").strip():
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
    elif ind and ind["unit_std"] and not compatible(ind["unit_std"], unit.unit_std):
        problems.append(Problem(t.file, t.line, "unit", t["unit"],
                                f"a {unit.unit_std} unit cannot measure {ind['indicator_id']} "
                                f"(standard unit {ind['unit_std']})"))
    if ind and ind["basis"] == "qualitative":
        problems.append(Problem(t.file, t.line, "indicator_id", t["indicator_id"],
                                "a numeric target needs a quantitative indicator"))
    if t["value"] is not None and t["quote"]:
        if not _number_in_quote(t.raw["value"].strip(), t["unit"], t["quote"]):
            problems.append(Problem(t.file, t.line, "quote", t["quote"][:40],
                                    f"the quote does not contain the value and unit "
                                    f"{t.raw['value'].strip()}{'' if key == '(none)' else key}; "
                                    "quote the clause that states the number, and write the "
                                    "value exactly as the text does"))


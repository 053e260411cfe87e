"""Validate the measures tables: one of :data:`ipstats.dataset.validate.TABLE_CHECKS`.

Checks, each reported with file, line, column and value:

* every ``raw/measures/<doc_id>.csv`` names a document and follows the field dictionary;
* the numbering is the document's own: 1..N with no gap or repeat, N equal to the count of
  numbered measures found in the source, each ``clause`` the number as the source writes it;
* ids are unique and carry their number; theme, department, campaign and target ids exist;
* every quote, heading, title and responsibility clause is found in the source;
* the lead and participating departments are those the responsibility clause names;
* the campaigns listed are exactly those whose declared pattern occurs in the measure's text,
  and the targets listed are exactly those whose quote lies inside it;
* the codebooks: department aliases are unambiguous, campaign patterns compile.
"""
from __future__ import annotations

import re

from ipstats.core.problems import Problem
from ipstats.dataset.csvio import read_regular
from ipstats.dataset.measures.campaigns import (
    campaign_hits,
    compile_patterns,
    pattern_error,
)
from ipstats.dataset.measures.departments import alias_index, resolve, split_ids
from ipstats.dataset.measures.parse import (
    ParsedMeasure,
    numeral_value,
    responsibility_convention,
    split_departments,
    split_measures,
    targets_in_text,
)
from ipstats.dataset.model import Dataset
from ipstats.dataset.provenance import check_quote
from ipstats.dataset.read import Row, load_table
from ipstats.dataset.textnorm import normalise

MEASURE_ID = re.compile(r"^(?P<prefix>[a-z0-9]+)-task(?P<num>\d{3})$")


def parsed_measures(ds: Dataset, doc_id: str) -> list[ParsedMeasure]:
    """The numbered measures found in a document's source text (empty if no source)."""
    cache = ds.parsed_measures
    if doc_id not in cache:
        doc = ds.index("documents", "doc_id").get(doc_id)
        # only a source validation accepted (inside raw/sources/, a regular UTF-8 file)
        path = (ds.paths.source_path(doc["source_file"])
                if doc is not None and doc_id in ds.sources else None)
        text = read_regular(path).decode("utf-8", errors="replace") if path else ""
        cache[doc_id] = (split_measures(text), responsibility_convention(text))
    return cache[doc_id][0]


def measure_lines(ds: Dataset) -> dict[str, int]:
    """measure_id -> source line of its quote, filled by validation (kept apart from the
    targets' ``ds.source_lines``)."""
    return ds.measure_lines


def convention(ds: Dataset, doc_id: str) -> str:
    parsed_measures(ds, doc_id)
    return ds.parsed_measures[doc_id][1]


def load_measures(ds: Dataset, problems: list[Problem]) -> list[Row]:
    """Read every measures file into ``ds.tables['measures']`` (rows carry their doc_id)."""
    rows: list[Row] = []
    folder = ds.paths.measures_dir
    docs = {r["doc_id"] for r in ds.tables.get("documents", [])}
    for f in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        rel = f"raw/measures/{f.name}"
        if f.stem not in docs:
            problems.append(Problem(rel, None, None, f.stem, "unknown document: the file name "
                                    "must be a doc_id listed in documents.csv"))
            continue
        for row in load_table(f, "measures", rel, problems):
            row.values["doc_id"] = f.stem
            rows.append(row)
    ds.tables["measures"] = rows
    return rows


def check_measures(ds: Dataset, problems: list[Problem]) -> None:
    """The TABLE_CHECKS entry: load and check measures and their codebooks."""
    rows = load_measures(ds, problems)
    _check_codebooks(ds, problems)
    by_doc: dict[str, list[Row]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    seen: dict[str, Row] = {}
    # the targets by id and by document, gathered once (not once per document: 10^6 targets)
    targets = {t["target_id"]: t for t in ds.targets if t["target_id"]}
    doc_targets: dict[str, list[tuple[str, str]]] = {}
    for t in ds.targets:
        doc_targets.setdefault(t["doc_id"], []).append((t["target_id"], t["quote"]))
    for doc_id, doc_rows in by_doc.items():
        _check_numbering(ds, doc_id, doc_rows, problems)
        prefixes = set()
        for r in doc_rows:
            mid = r["measure_id"]
            if not mid:
                continue
            if mid in seen and seen[mid].file != r.file:
                problems.append(Problem(r.file, r.line, "measure_id", mid,
                                        f"duplicate measure_id: already used in {seen[mid].file} "
                                        f"line {seen[mid].line}"))
            seen.setdefault(mid, r)
            m = MEASURE_ID.match(mid)
            if m:
                prefixes.add(m["prefix"])
                if r["number"] is not None and int(m["num"]) != r["number"]:
                    problems.append(Problem(r.file, r.line, "measure_id", mid,
                                            f"the id's number should be the measure's number "
                                            f"{r['number']}: write {m['prefix']}-task{r['number']:03d}"))
        if len(prefixes) > 1:
            problems.append(Problem(doc_rows[0].file, None, "measure_id", ", ".join(sorted(prefixes)),
                                    "all measures of a document share one id prefix"))
        _check_against_source(ds, doc_id, doc_rows, targets, doc_targets.get(doc_id, []),
                              problems)


def _check_codebooks(ds: Dataset, problems: list[Problem]) -> None:
    jur = ds.index("jurisdictions", "jurisdiction_id")
    owner: dict[tuple[str, str], Row] = {}
    for d in ds.tables.get("departments", []):
        j = jur.get(d["jurisdiction_id"])  # an unknown one is reported from the foreign key
        if j is not None and d["level"] and j["level"] != d["level"]:
            problems.append(Problem(d.file, d.line, "level", d["level"],
                                    f"expected {j['level']}, the level of {d['jurisdiction_id']}"))
        for alias in split_ids(d["aliases"]):
            key = (d["jurisdiction_id"], normalise(alias))
            if key in owner and owner[key]["department_id"] != d["department_id"]:
                problems.append(Problem(d.file, d.line, "aliases", alias,
                                        f"ambiguous alias: line {owner[key].line} "
                                        f"({owner[key]['department_id']}) already uses it in "
                                        f"{d['jurisdiction_id']}; keep it on one department"))
            owner.setdefault(key, d)
    for c in ds.tables.get("campaigns", []):
        if (why := pattern_error(c["pattern"] or "")) is not None:
            problems.append(Problem(c.file, c.line, "pattern", c["pattern"], why))


def _check_numbering(ds: Dataset, doc_id: str, rows: list[Row], problems: list[Problem]) -> None:
    numbers = [r["number"] for r in rows if r["number"] is not None]
    first: dict[int, Row] = {}
    for r in rows:
        n = r["number"]
        if n is None:
            continue
        if n in first:
            problems.append(Problem(r.file, r.line, "number", str(n),
                                    f"repeated number: line {first[n].line} already has it"))
        first.setdefault(n, r)
        if r["clause"] and numeral_value(r["clause"]) != n:
            problems.append(Problem(r.file, r.line, "clause", r["clause"],
                                    f"the clause as written does not read as measure {n}; copy "
                                    "the number exactly as the source writes it"))
    expected_n = len(parsed_measures(ds, doc_id))
    n_max = max(numbers, default=0)
    missing = sorted(set(range(1, max(n_max, expected_n) + 1)) - set(numbers))
    display = rows[0].file
    if missing:
        problems.append(Problem(display, None, "number", ", ".join(map(str, missing[:20])),
                                f"numbers missing: the document numbers its measures 1..{max(n_max, expected_n)}; "
                                "add a row for each"))
    if expected_n and n_max > expected_n:
        problems.append(Problem(display, None, "number", str(n_max),
                                f"the source numbers only {expected_n} measures"))


def _check_against_source(ds: Dataset, doc_id: str, rows: list[Row], targets: dict[str, Row],
                          doc_targets: list[tuple[str, str]], problems: list[Problem]) -> None:
    doc = ds.index("documents", "doc_id")[doc_id]
    src = ds.sources.get(doc_id)
    parsed = {m.number: m for m in parsed_measures(ds, doc_id)}
    conv = convention(ds, doc_id)
    deps = ds.index("departments", "department_id")
    index = alias_index([r.values for r in ds.tables.get("departments", [])])
    patterns = compile_patterns([r.values for r in ds.tables.get("campaigns", [])])
    for r in rows:
        for col in ("lead_departments", "participating_departments"):
            for dep in split_ids(r[col]):
                if dep not in deps:
                    problems.append(Problem(r.file, r.line, col, dep,
                                            "unknown department: add it to departments.csv"))
        for cid in split_ids(r["campaigns"]):
            if cid not in patterns and cid not in ds.index("campaigns", "campaign_id"):
                problems.append(Problem(r.file, r.line, "campaigns", cid,
                                        "unknown campaign: add it to campaigns.csv"))
        for tid in split_ids(r["target_ids"]):
            t = targets.get(tid)
            if t is None or t["doc_id"] != doc_id:
                problems.append(Problem(r.file, r.line, "target_ids", tid,
                                        f"no such target in raw/targets/{doc_id}.csv"))
        if src is None:
            continue
        for col in ("quote", "part", "section", "title", "departments_as_written"):
            if r[col]:
                line = check_quote(r.file, r.line, r[col], src, doc["source_file"], problems)
                if col == "quote" and line is not None:
                    measure_lines(ds)[r["measure_id"]] = line
        pm = parsed.get(r["number"])
        if pm is None:
            continue
        _check_departments(r, pm, conv, doc["jurisdiction_id"], index, problems)
        hits = campaign_hits(pm.body, patterns)
        listed = set(split_ids(r["campaigns"]))
        for cid in sorted(set(hits) - listed):
            problems.append(Problem(r.file, r.line, "campaigns", r["campaigns"] or "",
                                    f"the measure names campaign {cid} ({hits[cid]!r}) but the "
                                    "column does not list it; add it"))
        for cid in sorted(listed & set(patterns) - set(hits)):
            problems.append(Problem(r.file, r.line, "campaigns", cid,
                                    f"the measure's text does not match campaign {cid}'s pattern "
                                    f"{patterns[cid].pattern!r}; remove it or widen the pattern"))
        stated = set(targets_in_text(pm.body, doc_targets))
        listed_t = set(split_ids(r["target_ids"]))
        for tid in sorted(stated - listed_t):
            problems.append(Problem(r.file, r.line, "target_ids", r["target_ids"] or "",
                                    f"the measure states target {tid} (its quote is in the "
                                    "measure's text); list it"))
        for tid in sorted(listed_t - stated):
            if tid in targets:
                problems.append(Problem(r.file, r.line, "target_ids", tid,
                                        "the target's quote is not in this measure's text"))


def _check_departments(r: Row, pm: ParsedMeasure, conv: str, jurisdiction_id: str, index,
                       problems: list[Problem]) -> None:

    written = r["departments_as_written"] or ""
    if not written:
        if pm.departments_as_written:
            problems.append(Problem(r.file, r.line, "departments_as_written", "",
                                    f"the source names departments here: copy "
                                    f"{pm.departments_as_written!r}"))
        for col in ("lead_departments", "participating_departments"):
            if r[col]:
                problems.append(Problem(r.file, r.line, col, r[col],
                                        "departments without departments_as_written: quote the "
                                        "clause that names them"))
        return
    leads, parts = split_departments(written, conv)
    lead_ids, unknown1 = resolve(leads, jurisdiction_id, index)
    part_ids, unknown2 = resolve(parts, jurisdiction_id, index)
    for name in unknown1 + unknown2:
        problems.append(Problem(r.file, r.line, "departments_as_written", name,
                                f"no department of {jurisdiction_id} has this alias; add it to "
                                "the aliases of the right row of departments.csv (or a new row)"))
    if unknown1 + unknown2:
        return
    rule = ("the first named leads" if conv == "first_leads"
            else "bodies before 牵头 lead; a sole body leads; otherwise no lead")
    for col, want in (("lead_departments", lead_ids), ("participating_departments", part_ids)):
        if split_ids(r[col]) != want:
            problems.append(Problem(r.file, r.line, col, r[col] or "",
                                    f"expected {';'.join(want) or '(empty)'} from the clause as "
                                    f"written ({rule}), in the order written"))

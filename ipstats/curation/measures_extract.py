"""Propose the measures CSVs from the sources: ``ipstats measures-extract``.

Load inputs (a source text and the reference tables) -> find the numbered measures, their
headings, quotes and responsibility clauses (:mod:`.parse`) -> resolve departments, find
campaigns and stated targets, propose a theme from the codebook's keywords -> print, or write
with an explicit ``--out``. The proposal is a starting point: a curator checks every theme and
note; validation then holds the curated files to the source.

>>> propose_theme("组织开展打击网络侵权盗版专项执法", [
...     {"theme": "protection", "keywords": "打击;侵权;盗版"},
...     {"theme": "culture", "keywords": "宣传"}])
'protection'
>>> measure_prefix("cn-2020-ip-strategy-promotion-plan", ["cn2020-t01"]), measure_prefix("gz-draft-x", [])
('cn2020', 'gzdraft')
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ipstats.core.paths import DataPaths
from ipstats.core.problems import IpstatsError, Problem, ValidationError
from ipstats.dataset import schema
from ipstats.dataset.csvio import UnreadableFile, read_regular
from ipstats.dataset.measures.campaigns import compile_patterns, find_campaigns
from ipstats.dataset.measures.departments import alias_index, resolve, split_ids
from ipstats.dataset.measures.parse import (
    chinese_numeral,
    numeral_value,
    responsibility_convention,
    split_departments,
    split_measures,
    targets_in_text,
)
from ipstats.dataset.read import load_table
from ipstats.dataset.textnorm import normalise


def propose_theme(text: str, themes: Iterable[Mapping]) -> str:
    """The codebook theme whose keywords occur most often in ``text`` (first on a tie)."""
    norm = normalise(text)
    best, best_score = "", -1
    for t in themes:
        score = sum(norm.count(normalise(k)) for k in split_ids(t["keywords"]))
        if score > best_score:
            best, best_score = t["theme"], score
    return best


def measure_prefix(doc_id: str, target_ids: Iterable[str]) -> str:
    """Id prefix for a document's measures: that of its target ids, else from the doc_id."""
    for tid in target_ids:
        return tid.split("-")[0]
    return "".join(doc_id.split("-")[:2])


def propose_rows(source: str, doc_id: str, jurisdiction_id: str, departments: list[Mapping],
                 themes: list[Mapping], campaigns: list[Mapping],
                 targets: list[tuple[str, str]]) -> list[dict[str, str]]:
    """One proposed CSV row per numbered measure of ``source``."""
    convention = responsibility_convention(source)
    index = alias_index(departments)
    patterns = compile_patterns(campaigns)
    prefix = measure_prefix(doc_id, [t for t, _ in targets])
    rows = []
    for m in split_measures(source):
        notes = []
        leads, parts = split_departments(m.departments_as_written, convention) \
            if m.departments_as_written else ([], [])
        lead_ids, unknown1 = resolve(leads, jurisdiction_id, index)
        part_ids, unknown2 = resolve(parts, jurisdiction_id, index)
        if unknown1 + unknown2:
            notes.append("UNKNOWN DEPARTMENTS (add to departments.csv aliases): "
                         + "、".join(unknown1 + unknown2))
        dw = m.departments_as_written
        if dw and dw[0] not in "(（":
            notes.append("The source lost the opening bracket of the responsibility clause.")
        if dw and re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", dw):
            notes.append("Line-wrap spaces inside department names.")
        value = numeral_value(m.clause)
        if value is not None and re.search(r"\d", m.clause) and not m.clause.strip().isdigit():
            notes.append(f"The number is garbled in the source: {m.clause} stands for "
                         f"({chinese_numeral(value)}), measure {value}.")
        if leads == [] and parts:
            notes.append("No lead named: the bodies share the task (按职责分工负责).")
        rows.append({
            "measure_id": f"{prefix}-task{m.number:03d}", "number": str(m.number),
            "clause": m.clause, "part": m.part, "section": m.section, "title": m.title,
            "quote": m.quote, "departments_as_written": dw,
            "lead_departments": ";".join(lead_ids), "participating_departments": ";".join(part_ids),
            "theme": propose_theme(m.body, themes),
            "campaigns": ";".join(find_campaigns(m.body, patterns)),
            "target_ids": ";".join(targets_in_text(m.body, targets)),
            "note": " ".join(notes),
        })
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    """Rows as CSV text with the schema's header (UTF-8, one row per line)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=schema.field_names("measures"), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def reference_tables(paths: DataPaths) -> dict[str, Any]:
    problems: list[Problem] = []
    tables: dict[str, Any] = {name: load_table(paths.raw_table(name), name, f"raw/{name}.csv", problems)
              for name in ("documents", "departments", "themes", "campaigns")}
    targets = {}
    for f in sorted(paths.targets_dir.glob("*.csv")):
        targets[f.stem] = [(r["target_id"], r["quote"])
                           for r in load_table(f, "targets", f"raw/targets/{f.name}", problems)]
    if problems:
        raise ValidationError(problems)
    tables["targets"] = targets
    return tables


def propose(paths: DataPaths, doc_id: str, ref: dict[str, Any] | None = None) -> list[dict[str, str]]:
    """Proposed measure rows for one document of the data directory ``paths``."""
    ref = ref or reference_tables(paths)
    docs = {d["doc_id"]: d for d in ref["documents"]}
    if doc_id not in docs:
        raise IpstatsError(f"unknown document {doc_id!r}; expected one of: {', '.join(sorted(docs))}")
    doc = docs[doc_id]
    path = paths.source_path(doc["source_file"] or "")
    if path is None:
        raise IpstatsError(f"raw/documents.csv, document {doc_id}: source_file "
                           f"{doc['source_file']!r} leads outside raw/sources/; give the name of "
                           "a file in raw/sources/")
    try:
        data = read_regular(path)  # only a regular file: a pipe named *.txt would hang
    except UnreadableFile as exc:
        raise IpstatsError(f"raw/sources/{doc['source_file']} (source of {doc_id}): {exc}") from None
    source = data.decode("utf-8", errors="replace")
    return propose_rows(source, doc_id, doc["jurisdiction_id"], [r.values for r in ref["departments"]],
                        [r.values for r in ref["themes"]], [r.values for r in ref["campaigns"]],
                        ref["targets"].get(doc_id, []))

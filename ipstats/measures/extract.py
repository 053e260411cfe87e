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

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import schema
from ..atomic import write_text
from ..paths import DataPaths, data_paths
from ..problems import IpstatsError, Problem, ValidationError
from ..textnorm import normalise
from .campaigns import compile_patterns, find_campaigns
from .departments import alias_index, resolve, split_ids
from .parse import chinese_numeral, numeral_value, responsibility_convention, split_departments, split_measures


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


def targets_in_text(text: str, targets: Iterable[tuple[str, str]]) -> list[str]:
    """Ids of the targets whose (normalised) quote lies inside ``text``."""
    norm = normalise(text)
    return [tid for tid, quote in targets if quote and normalise(quote) in norm]


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
        if re.search(r"\d", m.clause) and not m.clause.strip().isdigit():
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


def _reference(paths: DataPaths) -> dict[str, list]:
    from ..load import load_table

    problems: list[Problem] = []
    tables = {name: load_table(paths.raw_table(name), name, f"raw/{name}.csv", problems)
              for name in ("documents", "departments", "themes", "campaigns")}
    targets = {}
    for f in sorted(paths.targets_dir.glob("*.csv")):
        targets[f.stem] = [(r["target_id"], r["quote"])
                           for r in load_table(f, "targets", f"raw/targets/{f.name}", problems)]
    if problems:
        raise ValidationError(problems)
    tables["targets"] = targets
    return tables


def propose(paths: DataPaths, doc_id: str, ref: dict | None = None) -> list[dict[str, str]]:
    """Proposed measure rows for one document of the data directory ``paths``."""
    ref = ref or _reference(paths)
    docs = {d["doc_id"]: d for d in ref["documents"]}
    if doc_id not in docs:
        raise IpstatsError(f"unknown document {doc_id!r}; expected one of: {', '.join(sorted(docs))}")
    doc = docs[doc_id]
    source = (paths.sources / doc["source_file"]).read_bytes().decode("utf-8", errors="replace")
    return propose_rows(source, doc_id, doc["jurisdiction_id"], [r.values for r in ref["departments"]],
                        [r.values for r in ref["themes"]], [r.values for r in ref["campaigns"]],
                        ref["targets"].get(doc_id, []))


def add_command(sub: argparse._SubParsersAction) -> None:
    from ..cli import add_data_dir

    p = sub.add_parser(
        "measures-extract", help="propose the measures CSVs from the source texts",
        description="Find every numbered measure in the source texts, with headings, a quote, "
                    "the responsibility clause parsed into lead and participating departments, "
                    "campaigns, stated targets and a proposed theme. Prints a summary (and the "
                    "CSV with --doc); writes files only into the folder given with --out.")
    add_data_dir(p)
    p.add_argument("--doc", action="append", metavar="DOC_ID",
                   help="only this document (repeatable); default: every document")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="write <doc_id>.csv files here (e.g. a scratch folder to diff against "
                        "data/raw/measures; curated files are overwritten only with --force)")
    p.add_argument("--force", action="store_true", help="overwrite existing files in --out")
    p.set_defaults(func=_cmd_extract)


def _cmd_extract(args: argparse.Namespace) -> int:
    paths = data_paths(args.data_dir)
    ref = _reference(paths)
    doc_ids = args.doc or [d["doc_id"] for d in ref["documents"]]
    out = Path(args.out) if args.out else None
    if out is not None and not args.force:
        clash = [d for d in doc_ids if (out / f"{d}.csv").exists()]
        if clash:
            raise IpstatsError(f"{out} already holds {', '.join(c + '.csv' for c in clash)}; "
                               "choose an empty folder or add --force to overwrite them")
    for doc_id in doc_ids:
        rows = propose(paths, doc_id, ref)
        unknown = sum("UNKNOWN DEPARTMENTS" in r["note"] for r in rows)
        print(f"{doc_id}: {len(rows)} measures, {sum(bool(r['departments_as_written']) for r in rows)}"
              f" with a responsibility clause, {unknown} with unknown department names",
              file=sys.stderr if out is None and args.doc else sys.stdout)
        if out is not None:
            write_text(out / f"{doc_id}.csv", to_csv(rows))
        elif args.doc:
            sys.stdout.write(to_csv(rows))
    if out is not None:
        print(f"Wrote {len(doc_ids)} file(s) to {out}. Review themes and notes before copying "
              "them to data/raw/measures.")
    return 0

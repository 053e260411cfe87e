"""``ipstats extract``, ``ipstats coverage`` and ``ipstats measures-extract``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ipstats.cli.common import add_data_dir
from ipstats.core.atomic import write_text
from ipstats.core.paths import data_paths
from ipstats.core.problems import IpstatsError, ValidationError


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract", help="propose candidate target rows from a source text, for review",
        description="Read a document's text and propose candidate numeric targets in the "
                    "columns of raw/targets/<doc_id>.csv: value and unit as written, comparator, "
                    "target year, clause and the verbatim quote. Prints CSV unless --out is "
                    "given. Never writes under raw/ unless --force.")
    p.add_argument("source", metavar="SOURCE.txt", nargs="?",
                   help="the document's plain text (UTF-8 or GB18030)")
    p.add_argument("--out", metavar="FILE.csv", help="write the proposals here (atomically) "
                   "instead of printing them")
    p.add_argument("--prefix", help="target_id prefix (default: the doc_id if documents.csv "
                   "lists this source, else the file name)")
    p.add_argument("--year", type=int, help="target year for numbers with no 到20XX年 "
                   "(default: effective_to in documents.csv, else read from the text)")
    p.add_argument("--force", action="store_true", help="allow --out under raw/ and "
                   "overwriting an existing file")
    p.add_argument("--evaluate", action="store_true", help="instead of extracting, compare "
                   "proposals with the curated targets of every document and print recall and "
                   "precision")
    p.add_argument("--corpus", metavar="DIR", help="with --evaluate: score the extractor on a "
                   "fixture corpus instead (NN-slug.txt with NN-slug.expected.csv answer keys, "
                   "e.g. tests/fixtures/extract_corpus) and print recall, precision and the "
                   "baselines and counts wrongly proposed as targets")
    add_data_dir(p)
    p.set_defaults(func=_cmd_extract)

    c = sub.add_parser(
        "coverage", help="check every target-like number in the sources is curated or ignored",
        description="List every numeric expression in each source that looks like a target "
                    "and what accounts for it: a curated target whose quote contains it, or a "
                    "row of raw/coverage_ignore.csv giving the reason it is not a target. "
                    "Exits 1 if any is unaccounted for or an ignore row is stale. Writes nothing.")
    c.add_argument("--quiet", action="store_true",
                   help="print only the summary and the problems, not every expression")
    add_data_dir(c)
    c.set_defaults(func=_cmd_coverage)

    m = sub.add_parser(
        "measures-extract", help="propose the measures CSVs from the source texts",
        description="Find every numbered measure in the source texts, with headings, a quote, "
                    "the responsibility clause parsed into lead and participating departments, "
                    "campaigns, stated targets and a proposed theme. Prints a summary (and the "
                    "CSV with --doc); writes files only into the folder given with --out.")
    add_data_dir(m)
    m.add_argument("--doc", action="append", metavar="DOC_ID",
                   help="only this document (repeatable); default: every document")
    m.add_argument("--out", metavar="DIR", default=None,
                   help="write <doc_id>.csv files here (a scratch folder to diff against "
                        "data/raw/measures; never a folder under raw/; existing files are "
                        "overwritten only with --force)")
    m.add_argument("--force", action="store_true", help="overwrite existing files in --out")
    m.set_defaults(func=_cmd_measures_extract)


def _cmd_extract(args: argparse.Namespace) -> int:
    # Stage imports in the command functions are lazy: `ipstats --help` and the other commands
    # do not pay for frictionless, opencc and pandas.
    from ipstats.curation.extract import ExtractError, to_csv
    from ipstats.curation.proposals import proposals_for, refuse_raw

    if args.evaluate and args.corpus:
        from ipstats.curation.evaluate import evaluate_corpus

        print(evaluate_corpus(Path(args.corpus), args.data_dir).report())
        return 0
    if args.evaluate:
        from ipstats.curation.evaluate import evaluate

        print(evaluate(args.data_dir).report())
        return 0
    if args.corpus:
        raise ExtractError("--corpus goes with --evaluate: ipstats extract --evaluate --corpus DIR")
    if not args.source:
        raise ExtractError("give the SOURCE.txt to extract from (or --evaluate)")
    rows = proposals_for(Path(args.source), args.data_dir, args.prefix, args.year)
    text = to_csv(rows)
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if not args.force:
        refuse_raw(out, args.data_dir)
        if out.exists():
            raise ExtractError(f"{out} already exists (it may hold reviewed rows); choose "
                               "another --out or pass --force to overwrite it")
    write_text(out, text)
    print(f"Wrote {len(rows)} candidate rows to {out}. Review each one, fill indicator_id "
          "and quote_en, then copy the rows you keep into raw/targets/<doc_id>.csv.",
          file=sys.stderr)
    return 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    from ipstats.curation.coverage import coverage  # lazy: see _cmd_extract

    report = coverage(args.data_dir)
    listing = report.listing()
    print(listing.splitlines()[-1] if args.quiet else listing)
    if report.problems:
        raise ValidationError(report.problems)
    print("OK: every numeric expression is covered by a target or ignored with a reason.",
          file=sys.stderr)
    return 0


def _cmd_measures_extract(args: argparse.Namespace) -> int:
    # lazy: see _cmd_extract
    from ipstats.curation.measures_extract import propose, reference_tables, to_csv
    from ipstats.curation.proposals import refuse_raw

    paths = data_paths(args.data_dir)
    ref = reference_tables(paths)
    doc_ids = args.doc or [d["doc_id"] for d in ref["documents"]]
    out = Path(args.out) if args.out else None
    if out is not None:
        refuse_raw(out / "x.csv", args.data_dir)  # never into raw/, not even with --force
        if not args.force:
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

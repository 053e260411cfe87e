"""``ipstats extract SOURCE.txt [--out FILE.csv]``: the command around :mod:`ipstats.extract`.

Uses what the data directory knows about the source (its documents.csv row gives the id
prefix, the plan's end year and the period start; indicators.csv enables indicator guesses),
prints CSV or writes it atomically, and refuses to write under ``raw/`` without ``--force``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .extract import ExtractError, default_year, propose, read_source, to_csv

def registered_document(paths, source: Path) -> dict[str, str] | None:
    """The documents.csv row whose source_file is ``source``'s name, if the data has one."""
    table = paths.raw_table("documents")
    if not table.is_file():
        return None
    from .csvio import decode

    for row in csv.DictReader(io.StringIO(decode(table.read_bytes())[0])):
        if row.get("source_file") == Path(source).name:
            return row
    return None


def read_indicators(paths) -> list[dict]:
    from .csvio import decode

    table = paths.raw_table("indicators")
    if not table.is_file():
        return []
    return list(csv.DictReader(io.StringIO(decode(table.read_bytes())[0])))


def proposals_for(source: Path, data_dir=None, prefix: str | None = None,
                  year: int | None = None, doc: dict[str, str] | None = None,
                  indicators: list[dict] | None = None) -> list[dict[str, str]]:
    """Propose rows for one source file, using what the data directory knows about it
    (its documents.csv row for the plan years and the id prefix; indicators.csv for guesses).
    ``doc`` and ``indicators`` may be passed in when the caller has read them already."""
    from .paths import data_paths

    paths = data_paths(data_dir)
    text = read_source(source)
    doc = doc if doc is not None else registered_document(paths, source)
    start = None
    if year is not None:
        basis = f"--year {year}"
    elif doc and (doc.get("effective_to") or "")[:4].isdigit():
        year, basis = int(doc["effective_to"][:4]), "effective_to in documents.csv"
    else:
        year, basis = default_year(text)
    if doc:
        for key in ("issue_date", "publication_date", "effective_from"):
            if (doc.get(key) or "")[:4].isdigit():
                start = int(doc[key][:4])
                break
    prefix = prefix or (doc["doc_id"] if doc else Path(source).stem)
    if indicators is None:
        indicators = read_indicators(paths)
    return propose(text, prefix, year, basis, indicators, start)


def _refuse_raw(out: Path, data_dir) -> None:
    from .paths import DEFAULT_DATA_DIR, data_paths

    out = out.resolve()
    for raw in {data_paths(data_dir).raw, DEFAULT_DATA_DIR.resolve() / "raw"}:
        if out == raw or raw in out.parents:
            raise ExtractError(f"{out}: refusing to write under {raw}, which holds the curated "
                               "data. Write the proposals elsewhere (e.g. --out proposals.csv), "
                               "review them, then copy the rows you keep into "
                               "raw/targets/<doc_id>.csv; or pass --force to write there anyway")


def add_command(subparsers) -> None:
    """Register ``ipstats extract``."""
    from .cli import add_data_dir

    p = subparsers.add_parser(
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
    add_data_dir(p)
    p.set_defaults(func=_cmd_extract)


def _cmd_extract(args) -> int:
    import sys

    from .problems import IpstatsError

    try:
        if args.evaluate:
            from .extract_eval import evaluate

            print(evaluate(args.data_dir).report())
            return 0
        if not args.source:
            raise ExtractError("give the SOURCE.txt to extract from (or --evaluate)")
        rows = proposals_for(Path(args.source), args.data_dir, args.prefix, args.year)
        text = to_csv(rows)
        if not args.out:
            sys.stdout.write(text)
            return 0
        out = Path(args.out)
        if not args.force:
            _refuse_raw(out, args.data_dir)
            if out.exists():
                raise ExtractError(f"{out} already exists (it may hold reviewed rows); choose "
                                   "another --out or pass --force to overwrite it")
        from .atomic import write_text

        write_text(out, text)
        print(f"Wrote {len(rows)} candidate rows to {out}. Review each one, fill indicator_id "
              "and quote_en, then copy the rows you keep into raw/targets/<doc_id>.csv.",
              file=sys.stderr)
        return 0
    except ExtractError as exc:
        raise IpstatsError(str(exc)) from None

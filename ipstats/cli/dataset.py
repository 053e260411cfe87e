"""``ipstats validate`` and ``ipstats build``."""
from __future__ import annotations

import argparse

from ipstats.cli.common import add_data_dir


def add_commands(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser("validate", help="check the raw data: schema, references, provenance",
                       description="Check every raw table against the field dictionary, "
                                   "cross-table references, and that every quote is found in "
                                   "its source. Writes nothing.")
    add_data_dir(v)
    v.set_defaults(func=_cmd_validate)
    b = sub.add_parser("build", help="validate, then write data/processed/*.parquet",
                       description="Validate, then write the processed tables atomically. "
                                   "Skips the work if nothing under raw/ changed.")
    add_data_dir(b)
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")
    b.set_defaults(func=_cmd_build)


def _cmd_validate(args: argparse.Namespace) -> int:
    # lazy: frictionless is slow to import
    from ipstats.dataset.validate import validate

    ds = validate(args.data_dir)
    n = len(ds.targets)
    numeric = sum(1 for t in ds.targets if t["kind"] == "numeric")
    print(f"OK: {len(ds.tables['documents'])} documents, {n} targets ({numeric} numeric, "
          f"{n - numeric} milestones), {len(ds.tables.get('measures', []))} measures, "
          f"{len(ds.tables.get('observations', []))} observations; every quote found in its "
          "source.")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    # lazy: pandas and pyarrow are slow to import
    from ipstats.dataset.build import build

    paths = build(args.data_dir, force=args.force)
    print(f"Built {paths.processed} (up to date).")
    return 0

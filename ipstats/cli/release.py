"""``ipstats export`` and ``ipstats diff``."""
from __future__ import annotations

import argparse

from ipstats.cli.common import add_data_dir


def add_commands(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("export", help="write a versioned release: CSV (BOM), XLSX, datapackage.json",
                       description="Build if needed, then write release/ipstats-data-<version>-"
                                   "<datahash8>/: one CSV per table (UTF-8 with BOM), a "
                                   "Frictionless datapackage.json, an XLSX workbook with "
                                   "bilingual headers and a README sheet (licence CC-BY-4.0, "
                                   "citation), the data CHANGELOG. Written atomically; never "
                                   "inside raw/.")
    add_data_dir(e)
    e.add_argument("--out", metavar="DIR", default=None,
                   help="folder to write the release folder into (default: release/ in the "
                        "repository)")
    e.set_defaults(func=_cmd_export)
    d = sub.add_parser("diff", help="list added, removed and changed targets and observations",
                       description="Compare two builds (their processed/ folders, or data "
                                   "folders holding one) or two release folders, and list "
                                   "every added, removed and changed target and observation, "
                                   "field by field. Exit status 0 either way.")
    d.add_argument("old", metavar="OLD", help="the earlier build or release folder")
    d.add_argument("new", metavar="NEW", help="the later build or release folder")
    d.set_defaults(func=_cmd_diff)


def _cmd_export(args: argparse.Namespace) -> int:
    # lazy: pandas, pyarrow and openpyxl are slow to import
    from ipstats.release.export import export

    path = export(args.data_dir, args.out)
    print(f"Wrote {path}")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    # lazy: pandas is slow to import
    from ipstats.release.diff import diff, report

    print(report(diff(args.old, args.new)))
    return 0

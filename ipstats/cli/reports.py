"""``ipstats render``."""
from __future__ import annotations

import argparse
from pathlib import Path

from ipstats.cli.common import add_data_dir
from ipstats.core.paths import PARAMS_FILE, reports_dir


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render", help="execute the report notebooks in params.yaml and export HTML",
        description="Build the data once, then execute every report job declared in "
                    "params.yaml in parallel and export each to self-contained HTML (no "
                    "network needed to open it), with index.html and manifest.json. Jobs "
                    "whose notebook, parameters, data and code are unchanged are skipped.")
    add_data_dir(p)
    p.add_argument("--params", metavar="FILE", default=None,
                   help="report settings (default: the shipped params.yaml, at the repository "
                        "root in a checkout); notebook paths and output.dir in it are relative "
                        "to its folder")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder, relative to the working directory (default: "
                        "output.dir in the settings, i.e. reports/, next to the settings file, "
                        "or in the working directory for the settings shipped in the package)")
    p.add_argument("--force", action="store_true",
                   help="render every job even if unchanged since its last render")
    p.add_argument("--keep-code", action="store_true",
                   help="keep code cells in the HTML (default: hidden)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="jobs run at the same time (default: output.workers, 0 = one per CPU)")
    p.add_argument("--only", default="", metavar="TEXT",
                   help="render only jobs whose name contains TEXT, e.g. 30-jurisdiction")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    # lazy: keeps `ipstats --help` and the other commands fast (pandas, nbconvert)
    from ipstats.reports.render import render, summary
    from ipstats.reports.settings import load_settings

    params = Path(args.params).resolve() if args.params else PARAMS_FILE
    settings = load_settings(params)
    out = Path(args.out).resolve() if args.out else reports_dir(params, settings.output.dir)
    result = render(settings, data_dir=args.data_dir, out=out, force=args.force,
                    keep_code=True if args.keep_code else None, workers=args.workers,
                    only=args.only, progress=not args.quiet, base_dir=params.parent)
    print(summary(result, out))
    return 1 if result.failed else 0

"""``ipstats render``."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ipstats.cli.common import add_data_dir
from ipstats.core.paths import PARAMS_FILE, data_paths, reports_dir
from ipstats.reports.render import fastpath  # light: file stats only, no pandas
from ipstats.reports.render.forkserver import KernelTemplate, warm_kernels_supported  # light


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
                   help="jobs run at the same time (default: output.workers, 0 = one per CPU, plus one)")
    p.add_argument("--only", default="", metavar="TEXT",
                   help="render only jobs whose name contains TEXT, e.g. 30-jurisdiction")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--cold-kernels", action="store_true",
                   help="start an ordinary kernel per job instead of forking it from a warm, "
                        "preloaded template (slower; for comparison or troubleshooting)")
    p.set_defaults(func=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    params = Path(args.params).resolve() if args.params else PARAMS_FILE
    out_arg = Path(args.out).resolve() if args.out else None
    paths = data_paths(args.data_dir)
    # without --out, the folder also depends on the working directory (see reports_dir)
    key = (fastpath.request_key(params, out_arg or Path.cwd(), args.only, args.keep_code)
           if params.is_file() else None)
    if key and not args.force and (hit := fastpath.up_to_date(paths, key)):
        print(f"0 rendered, {hit['jobs']} up to date (skipped), 0 failed in "
              f"{time.perf_counter() - t0:.1f}s (nothing changed) -> {hit['index']}")
        return 0
    # lazy: keeps `ipstats --help`, the other commands and the no-change path fast (pydantic)
    from ipstats.reports.settings import load_settings

    settings = load_settings(params)
    # Started before the heavy imports below, so it imports in parallel with them.
    template = (KernelTemplate() if not args.cold_kernels and warm_kernels_supported()
                else None)
    from ipstats.reports.render import render, summary  # lazy: pandas, jupyter
    from ipstats.reports.render.jobs import resolve_notebook

    out = out_arg or reports_dir(params, settings.output.dir)
    result = render(settings, data_dir=args.data_dir, out=out, force=args.force,
                    keep_code=True if args.keep_code else None, workers=args.workers,
                    only=args.only, progress=not args.quiet, base_dir=params.parent,
                    warm=not args.cold_kernels, template=template)
    print(summary(result, out))
    files = [params, out / "manifest.json", out / "index.html"]
    files += [out / j[k] for j in result.jobs for k in ("html", "ipynb") if j.get(k)]
    files += [nb for j in result.jobs if (nb := resolve_notebook(j["notebook"], params.parent))]
    if key:
        fastpath.remember(paths, key, files, jobs=len(result.jobs), failed=len(result.failed),
                          index=str(out / "index.html"))
    return 1 if result.failed else 0

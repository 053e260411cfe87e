"""Command-line interface: ``ipstats validate | build | ...``.

Every command accepts ``--data-dir`` so it can run on a copy of the data; every error is
printed as a list of problems (file, line, column, value, what to do), never a traceback.
Commands that live in their own stage module register through :data:`COMMAND_MODULES`:
each such module defines ``add_command(subparsers)``.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .problems import IpstatsError, ValidationError

# Stage modules that add a sub-command (each defines add_command(subparsers)).
COMMAND_MODULES: list[str] = ["ipstats.extract_cli", "ipstats.coverage", "ipstats.render",
                              "ipstats.measures.extract"]


def add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="DIR", default=None,
                   help="data folder holding raw/ and processed/ (default: the repository's "
                        "data/ or $IPSTATS_DATA_DIR)")


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    ds = validate(args.data_dir)
    n = len(ds.targets)
    numeric = sum(1 for t in ds.targets if t["kind"] == "numeric")
    print(f"OK: {len(ds.tables['documents'])} documents, {n} targets ({numeric} numeric, "
          f"{n - numeric} milestones); every quote found in its source.")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    paths = build(args.data_dir, force=args.force)
    print(f"Built {paths.processed} (up to date).")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ipstats", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"ipstats {__version__}")
    p.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
    for mod in COMMAND_MODULES:
        importlib.import_module(mod).add_command(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except IpstatsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; outputs already written are complete, nothing is half-written",
              file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: say so plainly, traceback only on request
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in ipstats; rerun with --debug for the traceback and report it.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Command-line interface: ``ipstats validate | build | ...``.

Every command accepts ``--data-dir`` so it can run on a copy of the data; every error is
printed as a list of problems (file, line, column, value, what to do), never a traceback.
Commands are grouped by the stage they call (:mod:`.dataset`, :mod:`.curation`,
:mod:`.reports`); stage modules know nothing of argparse.
"""
from __future__ import annotations

import argparse
import sys

# jsonschema (imported by frictionless and nbformat) imports rfc3987_syntax if installed, which
# compiles a grammar at import (1.6 s of a 2.2 s `ipstats validate`) only to check the "iri"
# string format, which no schema here uses. Commands treat it as not installed: jsonschema's
# documented behaviour for a missing optional format library (that format is not checked).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from ipstats import __version__
from ipstats.cli import curation as curation_cli
from ipstats.cli import dataset as dataset_cli
from ipstats.cli import release as release_cli
from ipstats.cli import reports as reports_cli
from ipstats.core.problems import IpstatsError, ValidationError

# Each module adds its commands (add_commands(subparsers)); the CLI is the only layer that
# knows every stage.
COMMAND_MODULES = (dataset_cli, curation_cli, release_cli, reports_cli)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ipstats", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"ipstats {__version__}")
    p.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_commands(sub)
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
    except KeyboardInterrupt as exc:
        print(f"interrupted: {exc}" if str(exc) else
              "interrupted; outputs already written are complete, nothing is half-written",
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

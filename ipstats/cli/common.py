"""Options shared by several commands."""
from __future__ import annotations

import argparse


def add_data_dir(p: argparse.ArgumentParser) -> None:
    """``--data-dir DIR``: every command can run on a copy of the data."""
    p.add_argument("--data-dir", metavar="DIR", default=None,
                   help="data folder holding raw/ and processed/, relative to the working "
                        "directory (default: $IPSTATS_DATA_DIR, else ./data if it holds raw/, "
                        "else the checkout's data/, else a copy of the shipped data in "
                        "~/.cache/ipstats/data)")

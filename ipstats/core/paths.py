"""Every path the project uses, in one place.

A *data directory* holds ``raw/`` (hand-curated, never modified by a command) and
``processed/`` (built by ``ipstats build``). Every command and API function accepts a data
directory so tests and analysts can work on a copy; the default is ``<repo>/data`` or the
``IPSTATS_DATA_DIR`` environment variable.

>>> p = DataPaths(Path("/tmp/x"))
>>> p.targets_dir.as_posix()
'/tmp/x/raw/targets'
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE_DIR.parent
SCHEMA_FILE = PACKAGE_DIR / "dataset" / "datapackage.json"
TEMPLATES_DIR = PACKAGE_DIR / "reports" / "templates"
MESSAGES_FILE = PACKAGE_DIR / "reports" / "messages.yaml"
FIELDS_DOC = PROJECT_ROOT / "docs" / "fields.md"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_FILE = PROJECT_ROOT / "params.yaml"
REPORTS_DIR = PROJECT_ROOT / "reports"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class DataPaths:
    """The layout of one data directory."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    @property
    def sources(self) -> Path:
        return self.raw / "sources"

    @property
    def targets_dir(self) -> Path:
        return self.raw / "targets"

    @property
    def measures_dir(self) -> Path:
        return self.raw / "measures"

    @property
    def build_stamp(self) -> Path:
        return self.processed / "build.json"

    def raw_table(self, name: str) -> Path:
        return self.raw / f"{name}.csv"

    def processed_table(self, name: str) -> Path:
        return self.processed / f"{name}.parquet"


def data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """Resolve a data directory: the argument, else ``$IPSTATS_DATA_DIR``, else ``<repo>/data``."""
    chosen = data_dir or os.environ.get("IPSTATS_DATA_DIR") or DEFAULT_DATA_DIR
    return DataPaths(Path(chosen).expanduser().resolve())

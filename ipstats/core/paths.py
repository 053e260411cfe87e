"""Every path the project uses, in one place.

A *data directory* holds ``raw/`` (hand-curated, never modified by a command) and
``processed/`` (built by ``ipstats build``, as whole versions: see
:mod:`ipstats.core.versions`; ``processed_table`` names a file of the current version). Every command and API function accepts a data
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

from ipstats.core import versions

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE_DIR.parent
SCHEMA_FILE = PACKAGE_DIR / "dataset" / "datapackage.json"
TEMPLATES_DIR = PACKAGE_DIR / "reports" / "templates"
FIELDS_DOC = PROJECT_ROOT / "docs" / "fields.md"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_FILE = PROJECT_ROOT / "params.yaml"
REPORTS_DIR = PROJECT_ROOT / "reports"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class DataPaths:
    """The layout of one data directory. ``version`` pins one processed version (see
    :meth:`pinned`); unset, the current one is resolved on each call."""

    root: Path
    version: str | None = None

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
    def processed_version(self) -> Path:
        """The folder of the processed version read (pinned, else current; a non-existent
        placeholder before the first build)."""
        if self.version:
            return self.processed / versions.VERSIONS / self.version
        return versions.current(self.processed) or self.processed / versions.VERSIONS / "none"

    def pinned(self) -> DataPaths:
        """These paths with the current processed version resolved once, so several tables
        read one after another all come from the same version."""
        cur = versions.current(self.processed)
        return DataPaths(self.root, cur.name if cur else None)

    @property
    def build_stamp(self) -> Path:
        return self.processed_version / "build.json"

    def source_path(self, name: str) -> Path | None:
        """The file a ``source_file`` value names under ``raw/sources/``; None if the value
        leads outside it (``../x``, an absolute path, a symlink pointing elsewhere).

        >>> DataPaths(Path("/d")).source_path("../../etc/passwd") is None
        True
        """
        path = self.sources / name
        return path if path.resolve().is_relative_to(self.sources.resolve()) else None

    def inside_raw(self, path: Path) -> bool:
        """True if ``path`` (resolved) is inside ``raw/``: no command writes there."""
        return Path(path).resolve().is_relative_to(self.raw.resolve())

    def raw_table(self, name: str) -> Path:
        return self.raw / f"{name}.csv"

    def processed_table(self, name: str) -> Path:
        return self.processed_version / f"{name}.parquet"


def data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """Resolve a data directory: the argument, else ``$IPSTATS_DATA_DIR``, else ``<repo>/data``."""
    chosen = data_dir or os.environ.get("IPSTATS_DATA_DIR") or DEFAULT_DATA_DIR
    return DataPaths(Path(chosen).expanduser().resolve())

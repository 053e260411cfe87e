"""Every path the project uses, in one place.

A *data directory* holds ``raw/`` (hand-curated, never modified by a command) and
``processed/`` (built by ``ipstats build``, as whole versions: see
:mod:`ipstats.core.versions`; ``processed_table`` names a file of the current version). Every command and API function accepts a data
directory so tests and analysts can work on a copy. Without one, :func:`data_paths` chooses, in
order: ``$IPSTATS_DATA_DIR``; ``./data`` if it holds ``raw/``; the checkout's ``data/`` when the
package runs from a source checkout; else a copy of the curated data shipped in the package,
made once in a writable user folder (``$XDG_CACHE_HOME/ipstats/data``, ``~/.cache/ipstats/data``).
Relative paths always resolve against the working directory.

The report notebooks, the default ``params.yaml`` and the curated raw data live at the top of a
checkout (the source of truth); a wheel carries a copy of them under ``ipstats/_shipped/``
(see ``setup.py``), so ``pip install ipstats`` users have the reports too.

>>> p = DataPaths(Path("/tmp/x"))
>>> p.targets_dir.as_posix()
'/tmp/x/raw/targets'
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ipstats.core import versions

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SHIPPED_DIR = PACKAGE_DIR / "_shipped"  # in a wheel: notebooks/, params.yaml, data/raw/


def _checkout_root() -> Path | None:
    """The source checkout the package runs from (an editable install or PYTHONPATH), if any."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir():
        return root
    return None


CHECKOUT_ROOT = _checkout_root()
# The folder that holds notebooks/, params.yaml and data/raw/: the checkout, else the wheel's copy.
PROJECT_ROOT = CHECKOUT_ROOT or SHIPPED_DIR
FIELDS_FILE = PACKAGE_DIR / "dataset" / "fields.yaml"
RESOURCES_FILE = PACKAGE_DIR / "dataset" / "resources.yaml"
TEMPLATES_DIR = PACKAGE_DIR / "reports" / "templates"
MESSAGES_FILE = PACKAGE_DIR / "reports" / "messages.yaml"
FIELDS_DOC = PROJECT_ROOT / "docs" / "fields.md"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_FILE = PROJECT_ROOT / "params.yaml"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"  # the curated data as shipped (read it; never build here)
DATA_DIR_ENV = "IPSTATS_DATA_DIR"
RELEASE_DIR = PROJECT_ROOT / "release"  # `ipstats export` writes versioned folders here
CITATION_FILE = PROJECT_ROOT / "CITATION.cff"


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
    def changelog(self) -> Path:
        """The data CHANGELOG (what each curation change did), shipped with every release."""
        return self.root / "CHANGELOG.md"

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

    @property
    def render_state(self) -> Path:
        """What the last ``ipstats render`` runs saw (a cache: safe to delete)."""
        return self.processed / "render-state.json"

    def raw_table(self, name: str) -> Path:
        return self.raw / f"{name}.csv"

    def processed_table(self, name: str) -> Path:
        return self.processed_version / f"{name}.parquet"


# What every command and API function accepts as its data directory.
DataDir = str | os.PathLike[str] | DataPaths | None


def user_data_dir() -> Path:
    """The writable folder that receives a copy of the shipped data when no other is found."""
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser().resolve() / "ipstats" / "data"


def _user_copy() -> Path:
    """The user folder's data directory, filled from the shipped raw data on first use (never
    overwritten afterwards: an analyst may have added documents there)."""
    target = user_data_dir()
    if not (target / "raw").is_dir():
        staging = target.with_name(f".data-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(DEFAULT_DATA_DIR / "raw", staging / "raw")
        (staging / "processed").mkdir()
        try:
            staging.rename(target)  # atomic: a half-copied folder is never used
        except OSError:  # another process made it first, or an empty folder is there
            if not (target / "raw").is_dir():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copytree(staging / "raw", target / "raw")
            shutil.rmtree(staging, ignore_errors=True)
    return target


def default_data_dir() -> Path:
    """The data directory used when none is given (see the module docstring for the order)."""
    chosen = os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    here = Path.cwd() / "data"
    if (here / "raw").is_dir():
        return here.resolve()
    if CHECKOUT_ROOT is not None and (CHECKOUT_ROOT / "data" / "raw").is_dir():
        return CHECKOUT_ROOT / "data"
    return _user_copy()


def data_paths(data_dir: DataDir = None) -> DataPaths:
    """Resolve a data directory: the argument (relative to the working directory), else the
    convention of :func:`default_data_dir`."""
    if isinstance(data_dir, DataPaths):
        return data_dir
    if data_dir is None or str(data_dir) == "":
        return DataPaths(default_data_dir())
    return DataPaths(Path(data_dir).expanduser().resolve())


def reports_dir(params_file: Path, output_dir: str) -> Path:
    """Where reports go by default: ``output_dir`` relative to the settings file's folder, or
    to the working directory when the settings are the copy shipped inside the package."""
    params_file = params_file.resolve()
    base = Path.cwd() if params_file.is_relative_to(SHIPPED_DIR) else params_file.parent
    return (base / output_dir).resolve()

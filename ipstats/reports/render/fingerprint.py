"""What a report depends on, as hashes: a job is re-rendered when any of them changes.

A job depends on its notebook's bytes, its parameters, the package's code and templates, the
export options, the year (progress is judged as of it), and only the data it read: the tables it loaded through the API, recorded in
its manifest entry (``reads``; see :func:`ipstats.dataset.api.record_read`): whole tables, or
slices of them (a profile reads its own jurisdiction's targets, its parent's and the
nation's, see :mod:`ipstats.dataset.slices`). A job with no record (never rendered, or it
failed) depends on all of ``raw/``.

Cheap by design: no pandas; file contents are hashed only when their stats (size, mtime, inode)
changed since the last run (the ``hash_cache`` maps a stat key to its content hash).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipstats import __version__
from ipstats.core.paths import PACKAGE_DIR, DataPaths
from ipstats.dataset.slices import load_digests, parse_read_key, slice_fingerprint

if TYPE_CHECKING:  # jobs imports the settings (pydantic): not needed on the no-change path
    from ipstats.reports.render.jobs import JobSpec

CODE_SUFFIXES = (".py", ".j2", ".json", ".yaml", ".css", ".tpl")


def stat_key(path: Path) -> str:
    """Size, mtime and inode of a file: it changes whenever the file is written."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def file_hash(path: Path, hash_cache: dict[str, str] | None = None) -> str:
    """SHA-256 of a file's bytes, reused from ``hash_cache`` while its stats are unchanged."""
    key = f"{path}|{stat_key(path)}"
    if hash_cache is not None and key in hash_cache:
        return hash_cache[key]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if hash_cache is not None:
        hash_cache[key] = digest
    return digest


def tree_files(root: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Every file under ``root`` (sorted; hidden files and __pycache__ left out)."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        out += [Path(dirpath) / f for f in sorted(filenames)
                if not f.startswith(".") and (suffixes is None or f.endswith(suffixes))]
    return out


def tree_hash(root: Path, suffixes: tuple[str, ...] | None = None,
              hash_cache: dict[str, str] | None = None) -> str:
    """Hash of the names and bytes of every file under ``root``."""
    h = hashlib.sha256()
    for f in tree_files(root, suffixes):
        h.update(str(f.relative_to(root)).encode() + b"\0" + file_hash(f, hash_cache).encode())
    return h.hexdigest()


def code_fingerprint(hash_cache: dict[str, str] | None = None) -> str:
    """Hash of the package's code and templates: a change re-renders every report."""
    return hashlib.sha256(f"{__version__}:".encode()
                          + tree_hash(PACKAGE_DIR, CODE_SUFFIXES, hash_cache).encode()).hexdigest()


def table_file(paths: DataPaths, table: str) -> Path | None:
    """The file holding ``table``: its processed Parquet file, else its raw CSV."""
    for f in (paths.processed_table(table), paths.raw_table(table)):
        if f.is_file():
            return f
    return None


def data_fingerprint(paths: DataPaths, reads: list[str] | None,
                     hash_cache: dict[str, str] | None = None, whole: str | None = None,
                     digests: dict[str, Any] | None = None) -> str:
    """Hash of the data a job read (``reads``: read keys, see :mod:`ipstats.dataset.slices`):
    for a whole table, its file (processed tables are rebuilt deterministically, and a table
    joined from others changes with them); for a slice, the digests of its rows written by
    the build (the whole file if the version has none); all of ``raw/`` (``whole``, the
    build's fingerprint, when given) when ``reads`` is None or names a table with no file.
    ``digests``: the version's ``slices.json``, if already read."""
    if not reads:
        return "raw:" + (whole or tree_hash(paths.raw, None, hash_cache))
    h = hashlib.sha256()
    for key in reads:
        table, where = parse_read_key(key)
        f = table_file(paths, table)
        if f is None:
            return "raw:" + (whole or tree_hash(paths.raw, None, hash_cache))
        part = None
        if where:
            if digests is None:
                digests = load_digests(paths.processed_version)
            part = slice_fingerprint(digests, table, where)
        h.update(f"{key}\0{part or file_hash(f, hash_cache)}\n".encode())
    return "tables:" + h.hexdigest()


def as_of_year() -> int:
    """The year the reports judge progress as of (a target year before it has passed): the
    first render in a new year rerenders every page."""
    return datetime.date.today().year


def job_hash(spec: JobSpec, data_fp: str, code_fp: str, keep_code: bool,
             hash_cache: dict[str, str] | None = None, year: int | None = None) -> str:
    """What a report depends on: notebook bytes, parameters, data read, code, export options
    and the year (``year``, default :func:`as_of_year`)."""
    h = hashlib.sha256()
    h.update(file_hash(spec.path.resolve(), hash_cache).encode())
    h.update(json.dumps(spec.parameters, sort_keys=True, ensure_ascii=False).encode())
    h.update(f"{data_fp}:{code_fp}:{keep_code}:{year or as_of_year()}".encode())
    return h.hexdigest()

"""The no-change rerender: decide from file stats alone, in milliseconds and without pandas,
that nothing a render depends on changed since the last identical request.

A *request* is the settings file's path and bytes, the output folder and the options. After
each render, :func:`remember` stores, per request, a snapshot of the stats (size, mtime,
inode) of every file the render depended on (``raw/``, the processed tables, the package's code
and templates, the settings file, the notebooks used, and the outputs it wrote) and the year. When the
snapshot is unchanged, :func:`up_to_date` returns the remembered summary and ``render`` does no
other work. Any difference (even a file merely touched) falls back to the full check, which
compares contents. ``--force`` never takes this path.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ipstats.core.atomic import write_text
from ipstats.core.paths import PACKAGE_DIR, DataPaths
from ipstats.reports.render.fingerprint import CODE_SUFFIXES, as_of_year, stat_key, tree_files

KEEP_REQUESTS = 8  # remembered requests per data folder (oldest dropped)


def request_key(params_file: Path, out_dir: Path, only: str, keep_code: bool | None) -> str:
    """Identifies a render request: settings file (path and bytes), output folder, options."""
    h = hashlib.sha256(f"{params_file.resolve()}|{out_dir.resolve()}|{only}|{keep_code}|".encode())
    h.update(params_file.read_bytes())
    return h.hexdigest()


def _watched(paths: DataPaths, extra: list[str]) -> list[Path]:
    # the processed version's files (a hidden folder), and CURRENT, which names it
    version = paths.processed_version
    processed = [f for f in tree_files(paths.processed) if f != paths.render_state]
    processed += tree_files(version) if version.is_dir() else [version]
    return (tree_files(paths.raw) + processed + tree_files(PACKAGE_DIR, CODE_SUFFIXES)
            + [Path(p) for p in extra])


def snapshot(paths: DataPaths, extra: list[str]) -> str | None:
    """Hash of the stats of every watched file; None if one of ``extra`` is missing."""
    h = hashlib.sha256(f"as of {as_of_year()}\n".encode())
    try:
        for f in _watched(paths, extra):
            h.update(f"{f}|{stat_key(f)}\n".encode())
    except OSError:
        return None
    return h.hexdigest()


def _load(paths: DataPaths) -> dict[str, Any]:
    try:
        state = json.loads(paths.render_state.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def up_to_date(paths: DataPaths, key: str) -> dict[str, Any] | None:
    """The remembered outcome of request ``key`` if nothing it depends on changed, else None."""
    entry = _load(paths).get(key)
    if not isinstance(entry, dict) or entry.get("failed"):
        return None
    if snapshot(paths, entry.get("files", [])) != entry.get("snapshot"):
        return None
    return entry


def remember(paths: DataPaths, key: str, files: list[Path], jobs: int, failed: int,
             index: str = "") -> None:
    """Store the snapshot after a render (``files``: notebooks, settings and outputs)."""
    names = sorted({str(Path(f).resolve()) for f in files})
    snap = snapshot(paths, names)
    if snap is None or not paths.processed.is_dir():
        return
    state = {k: v for k, v in _load(paths).items() if k != key}
    state = dict(list(state.items())[-(KEEP_REQUESTS - 1):])
    state[key] = {"snapshot": snap, "files": names, "jobs": jobs, "failed": failed,
                  "index": index}
    write_text(paths.render_state, json.dumps(state, indent=1) + "\n")

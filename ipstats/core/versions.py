"""Whole versions of an output folder: a reader sees one complete version or the previous one,
never a mix, whatever moment a writer is killed at.

Layout of a versioned folder (``data/processed``)::

    processed/
      CURRENT              one line: the id of the current version (replaced atomically, last)
      .versions/<id>/      a complete version: every table and its build.json
      .versions/.staging-* a version being written (removed by the next writer if left behind)
      .lock                held by the writer (two builds never write at once)

A writer fills a staging folder, renames it to ``.versions/<id>`` and then replaces
``CURRENT``: until that last step, readers see the previous version. Readers resolve
``CURRENT`` once (:func:`current`) and read only inside that version's folder. The next
writer removes staging folders and temporary files left by a killed run, and prunes old
versions, keeping the current one and the one before it (a reader that resolved the previous
pointer an instant before the switch can still finish).

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> current(root) is None
True
>>> with writing(root) as staging:
...     _ = (staging / "t.txt").write_text("v1")
>>> (current(root) / "t.txt").read_text()
'v1'
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ipstats.core import atomic
from ipstats.core.problems import IpstatsError

POINTER = "CURRENT"
VERSIONS = ".versions"
STAGING_PREFIX = ".staging-"
LOCK = ".lock"
KEEP = 2  # the current version and the one before it


def current(root: Path) -> Path | None:
    """The folder of the current complete version under ``root``, or None if there is none."""
    try:
        vid = (root / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    folder = root / VERSIONS / vid
    if not vid or "/" in vid or vid.startswith(".") or not folder.is_dir():
        return None
    return folder


@contextlib.contextmanager
def lock(root: Path, what: str, wait: bool = True) -> Iterator[None]:
    """Hold ``root/.lock`` while writing. ``wait=False``: fail at once with a clear message
    if another process holds it (``what`` names the writer, e.g. 'render')."""
    import fcntl  # lazy: POSIX only; a writer is the only user

    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise IpstatsError(f"{root}: another {what} is writing here right now; wait for it "
                               "to finish, or choose another output folder") from None
        yield
    finally:
        os.close(fd)  # releases the lock


def clean(root: Path, legacy: tuple[str, ...] = ()) -> None:
    """Remove what a killed writer left behind: staging folders and temporary files, and
    files of the older unversioned layout matching ``legacy``. Call with :func:`lock`
    held."""
    vdir = root / VERSIONS
    if vdir.is_dir():
        for p in vdir.iterdir():
            if p.name.startswith(STAGING_PREFIX):
                shutil.rmtree(p, ignore_errors=True)
    for pattern in (".*.tmp",) + legacy:
        for p in root.glob(pattern):
            if p.is_file():
                p.unlink(missing_ok=True)


def prune(root: Path, keep: int = KEEP) -> None:
    """Delete all versions but the current one and the ``keep - 1`` newest others."""
    vdir = root / VERSIONS
    cur = current(root)
    if cur is None or not vdir.is_dir():
        return
    others = sorted((p for p in vdir.iterdir()
                     if p.is_dir() and not p.name.startswith(".") and p != cur),
                    key=lambda p: p.name, reverse=True)
    for p in others[keep - 1:]:
        shutil.rmtree(p, ignore_errors=True)


def new_id() -> str:
    """A version id that sorts by creation time."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{time.time_ns() % 10**9:09d}-{os.getpid()}"


@contextlib.contextmanager
def writing(root: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it becomes the current version (the pointer
    is switched last). On any error or kill the current version is untouched."""
    vdir = root / VERSIONS
    vdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=vdir))
    try:
        os.chmod(staging, 0o777 & ~atomic._umask())  # mkdtemp makes it private
        yield staging
        final = vdir / new_id()
        atomic.commit_rename(staging, final)
        atomic.write_text(root / POINTER, final.name + "\n")
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    prune(root)


def explain_write_error(exc: OSError, folder: Path) -> str:
    """A sentence saying why ``folder`` could not be written and what to do."""
    why = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        fix = "free some disk space and run the command again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = ("the folder is not writable: make it writable, or copy the data folder "
               "somewhere writable and pass --data-dir")
    else:
        fix = "check the folder and run the command again"
    return f"{folder}: cannot write ({why}); {fix}. Nothing was changed: the previous version is kept"

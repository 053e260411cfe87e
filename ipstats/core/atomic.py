"""Atomic file writes: write to a temporary file beside the target, then rename.

A killed process leaves either the old file or the new one, never half of one. Every
commit of a write (file or folder) goes through :func:`commit_rename`, the one place a
fault-injection test intercepts to kill a writer at each write in turn.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> write_text(p, "hello"); p.read_text()
'hello'
>>> write_with(p, lambda tmp: tmp.write_text("half") and 1 / 0)
Traceback (most recent call last):
ZeroDivisionError: division by zero
>>> p.read_text(), [f.name for f in p.parent.iterdir()]  # the old file, no temporary file
('hello', ['x.txt'])
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder; rename it onto ``target`` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())
        commit_rename(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def commit_rename(src: Path, dst: Path) -> None:
    """Rename ``src`` onto ``dst`` atomically (a file replaces a file; a folder takes a free
    name)."""
    os.replace(src, dst)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Atomically write ``target`` with a function that writes to a given path."""
    with atomic_path(target) as tmp:
        writer(tmp)


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole, so
    a reader never sees a half-written folder (a failure leaves any old one untouched)."""
    import shutil  # lazy: only folder writers need it

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)

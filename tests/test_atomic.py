"""Atomic writes: a reader sees the old file or the new one, never half of one, and a failed
write leaves the old file and no temporary file behind."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ipstats.core.atomic import write_bytes, write_text, write_with


class Crash(Exception):
    pass


def _half_then_crash(path: Path) -> None:
    path.write_bytes(b"half of the new cont")
    raise Crash("killed mid-write")


def test_write_text_and_bytes_write_exactly_what_was_given(tmp_path):
    write_text(tmp_path / "new" / "t.txt", "知识产权\n")  # parent folders are created
    write_bytes(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "new" / "t.txt").read_bytes() == "知识产权\n".encode("utf-8")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    write_text(tmp_path / "b.bin", "replaced")
    assert (tmp_path / "b.bin").read_text(encoding="utf-8") == "replaced"


@pytest.mark.parametrize("exc", [Crash, KeyboardInterrupt], ids=["error", "interrupt"])
def test_a_crash_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path, exc):
    target = tmp_path / "table.parquet"
    target.write_bytes(b"old content")

    def writer(path: Path) -> None:
        path.write_bytes(b"half of the new cont")
        raise exc("killed mid-write")

    with pytest.raises(exc):
        write_with(target, writer)
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.parquet"]


def test_a_crash_before_the_first_write_leaves_no_target_at_all(tmp_path):
    target = tmp_path / "index.html"
    with pytest.raises(Crash):
        write_with(target, _half_then_crash)
    assert list(tmp_path.iterdir()) == []


def test_the_writer_never_writes_the_target_itself(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")
    seen = {}

    def writer(path: Path) -> None:
        seen["path"], seen["during"] = path, target.read_text(encoding="utf-8")
        path.write_text("new", encoding="utf-8")

    write_with(target, writer)
    assert seen["path"] != target and seen["path"].parent == target.parent  # same file system
    assert seen["during"] == "old" and target.read_text(encoding="utf-8") == "new"
    assert not seen["path"].exists()


@pytest.mark.parametrize("write", [
    pytest.param(lambda p: write_text(p, "new"), id="write_text"),
    pytest.param(lambda p: write_bytes(p, b"new"), id="write_bytes"),
    pytest.param(lambda p: write_with(p, lambda t: t.write_bytes(b"new")), id="write_with"),
])
def test_a_reader_of_the_old_file_keeps_reading_the_old_file(tmp_path, write):
    """The new file replaces the old one by a rename: never truncated and rewritten in place."""
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    with target.open("rb") as reader:
        write(target)
        assert reader.read() == b"old"
    assert target.read_bytes() == b"new"


def test_an_unencodable_text_leaves_the_old_file(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text(target, "bad \ud800 surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664),
                                         (0o077, 0o600)])
def test_the_file_mode_respects_the_umask(tmp_path, umask, mode):
    """Like a file written with open(): temporary files are private (0600) until renamed."""
    old = os.umask(umask)
    try:
        write_text(tmp_path / "a.txt", "x")
        write_with(tmp_path / "b.txt", lambda p: p.write_text("x", encoding="utf-8"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == mode
    assert os.umask(old) == old  # the process's umask is left as it was

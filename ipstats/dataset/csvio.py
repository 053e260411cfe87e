"""Read hand-curated CSV files robustly: encoding detection and strict parsing.

Excel on Chinese Windows saves CSV as GB18030, others add a UTF-8 BOM; both load the same.
A file that decodes in no supported encoding, is empty, or ends inside a quoted field is
reported as a :class:`~ipstats.core.problems.Problem` naming file, line and what to do. Only
regular files are read (a pipe or device named ``*.csv`` would hang or exhaust memory), up to
:data:`MAX_FILE_BYTES`.

>>> decode(b"\\xef\\xbb\\xbfa,b")
('a,b', 'utf-8-sig')
>>> decode("目标".encode("gb18030"))
('目标', 'gb18030')
"""
from __future__ import annotations

import csv
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ipstats.core.problems import Problem

ENCODINGS = ("utf-8", "gb18030")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
MAX_FILE_BYTES = 512 * 2**20  # a data or source file larger than this is a mistake
CANNOT_READ = "cannot read the file: "  # + the system's reason (no such file, ...)
SAVE_AS_UTF8 = "Save it as UTF-8 (in Excel: Save As > 'CSV UTF-8')."


class DecodeError(ValueError):
    """Where decoding failed, and (``why``) a specific explanation when there is one."""

    def __init__(self, line: int, column: int, byte: int, why: str = ""):
        self.line, self.column, self.byte, self.why = line, column, byte, why
        super().__init__(f"line {line}, column {column}: byte 0x{byte:02x}")


class UnreadableFile(ValueError):
    """A file that must not be read: not a regular file, or too large."""


def read_regular(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes`` (symlinks
    followed); else :class:`UnreadableFile` saying why. Never blocks on a pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(f"{CANNOT_READ}{exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a folder
        os.close(fd)
        raise UnreadableFile("not a regular file (a pipe, device, socket or folder); "
                             "replace it with a plain text file")
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = f"{max_bytes // 2**20} MB" if max_bytes >= 2**20 else f"{max_bytes} bytes"
        raise UnreadableFile(f"the file is larger than {size}, the most a data file may hold; "
                             "check that it is the right file")
    return data


def _where(data: bytes, at: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, at) + 1
    return line, at - (data.rfind(b"\n", 0, at) + 1) + 1


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line, col = _where(data, exc.start + 3)
            looks = ""
            try:
                data[3:].decode("gb18030")
                looks = " (the rest reads as GB18030: the file mixes two encodings)"
            except UnicodeDecodeError:
                pass
            raise DecodeError(line, col, data[exc.start + 3],
                              "the file starts with a UTF-8 byte-order mark but is not UTF-8 "
                              f"after it{looks}") from None
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            line, col = _where(data, exc.start)
            odd = " (it has an odd number of bytes: truncated?)" if len(data) % 2 else ""
            raise DecodeError(line, col, data[exc.start],
                              f"the file starts with a UTF-16 byte-order mark but is not valid "
                              f"UTF-16{odd}") from None
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # report where UTF-8 failed: the likeliest intent
        line, col = _where(data, exc.start)
        raise DecodeError(line, col, data[exc.start]) from None
    raise AssertionError("unreachable")


@dataclass
class CsvTable:
    """Rows of strings with the source line of each row (header is line 1)."""

    path: Path
    name: str
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    encoding: str = ""

    def records(self) -> list[tuple[int, dict[str, str]]]:
        return [(ln, dict(zip(self.header, row))) for ln, row in zip(self.lines, self.rows)]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def lines_of(text: str) -> Iterator[str]:
    r"""The lines of ``text`` with their endings, split as ``io.StringIO(text, newline="")``
    splits them (on \n, \r\n or \r), one at a time: no copy of the whole text (StringIO
    holds one at four bytes a character; a list of lines, one more).

    >>> list(lines_of("a,b\r\nc\rd\n\ne"))
    ['a,b\r\n', 'c\r', 'd\n', '\n', 'e']
    """
    return (m.group() for m in _LINE.finditer(text))


def read_csv(path: Path, name: str, problems: list[Problem]) -> CsvTable | None:
    """Parse ``path`` (shown to users as ``name``); append problems; None if unreadable."""
    try:
        data = read_regular(path)
    except UnreadableFile as exc:
        problems.append(Problem(name, None, None, None, str(exc)))
        return None
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        tried = ", ".join(("utf-8", "utf-8-sig", "utf-16 (with BOM)") + ENCODINGS[1:])
        why = exc.why or f"the file is not valid text in any supported encoding (tried {tried})"
        problems.append(Problem(
            name, exc.line, None, f"0x{exc.byte:02x}",
            f"{why}; byte {exc.column} of this line is the first that fails. {SAVE_AS_UTF8}")
        )
        return None
    table = CsvTable(path=path, name=name, encoding=encoding)
    if not text.strip():
        problems.append(Problem(name, 1, None, None,
                                "the file is empty; expected a header row and one row per line"))
        return None
    del data
    reader = csv.reader(lines_of(text), strict=True)
    start = 1
    intern = sys.intern
    try:
        for row in reader:
            if not table.header:
                table.header = [h.strip() for h in row]
            elif "".join(row).strip():  # a row with some text (not only blank cells)
                # one string object per distinct cell: repeated units, ids and years are
                # held once, not once per row (10^6 rows)
                table.rows.append(list(map(intern, row)))
                table.lines.append(start)
                if reader.line_num != start:
                    problems.append(Problem(
                        name, start, None, None,
                        f"this row spans lines {start}-{reader.line_num}: a cell contains a line "
                        "break. Keep one row per line (replace the break with a space)."))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(
            name, start, None, None,
            f"the row starting here never closes its double quote ({exc}); the file may be "
            "truncated. Close the quote or escape it by doubling it (\"\")."))
    return table

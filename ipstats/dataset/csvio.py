"""Read hand-curated CSV files robustly: encoding detection and strict parsing.

Excel on Chinese Windows saves CSV as GB18030, others add a UTF-8 BOM; both load the same.
A file that decodes in no supported encoding, is empty, or ends inside a quoted field is
reported as a :class:`~ipstats.core.problems.Problem` naming file, line and what to do.

>>> decode(b"\\xef\\xbb\\xbfa,b")
('a,b', 'utf-8-sig')
>>> decode("目标".encode("gb18030"))
('目标', 'gb18030')
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ipstats.core.problems import Problem

ENCODINGS = ("utf-8", "gb18030")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class DecodeError(ValueError):
    def __init__(self, line: int, column: int, byte: int):
        self.line, self.column, self.byte = line, column, byte
        super().__init__(f"line {line}, column {column}: byte 0x{byte:02x}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # report where UTF-8 failed: the likeliest intent
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
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


def read_csv(path: Path, name: str, problems: list[Problem]) -> CsvTable | None:
    """Parse ``path`` (shown to users as ``name``); append problems; None if unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, None, None, None, f"cannot read the file: {exc.strerror}"))
        return None
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        tried = ", ".join(("utf-8", "utf-8-sig", "utf-16 (with BOM)") + ENCODINGS[1:])
        problems.append(Problem(
            name, exc.line, None, f"0x{exc.byte:02x}",
            f"the file is not valid text in any supported encoding (tried {tried}); "
            f"byte {exc.column} of this line is the first that fails. Save it as UTF-8 "
            "(in Excel: Save As > 'CSV UTF-8').")
        )
        return None
    table = CsvTable(path=path, name=name, encoding=encoding)
    if not text.strip():
        problems.append(Problem(name, 1, None, None,
                                "the file is empty; expected a header row and one row per line"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            if not table.header:
                table.header = [h.strip() for h in row]
            elif any(cell.strip() for cell in row):
                table.rows.append(row)
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

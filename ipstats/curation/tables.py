"""Indicator tables (主要指标) in a plan's text: find them in the three layouts that copies of
real plans have, and read each row as a target with its baseline and attribute.

Layouts: tab-separated rows; pipe rows (``| a | b |``, with an optional ``|---|`` separator);
one cell per line (a PDF copy: the header cells, then each row's cells, one per line). Cells
may be padded with full-width spaces. The header says what each column is: the indicator
(its unit in brackets, ``（件）``), a 单位 column, the baseline year (``2020年（基期）``) and the
target year (``2025年（目标）``), 属性 (预期性 / 约束性), 备注 (累计 / 每年新增); a derived
年均增速 column is not a target. A ``*`` on the indicator with a note 累计, or a value in
``〔 〕``, makes the row cumulative.

>>> text = "指标\\t2020年（基期）\\t2025年（目标）\\t属性\\n发明专利（件）\\t6.3\\t12以上\\t约束性"
>>> [(r.line, r.value, r.comparator, r.unit, r.target_year, r.baseline_value, r.attribute)
...  for r in table_targets(text.split("\\n"))]
[(2, '12', '>=', '件', 2025, '6.3', 'binding')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ipstats.dataset.textnorm import normalise

_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{3,}")
_YEAR_HEAD = re.compile(r"((?:19|20)\d\d)年?")
_UNIT_IN_NAME = re.compile(r"\(([^()]{1,4})\)\*?$")
_CELL = re.compile(r"^(?P<pre>约|≥|≤|>=|<=|>|<|年均增长|增长|超过|突破|达到)?\[?(?P<lo>\d+(?:\.\d+)?)"
                   r"(?:(?:-|~|至|到)(?P<hi>\d+(?:\.\d+)?))?\]?(?P<pct>%)?"
                   r"(?P<post>以上|以内|以下|左右)?\*?$")
_COMPARATORS = {"约": "~", "左右": "~", "≥": ">=", ">=": ">=", "以上": ">=", "达到": ">=",
                "≤": "<=", "<=": "<=", "以内": "<=", "以下": "<=", ">": ">", "超过": ">",
                "突破": ">", "<": "<="}
HEADER_WORDS = ("指标", "指标名称", "类别", "序号", "单位", "属性", "备注", "年均增速")


@dataclass
class TableTarget:
    """One target read from a table row (values as strings, as the text writes them)."""

    line: int  # 1-based line of the target cell
    quote: str  # the row as in the source (cells joined by tabs for one cell per line)
    value: str
    value_high: str
    comparator: str
    unit: str
    target_year: int | None
    baseline_value: str
    baseline_year: int | None
    attribute: str
    relative: str
    basis: str
    recurrence: str
    indicator: str
    baseline_line: int | None = None


@dataclass
class _Table:
    header: list[str]
    rows: list[tuple[list[str], list[int], str]]  # cells, line of each cell, quote
    note: str = ""
    span: tuple[int, int] = (0, 0)  # 1-based first and last line, header and note included


def _cells(line: str) -> list[str]:
    """The cells of a row; empty cells are kept in tab and pipe rows (a blank 备注)."""
    s = line.strip(" \r\n")
    if s.startswith("|"):
        parts = s.strip().strip("|").split("|")
    elif "\t" in s:
        parts = s.split("\t")
    else:
        parts = [c for c in re.split(r"\u3000{2,}|\s{2,}", s.strip()) if c.strip()]
    return [c.strip().strip("\u3000").strip() for c in parts]


def _is_row_line(line: str) -> bool:
    s = line.strip()
    return (("\t" in s or s.startswith("|") or "\u3000\u3000" in s)
            and sum(1 for c in _cells(s) if c) >= 3)


def find_tables(lines: list[str]) -> list[_Table]:
    """Every indicator table in the text (tab, pipe or full-width-space rows; or one cell per
    line after a header of short cells)."""
    tables, i, n = [], 0, len(lines)
    while i < n:
        if _is_row_line(lines[i]) and _looks_like_header(_cells(lines[i])):
            start = i + 1
            header, rows, i = _cells(lines[i]), [], i + 1
            while i < n and (_is_row_line(lines[i]) or _SEPARATOR_ROW.match(lines[i].strip())):
                if not _SEPARATOR_ROW.match(lines[i].strip()):
                    rows.append((_cells(lines[i]), [i + 1] * len(_cells(lines[i])),
                                 lines[i].strip()))
                i += 1
            tables.append(_Table(header, rows, _note(lines, i), (start, i + bool(_note(lines, i)))))
            continue
        if normalise(lines[i]) in ("指标", "指标名称", "类别", "序号"):
            start = i + 1
            header, i = _one_per_line_header(lines, i)
            if header:
                rows = []
                while i + len(header) <= n:
                    block = [lines[j].strip() for j in range(i, i + len(header))]
                    if not all(block) or any(b.startswith(("注", "备注")) for b in block):
                        break
                    rows.append((block, list(range(i + 1, i + len(header) + 1)), "\t".join(block)))
                    i += len(header)
                tables.append(_Table(header, rows, _note(lines, i),
                                     (start, i + bool(_note(lines, i)))))
                continue
        i += 1
    return tables


def _looks_like_header(cells: list[str]) -> bool:
    norm = [normalise(c) for c in cells]
    return any(c in HEADER_WORDS or c.startswith("指标") for c in norm) and any(
        _YEAR_HEAD.search(c) for c in norm)


def _one_per_line_header(lines: list[str], i: int) -> tuple[list[str], int]:
    header: list[str] = []
    while i < len(lines):
        cell = normalise(lines[i])
        if not cell:
            break
        if cell.startswith("(") and header:
            header[-1] += cell  # 2020年 / （基期） split over two lines
        elif cell in HEADER_WORDS or _YEAR_HEAD.fullmatch(cell) or cell.startswith("指标"):
            header.append(cell)
        else:
            break
        i += 1
    ok = len(header) >= 3 and any(_YEAR_HEAD.search(h) for h in header)
    return (header, i) if ok else ([], i)


def _note(lines: list[str], i: int) -> str:
    return normalise(lines[i]) if i < len(lines) and normalise(lines[i]).startswith("注") else ""


def table_targets(lines: list[str]) -> list[TableTarget]:
    """Targets read from every indicator table in ``lines``."""
    out = []
    for table in find_tables(lines):
        out += _read_table(table)
    return out


def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    years = [(i, int(m.group(1))) for i, h in enumerate(header)
             if (m := _YEAR_HEAD.search(normalise(h))) and "增速" not in h]
    for i, h in enumerate(normalise(c) for c in header):
        if h.startswith("指标") and "indicator" not in roles:
            roles["indicator"] = i
        elif h == "单位":
            roles["unit"] = i
        elif h == "属性":
            roles["attribute"] = i
        elif h == "备注":
            roles["remark"] = i
    if years:
        base = next((i for i, h in years if "基期" in header[i]), min(years, key=lambda y: y[1])[0])
        target = next((i for i, h in years if "目标" in header[i]), max(years, key=lambda y: y[1])[0])
        if base != target:
            roles["baseline"] = base
        roles["target"] = target
    return roles


def _read_table(table: _Table) -> list[TableTarget]:
    roles = _column_roles(table.header)
    if "target" not in roles or "indicator" not in roles:
        return []
    target_year = _head_year(table.header[roles["target"]])
    base_year = (_head_year(table.header[roles["baseline"]])
                 if "baseline" in roles else None)
    star_cumulative = "*" in table.note and "累计" in table.note
    out = []
    for cells, cell_lines, quote in table.rows:
        if len(cells) != len(table.header):
            continue
        def get(role: str, cells: list[str] = cells) -> str:
            return normalise(cells[roles[role]]) if role in roles else ""
        cell = get("target")
        parsed = _CELL.match(cell)
        if not parsed:
            continue
        name = get("indicator")
        unit = get("unit")
        if not unit and (m := _UNIT_IN_NAME.search(name)):
            unit = m.group(1)
        pre, post = parsed.group("pre") or "", parsed.group("post") or ""
        relative = "growth_rate_per_year" if "增长" in pre else ""
        if relative or parsed.group("pct"):
            unit = "%"
        comparator = _COMPARATORS.get(post) or _COMPARATORS.get(pre, "=")
        remark = get("remark")
        cumulative = ("[" in cell or "累计" in remark or (name.endswith("*") and star_cumulative))
        base_cell = _CELL.match(get("baseline")) if "baseline" in roles else None
        out.append(TableTarget(
            line=cell_lines[roles["target"]], quote=quote, value=parsed.group("lo"),
            value_high=parsed.group("hi") or "", comparator=comparator, unit=unit or "(none)",
            target_year=target_year,
            baseline_value=base_cell.group("lo") if base_cell else "",
            baseline_year=base_year if base_cell else None,
            attribute={"预期性": "expected", "约束性": "binding"}.get(get("attribute"), ""),
            relative=relative, basis="cumulative" if cumulative else (
                "flow" if "每年" in remark or "年度" in remark else ""),
            recurrence="annual" if "每年" in remark else "once",
            indicator=_UNIT_IN_NAME.sub("", name).rstrip("*"),
            baseline_line=cell_lines[roles["baseline"]] if base_cell else None))
    return out


def table_lines(lines: list[str]) -> set[int]:
    """1-based numbers of every line that belongs to a table (header, rows, note), so the
    prose reader skips them."""
    out: set[int] = set()
    for table in find_tables(lines):
        out.update(range(table.span[0], table.span[1] + 1))
    return out


def _head_year(head: str) -> int:
    """The year a column head names (2025年目标 -> 2025); the roles were found by it."""
    m = _YEAR_HEAD.search(normalise(head))
    if m is None:
        raise ValueError(f"no year in the column head {head!r}")
    return int(m.group(1))

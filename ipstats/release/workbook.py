"""The release's XLSX workbook: a README sheet (licence, citation, what each sheet holds) and
one sheet per table, with bilingual headers (Chinese name + column id).

Numbers are written as numbers (so they sum and sort in Excel); everything else as text exactly
as in the CSV files (ids, dates as YYYY-MM-DD, booleans as true/false), so a round trip
through openpyxl gives the CSV's values back.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ipstats.core.atomic import write_with
from ipstats.release.cells import cell
from ipstats.release.labels import header

README_SHEET = "README"


def write_workbook(path: Path, tables: dict[str, pd.DataFrame], descriptor: dict,
                   citation: str) -> None:
    """Write ``tables`` (as built) to ``path`` atomically."""
    from openpyxl import Workbook  # lazy: only the release writes XLSX
    from openpyxl.styles import Font

    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    lic = descriptor["licenses"][0]
    rows = [
        [descriptor["title"]],
        ["版本 Version", descriptor["version"]],
        ["许可 Licence", f"{lic['title']} ({lic['name']})", lic["path"]],
        ["引用 Citation", citation],
        ["说明 About", descriptor["description"]],
        [],
        ["工作表 Sheet", "行数 Rows", "说明 Description"],
    ]
    rows += [[name, len(df), _description(descriptor, name)] for name, df in tables.items()]
    for r in rows:
        readme.append(r)
    readme["A1"].font = Font(bold=True, size=14)
    for name, df in tables.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append([header(c) for c in df.columns])
        for c in ws[1]:
            c.font = Font(bold=True)
        numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
                   for c in df.columns]
        for values in df.astype(object).itertuples(index=False):
            ws.append([_value(v, num) for v, num in zip(values, numeric)])
        ws.freeze_panes = "A2"
    write_with(path, lambda p: wb.save(p))


def _value(v: object, numeric: bool) -> object:
    text = cell(v)
    if text == "":
        return None
    if numeric:
        f = float(str(v))
        return int(f) if f.is_integer() and abs(f) < 1e15 else f
    return text


def _description(descriptor: dict, name: str) -> str:
    for r in descriptor["resources"]:
        if r["name"] == name:
            return r.get("title", name)
    return name


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Read a release workbook back: each table sheet as text, headers as column ids."""
    from openpyxl import load_workbook  # lazy: see above

    wb = load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        if ws.title == README_SHEET:
            continue
        rows = list(ws.iter_rows(values_only=True))
        cols = [str(h).rsplit(" ", 1)[-1] for h in rows[0]]
        out[ws.title] = pd.DataFrame([[cell(v) for v in r] for r in rows[1:]], columns=cols)
    return out

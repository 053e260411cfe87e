"""``ipstats export``: the built dataset as a versioned release folder.

Load (build if stale, then the processed tables) -> write, into a temporary folder that
replaces ``<out>/ipstats-data-<version>-<datahash8>/`` whole when complete:

- one CSV per table, UTF-8 with a BOM so Excel opens Chinese correctly, dates as YYYY-MM-DD,
  booleans as true/false;
- ``datapackage.json`` (Frictionless) describing every CSV: field types, descriptions from the
  field dictionary, keys, the data licence (CC-BY-4.0) and how to cite;
- ``ipstats-data.xlsx``: a README sheet (licence, citation, tables) and one sheet per table
  with bilingual (Chinese + column id) headers;
- ``CHANGELOG.md`` (the data changelog) and ``README.md``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ipstats import __version__
from ipstats.core.atomic import atomic_dir
from ipstats.core.paths import CITATION_FILE, RELEASE_DIR, DataPaths, data_paths
from ipstats.core.problems import IpstatsError
from ipstats.dataset import schema
from ipstats.dataset.build import build, raw_fingerprint
from ipstats.release.cells import as_text
from ipstats.release.workbook import write_workbook

# The tables released, in the order analysts meet them (processed tables of the build).
TABLES = ("targets", "observations", "documents", "jurisdictions", "indicators", "families",
          "units", "measures", "departments", "themes", "campaigns")
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
ENCODING = "utf-8-sig"  # UTF-8 with BOM: Excel on Windows reads Chinese correctly


def release_name(paths: DataPaths) -> str:
    """``ipstats-data-<version>-<first 8 hex of the raw-data hash>``."""
    return f"ipstats-data-{__version__}-{raw_fingerprint(paths)[:8]}"


def citation_text() -> str:
    """How to cite the dataset, from CITATION.cff (title, authors) when present."""
    import yaml  # lazy: only the release reads CITATION.cff

    title, authors = "ipstats: quantitative targets in Chinese IP policy documents", "ipstats contributors"
    if CITATION_FILE.is_file():
        cff = yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8")) or {}
        title = cff.get("title", title)
        names = [a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
                 for a in cff.get("authors", [])]
        authors = ", ".join(n for n in names if n) or authors
    return f"{authors}. {title}. Version {__version__}. Licence CC-BY-4.0."


def _field_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind == "b":
        return "boolean"
    if kind in "iu" or str(series.dtype) == "Int64":
        return "integer"
    if kind == "f":
        return "number"
    if kind == "M":
        stamps = series.dropna()
        return "date" if (stamps == stamps.dt.normalize()).all() else "datetime"
    values = series.dropna()
    if len(values) and values.map(lambda v: isinstance(v, bool)).all():
        return "boolean"
    return "string"


def _descriptions(name: str) -> dict[str, str]:
    """Column descriptions from the field dictionary: the processed resource first, then the
    raw one, then any resource that defines the column."""
    out: dict[str, str] = {}
    names = [f"{name}_processed", name]
    resources = schema.descriptor()["resources"]
    ordered = [r for n in names for r in resources if r["name"] == n] + resources
    for res in ordered:
        for f in res["schema"]["fields"]:
            out.setdefault(f["name"], f.get("description", ""))
    return out


def resource_descriptor(name: str, df: pd.DataFrame) -> dict:
    """The Frictionless resource describing one released CSV."""
    desc = _descriptions(name)
    fields = []
    for c in df.columns:
        f = {"name": c, "type": _field_type(df[c]), "description": desc.get(c, "")}
        if f["type"] == "boolean":
            f.update(trueValues=["true"], falseValues=["false"])
        fields.append(f)
    res: dict = {"name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
                 "encoding": ENCODING, "schema": {"fields": fields}}
    try:
        raw = schema.resource(name)
        res["title"] = raw.get("title", name)
        res["description"] = raw.get("description", "")
        key = raw["schema"].get("primaryKey")
        if key and all(k in df.columns for k in key):
            res["schema"]["primaryKey"] = key
    except KeyError:
        pass
    return res


def package_descriptor(paths: DataPaths, tables: dict[str, pd.DataFrame]) -> dict:
    """The release's ``datapackage.json``."""
    base = schema.descriptor()
    return {
        "name": "ipstats-data", "title": base.get("title", "ipstats"),
        "version": __version__, "description": (
            "Quantitative targets set by Chinese IP policy documents, each tied to the verbatim "
            "sentence it came from, with observed actual values and their citations. "
            f"Raw-data hash {raw_fingerprint(paths)}. Cite as: {citation_text()}"),
        "licenses": [LICENCE],
        "resources": [resource_descriptor(n, df) for n, df in tables.items()],
    }


def load_tables(paths: DataPaths) -> dict[str, pd.DataFrame]:
    """The processed tables the release contains (building them first if stale)."""
    build(paths)
    return {n: pd.read_parquet(paths.processed_table(n)) for n in TABLES
            if paths.processed_table(n).is_file()}


def export(data_dir=None, out_dir: str | Path | None = None) -> Path:
    """Write the release folder for ``data_dir`` under ``out_dir`` (default: ``release/``);
    return its path. Refuses to write inside ``raw/``."""
    paths = data_dir if isinstance(data_dir, DataPaths) else data_paths(data_dir)
    out = Path(out_dir).expanduser().resolve() if out_dir else RELEASE_DIR
    if out == paths.raw or paths.raw in out.parents:
        raise IpstatsError(f"--out {out} is inside raw/ ({paths.raw}), which no command "
                           "modifies; choose a folder outside it, e.g. --out release")
    tables = load_tables(paths)
    target = out / release_name(paths)
    with atomic_dir(target) as tmp:
        for name, df in tables.items():
            as_text(df).to_csv(tmp / f"{name}.csv", index=False, encoding=ENCODING,
                               lineterminator="\n")
        descriptor = package_descriptor(paths, tables)
        (tmp / "datapackage.json").write_text(
            json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        write_workbook(tmp / "ipstats-data.xlsx", tables,
                       descriptor, citation_text())
        if paths.changelog.is_file():
            (tmp / "CHANGELOG.md").write_bytes(paths.changelog.read_bytes())
        (tmp / "README.md").write_text(_readme(descriptor), encoding="utf-8")
    return target


def _readme(descriptor: dict) -> str:
    lines = [f"# {descriptor['title']} (version {descriptor['version']})", "",
             descriptor["description"], "",
             f"Licence: {LICENCE['title']} ({LICENCE['name']}), {LICENCE['path']}", "",
             "| file | rows of |", "|---|---|"]
    lines += [f"| {r['path']} | {r.get('title', r['name'])} |" for r in descriptor["resources"]]
    lines += ["", ("CSV files are UTF-8 with a BOM; `ipstats-data.xlsx` holds the same tables "
                   "with bilingual headers; `datapackage.json` describes every column "
                   "(`frictionless validate datapackage.json`)."), ""]
    return "\n".join(lines)

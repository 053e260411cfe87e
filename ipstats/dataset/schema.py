"""The field dictionary: every column defined once, every table built from those definitions.

``dataset/fields.yaml`` defines each field once (type, description, constraints);
``dataset/resources.yaml`` lists the tables, the fields each uses (by name, saying which are
required there), and their primary and foreign keys. :func:`descriptor` assembles both into one
Frictionless Data Package descriptor, the single description read by validation, the build and
the generated docs (``docs/fields.md``); :func:`package_descriptor` expands it for one data
directory (one resource per per-document file) so Frictionless itself can validate the data.

>>> field_names("families")
['family', 'name_zh', 'name_en']
>>> [fk["reference"]["resource"] for fk in foreign_keys("indicators")]
['families', 'standard_units']
"""
from __future__ import annotations

import copy
import hashlib
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipstats.core.paths import FIELDS_FILE, RESOURCES_FILE, DataPaths
from ipstats.core.problems import IpstatsError
from ipstats.core.yamlfile import load_yaml

if TYPE_CHECKING:  # frictionless is slow to import; only validation needs it
    import frictionless

PACKAGE_META = {
    "name": "ipstats",
    "title": "ipstats: quantitative targets in Chinese IP policy documents",
    "description": "Field dictionary of every table: the single description read by validation, "
                   "the build and the docs.",
    "licenses": [{"name": "CC-BY-4.0", "title": "Curated data: Creative Commons Attribution 4.0"}],
}
PROCESSED_PREFIX = "processed/"  # the path of a built table
PER_DOCUMENT = "{doc_id}"  # in a resource path: one file per document
# What a table may say about a field it uses: whether it is required there, its own wording,
# and `enum`: a subset of the field's vocabulary that applies in this table (observations use
# three of the six bases; documents and observations each use their own kinds of source).
_USE_KEYS = {"name", "required", "description", "enum"}
_FK_KEYS = {"fields", "reference", "hint", "label"}


class SchemaError(Exception):
    """The field dictionary itself is inconsistent (a developer error, caught by the tests)."""


def _load_yaml(text: str, source: str = "") -> Any:
    try:
        return load_yaml(text, source or "schema")
    except IpstatsError as exc:
        raise SchemaError(str(exc)) from None


@lru_cache(maxsize=1)
def field_dictionary() -> dict[str, dict[str, Any]]:
    """Every field, by name: ``{title_zh, type, description, constraints?, trueValues?,
    falseValues?}``."""
    fields = _load_yaml(FIELDS_FILE.read_text(encoding="utf-8"), FIELDS_FILE.name)
    for name, f in fields.items():
        if f.get("type") not in ("string", "number", "integer", "boolean", "date"):
            raise SchemaError(f"{FIELDS_FILE.name}: field {name} has no valid type")
        if not isinstance(f.get("title_zh"), str) or not f["title_zh"].strip():
            raise SchemaError(f"{FIELDS_FILE.name}: field {name} has no title_zh: give the "
                              "column's Chinese name (the exports' header), e.g. title_zh: 目标年份")
        if "required" in f.get("constraints", {}):
            raise SchemaError(f"{FIELDS_FILE.name}: field {name}: 'required' is said by each "
                              "table in resources.yaml, not by the field")
    return fields


def _field(use: str | dict[str, Any], table: str) -> dict[str, Any]:
    spec = {"name": use} if isinstance(use, str) else dict(use)
    unknown = set(spec) - _USE_KEYS
    if unknown:
        raise SchemaError(f"{RESOURCES_FILE.name}: {table}.{spec.get('name')}: a table may only "
                          f"say required, description or enum about a field, not {sorted(unknown)}")
    base = field_dictionary().get(spec["name"])
    if base is None:
        raise SchemaError(f"{RESOURCES_FILE.name}: {table} uses field {spec['name']!r}, which "
                          f"{FIELDS_FILE.name} does not define")
    out: dict[str, Any] = {"name": spec["name"], **copy.deepcopy(base)}
    if spec.get("description"):
        out["description"] = spec["description"]
    if spec.get("required"):
        out["constraints"] = {"required": True, **out.get("constraints", {})}
    if "enum" in spec:
        wider = out.get("constraints", {}).get("enum", [])
        if not set(spec["enum"]) <= set(wider):
            raise SchemaError(f"{RESOURCES_FILE.name}: {table}.{spec['name']}: enum "
                              f"{spec['enum']} must be a subset of the field's own {wider}")
        out["constraints"] = {**out.get("constraints", {}), "enum": list(spec["enum"])}
    return out


@lru_cache(maxsize=1)
def _assembled() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    tables = _load_yaml(RESOURCES_FILE.read_text(encoding="utf-8"), RESOURCES_FILE.name)
    resources, fks, sliced = [], {}, {}
    for t in tables:
        names = [u if isinstance(u, str) else u["name"] for u in t["fields"]]
        if len(set(names)) != len(names):
            raise SchemaError(f"{RESOURCES_FILE.name}: {t['name']} lists a field twice")
        if t.get("sliceBy"):
            if not t["path"].startswith(PROCESSED_PREFIX) or not set(t["sliceBy"]) <= set(names):
                raise SchemaError(f"{RESOURCES_FILE.name}: {t['name']}: sliceBy must name fields "
                                  f"of a built table ({PROCESSED_PREFIX}...), got {t['sliceBy']}")
            sliced[Path(t["path"]).stem] = list(t["sliceBy"])
        table_schema: dict[str, Any] = {"fields": [_field(u, t["name"]) for u in t["fields"]]}
        if t.get("primaryKey"):
            table_schema["primaryKey"] = t["primaryKey"]
        keys = t.get("foreignKeys", [])
        for fk in keys:
            if set(fk) - _FK_KEYS or not set(fk["fields"]) <= set(names):
                raise SchemaError(f"{RESOURCES_FILE.name}: {t['name']}: bad foreign key {fk}")
        if keys:
            table_schema["foreignKeys"] = [
                {"fields": fk["fields"],
                 "reference": {"resource": "" if fk["reference"]["resource"] == t["name"]
                               else fk["reference"]["resource"],
                               "fields": fk["reference"]["fields"]}} for fk in keys]
        fks[t["name"]] = keys
        resources.append({k: t[k] for k in ("name", "path", "title", "description")}
                         | {"schema": table_schema})
    seen = [r["name"] for r in resources]
    if len(set(seen)) != len(seen):
        raise SchemaError(f"{RESOURCES_FILE.name}: a table is listed twice")
    for name, keys in fks.items():
        for fk in keys:
            if fk["reference"]["resource"] not in seen:
                raise SchemaError(f"{RESOURCES_FILE.name}: {name} refers to unknown table "
                                  f"{fk['reference']['resource']}")
    return {**PACKAGE_META, "resources": resources}, fks, sliced


def descriptor() -> dict[str, Any]:
    """The Frictionless Data Package descriptor of every table (paths may hold ``{doc_id}``)."""
    return _assembled()[0]


def resource(name: str) -> dict[str, Any]:
    """One table's descriptor (name, path, title, description, schema)."""
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no table {name!r} in {RESOURCES_FILE}")


def sliced_tables() -> dict[str, list[str]]:
    """The built tables a report may read a slice of, by file name, with the columns they are
    sliced by (``sliceBy`` in resources.yaml; see :mod:`ipstats.dataset.slices`).

    >>> sliced_tables()["targets"]
    ['jurisdiction_id', 'family']
    """
    return {k: list(v) for k, v in _assembled()[2].items()}


def raw_resources() -> list[dict[str, Any]]:
    """Tables curated by hand under ``raw/`` (in dependency order)."""
    return [r for r in descriptor()["resources"] if r["path"].startswith("raw/")]


def fields(name: str) -> list[dict[str, Any]]:
    """The assembled field descriptors of one table, in column order."""
    return list(resource(name)["schema"]["fields"])


def field_names(name: str) -> list[str]:
    """The column names of one table, in order (the header of its CSV)."""
    return [f["name"] for f in fields(name)]


def foreign_keys(name: str) -> list[dict[str, Any]]:
    """The foreign keys a table declares: ``{fields, reference: {resource, fields}, hint?,
    label?}`` (hint: how to fix a broken reference; label: what the column names)."""
    return list(_assembled()[1].get(name, []))


def field_enum(name: str) -> list[str]:
    """The allowed values of a field, read from the dictionary (e.g. the levels).

    >>> field_enum("level")
    ['national', 'provincial', 'prefecture']
    """
    return list(field_dictionary()[name].get("constraints", {}).get("enum", []))


def levels() -> list[str]:
    """The administrative levels, highest first: the one definition is the enum of the
    ``level`` field in fields.yaml."""
    return field_enum("level")


def package_descriptor(paths: DataPaths) -> dict[str, Any]:
    """The descriptor for one data directory's raw tables, for Frictionless to validate.

    A per-document table (path with ``{doc_id}``) becomes one resource per file present, named
    ``<table>-<doc_id>``; each keeps the table's foreign keys.
    """
    out = []
    for res in raw_resources():
        if PER_DOCUMENT not in res["path"]:
            out.append(copy.deepcopy(res))
            continue
        folder = paths.root / res["path"].split(PER_DOCUMENT)[0]
        for f in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
            part = copy.deepcopy(res)
            part["name"] = f"{res['name']}-{f.stem}"
            part["path"] = res["path"].replace(PER_DOCUMENT, f.stem)
            out.append(part)
    return {**PACKAGE_META, "resources": out}


@cache
def frictionless_schema(name: str) -> frictionless.Schema:
    """The Frictionless ``Schema`` of one table, without foreign keys (checked across tables
    by validation), used to type- and constraint-check its rows."""
    import frictionless  # lazy: slow to import; only validation needs it

    table_schema = {k: v for k, v in resource(name)["schema"].items() if k != "foreignKeys"}
    return frictionless.Schema.from_descriptor(table_schema)


def schema_fingerprint() -> str:
    """A hash of the schema, part of the build stamp: a schema change forces a rebuild."""
    text = json.dumps([descriptor(), sliced_tables()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

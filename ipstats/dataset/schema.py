"""Read the field dictionary (``dataset/datapackage.json``, Frictionless Data Package format).

It is the single description of every table and column: validation, the build and the
generated docs (``docs/fields.md``) all read it rather than repeating it.

>>> field_names("families")
['family', 'name_zh', 'name_en']
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from ipstats.core.paths import SCHEMA_FILE


@lru_cache(maxsize=1)
def descriptor() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def resource(name: str) -> dict[str, Any]:
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no resource {name!r} in {SCHEMA_FILE}")


def raw_resources() -> list[dict[str, Any]]:
    """Resources curated by hand under ``raw/`` (in dependency order)."""
    return [r for r in descriptor()["resources"] if r["path"].startswith("raw/")]


def fields(name: str) -> list[dict[str, Any]]:
    return resource(name)["schema"]["fields"]


def field_names(name: str) -> list[str]:
    return [f["name"] for f in fields(name)]


@lru_cache(maxsize=None)
def frictionless_schema(name: str):
    """The Frictionless ``Schema`` for a resource (used to type- and constraint-check rows)."""
    import frictionless  # lazy: slow to import; only validation needs it

    return frictionless.Schema.from_descriptor(resource(name)["schema"])


def schema_fingerprint() -> str:
    """A hash of the schema, part of the build stamp: a schema change forces a rebuild."""
    return hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:16]

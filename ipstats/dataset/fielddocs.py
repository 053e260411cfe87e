"""Generate ``docs/fields.md`` (the field dictionary for humans) from the schema
(``dataset/fields.yaml`` and ``dataset/resources.yaml``, assembled by :mod:`ipstats.dataset.schema`).

Run ``python -m ipstats.dataset.fielddocs`` after changing the schema; a test fails if the committed
page is out of date, so the docs never drift from what validation enforces.
"""
from __future__ import annotations

import sys

from ipstats.core.atomic import write_text
from ipstats.core.paths import FIELDS_DOC, PROJECT_ROOT
from ipstats.dataset import schema


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if "minimum" in c:
        parts.append(f">= {c['minimum']}")
    if "maximum" in c:
        parts.append(f"<= {c['maximum']}")
    return "; ".join(parts)


def render_markdown() -> str:
    """The whole field dictionary as Markdown, one table per resource."""
    d = schema.descriptor()
    out = [f"# Field dictionary: {d['title']}", "",
           ("Generated from `ipstats/dataset/fields.yaml` (every field, defined once) and "
            "`ipstats/dataset/resources.yaml` (the tables) by "
            "`python -m ipstats.dataset.fielddocs`; do not edit by hand."), ""]
    for res in d["resources"]:
        out += [f"## {res.get('title', res['name'])} (`{res['path']}`)", "", res.get("description", ""), ""]
        keys = res["schema"].get("primaryKey")
        if keys:
            out += [f"Primary key: {', '.join(f'`{k}`' for k in keys)}", ""]
        for fk in schema.foreign_keys(res["name"]):
            ref = schema.resource(fk["reference"]["resource"])["path"]
            out += [(f"Foreign key: {', '.join(f'`{k}`' for k in fk['fields'])} -> "
                     f"{', '.join(f'`{k}`' for k in fk['reference']['fields'])} of `{ref}`"), ""]
        out += ["| column | 中文 | type | constraints | description |", "|---|---|---|---|---|"]
        for f in res["schema"]["fields"]:
            desc = f.get("description", "").replace("|", "\\|")
            out.append(f"| `{f['name']}` | {f.get('title_zh', '')} | {f['type']} | {_constraints(f).replace('|', chr(92) + '|')} | {desc} |")
        out.append("")
    return "\n".join(out)


def main() -> int:
    write_text(FIELDS_DOC, render_markdown())
    print(f"wrote {FIELDS_DOC.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

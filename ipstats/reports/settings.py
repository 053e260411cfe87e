"""Settings for ``ipstats render``: frozen pydantic models loaded from ``params.yaml``.

Strict everywhere: unknown keys are rejected (a typo such as ``worker:`` is an error naming
the key, not a silently ignored option; keys under ``defaults:`` are checked against the
parameters the notebooks declare when jobs are expanded), so are duplicate keys (with both
line numbers), ``data_dir`` under ``defaults:``, a file that is not UTF-8 and nesting deeper
than any settings file needs. The file format is documented in the comments of
``params.yaml``.

>>> s = Settings.model_validate({"jobs": [{"notebook": "notebooks/10-overview.ipynb",
...     "parameters": {"family": {"from": "families_with_targets"}, "lang": ["zh", "en"]}}]})
>>> s.jobs[0].parameters["family"].from_, s.output.dir
('families_with_targets', 'reports')
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ipstats.analysis.compare import family_groups
from ipstats.core.paths import PARAMS_FILE
from ipstats.core.problems import IpstatsError
from ipstats.core.yamlfile import load_yaml
from ipstats.dataset.api import (
    load_documents,
    load_families,
    load_indicators,
    load_jurisdictions,
    load_targets,
)
from ipstats.dataset.schema import levels

Scalar = bool | int | float | str


def _jurisdictions_with_documents(data_dir) -> list[str]:
    used = set(load_documents(data_dir)["jurisdiction_id"])
    return [j for j in load_jurisdictions(data_dir)["jurisdiction_id"] if j in used]


def _jurisdictions(data_dir) -> list[str]:
    return list(load_jurisdictions(data_dir)["jurisdiction_id"])


def _families_with_targets(data_dir) -> list[str]:
    t = load_targets(data_dir)
    used = set(t.loc[t["kind"] == "numeric", "family"])
    return [f for f in load_families(data_dir)["family"] if f in used]


def _families_compared(data_dir) -> list[str]:
    """Families worth a compare page (two or more jurisdictions, or variants)."""
    return family_groups(load_targets(data_dir))[0]


def _families_single(data_dir) -> list[str]:
    """Families only one jurisdiction sets: they share one page."""
    return family_groups(load_targets(data_dir))[1]


def _indicators_with_targets(data_dir) -> list[str]:
    t = load_targets(data_dir)
    used = set(t.loc[t["kind"] == "numeric", "indicator_id"])
    return [i for i in load_indicators(data_dir)["indicator_id"] if i in used]


# Named value sets a job parameter can sweep over with {from: NAME}. Another stage module may
# register more: SWEEPS["themes"] = lambda data_dir: [...]. Each returns values in data order.
SWEEPS: dict[str, Callable[[object], list[str]]] = {
    "jurisdictions_with_documents": _jurisdictions_with_documents,
    "jurisdictions": _jurisdictions,
    "families_with_targets": _families_with_targets,
    "families_compared": _families_compared,
    "families_single": _families_single,
    "indicators_with_targets": _indicators_with_targets,
    "levels": lambda data_dir: levels(),
}


def _reject_data_dir(cls: type, v: dict) -> dict:
    """Job parameters and defaults never set data_dir: the command does (--data-dir)."""
    if "data_dir" in v:
        raise ValueError("data_dir is set by the command (--data-dir); remove it here")
    return v


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class FromSet(_Frozen):
    """``{from: NAME}``: one run per value of a named set read from the data."""

    from_: str = Field(alias="from")

    @field_validator("from_")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in SWEEPS:
            raise ValueError(f"unknown set {v!r}; use one of {', '.join(SWEEPS)}")
        return v


ParamValue = FromSet | list[Scalar] | Scalar


class Output(_Frozen):
    dir: str = "reports"
    keep_code: bool = False
    workers: int = Field(default=0, ge=0)
    timeout: int = Field(default=600, gt=0)


class Job(_Frozen):
    notebook: str
    parameters: dict[str, ParamValue] = {}

    @field_validator("notebook")
    @classmethod
    def _ipynb(cls, v: str) -> str:
        if not v.endswith(".ipynb"):
            raise ValueError("expected a notebook path ending in .ipynb, relative to the "
                             "repository root, e.g. notebooks/10-overview.ipynb")
        return v

    _no_data_dir = field_validator("parameters")(_reject_data_dir)


class Settings(_Frozen):
    # Languages every job renders in, one page each at <lang>/<notebook>/<slug>.html; a job's
    # own `lang` parameter overrides it.
    lang: list[str] = ["zh", "en"]
    output: Output = Output()
    defaults: dict[str, Scalar] = {}
    jobs: list[Job] = Field(min_length=1)

    @field_validator("lang", mode="before")
    @classmethod
    def _langs(cls, v: object) -> object:
        v = [v] if isinstance(v, str) else v
        if isinstance(v, list):
            bad = [x for x in v if x not in ("zh", "en")]
            if bad or not v:
                raise ValueError(f"expected a list of languages from zh, en (found {v!r}), "
                                 "e.g. lang: [zh, en]")
        return v

    _no_data_dir = field_validator("defaults")(_reject_data_dir)


MAX_DEPTH = 20  # a settings file is a few levels deep; deeper is a mistake (or an attack)


def _depth(text: str) -> int:
    """An upper bound of the nesting depth, from brackets and indentation, read without
    recursion (a YAML parser recurses once per level)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    indents = {len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip()}
    return max(deepest, len(indents))


def load_settings(path: str | Path | None = None) -> Settings:
    """Read and check ``params.yaml``; every problem is reported with its key path."""

    path = Path(path) if path else PARAMS_FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IpstatsError(f"{path}: cannot read the report settings ({exc.strerror}); "
                           "pass --params FILE or create params.yaml (see README)") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise IpstatsError(f"{path}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                           "save the file as UTF-8") from None
    if _depth(text) > MAX_DEPTH:
        raise IpstatsError(f"{path}: nested more than {MAX_DEPTH} levels deep; the settings "
                           "need three (see the comments at the top of params.yaml)")
    raw = load_yaml(text, str(path), "the settings need three levels (see the comments at "
                    "the top of params.yaml)")
    try:
        return Settings.model_validate(raw or {})
    except ValidationError as exc:
        lines = [f"{path}: {exc.error_count()} problem(s) in the report settings:"]
        for e in exc.errors():
            where = ".".join(str(p) for p in e["loc"])
            value = e.get("input")
            shown = "" if isinstance(value, (dict, list)) else f" (found {value!r})"
            lines.append(f"  - {where}: {e['msg']}{shown}")
        lines.append("See the comments at the top of params.yaml for the format.")
        raise IpstatsError("\n".join(lines)) from None

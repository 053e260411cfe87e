"""Settings for ``ipstats render``: frozen pydantic models loaded from ``params.yaml``.

Unknown keys are rejected (a typo such as ``worker:`` is an error naming the key, not a
silently ignored option). The file format is documented in the comments of ``params.yaml``.

>>> s = Settings.model_validate({"jobs": [{"notebook": "notebooks/10-overview.ipynb",
...     "parameters": {"family": {"from": "families_with_targets"}, "lang": ["zh", "en"]}}]})
>>> s.jobs[0].parameters["family"].from_, s.output.dir
('families_with_targets', 'reports')
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ipstats.core.paths import PARAMS_FILE
from ipstats.core.problems import IpstatsError
from ipstats.dataset.api import (
    load_documents,
    load_families,
    load_indicators,
    load_jurisdictions,
    load_targets,
)

Scalar = Union[bool, int, float, str]


def _jurisdictions_with_documents(data_dir) -> list[str]:
    used = set(load_documents(data_dir)["jurisdiction_id"])
    return [j for j in load_jurisdictions(data_dir)["jurisdiction_id"] if j in used]


def _jurisdictions(data_dir) -> list[str]:
    return list(load_jurisdictions(data_dir)["jurisdiction_id"])


def _families_with_targets(data_dir) -> list[str]:
    t = load_targets(data_dir)
    used = set(t.loc[t["kind"] == "numeric", "family"])
    return [f for f in load_families(data_dir)["family"] if f in used]


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
    "indicators_with_targets": _indicators_with_targets,
    "levels": lambda data_dir: ["national", "provincial", "prefecture"],
}


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


ParamValue = Union[FromSet, list[Scalar], Scalar]


class Output(_Frozen):
    dir: str = "reports"
    keep_code: bool = False
    workers: int = Field(0, ge=0)
    timeout: int = Field(600, gt=0)


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

    @field_validator("parameters")
    @classmethod
    def _no_data_dir(cls, v: dict) -> dict:
        if "data_dir" in v:
            raise ValueError("data_dir is set by the command (--data-dir); remove it here")
        return v


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


def load_settings(path: str | Path | None = None) -> Settings:
    """Read and check ``params.yaml``; every problem is reported with its key path."""
    import yaml  # lazy: only when settings are read

    path = Path(path) if path else PARAMS_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise IpstatsError(f"{path}: cannot read the report settings ({exc.strerror}); "
                           "pass --params FILE or create params.yaml (see README)") from None
    except yaml.YAMLError as exc:
        raise IpstatsError(f"{path}: not valid YAML: {exc}") from None
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

"""Jobs: every (notebook, parameter set) that ``params.yaml`` declares, sweeps expanded, once
per report language.

Output paths are stable and predictable: ``<lang>/<notebook stem>/<slug>.html`` where the
slug names only the swept parameters other than ``lang`` (``report`` when none), so the
Chinese and English twins differ only in their first folder. A notebook that declares
``page_path`` receives that path (for its index and twin links).

A job's notebook path is relative to the folder of the settings file (the repository root for
the default ``params.yaml``).
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipstats.core.paths import PROJECT_ROOT
from ipstats.core.problems import IpstatsError
from ipstats.reports.settings import SWEEPS, FromSet, Settings


@dataclass(frozen=True)
class JobSpec:
    """One notebook run: the notebook (as written in the settings), its parameters (without
    ``data_dir``), the output name (``<notebook stem>/<slug>``) and the notebook's path."""

    notebook: str
    parameters: dict[str, Any]
    name: str
    path: Path


def resolve_notebook(notebook: str, base_dir: Path) -> Path | None:
    """The notebook a job names: relative to the settings file's folder, else one of the
    shipped report notebooks (so a settings file anywhere can use them); None if neither."""
    for root in (base_dir, PROJECT_ROOT):
        path = (root / notebook).resolve()
        if path.is_file():
            return path
    return None


def notebook_parameters(path: Path) -> list[str]:
    """Names declared in the notebook's cell tagged ``parameters``.

    >>> notebook_parameters(PROJECT_ROOT / "notebooks" / "40-timeline.ipynb")
    ['period', 'level', 'lang', 'data_dir', 'page_path']
    """
    try:
        nb = json.loads(path.read_bytes().decode("utf-8"))
        cells = nb.get("cells", [])
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as exc:
        why = (f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
               if isinstance(exc, json.JSONDecodeError) else
               getattr(exc, "strerror", None) or "not a JSON object")
        raise IpstatsError(f"{path}: not a readable notebook ({why}); open it in Jupyter and "
                           "save it again, or restore it from git") from None
    for cell in cells if isinstance(cells, list) else []:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            return re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=", src, flags=re.MULTILINE)
    raise IpstatsError(f"{path}: no cell tagged 'parameters'; tag the cell that sets the "
                       "notebook's parameters (View > Cell toolbar > Tags in Jupyter)")


def slug(params: dict) -> str:
    """A file-name-safe name for a parameter set.

    >>> slug({"family": "ip_pledge_financing", "lang": "en"}), slug({})
    ('family-ip_pledge_financing_lang-en', 'report')
    """
    if not params:
        return "report"
    text = "_".join(f"{k}-{v}" for k, v in params.items())
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "report"


def expand_jobs(settings: Settings, data_dir: Any = None,
                base_dir: Path = PROJECT_ROOT) -> list[JobSpec]:
    """Every (notebook, parameter set) the settings declare, sweeps expanded from the data."""
    specs: list[JobSpec] = []
    seen: set[str] = set()
    everywhere: set[str] = set()
    for i, job in enumerate(settings.jobs, start=1):
        path = resolve_notebook(job.notebook, base_dir)
        if path is None:
            raise IpstatsError(f"params.yaml, job {i}: notebook {job.notebook!r} not found "
                               f"(paths are relative to {base_dir}, the folder of the settings "
                               f"file, or to the shipped notebooks' folder {PROJECT_ROOT})")
        declared = notebook_parameters(path)
        everywhere.update(declared)
        unknown = [k for k in job.parameters if k not in declared]
        if unknown:
            raise IpstatsError(f"params.yaml, job {i} ({job.notebook}): unknown parameter "
                               f"{', '.join(map(repr, unknown))}; the notebook declares: "
                               f"{', '.join(declared)}")
        swept: dict[str, list] = {}
        params = dict(job.parameters)
        if "lang" in declared and "lang" not in params:
            params["lang"] = list(settings.lang)
        for k, v in params.items():
            if isinstance(v, FromSet):
                swept[k] = SWEEPS[v.from_](data_dir)
            elif isinstance(v, list):
                swept[k] = list(v)
            else:
                swept[k] = [v]
            if not swept[k]:
                raise IpstatsError(f"params.yaml, job {i} ({job.notebook}): parameter {k!r} "
                                   "sweeps over no value, so the job would render nothing; "
                                   "give at least one value")
        fixed = {k: v for k, v in settings.defaults.items() if k in declared and k != "lang"}
        for combo in itertools.product(*swept.values()):
            own = dict(zip(swept, combo))
            varying = {k: v for k, v in own.items()
                       if isinstance(params[k], (FromSet, list)) and k != "lang"}
            lang = own.get("lang", "")
            name = f"{lang}/{path.stem}/{slug(varying)}" if lang else f"{path.stem}/{slug(varying)}"
            if "page_path" in declared:
                own["page_path"] = f"{name}.html"
            if name in seen:
                raise IpstatsError(f"params.yaml, job {i}: {name} is rendered twice; give the "
                                   "second entry different parameters or remove it")
            seen.add(name)
            specs.append(JobSpec(job.notebook, {**fixed, **own}, name, path))
    unknown = sorted(set(settings.defaults) - everywhere)
    if unknown:
        raise IpstatsError(f"params.yaml, defaults: unknown parameter "
                           f"{', '.join(map(repr, unknown))}; the notebooks declare: "
                           f"{', '.join(sorted(everywhere))}")
    return specs

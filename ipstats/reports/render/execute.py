"""Execute one job: papermill runs the notebook in its own kernel, then the HTML is exported.

Every file is written atomically; a failing job records its error and never raises.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ipstats.core.atomic import write_text
from ipstats.core.paths import DataPaths
from ipstats.reports.render.export import export_html
from ipstats.reports.render.jobs import JobSpec, notebook_parameters

KERNEL = "python3"
# Quiet kernels (no "running over TCP" or shutdown noise on the terminal) and no shared
# IPython history database (parallel kernels would contend for its lock).
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


def _error_text(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def run_job(spec: JobSpec, out_dir: Path, paths: DataPaths, keep_code: bool,
            timeout: int) -> dict[str, Any]:
    """Execute one notebook and export it; returns its manifest entry (never raises)."""
    import nbformat  # lazy: heavy imports, paid only when a job runs
    import papermill

    from ipstats.reports.render.kernels import kernel_manager_class  # lazy: jupyter_client

    ipynb = out_dir / f"{spec.name}.ipynb"
    html_path = out_dir / f"{spec.name}.html"
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    tmp = ipynb.with_name(f".{ipynb.stem}.{os.getpid()}.running.ipynb")
    nb_path = spec.path
    params = dict(spec.parameters)
    if "data_dir" in notebook_parameters(nb_path):
        params["data_dir"] = str(paths.root)
    entry: dict[str, Any] = {"status": "ok", "error": None}
    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(nb_path), str(tmp), parameters=params,
                                   kernel_name=KERNEL, progress_bar=False, log_output=False,
                                   cwd=str(nb_path.parent), execution_timeout=timeout,
                                   request_save_on_cell_execute=False,
                                   extra_arguments=KERNEL_ARGS,
                                   kernel_manager_class=kernel_manager_class())
    except Exception as exc:  # noqa: BLE001 (a failing job must not stop the others)
        entry = {"status": "failed", "error": _error_text(exc)}
    try:
        if tmp.exists():
            os.replace(tmp, ipynb)
        if entry["status"] == "ok":
            write_text(html_path, export_html(nbformat.read(ipynb, as_version=4), keep_code))
        elif html_path.exists():
            html_path.unlink()  # never leave a report that no longer matches its inputs
    except Exception as exc:  # noqa: BLE001 (nor a failing export)
        entry = {"status": "failed", "error": f"export: {_error_text(exc)}"}
    finally:
        tmp.unlink(missing_ok=True)
    entry["seconds"] = round(time.perf_counter() - start, 2)
    return entry

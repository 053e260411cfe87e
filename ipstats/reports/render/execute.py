"""Execute one job: papermill runs the notebook in its own kernel (forked from the warm template
when there is one, see :mod:`.kernel`), then the HTML is exported from the in-memory notebook.

Every file is written atomically; a failing job records its error and never raises. Every path
here is absolute: papermill changes the working directory of the whole process while a job
runs, and jobs run in threads.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from ipstats.core.atomic import write_text
from ipstats.core.paths import DataPaths
from ipstats.dataset.api import READ_LOG_ENV
from ipstats.reports.render.export import export_html
from ipstats.reports.render.jobs import JobSpec, notebook_parameters
from ipstats.reports.render.kernel import KernelTemplate, manager_class

KERNEL = "python3"
# Quiet kernels (no "running over TCP" or shutdown noise on the terminal) and no shared
# IPython history database (parallel kernels would contend for its lock).
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]
# Seconds a forked kernel may take to answer; past it the job is rerun on an ordinary kernel.
WARM_START_TIMEOUT = 30
# Errors that mean the kernel never came up (not that the notebook failed).
_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying")


def _error_text(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def _reads(log: Path) -> list[str] | None:
    """What a job read (read keys: tables or slices of them; sorted, unique), or None if it
    recorded nothing."""
    try:
        names = {n.strip() for n in log.read_text(encoding="utf-8").splitlines() if n.strip()}
    except OSError:
        return None
    return sorted(names) or None


def execute(nb_path: Path, out_ipynb: Path, params: dict[str, Any], timeout: int,
            template: KernelTemplate | None, env: dict[str, str],
            stop: threading.Event | None = None) -> Any:
    """Run one notebook with papermill (warm kernel if possible); returns the executed
    notebook. Raises what papermill raises; the executed notebook is written either way.
    Once ``stop`` is set (Ctrl-C), no kernel is started."""
    import papermill  # lazy: heavy, paid only when a job runs

    def run(tpl: KernelTemplate | None, start_timeout: int) -> Any:
        return papermill.execute_notebook(
            str(nb_path), str(out_ipynb), parameters=params, kernel_name=KERNEL,
            progress_bar=False, log_output=False, cwd=str(nb_path.parent),
            execution_timeout=timeout, start_timeout=start_timeout,
            request_save_on_cell_execute=False, extra_arguments=KERNEL_ARGS,
            kernel_manager_class=manager_class(tpl, env), shutdown_kernel="immediate")

    # A kernel that never came up is replaced once by an ordinary one: a forked kernel that
    # hung, or jupyter_client's port race (another process bound a port chosen for the kernel
    # before the kernel did: "Address already in use").
    if stop is not None and stop.is_set():
        raise RuntimeError("interrupted (Ctrl-C) before the job started")
    try:
        return run(template, WARM_START_TIMEOUT if template else 60)
    except RuntimeError as exc:
        if stop is not None and stop.is_set():
            raise  # its kernel was killed on purpose
        if not any(s in str(exc) for s in _START_FAILURES):
            raise
    return run(None, 60)


def run_job(spec: JobSpec, out_dir: Path, paths: DataPaths, keep_code: bool,
            timeout: int, template: KernelTemplate | None = None,
            stop: threading.Event | None = None) -> dict[str, Any]:
    """Execute one notebook and export it; returns its manifest entry (never raises). Once
    ``stop`` is set (Ctrl-C), the job leaves its previous outputs as they are.

    The entry records ``reads``: the tables (or slices) the job loaded through the API (None
    if unknown).
    """
    out_dir, nb_path = out_dir.resolve(), spec.path.resolve()
    ipynb = out_dir / f"{spec.name}.ipynb"
    html_path = out_dir / f"{spec.name}.html"
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    tmp = ipynb.with_name(f".{ipynb.stem}.{os.getpid()}.running.ipynb")
    log = ipynb.with_name(f".{ipynb.stem}.{os.getpid()}.reads.tmp")  # a leftover is cleaned
    log.unlink(missing_ok=True)
    params = dict(spec.parameters)
    if "data_dir" in notebook_parameters(nb_path):
        params["data_dir"] = str(paths.root.resolve())
    entry: dict[str, Any] = {"status": "ok", "error": None}
    start = time.perf_counter()
    nb = None
    try:
        nb = execute(nb_path, tmp, params, timeout, template, {READ_LOG_ENV: str(log)}, stop)
    except Exception as exc:  # noqa: BLE001 (a failing job must not stop the others)
        entry = {"status": "failed", "error": _error_text(exc)}
    entry["reads"] = _reads(log)
    try:
        if stop is not None and stop.is_set():
            entry.update(status="interrupted", error="interrupted (Ctrl-C)")
            return entry  # the previous page and notebook stay as they were
        if tmp.exists():
            os.replace(tmp, ipynb)
        if entry["status"] == "ok":
            write_text(html_path, export_html(nb, keep_code))
        elif html_path.exists():
            html_path.unlink()  # never leave a report that no longer matches its inputs
    except Exception as exc:  # noqa: BLE001 (nor a failing export)
        entry.update(status="failed", error=f"export: {_error_text(exc)}")
    finally:
        tmp.unlink(missing_ok=True)
        log.unlink(missing_ok=True)
    entry["seconds"] = round(time.perf_counter() - start, 2)
    return entry

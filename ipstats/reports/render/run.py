"""Render: execute the report notebooks declared in ``params.yaml`` in parallel and
export each to self-contained HTML, with an index and a manifest.

Load inputs (settings, data: built once here, before any job starts, so jobs never race to
build) -> expand jobs (parameter sweeps) -> skip jobs whose notebook, parameters, data and
code are unchanged -> run the rest in threads (papermill's Python API; one kernel per job) ->
export HTML (code hidden unless asked, no CDN reference).

What a reader of the output folder sees (the design choice for "never a mix"): each page is
written atomically, and ``manifest.json`` and ``index.html`` are rewritten atomically *per
job*: first, before any job runs, with every job that is about to be re-rendered delisted
(status ``pending``, no page linked), then again the moment each job's page is written (its
entry carries the hash of the notebook, parameters, data and code it was built from). So the
index never links a page built from other data than its entry says, and a rerun after a kill
at any moment re-renders exactly the jobs whose entry is not current. The output folder is
locked while a render writes (a second render into it stops at once with a clear message).
Ctrl-C stops promptly: queued jobs are not started, running kernels are shut down, the
manifest keeps the jobs already rendered, and the command names the jobs not rendered.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from ipstats.core import versions
from ipstats.core.paths import PROJECT_ROOT, DataDir, DataPaths, data_paths
from ipstats.core.problems import IpstatsError
from ipstats.dataset.build import build, raw_fingerprint
from ipstats.reports.render.execute import run_job
from ipstats.reports.render.fingerprint import code_fingerprint, job_hash
from ipstats.reports.render.jobs import JobSpec, expand_jobs
from ipstats.reports.render.outputs import (
    Journal,
    RenderResult,
    check_out_dir,
    clean_leftovers,
    previous_jobs,
)
from ipstats.reports.settings import Settings, load_settings


class RenderInterrupted(KeyboardInterrupt):
    """Ctrl-C during a render; the message names the jobs not rendered."""


def render(settings: Settings | None = None, data_dir: DataDir = None,
           out: str | Path | None = None, force: bool = False, keep_code: bool | None = None,
           workers: int | None = None, only: str = "", progress: bool = True,
           base_dir: Path = PROJECT_ROOT) -> RenderResult:
    """Render every job; skip those unchanged since their last render (unless ``force``).

    ``out`` (default: ``output.dir`` of the settings, relative to ``base_dir``, the folder of
    the settings file) is resolved against the working directory when relative.
    """
    t0 = time.perf_counter()
    settings = settings or load_settings()
    keep_code = settings.output.keep_code if keep_code is None else keep_code
    out_dir = Path(out).resolve() if out else (base_dir / settings.output.dir).resolve()
    check_out_dir(out_dir, data_paths(data_dir))
    paths = build(data_paths(data_dir))  # once, here: jobs then only read
    specs = [s for s in expand_jobs(settings, paths, base_dir) if only in s.name]
    if not specs:
        raise IpstatsError(f"--only {only!r} matches no job; job names look like "
                           "30-jurisdiction-profile/jurisdiction-zhejiang" if only else
                           "the settings declare no job to render (every sweep is empty)")
    data_fp, code_fp = raw_fingerprint(paths), code_fingerprint()
    try:
        with versions.lock(out_dir, "render", wait=False):
            clean_leftovers(out_dir)
            result = _render_locked(settings, specs, paths, out_dir, data_fp, code_fp, force,
                                    keep_code, workers, only, progress)
    except OSError as exc:
        raise IpstatsError(versions.explain_write_error(exc, out_dir)) from None
    result.seconds = time.perf_counter() - t0
    return result


def _render_locked(settings: Settings, specs: list[JobSpec], paths: DataPaths, out_dir: Path,
                   data_fp: str, code_fp: str, force: bool, keep_code: bool,
                   workers: int | None, only: str, progress: bool) -> RenderResult:
    before = previous_jobs(out_dir / "manifest.json")
    names = {s.name for s in specs}
    # jobs outside --only keep their entry, delisted if their page was built from other data
    kept = [j if j.get("data_hash") == data_fp else
            {**j, "status": "pending", "html": None, "hash": None}
            for n, j in before.items() if only and n not in names]
    journal = Journal(out_dir, paths, data_fp, [s.name for s in specs], kept=kept)
    todo: list[tuple[JobSpec, str]] = []
    for spec in specs:
        h = job_hash(spec, data_fp, code_fp, keep_code)
        old = before.get(spec.name)
        if (not force and old and old.get("hash") == h and old.get("status") in ("ok", "skipped")
                and old.get("html") and (out_dir / old["html"]).is_file()):
            journal.entries[spec.name] = {**old, "status": "skipped"}
        else:
            todo.append((spec, h))
            journal.entries[spec.name] = {"name": spec.name, "notebook": spec.notebook,
                                          "parameters": spec.parameters,
                                          "ipynb": f"{spec.name}.ipynb", "html": None,
                                          "hash": None, "status": "pending", "error": None}
    journal.write()  # before any job runs: every page about to change is delisted
    n_workers = workers or settings.output.workers or os.cpu_count() or 1
    if todo:
        from tqdm import tqdm  # lazy: only when jobs run

        pool = ThreadPoolExecutor(max_workers=min(n_workers, len(todo)))
        futures = {pool.submit(run_job, s, out_dir, paths, keep_code,
                               settings.output.timeout): (s, h) for s, h in todo}
        bar = tqdm(total=len(todo), desc="render", unit="report", disable=not progress,
                   file=sys.stderr)
        try:
            for fut in as_completed(futures):
                spec, h = futures[fut]
                entry = {**journal.entries[spec.name], "html": f"{spec.name}.html", "hash": h,
                         "data_hash": data_fp, **fut.result()}
                if entry["status"] != "ok":
                    entry["html"] = None
                journal.entries[spec.name] = entry
                journal.write()  # the moment its page is written
                bar.update(1)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            logging.disable(logging.CRITICAL)  # no "kernel died" noise from the stopped jobs
            _stop_kernels()
            bar.close()
            missing = [n for n, e in journal.entries.items() if e["status"] == "pending"]
            raise RenderInterrupted(
                f"{len(missing)} job{'s' if len(missing) != 1 else ''} not rendered: "
                f"{', '.join(missing)}. The reports listed in {out_dir}/index.html are "
                "complete; run the command again to render the rest") from None
        bar.close()
        pool.shutdown()
    return journal.result()


def _stop_kernels() -> None:
    """Shut down the kernels this process started (its own child processes, by id)."""
    import psutil  # lazy: only on Ctrl-C

    children = psutil.Process().children(recursive=True)
    for child in children:
        try:
            child.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=3)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass

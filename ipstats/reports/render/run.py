"""Render: execute the report notebooks declared in ``params.yaml`` in parallel and
export each to self-contained HTML, with an index and a manifest.

Load inputs (settings, data: built once here, before any job starts, so jobs never race to
build) -> expand jobs (parameter sweeps) -> skip jobs whose notebook, parameters, data and
code are unchanged -> run the rest in threads (papermill's Python API; one kernel per job) ->
export HTML (code hidden unless asked, no CDN reference) -> write index.html and
manifest.json. Every file is written atomically: a failed or interrupted job leaves no
half-written HTML.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from ipstats.core.paths import PROJECT_ROOT, DataDir, data_paths
from ipstats.dataset.build import build, raw_fingerprint
from ipstats.reports.render.execute import run_job
from ipstats.reports.render.fingerprint import code_fingerprint, job_hash
from ipstats.reports.render.jobs import JobSpec, expand_jobs
from ipstats.reports.render.outputs import RenderResult, previous_jobs, write_outputs
from ipstats.reports.settings import Settings, load_settings


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
    paths = build(data_paths(data_dir))  # once, here: jobs then only read
    specs = [s for s in expand_jobs(settings, paths, base_dir) if only in s.name]
    data_fp, code_fp = raw_fingerprint(paths), code_fingerprint()
    manifest_path = out_dir / "manifest.json"
    before = previous_jobs(manifest_path)
    entries: dict[str, dict] = {}
    todo: list[tuple[JobSpec, str]] = []
    for spec in specs:
        h = job_hash(spec, data_fp, code_fp, keep_code)
        old = before.get(spec.name)
        if (not force and old and old.get("hash") == h and old.get("status") in ("ok", "skipped")
                and (out_dir / old["html"]).is_file()):
            entries[spec.name] = {**old, "status": "skipped"}
        else:
            todo.append((spec, h))
    n_workers = workers or settings.output.workers or os.cpu_count() or 1
    if todo:
        from tqdm import tqdm  # lazy: only when jobs run

        with ThreadPoolExecutor(max_workers=min(n_workers, len(todo))) as pool:
            futures = {pool.submit(run_job, s, out_dir, paths, keep_code,
                                   settings.output.timeout): (s, h) for s, h in todo}
            bar = tqdm(total=len(todo), desc="render", unit="report", disable=not progress,
                       file=sys.stderr)
            for fut in as_completed(futures):
                spec, h = futures[fut]
                entries[spec.name] = {"name": spec.name, "notebook": spec.notebook,
                                      "parameters": spec.parameters,
                                      "ipynb": f"{spec.name}.ipynb", "html": f"{spec.name}.html",
                                      "hash": h, **fut.result()}
                if entries[spec.name]["status"] != "ok":
                    entries[spec.name]["html"] = None
                bar.update(1)
            bar.close()
    result = RenderResult([entries[s.name] for s in specs])
    if only:  # keep the other jobs' entries from the previous run
        kept = [j for n, j in before.items() if n not in entries]
        result = RenderResult(result.jobs + kept)
    write_outputs(out_dir, result, paths, data_fp)
    result.seconds = time.perf_counter() - t0
    return result

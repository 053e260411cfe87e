"""Render: execute the report notebooks declared in ``params.yaml`` in parallel and
export each to self-contained HTML, with an index and a manifest.

Load inputs (settings, data: built once here, before any job starts, so jobs never race to
build) -> expand jobs (parameter sweeps) -> skip jobs whose notebook, parameters, code and the
data they read are unchanged -> run the rest in threads (papermill's Python API; one fresh
kernel per job, forked from a warm template, see :mod:`.kernel`) -> export HTML from the
in-memory notebook (code hidden unless asked, no CDN reference; one exporter per thread).

Scheduling: ``ipstats render`` starts the kernel template first, so it imports in the
background while the command imports, builds the data and expands the jobs; each job's hash covers only the tables it read (recorded by the
API while it ran; all of ``raw/`` for a job never rendered).

What a reader of the output folder sees (the design choice for "never a mix"): each page is
written atomically, and ``manifest.json`` and ``index.html`` are rewritten atomically *per
job*: first, before any job runs, with every job that is about to be re-rendered delisted
(status ``pending``, no page linked), then again the moment each job's page is written (its
entry carries the hash of the notebook, parameters, data and code it was built from). So the
index never links a page built from other data than its entry says, and a rerun after a kill
at any moment re-renders exactly the jobs whose entry is not current. The output folder is
locked while a render writes (a second render into it stops at once with a clear message).
Ctrl-C stops promptly: queued jobs are not started, running kernels (and the template) are
killed, a job stopped before it wrote anything gets its previous entry back (its previous page
is untouched), and the command names the jobs not rendered.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from concurrent.futures import wait as wait_futures
from pathlib import Path
from typing import Any

from ipstats.core import versions
from ipstats.core.paths import PROJECT_ROOT, DataDir, DataPaths, data_paths
from ipstats.core.problems import IpstatsError
from ipstats.dataset.build import build, raw_fingerprint
from ipstats.dataset.slices import load_digests
from ipstats.reports.render.execute import run_job
from ipstats.reports.render.fingerprint import (
    code_fingerprint,
    data_fingerprint,
    job_hash,
    stat_key,
)
from ipstats.reports.render.jobs import JobSpec, expand_jobs
from ipstats.reports.render.kernel import KernelTemplate, warm_kernels_supported
from ipstats.reports.render.outputs import (
    Journal,
    RenderResult,
    check_out_dir,
    clean_leftovers,
    previous_jobs,
)
from ipstats.reports.settings import Settings, load_settings

# Seconds Ctrl-C waits for the jobs it stopped to notice (their kernels are already killed).
STOP_GRACE = 5.0


def default_workers() -> int:
    """Jobs run at the same time when the settings say 0: one per CPU, plus one. Part of a
    job's time is waiting (its kernel starting, messages, the export in this process), so one
    job more than there are cores keeps every core busy (about 10% faster on 2 cores)."""
    return (os.cpu_count() or 1) + 1


class RenderInterrupted(KeyboardInterrupt):
    """Ctrl-C during a render; the message names the jobs not rendered."""


def render(settings: Settings | None = None, data_dir: DataDir = None,
           out: str | Path | None = None, force: bool = False, keep_code: bool | None = None,
           workers: int | None = None, only: str = "", progress: bool = True,
           base_dir: Path = PROJECT_ROOT, warm: bool = True,
           template: KernelTemplate | None = None) -> RenderResult:
    """Render every job; skip those unchanged since their last render (unless ``force``).

    ``out`` (default: ``output.dir`` of the settings, relative to ``base_dir``, the folder of
    the settings file) is resolved against the working directory when relative. ``warm``
    runs jobs in kernels forked from a preloaded template (see :mod:`.kernel`), else in
    ordinary kernels; a ``template`` already started by the caller is used (and closed).
    """
    t0 = time.perf_counter()
    try:
        settings = settings or load_settings()
        keep_code = settings.output.keep_code if keep_code is None else keep_code
        out_dir = Path(out).resolve() if out else (base_dir / settings.output.dir).resolve()
        check_out_dir(out_dir, data_paths(data_dir))
        if template is None and warm and warm_kernels_supported():
            # started by the first job (the command starts its own before its imports)
            template = KernelTemplate(lazy=True)
        paths = build(data_paths(data_dir))  # once, here: jobs then only read
        every = expand_jobs(settings, paths, base_dir)
        specs = [s for s in every if only in s.name]
        if not specs:
            raise IpstatsError(f"--only {only!r} matches no job; job names look like "
                               "zh/30-jurisdiction-profile/jurisdiction-zhejiang" if only else
                               "the settings declare no job to render (every sweep is empty)")
        hashes: dict[str, str] = {}
        fp = _Fingerprints(paths, raw_fingerprint(paths), code_fingerprint(), keep_code,
                           hashes)
        try:
            with versions.lock(out_dir, "render", wait=False):
                clean_leftovers(out_dir)
                result = _render_locked(settings, every, specs, paths, out_dir, fp, force,
                                        workers, only, progress, template)
        except OSError as exc:
            raise IpstatsError(versions.explain_write_error(exc, out_dir)) from None
    finally:
        if template is not None:
            template.close()
    result.seconds = time.perf_counter() - t0
    return result


class _Fingerprints:
    """The hashes a job's entry is compared with (data fingerprints cached per run)."""

    def __init__(self, paths: DataPaths, data_fp: str, code_fp: str, keep_code: bool,
                 hashes: dict[str, str]) -> None:
        self.paths, self.data_fp, self.code_fp = paths, data_fp, code_fp
        self.keep_code, self.hashes = keep_code, hashes
        self.digests = load_digests(paths.processed_version)  # the slices of this version

    def job(self, spec: JobSpec, reads: list[str] | None) -> str:
        """The hash of ``spec`` given what it read (None: it depends on all the data)."""
        data = data_fingerprint(self.paths, reads, self.hashes, whole=self.data_fp,
                                digests=self.digests)
        return job_hash(spec, data, self.code_fp, self.keep_code, self.hashes)


def _render_locked(settings: Settings, every: list[JobSpec], specs: list[JobSpec],
                   paths: DataPaths, out_dir: Path, fp: _Fingerprints, force: bool,
                   workers: int | None, only: str, progress: bool,
                   template: KernelTemplate | None) -> RenderResult:
    before = previous_jobs(out_dir / "manifest.json")
    names = {s.name for s in specs}
    by_name = {s.name: s for s in every}
    # jobs outside --only keep their entry, delisted if their page is no longer current
    kept = [j if not j.get("html") or _current(j, by_name.get(n), fp, out_dir) else
            {**j, "status": "pending", "html": None, "hash": None}
            for n, j in before.items() if only and n not in names]
    journal = Journal(out_dir, paths, fp.data_fp, [s.name for s in specs], kept=kept)
    todo: list[JobSpec] = []
    for spec in specs:
        old = before.get(spec.name)
        if (not force and old and _current(old, spec, fp, out_dir)
                and old.get("status") in ("ok", "skipped")):
            journal.entries[spec.name] = {**old, "status": "skipped"}
        else:
            todo.append(spec)
            journal.entries[spec.name] = {"name": spec.name, "notebook": spec.notebook,
                                          "parameters": spec.parameters,
                                          "ipynb": f"{spec.name}.ipynb", "html": None,
                                          "hash": None, "status": "pending", "error": None}
    if not todo and template is not None:
        template.close()  # nothing to run: do not wait for its imports
    # what each job's previous outputs look like now: restored on Ctrl-C if still untouched
    untouched = {s.name: _outputs_stat(out_dir, before[s.name]) for s in todo
                 if before.get(s.name, {}).get("html")}
    journal.write()  # before any job runs: every page about to change is delisted
    n_workers = workers or settings.output.workers or default_workers()
    if todo:
        from tqdm import tqdm  # lazy: only when jobs run

        # longest first, by the last run's time (new jobs first): a slow job started last
        # would finish the run alone on one core
        todo.sort(key=lambda s: -float(before.get(s.name, {}).get("seconds") or float("inf")))
        stop = threading.Event()
        pool = ThreadPoolExecutor(max_workers=min(n_workers, len(todo)))
        futures: dict[Future[dict[str, Any]], JobSpec] = {
            pool.submit(run_job, s, out_dir, paths, fp.keep_code, settings.output.timeout,
                        template=template, stop=stop): s for s in todo}
        bar = tqdm(total=len(todo), desc="render", unit="report", disable=not progress,
                   file=sys.stderr)
        try:
            for fut in as_completed(futures):
                spec, done = futures[fut], fut.result()
                entry = {**journal.entries[spec.name], "html": f"{spec.name}.html",
                         "hash": fp.job(spec, done.get("reads")), "data_hash": fp.data_fp,
                         **done}
                if entry["status"] != "ok":
                    entry["html"] = None
                journal.entries[spec.name] = entry
                journal.write()  # the moment its page is written
                bar.update(1)
        except KeyboardInterrupt:
            stop.set()  # a job still running writes nothing more
            pool.shutdown(wait=False, cancel_futures=True)
            logging.disable(logging.CRITICAL)  # no "kernel died" noise from the stopped jobs
            _stop_kernels()
            bar.close()
            wait_futures([f for f in futures if not f.cancelled()], timeout=STOP_GRACE)
            _stop_kernels()  # any kernel a job was starting at that moment
            raise RenderInterrupted(_interrupted(journal, before, untouched, out_dir)) from None
        bar.close()
        pool.shutdown()
    return journal.result()


def _current(old: dict[str, Any], spec: JobSpec | None, fp: _Fingerprints,
             out_dir: Path) -> bool:
    """True if ``old`` (a manifest entry) still describes its page: its page exists and its
    hash is what the job's hash is now (for a job no longer in the settings: same data)."""
    if not (old.get("html") and (out_dir / old["html"]).is_file()):
        return False
    if spec is None:
        return bool(old.get("data_hash") == fp.data_fp)
    return bool(old.get("hash") and old["hash"] == fp.job(spec, old.get("reads")))


def _outputs_stat(out_dir: Path, entry: dict[str, Any]) -> tuple[str, ...] | None:
    """Stats of a job's page and executed notebook (None if one is missing)."""
    try:
        return tuple(stat_key(out_dir / entry[k]) for k in ("html", "ipynb") if entry.get(k))
    except OSError:
        return None


def _interrupted(journal: Journal, before: dict[str, dict[str, Any]],
                 untouched: dict[str, tuple[str, ...] | None], out_dir: Path) -> str:
    """Restore the previous entry of each job stopped before it wrote anything; rewrite the
    journal; the message naming the jobs not rendered."""
    restored = []
    for name, entry in journal.entries.items():
        snap = untouched.get(name)
        if entry["status"] == "pending" and snap and _outputs_stat(out_dir, before[name]) == snap:
            journal.entries[name] = before[name]
            restored.append(name)
    if restored:
        journal.write()
    missing = [n for n, e in journal.entries.items() if e["status"] == "pending" or n in restored]
    text = (f"{len(missing)} job{'s' if len(missing) != 1 else ''} not rendered: "
            f"{', '.join(missing)}. ")
    if restored:
        text += (f"{len(restored)} of them keep{'s' if len(restored) == 1 else ''} the page of "
                 "the previous render (still listed). ")
    return text + (f"The reports listed in {out_dir}/index.html are complete; run the command "
                   "again to render the rest")


def _stop_kernels() -> None:
    """Kill the kernels this process started and the kernel template (this process's own
    descendants, by id: a forked kernel is the template's child)."""
    import psutil  # lazy: only on Ctrl-C

    children = psutil.Process().children(recursive=True)
    for child in reversed(children):  # a forked kernel before its parent, the template
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

"""Benchmark: `ipstats render` vs the naive loop an analyst would write, on the default suite.

Naive loop: for each job, the papermill CLI then `jupyter nbconvert --to html`, one after the
other. Both run on the same fresh copy of the data (built once beforehand, so neither pays
for the build). Prints wall times and the two ratios; the goals on 2 cores are
full render <= 0.35 x naive loop, and an unchanged re-render <= 2% of a full render.

    .venv/bin/python benchmarks/bench_render.py
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ipstats.dataset.build import build
from ipstats.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from ipstats.reports.render import expand_jobs
from ipstats.reports.settings import load_settings

BIN = Path(sys.executable).parent


def naive_loop(specs, data: Path, out: Path) -> float:
    t0 = time.perf_counter()
    for i, s in enumerate(specs):
        nb_out = out / f"job{i}.ipynb"
        cmd = [str(BIN / "papermill"), str(PROJECT_ROOT / s.notebook), str(nb_out), "-k", "python3",
               "--no-progress-bar", "-p", "data_dir", str(data)]
        for k, v in s.parameters.items():
            cmd += ["-p", k, str(v)]
        subprocess.run(cmd, check=True, capture_output=True, cwd=PROJECT_ROOT / "notebooks")
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(nb_out)],
                       check=True, capture_output=True)
    return time.perf_counter() - t0


def ipstats_render(params: Path, data: Path, out: Path, force: bool) -> float:
    cmd = [str(BIN / "ipstats"), "render", "--params", str(params), "--data-dir", str(data),
           "--out", str(out), "--quiet"] + (["--force"] if force else [])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    print("   ", proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else proc.stderr[-300:])
    return elapsed


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ipstats-bench-"))
    data = tmp / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", data / "raw")
    build(data)
    settings = load_settings()
    specs = expand_jobs(settings, data)
    params = tmp / "params.yaml"
    params.write_text(settings.model_dump_json(by_alias=True), encoding="utf-8")
    print(f"{len(specs)} jobs, {os.cpu_count()} CPUs")

    (tmp / "naive").mkdir()
    naive = naive_loop(specs, data, tmp / "naive")
    print(f"naive loop (papermill CLI + nbconvert CLI per job): {naive:7.1f} s")
    full = ipstats_render(params, data, tmp / "reports", force=True)
    print(f"ipstats render, full:                              {full:7.1f} s")
    reruns = sorted(ipstats_render(params, data, tmp / "reports", force=False) for _ in range(3))
    again = reruns[1]  # median of three: one process start is noisy on a busy machine
    print(f"ipstats render, nothing changed (median of 3):     {again:7.2f} s  {reruns}")
    print(f"full render / naive loop   = {full / naive:.3f}  (goal <= 0.35)")
    print(f"re-render / full render    = {again / full:.3%}  (goal <= 2%)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark `ipstats render`: warm (forked) kernels vs ordinary kernels vs the naive loop, at 1x,
2x and 4x the default job count, against the compute floor; and the incremental rerenders.

Everything is measured side by side in one run, modes interleaved within each round, on one
fresh copy of the data (built beforehand, so no mode pays for the build); compare the ratios,
not absolute times across runs (the machine may be shared).

- naive: for each job, the papermill CLI then `jupyter nbconvert --to html`, one after the
  other (what an analyst would write). Measured on ``--naive-jobs`` jobs spread over the 1x
  suite and scaled to the whole suite (it is serial, so it is linear by construction).
- cold: ``ipstats render --force --cold-kernels`` (an ordinary kernel per job).
- warm: ``ipstats render --force`` (kernels forked from the preloaded template).
- floor: every job's cells executed one after another in one warm IPython process (no kernel
  start, no export), plus the export of every executed notebook with one exporter; printed as
  measured (1 core) and divided by the number of CPUs plus the one-off imports.
- no-change: ``ipstats render`` again with nothing changed; one-edit: after editing one
  measures file (only the jobs that read the measures rerender).
- HTML: the warm render's pages compared with the cold render's, masking only time stamps
  and random ids (papermill's injected cell id, pandas Styler's table id).

2x and 4x duplicate the suite with copies of the notebooks under new names (a generated
settings file). Goals on 2 cores: warm <= 0.07x naive at 1x; linear per job; every page
identical; no-change rerender < 0.5 s.

    .venv/bin/python benchmarks/bench_render.py [--rounds 3] [--scales 1,2,4] [--scale-rounds 4:1]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ipstats.core.paths import DEFAULT_DATA_DIR, PARAMS_FILE, PROJECT_ROOT
from ipstats.dataset.build import build
from ipstats.reports.render.jobs import expand_jobs
from ipstats.reports.settings import load_settings

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


def _run(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, **kw)
    if proc.returncode not in (0,):
        print("   !", " ".join(cmd[:3]), proc.stdout[-300:], proc.stderr[-500:])
    return time.perf_counter() - t0


def scaled_params(tmp: Path, k: int) -> Path:
    """A settings file with the default jobs ``k`` times (copies of the notebooks)."""
    settings = json.loads(load_settings().model_dump_json(by_alias=True))
    jobs = []
    for i in range(k):
        for job in settings["jobs"]:
            src = PROJECT_ROOT / job["notebook"]
            copy = tmp / "notebooks" / f"{src.stem}-x{i}.ipynb"
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(src, copy)
            jobs.append({**job, "notebook": f"notebooks/{copy.name}"})
    settings["jobs"] = jobs
    path = tmp / f"params-{k}x.yaml"
    path.write_text(json.dumps(settings), encoding="utf-8")
    return path


def render(params: Path, data: Path, out: Path, *flags: str) -> float:
    return _run([str(BIN / "ipstats"), "render", "--params", str(params), "--data-dir", str(data),
                 "--out", str(out), "--quiet", *flags])


def naive_loop(specs, data: Path, out: Path) -> float:
    t0 = time.perf_counter()
    for i, s in enumerate(specs):
        nb_out = out / f"job{i}.ipynb"
        cmd = [str(BIN / "papermill"), str(s.path), str(nb_out), "-k", "python3",
               "--no-progress-bar", "-p", "data_dir", str(data)]
        for k, v in s.parameters.items():
            cmd += ["-p", k, str(v)]
        _run(cmd, cwd=s.path.parent)
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(nb_out)])
    return time.perf_counter() - t0


FLOOR = r'''
import json, sys, time
t0 = time.perf_counter()
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
import nbformat
from nbconvert import HTMLExporter
shell = InteractiveShell.instance()
shell.enable_gui = lambda gui=None: None  # no event loop: inline figures only
shell.run_line_magic("matplotlib", "inline")
import ipstats, pandas, matplotlib.pyplot
from ipstats.reports import charts, page
jobs = json.loads(sys.argv[1])
imports = time.perf_counter() - t0
t1 = time.perf_counter()
errors = 0
for nb_path, params in jobs:
    nb = nbformat.read(nb_path, as_version=4)
    shell.reset(new_session=False)
    for cell in nb.cells:
        if cell.cell_type == "code":
            with capture_output():
                errors += not shell.run_cell(cell.source).success
            if "parameters" in cell.metadata.get("tags", []):
                shell.user_ns.update(params)
    matplotlib.pyplot.close("all")
execute = time.perf_counter() - t1
t2 = time.perf_counter()
exporter = HTMLExporter(template_name="ipstats", extra_template_basedirs=[sys.argv[2]],
                        exclude_input=True, embed_images=True)
for nb_file in sys.argv[3:]:
    exporter.from_notebook_node(nbformat.read(nb_file, as_version=4))
print(json.dumps({"imports": imports, "execute": execute, "export": time.perf_counter() - t2,
                  "errors": errors}))
'''


def floor(specs, data: Path, executed: list[Path]) -> dict:
    from ipstats.core.paths import TEMPLATES_DIR

    jobs = [[str(s.path), {**s.parameters, "data_dir": str(data)}] for s in specs]
    proc = subprocess.run([sys.executable, "-c", FLOOR, json.dumps(jobs), str(TEMPLATES_DIR),
                           *map(str, executed)], capture_output=True, text=True, env=ENV,
                          cwd=str(PROJECT_ROOT / "notebooks"))
    if proc.returncode:
        sys.exit(f"floor failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mask(html: str) -> str:
    html = re.sub(r"cell-id=[0-9a-f-]{8,36}", "cell-id=X", html)
    html = re.sub(r"T_[0-9a-f]{5}", "T_X", html)
    # the stamp's time and the citation's date, in both languages
    return re.sub(r"(rendered|生成于) \d{4}-\d\d-\d\d( \d\d:\d\d UTC)?", r"\1 X", html)


def identical_pages(a: Path, b: Path) -> tuple[int, int]:
    pages = [p for p in a.rglob("*.html") if p.name != "index.html"]
    same = sum(_mask(p.read_text("utf-8")) == _mask((b / p.relative_to(a)).read_text("utf-8"))
               for p in pages if (b / p.relative_to(a)).is_file())
    return same, len(pages)


def edit_note(f: Path, i: int) -> None:
    """A new note on the first row of a raw table (one cell changes)."""
    with f.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["note"] = re.sub(r" ?\(bench \d+\)$", "", rows[0]["note"]) + f" (bench {i})"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def targets_file(data: Path, level: str) -> Path:
    """The targets file of the first document issued at ``level`` (e.g. a prefecture: a
    jurisdiction no other profile reads)."""
    with (data / "raw" / "jurisdictions.csv").open(encoding="utf-8") as fh:
        levels = {r["jurisdiction_id"]: r["level"] for r in csv.DictReader(fh)}
    with (data / "raw" / "documents.csv").open(encoding="utf-8") as fh:
        docs = sorted(r["doc_id"] for r in csv.DictReader(fh)
                      if levels.get(r["jurisdiction_id"]) == level)
    return next(data / "raw" / "targets" / f"{d}.csv" for d in docs
                if (data / "raw" / "targets" / f"{d}.csv").is_file())


def incremental(p1: Path, data: Path, out: Path, rounds: int, n_jobs: int) -> None:
    """The no-change rerender and one edit to each of several files (build included)."""
    render(p1, data, out)
    nochange = [render(p1, data, out) for _ in range(rounds)]
    print(f"no-change rerender (median of {rounds}): {statistics.median(nochange):.2f} s  "
          f"{[round(t, 2) for t in nochange]}")
    for what, f in (("one measures file", sorted((data / "raw" / "measures").glob("*.csv"))[0]),
                    ("observations.csv", data / "raw" / "observations.csv"),
                    ("a prefecture's targets", targets_file(data, "prefecture")),
                    ("the nation's targets", targets_file(data, "national"))):
        edits = []
        for i in range(rounds):
            edit_note(f, i + 1)
            edits.append(render(p1, data, out))
        rerendered = sum(j["status"] == "ok" for j in
                         json.loads((out / "manifest.json").read_text("utf-8"))["jobs"])
        print(f"one-edit rerender ({what}, {f.name}; {rerendered} of {n_jobs} jobs read it, "
              f"build included): {statistics.median(edits):.2f} s  "
              f"{[round(t, 2) for t in edits]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="rounds per measurement (median)")
    ap.add_argument("--scales", default="1,2,4", help="multiples of the default job count")
    ap.add_argument("--scale-rounds", default="", metavar="K:N,...",
                    help="fewer rounds at some scales on a busy machine, e.g. 4:1 (default: "
                         "--rounds everywhere)")
    ap.add_argument("--naive-jobs", type=int, default=6, help="jobs timed in the naive loop")
    ap.add_argument("--incremental-only", action="store_true",
                    help="only the no-change and one-edit rerenders (at 1x)")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    rounds_at = {k: args.rounds for k in scales}
    rounds_at.update({int(k): int(n) for k, n in
                      (item.split(":") for item in args.scale_rounds.split(",") if item)})
    tmp = Path(tempfile.mkdtemp(prefix="ipstats-bench-"))
    data = tmp / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", data / "raw")
    build(data)
    specs = expand_jobs(load_settings(PARAMS_FILE), data)
    n = len(specs)
    print(f"{n} jobs in the default suite, {os.cpu_count()} CPUs, rounds per scale "
          + ", ".join(f"{k}x: {rounds_at[k]}" for k in scales)
          + f"; load average at start {os.getloadavg()[0]:.1f}", flush=True)
    if args.incremental_only:
        incremental(scaled_params(tmp, 1), data, tmp / "incremental", args.rounds, n)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    params = {k: scaled_params(tmp, k) for k in scales}
    times: dict[tuple[str, int], list[float]] = {}
    naive: list[float] = []
    for r in range(args.rounds):
        for k in scales:
            if r >= rounds_at[k]:
                continue
            for mode, flags in (("warm", []), ("cold", ["--cold-kernels"])):
                out = tmp / f"{mode}-{k}x"
                times.setdefault((mode, k), []).append(
                    render(params[k], data, out, "--force", *flags))
        shutil.rmtree(tmp / "naive", ignore_errors=True)
        (tmp / "naive").mkdir()
        sample = specs[::max(1, n // args.naive_jobs)][:args.naive_jobs]  # spread over the suite
        naive.append(naive_loop(sample, data, tmp / "naive") * n / len(sample))
        print(f"  round {r + 1}: " + ", ".join(f"{m} {k}x {v[-1]:.1f}s" for (m, k), v in
                                              times.items()) + f", naive {naive[-1]:.1f}s",
              flush=True)
    med = {key: statistics.median(v) for key, v in times.items()}
    naive_1x = statistics.median(naive)
    print(f"\nnaive loop, 1x (from {args.naive_jobs} jobs, scaled): {naive_1x:7.1f} s  "
          f"({naive_1x / n:.2f} s/job)")
    print("scale  jobs   cold s  warm s  warm/cold  warm/naive   s/job cold  s/job warm")
    for k in scales:
        c, w = med[("cold", k)], med[("warm", k)]
        print(f"{k:>4}x  {n * k:>4}  {c:7.1f} {w:7.1f}  {w / c:8.2f}  {w / (naive_1x * k):9.3f}"
              f"   {c / (n * k):9.2f}  {w / (n * k):9.2f}")
    executed = sorted((tmp / "warm-1x").rglob("*.ipynb"))
    fl = floor(specs, data, executed)
    cpus = os.cpu_count() or 1
    floor_wall = fl["imports"] + (fl["execute"] + fl["export"]) / cpus
    print(f"\nfloor (one warm process): imports {fl['imports']:.1f} s, execute {fl['execute']:.1f}"
          f" s ({fl['errors']} cell errors), export {fl['export']:.1f} s on one core -> {floor_wall:.1f} s on {cpus} CPUs "
          f"= {floor_wall / naive_1x:.3f}x naive; warm 1x = {med[('warm', 1)] / floor_wall:.1f}x"
          " the floor")
    same, total = identical_pages(tmp / "warm-1x", tmp / "cold-1x")
    print(f"HTML: {same}/{total} pages identical between warm and cold kernels "
          "(masking time stamps and random ids)")
    incremental(params[scales[0]], data, tmp / "incremental", args.rounds, n * scales[0])
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} "
          "(5 min)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Scale benchmark: extract + validate + build on synthetic corpora of 100 and 1,000 documents.

Each stage runs in its own Python process (so peak memory is the stage's own) on a corpus
generated into a temporary folder by ``benchmarks/synthetic.py``. Printed per size: wall time
of each stage (measured inside the process, after imports), peak resident memory
(ru_maxrss), the planted-target recall of the extractor, then the 1,000/100 time ratio
(goal <= 12: linear cost), whether the 1,000-document build is under a minute, and whether
recall >= 95%.

    .venv/bin/python benchmarks/bench_scale.py            # 100 and 1000 documents
    .venv/bin/python benchmarks/bench_scale.py --sizes 50 200
    .venv/bin/python benchmarks/bench_scale.py --rows 1000000   # 10^6 target rows

``--rows N`` instead measures validate and build on one document of N target rows
(``benchmarks/rows.py``), valid and then all invalid: time, peak memory, and for the invalid
rows the number of problems and of lines printed (goals: under 60 s and 2 GB; at most 100
problems printed per kind).

Figures (2 cores shared with two other jobs, load 2-6: wall time varies with the load, so
the CPU time, the steadier figure, is given too; peak memory is the process's maximum RSS):

    rows    stage             before: wall (CPU)   peak      after: wall (CPU)   peak
    10^5    validate            3.9 s ( 3.9 s)   0.38 GB        2.3 s ( 2.3 s)   0.24 GB
    10^5    build               9.5 s ( 9.5 s)   0.73 GB        3.5 s ( 3.4 s)   0.33 GB
    10^5    validate-invalid    4.4 s ( 4.4 s)   0.38 GB        2.9 s ( 2.9 s)   0.24 GB
    10^6    validate           98.9 s (46.0 s)   2.80 GB       29.8 s (26.9 s)   1.22 GB
    10^6    build             121.3 s (98.9 s)   5.44 GB       44.3 s (37.5 s)   1.76 GB
    10^6    validate-invalid   46.7 s (46.4 s)   2.77 GB       46.5 s (34.7 s)   1.22 GB

With every row invalid (1,499,999 problems) 204 lines are printed: the first 100 of each kind
and a count of the rest. Before: eb37cab; after: branch s2-scale (2026-11-22).

Not run by CI. Writes only into a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_stage(stage: str, data_dir: str) -> dict:
    """Run one stage in this process and return its figures (called in a child process)."""
    import ipstats.dataset.numerals
    from ipstats.curation.evaluate import evaluate
    from ipstats.dataset.build import build
    from ipstats.dataset.textnorm import to_simplified
    from ipstats.dataset.validate import validate

    to_simplified("預熱")  # load OpenCC's dictionaries before timing: a fixed cost per process
    out: dict = {"stage": stage}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    if stage == "extract":
        ev = evaluate(data_dir)
        out.update(recall=ev.recall, precision=ev.precision,
                   planted=sum(d.curated for d in ev.docs), found=sum(d.found for d in ev.docs))
    elif stage == "validate":
        ds = validate(data_dir)
        out["targets"] = len(ds.targets)
    elif stage == "build":
        build(data_dir, force=True)
    elif stage == "validate-invalid":
        from ipstats.core.problems import ValidationError

        try:
            validate(data_dir)
        except ValidationError as exc:
            out.update(problems=len(exc.problems), printed=len(exc.report().splitlines()))
    out["seconds"] = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_seconds"] = usage.ru_utime + usage.ru_stime - cpu0
    out["peak_rss_mb"] = usage.ru_maxrss / 1024
    return out


def child(stage: str, data_dir: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--stage", stage, "--data-dir", data_dir],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"stage {stage} failed on {data_dir}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(n: int, tmp: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    root = tmp / f"corpus-{n}"
    t0 = time.perf_counter()
    generate(root, n)
    gen = time.perf_counter() - t0
    stages = {s: child(s, str(root)) for s in ("extract", "validate", "build")}
    total = sum(r["seconds"] for r in stages.values())
    return {"n": n, "generate": gen, "stages": stages, "total": total}


def measure_rows(n: int, tmp: Path) -> int:
    """Validate and build ``n`` valid rows, then validate ``n`` invalid ones; print figures."""
    sys.path.insert(0, str(HERE))
    from rows import generate

    good, bad = tmp / "rows", tmp / "rows-invalid"
    generate(good, n)
    generate(bad, n, invalid=True)
    print(f"{n:,} target rows:")
    for stage, folder in (("validate", good), ("build", good), ("validate-invalid", bad)):
        fig = child(stage, str(folder))
        extra = (f"   {fig['problems']:,} problems, {fig['printed']:,} lines printed"
                 if "problems" in fig else "")
        goal = "met" if fig["seconds"] < 60 and fig["peak_rss_mb"] < 2048 else "NOT met"
        print(f"      {stage:<16} {fig['seconds']:7.1f} s ({fig['cpu_seconds']:5.1f} s CPU)   "
              f"peak {fig['peak_rss_mb']:6.0f} MB"
              f"   (goal < 60 s, < 2 GB: {goal}){extra}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    p.add_argument("--rows", type=int, default=None, help="measure N target rows instead")
    p.add_argument("--stage", help=argparse.SUPPRESS)
    p.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.data_dir)))
        return 0
    if args.rows:
        with tempfile.TemporaryDirectory(prefix="ipstats-bench-") as tmp:
            return measure_rows(args.rows, Path(tmp))
    results = []
    with tempfile.TemporaryDirectory(prefix="ipstats-bench-") as tmp:
        for n in args.sizes:
            r = measure(n, Path(tmp))
            results.append(r)
            s = r["stages"]
            print(f"{n:>5} documents (generated in {r['generate']:.1f} s):")
            for name, fig in s.items():
                extra = (f"  recall {fig['recall']:.1%} ({fig['found']}/{fig['planted']} planted "
                         f"targets), precision {fig['precision']:.1%}" if name == "extract" else "")
                print(f"      {name:<8} {fig['seconds']:7.2f} s   peak {fig['peak_rss_mb']:6.0f} MB{extra}")
            print(f"      total    {r['total']:7.2f} s (extract + validate + build)")
    if len(results) >= 2:
        small, big = results[0], results[-1]
        factor = big["n"] / small["n"]
        ratio = big["total"] / small["total"]
        print(f"time ratio {big['n']}/{small['n']} docs: {ratio:.1f}x for {factor:.0f}x the documents "
              f"(goal <= {1.2 * factor:.0f}x: {'met' if ratio <= 1.2 * factor else 'NOT met'})")
        for stage in ("extract", "validate", "build"):
            print(f"  {stage:<8} {big['stages'][stage]['seconds'] / small['stages'][stage]['seconds']:.1f}x")
    big = results[-1]
    build_s = big["stages"]["build"]["seconds"]
    recall = big["stages"]["extract"]["recall"]
    print(f"build of {big['n']} documents: {build_s:.1f} s (goal < 60 s: "
          f"{'met' if build_s < 60 else 'NOT met'})")
    print(f"planted-target recall at {big['n']} documents: {recall:.1%} (goal >= 95%: "
          f"{'met' if recall >= 0.95 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

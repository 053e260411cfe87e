"""Child process of tests/test_faults.py: for k = 1, 2, ... run a build or a render in a fork
that is killed (os._exit, as by SIGKILL) just before its k-th atomic write, on a fresh copy
``WORK/k<k>`` of the starting state; then rerun it to completion on a copy
``WORK/k<k>-rerun``; stop at the first k the run completes without reaching.

    python tests/fault_child.py build START_DATA_DIR WORK TABLES.pickle
    python tests/fault_child.py render DATA_DIR WORK START_OUT_DIR

The render starts from START_OUT_DIR rendered from data version A (rendered first if it does
not exist), is killed while rendering version B, and reruns with the data reverted to A.

Forks keep this fast (one import for every kill). The build's validation is replaced by the
frames pickled by the test (validation is not what is under test); the render's jobs by a fake
that writes a page naming the data version it was built from (read from WORK/version-<k>).
Prints the number of kills.
"""
from __future__ import annotations

import os
import pickle
import shutil
import sys
from pathlib import Path

from ipstats.core import atomic

mode, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
real_commit = atomic.commit_rename


def run_in_fork(kill_at: int, run) -> int:
    pid = os.fork()
    if pid == 0:
        calls = {"n": 0}

        def dying_commit(src, dst):
            calls["n"] += 1
            if calls["n"] == kill_at:
                os._exit(9)
            real_commit(src, dst)

        atomic.commit_rename = dying_commit
        try:
            run()
        except BaseException as exc:  # noqa: BLE001 - report and fail the fork
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            os._exit(3)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


if mode == "build":
    import ipstats.dataset.build as b

    tables = pickle.loads(Path(sys.argv[4]).read_bytes())
    b.validate = lambda paths: None
    b.frames = lambda ds, **kw: tables
    start = source

    def runner(target: Path):
        return lambda: b.build(target)
else:
    import ipstats.reports.render.run as r
    from ipstats.core.atomic import write_text
    from ipstats.core.paths import data_paths
    from ipstats.reports.settings import Settings

    start = Path(sys.argv[4])
    r.build = lambda p: data_paths(source)
    settings = Settings.model_validate({"output": {"workers": 1}, "jobs": [
        {"notebook": "notebooks/40-timeline.ipynb",
         "parameters": {"lang": ["zh", "en"], "level": ["all", "provincial"]}}]})

    def runner(target: Path, version: str):
        def fake_job(spec, out_dir, paths, keep_code, timeout, **_):
            write_text(out_dir / f"{spec.name}.html", f"data={version}")
            return {"status": "ok", "error": None, "seconds": 0.0}

        def run():
            r.raw_fingerprint = lambda p: version
            r.run_job = fake_job
            r.render(settings, data_dir=source, out=target, progress=False)
        return run

if mode == "render" and not start.exists():  # the starting state: every page from data A
    assert run_in_fork(0, runner(start, "A")) == 0
k = 1
while True:
    killed = work / f"k{k}"
    shutil.copytree(start, killed)
    code = run_in_fork(k, runner(killed) if mode == "build" else runner(killed, "B"))
    if code == 0:
        break
    assert code == 9, code
    rerun = work / f"k{k}-rerun"
    shutil.copytree(killed, rerun)
    code = run_in_fork(0, runner(rerun) if mode == "build" else runner(rerun, "A"))
    assert code == 0, code
    k += 1
print(k - 1)

"""The render never hangs or leaks on a kernel that fails: a forked kernel that does not come
up is replaced by an ordinary one for that job, no process outlives ``render()``, and Ctrl-C
leaves the previous complete version (a job stopped before it wrote anything keeps its previous
page and entry)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from ipstats.core.paths import PROJECT_ROOT
from ipstats.reports.render import execute as execute_mod
from ipstats.reports.render.execute import execute
from ipstats.reports.render.forkserver import KernelTemplate, warm_kernels_supported
from ipstats.reports.render.run import render
from ipstats.reports.settings import Settings
from tests.conftest import printed, runnable_notebook

ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
fork_only = pytest.mark.skipif(not warm_kernels_supported(), reason="needs os.fork (POSIX)")


def _notebook(path: Path, body: str) -> Path:
    return runnable_notebook(path, "n: int = 0  # which job\nseconds: float = 0  # sleep\n"
                                   "data_dir: str = ''  # set by the command", body)


PID_PROBE = "import os, time\ntime.sleep(seconds)\nprint(os.getpid(), os.getppid())"


def _printed_pids(nb) -> tuple[int, int]:
    pid, ppid = printed(nb).split()
    return int(pid), int(ppid)


class _HangingKernels(KernelTemplate):
    """A template whose 'kernel' is a process that never answers (a fork that hung)."""

    def __init__(self) -> None:  # no template process
        self.pid = -1
        self.hung: list[subprocess.Popen] = []

    def fork(self, argv, cwd, env):
        self.hung.append(subprocess.Popen(["sleep", "300"], start_new_session=True))
        return self.hung[-1].pid

    def close(self) -> None:
        pass


@fork_only
def test_a_forked_kernel_that_hangs_is_replaced_by_an_ordinary_one(tmp_path, monkeypatch):
    monkeypatch.setattr(execute_mod, "WARM_START_TIMEOUT", 3)
    hanging = _HangingKernels()
    nb_path = _notebook(tmp_path / "probe.ipynb", PID_PROBE)
    t0 = time.monotonic()
    nb = execute(nb_path, tmp_path / "out.ipynb", {"n": 1}, 60, hanging, {})
    assert time.monotonic() - t0 < 60
    pid, ppid = _printed_pids(nb)
    assert ppid == os.getpid()  # an ordinary kernel, started by this process
    assert hanging.hung and hanging.hung[0].poll() is not None  # the hung one was killed


@pytest.mark.parametrize("warm", [pytest.param(True, marks=fork_only, id="warm"),
                                  pytest.param(False, id="ordinary")])
def test_no_process_outlives_render(tmp_path, built_data, warm):
    _notebook(tmp_path / "probe.ipynb", PID_PROBE)
    settings = Settings.model_validate({"output": {"workers": 2}, "jobs": [
        {"notebook": "probe.ipynb", "parameters": {"n": [1, 2, 3]}}]})
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    result = render(settings, data_dir=built_data.root, out=tmp_path / "out", progress=False,
                    base_dir=tmp_path, warm=warm, force=True)
    assert [j["status"] for j in result.jobs] == ["ok"] * 3
    left = [p for p in me.children(recursive=True)
            if p.pid not in before and p.status() != psutil.STATUS_ZOMBIE]
    assert left == []
    kernels = [_printed_pids(nbformat.read(tmp_path / "out" / j["ipynb"], as_version=4))[0]
               for j in result.jobs]
    assert len(set(kernels)) == 3  # one fresh kernel per job
    for pid in kernels:  # none of them runs on, not even one reparented away from us
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def _manifest(out: Path) -> dict[str, dict]:
    return {j["name"]: j for j in json.loads((out / "manifest.json").read_text("utf-8"))["jobs"]}


def test_ctrl_c_keeps_the_previous_page_of_a_job_stopped_before_it_wrote(tmp_path, built_data):
    _notebook(tmp_path / "sleep.ipynb", PID_PROBE)
    params, out = tmp_path / "params.yaml", tmp_path / "out"

    def settings(seconds: float) -> None:
        params.write_text(json.dumps({"output": {"workers": 1}, "jobs": [
            {"notebook": "sleep.ipynb", "parameters": {"n": [1, 2], "seconds": seconds}}]}),
            encoding="utf-8")

    cmd = [sys.executable, "-m", "ipstats.cli.main", "render", "--params", str(params),
           "--data-dir", str(built_data.root), "--out", str(out), "--quiet"]
    settings(0)
    subprocess.run(cmd, env=ENV, check=True, capture_output=True)
    previous = _manifest(out)
    pages = {n: (out / j["html"]).read_bytes() for n, j in previous.items()}
    assert sorted(previous) == ["sleep/n-1", "sleep/n-2"] and all(pages.values())

    settings(120)  # both jobs change; the first one sleeps when Ctrl-C comes
    proc = subprocess.Popen(cmd, env=ENV, stderr=subprocess.PIPE, text=True)
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(
            j["status"] != "pending" for j in _manifest(out).values()):
        time.sleep(0.2)  # the journal delists both before the first job starts
    time.sleep(2)
    kernels = me.children(recursive=True)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=30)[1]
    assert proc.returncode == 130
    assert err.strip().endswith(
        "interrupted: 2 jobs not rendered: sleep/n-1, sleep/n-2. 2 of them keep the page of "
        "the previous render (still listed). The reports listed in "
        f"{out}/index.html are complete; run the command again to render the rest"), err
    assert _manifest(out) == previous  # the previous complete version, entry for entry
    assert {n: (out / j["html"]).read_bytes() for n, j in previous.items()} == pages
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(j["html"] in index for j in previous.values())
    _, alive = psutil.wait_procs(kernels, timeout=5)
    assert not alive  # the template and the running kernel were stopped

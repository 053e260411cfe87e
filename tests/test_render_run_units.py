"""Render's skip logic and its messages, on a data folder that is never built: the build, the
data and code fingerprints and the job runner are stand-ins, so each case takes a few
milliseconds. These run for every mutant of ``render/run.py`` in ``benchmarks/mutation.py``
(the same behaviours on the real built data: tests/test_render_skips.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ipstats.reports.render.run as run_mod
from ipstats.core import versions
from ipstats.core.paths import DataPaths
from ipstats.core.problems import IpstatsError
from ipstats.reports.render import outputs
from ipstats.reports.render.run import RenderInterrupted, render
from ipstats.reports.settings import Settings
from tests.conftest import parameter_notebook as _notebook


class World:
    """The stand-ins: what the data and code fingerprints are, which jobs ran, which fail."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.data = DataPaths(tmp_path / "data")
        (self.data.raw).mkdir(parents=True)
        self.data_fp, self.code_fp = "data-1", "code-1"
        self.ran: list[str] = []
        self.calls: list[dict] = []
        self.builds: list[Path] = []
        self.fail: set[str] = set()
        self.interrupt: set[str] = set()
        self.seconds: dict[str, float] = {}
        self.reads: list[str] | None = None
        self.nb = _notebook(tmp_path / "nb.ipynb")
        self.out = tmp_path / "out"

    def run_job(self, spec, out_dir, paths, keep_code, timeout, template=None, **_):
        if spec.name in self.interrupt:
            raise KeyboardInterrupt
        self.ran.append(spec.name)
        self.calls.append({"keep_code": keep_code, "timeout": timeout, "out_dir": Path(out_dir),
                           "data": paths.root, "template": template})
        if spec.name in self.fail:
            return {"status": "failed", "error": "boom", "seconds": 0.0}
        html = Path(out_dir) / f"{spec.name}.html"
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(f"<p>{spec.parameters}</p>", encoding="utf-8")
        html.with_suffix(".ipynb").write_text("{}", encoding="utf-8")
        return {"status": "ok", "error": None, "seconds": self.seconds.get(spec.name, 0.0),
                "reads": self.reads}

    def build(self, paths):
        self.builds.append(paths.root)
        return paths

    def settings(self, parameters=None, **output) -> Settings:
        return Settings.model_validate(
            {"lang": "zh", "output": output,
             "jobs": [{"notebook": "nb.ipynb", "parameters": parameters or {"x": [1, 2]}}]})

    def go(self, parameters=None, output=None, **kw):
        self.ran.clear()
        kw = {"out": self.out, "progress": False, "workers": 1, **kw}
        result = render(self.settings(parameters, **(output or {})), data_dir=self.data.root,
                        base_dir=self.tmp, **kw)
        return sorted(self.ran), {j["name"]: j for j in result.jobs}


@pytest.fixture
def w(tmp_path, monkeypatch) -> World:
    world = World(tmp_path)
    monkeypatch.setattr(run_mod, "run_job", world.run_job)
    monkeypatch.setattr(run_mod, "build", world.build)
    world.fingerprinted: list[Path] = []
    monkeypatch.setattr(run_mod, "raw_fingerprint",
                        lambda paths: world.fingerprinted.append(paths.root) or world.data_fp)
    monkeypatch.setattr(run_mod, "code_fingerprint", lambda: world.code_fp)
    # the index's stamp (git commit, time) is not what these tests are about: no git calls
    monkeypatch.setattr(outputs, "stamp_fields", lambda data_dir=None: {
        "data_hash": "d", "git_commit": "g", "rendered_at": "t", "ipstats_version": "v"})
    return world


BOTH = ["zh/nb/x-1", "zh/nb/x-2"]


def _manifest(w: World) -> dict[str, dict]:
    return {j["name"]: j for j in json.loads((w.out / "manifest.json").read_text("utf-8"))["jobs"]}


def test_first_render_runs_every_job_and_records_what_it_was_built_from(w):
    ran, jobs = w.go()
    assert ran == BOTH
    assert w.builds == [w.data.root]  # the data are built once, before any job
    assert w.fingerprinted == [w.data.root]  # and fingerprinted once
    for name in BOTH:
        assert jobs[name]["status"] == "ok"
        assert jobs[name]["html"] == f"{name}.html"
        assert jobs[name]["data_hash"] == "data-1"
        assert len(jobs[name]["hash"]) == 64
        assert (w.out / jobs[name]["html"]).is_file()
    assert _manifest(w)["zh/nb/x-1"]["status"] == "ok"


def test_before_any_job_runs_the_jobs_to_render_are_listed_as_pending(w, monkeypatch):
    seen = []
    real = w.run_job

    def peek(spec, *a, **kw):
        seen.append(json.loads((w.out / "manifest.json").read_text("utf-8")))
        return real(spec, *a, **kw)

    monkeypatch.setattr(run_mod, "run_job", peek)
    w.go()
    first = seen[0]
    assert first["data_hash"] == "data-1"
    pending = {j["name"]: j for j in first["jobs"]}["zh/nb/x-2"]
    assert pending == {"name": "zh/nb/x-2", "notebook": "nb.ipynb", "parameters": {"x": 2, "lang": "zh"},
                       "ipynb": "zh/nb/x-2.ipynb", "html": None, "hash": None,
                       "status": "pending", "error": None}


def test_unchanged_jobs_are_skipped_and_stay_skippable(w):
    w.go()
    ran, jobs = w.go()
    assert ran == [] and {j["status"] for j in jobs.values()} == {"skipped"}
    assert {j["html"] for j in jobs.values()} == {f"{n}.html" for n in BOTH}
    ran, jobs = w.go()
    assert ran == [] and {j["status"] for j in jobs.values()} == {"skipped"}


def test_force_renders_everything(w):
    w.go()
    assert w.go(force=True)[0] == BOTH


@pytest.mark.parametrize("change", [
    pytest.param(lambda w: setattr(w, "data_fp", "data-2"), id="data"),
    pytest.param(lambda w: setattr(w, "code_fp", "code-2"), id="code"),
    pytest.param(lambda w: _notebook(w.nb, extra_cell="# new"), id="notebook"),
])
def test_any_change_rerenders(w, change):
    w.go()
    change(w)
    assert w.go()[0] == BOTH
    assert w.go()[0] == []


def test_changed_parameters_rerender_only_the_changed_job(w):
    w.go({"x": [1, 2]})
    assert w.go({"x": [1, 2], "lang": "zh"})[0] == []
    assert w.go({"x": [1, 3]})[0] == ["zh/nb/x-3"]


def test_export_options_rerender_and_the_argument_wins_over_the_settings(w):
    w.go(output={"keep_code": False})
    assert w.go(keep_code=True)[0] == BOTH
    assert [c["keep_code"] for c in w.calls[-2:]] == [True, True]
    assert w.go(keep_code=True)[0] == []
    assert w.go(output={"keep_code": True})[0] == []  # the setting, when no argument
    assert w.go(output={"keep_code": True}, keep_code=False)[0] == BOTH
    assert [c["keep_code"] for c in w.calls[-2:]] == [False, False]


def test_timeout_and_output_folder_come_from_the_settings(w):
    w.go(output={"dir": "site", "timeout": 123}, out=None)
    assert {k: v for k, v in w.calls[0].items() if k != "template"} == {
        "keep_code": False, "timeout": 123, "out_dir": w.tmp / "site", "data": w.data.root}
    assert (w.tmp / "site" / "index.html").is_file()


def test_an_output_folder_inside_the_raw_data_is_refused(w):
    with pytest.raises(IpstatsError) as e:
        w.go(out=w.data.raw / "reports")
    assert str(e.value) == (f"--out {w.data.raw / 'reports'}: this is inside the raw data folder "
                            f"{w.data.raw}, which no command writes into; choose a folder "
                            "outside it, e.g. reports/")
    assert w.ran == []


def test_progress_is_shown_by_default(w, capsys):
    render(w.settings(), data_dir=w.data.root, out=w.out, base_dir=w.tmp, workers=1)
    assert "render: 100%" in capsys.readouterr().err


def test_a_relative_out_is_resolved_against_the_working_directory(w, tmp_path, monkeypatch):
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    w.go(out="rel")
    assert w.calls[0]["out_dir"] == tmp_path / "cwd" / "rel"


def test_a_missing_html_is_rendered_again(w):
    _, jobs = w.go()
    (w.out / jobs["zh/nb/x-1"]["html"]).unlink()
    ran, jobs = w.go()
    assert ran == ["zh/nb/x-1"] and jobs["zh/nb/x-1"]["status"] == "ok"
    assert jobs["zh/nb/x-2"]["status"] == "skipped"


def test_an_entry_without_html_is_rendered_again(w):
    w.go()
    manifest = json.loads((w.out / "manifest.json").read_text("utf-8"))
    for j in manifest["jobs"]:
        if j["name"] == "zh/nb/x-1":
            j["html"] = None
    (w.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert w.go()[0] == ["zh/nb/x-1"]


def test_a_failed_job_is_never_skipped(w):
    w.fail = {"zh/nb/x-2"}
    _, jobs = w.go()
    assert jobs["zh/nb/x-2"]["status"] == "failed" and jobs["zh/nb/x-2"]["html"] is None
    assert jobs["zh/nb/x-2"]["error"] == "boom"
    ran, jobs = w.go()
    assert ran == ["zh/nb/x-2"] and jobs["zh/nb/x-2"]["status"] == "failed"
    w.fail = set()
    ran, jobs = w.go()
    assert ran == ["zh/nb/x-2"] and jobs["zh/nb/x-2"]["status"] == "ok"
    assert jobs["zh/nb/x-1"]["status"] == "skipped"


@pytest.mark.parametrize("status", ["pending", "failed", "weird"])
def test_only_ok_or_skipped_entries_are_skipped(w, status):
    w.go()
    manifest = json.loads((w.out / "manifest.json").read_text("utf-8"))
    for j in manifest["jobs"]:
        j["status"] = status if j["name"] == "zh/nb/x-1" else j["status"]
    (w.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert w.go()[0] == ["zh/nb/x-1"]


def test_only_renders_the_selected_jobs_and_keeps_the_others(w):
    w.go()
    ran, jobs = w.go(only="x-2", force=True)
    assert ran == ["zh/nb/x-2"]
    assert set(jobs) == set(BOTH)
    assert jobs["zh/nb/x-1"]["status"] == "ok"  # kept as it was: built from these data
    assert jobs["zh/nb/x-1"]["html"] == "zh/nb/x-1.html"
    assert set(_manifest(w)) == set(BOTH)


def test_only_delists_the_others_built_from_other_data(w):
    w.go()
    w.data_fp = "data-2"
    ran, jobs = w.go(only="x-2")
    assert ran == ["zh/nb/x-2"]
    assert jobs["zh/nb/x-1"]["status"] == "pending"
    assert jobs["zh/nb/x-1"]["html"] is None and jobs["zh/nb/x-1"]["hash"] is None
    assert jobs["zh/nb/x-2"]["data_hash"] == "data-2"


def test_without_only_the_previous_jobs_not_in_the_settings_are_dropped(w):
    w.go({"x": [1, 2]})
    _, jobs = w.go({"x": [1]})
    assert set(jobs) == {"zh/nb/x-1"}


def test_only_matching_no_job_says_what_job_names_look_like(w):
    with pytest.raises(IpstatsError) as e:
        w.go(only="nothing-like-this")
    assert str(e.value) == ("--only 'nothing-like-this' matches no job; job names look like "
                            "zh/30-jurisdiction-profile/jurisdiction-zhejiang")
    assert w.ran == []


def test_no_job_at_all_says_every_sweep_is_empty(w, monkeypatch):
    monkeypatch.setattr(run_mod, "expand_jobs", lambda settings, paths, base_dir: [])
    with pytest.raises(IpstatsError) as e:
        w.go()
    assert str(e.value) == "the settings declare no job to render (every sweep is empty)"


def test_a_second_render_into_the_same_folder_stops_at_once(w):
    w.out.mkdir()
    with versions.lock(w.out, "render"):
        t0 = time.perf_counter()
        with pytest.raises(IpstatsError) as e:
            w.go()
        assert time.perf_counter() - t0 < 5
    assert str(e.value) == (f"{w.out}: another render is writing here right now; wait for it "
                            "to finish, or choose another output folder")
    assert w.ran == []


def test_an_unwritable_output_folder_is_a_message(w, monkeypatch):
    def refuse(*a, **kw):
        raise PermissionError(13, "Permission denied", str(w.out))

    monkeypatch.setattr(run_mod, "clean_leftovers", refuse)
    with pytest.raises(IpstatsError) as e:
        w.go()
    assert str(w.out) in str(e.value)
    assert e.value.__cause__ is None and e.value.__suppress_context__


def test_leftovers_of_a_killed_render_are_removed(w):
    w.out.mkdir()
    (w.out / ".page.html.tmp").write_text("half", encoding="utf-8")
    w.go()
    assert not (w.out / ".page.html.tmp").exists()


def test_the_run_takes_measurable_time(w):
    result = render(w.settings(), data_dir=w.data.root, out=w.out, progress=False,
                    base_dir=w.tmp, workers=1)
    assert 0 < result.seconds < 60


def test_ctrl_c_names_the_jobs_not_rendered_and_keeps_those_rendered(w, monkeypatch):
    stopped = []
    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: stopped.append(True))
    w.interrupt = {"zh/nb/x-2"}
    with pytest.raises(RenderInterrupted) as e:
        w.go()
    assert str(e.value) == (f"1 job not rendered: zh/nb/x-2. The reports listed in "
                            f"{w.out}/index.html are complete; run the command again to "
                            "render the rest")
    assert e.value.__cause__ is None and e.value.__suppress_context__
    assert stopped and len(stopped) <= 2  # running kernels stopped (again after the grace wait)
    manifest = _manifest(w)
    assert manifest["zh/nb/x-1"]["status"] == "ok"
    assert manifest["zh/nb/x-2"]["status"] == "pending"


def test_ctrl_c_does_not_wait_for_the_jobs_still_running(w, monkeypatch):
    import threading

    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: None)
    started, release = threading.Event(), threading.Event()

    def job(spec, *a, stop=None, **_):
        if spec.name.endswith("x-1"):
            started.wait(10)  # Ctrl-C once the other job runs
            raise KeyboardInterrupt
        started.set()
        # a long job, running when Ctrl-C comes: it ends when render tells it to stop
        # (its kernel is shut down), or never within the test
        (stop.wait if stop is not None else release.wait)(10)
        return {"status": "ok", "error": None, "seconds": 0.0}

    monkeypatch.setattr(run_mod, "run_job", job)
    t0 = time.perf_counter()
    try:
        with pytest.raises(RenderInterrupted):
            w.go({"x": [1, 2]}, workers=2)
        assert time.perf_counter() - t0 < 5
    finally:
        release.set()


def test_ctrl_c_before_any_job_names_them_all(w, monkeypatch):
    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: None)
    w.interrupt = set(BOTH)
    with pytest.raises(RenderInterrupted) as e:
        w.go()
    assert str(e.value).startswith("2 jobs not rendered: zh/nb/x-1, zh/nb/x-2. ")


def test_jobs_run_in_parallel_up_to_the_workers_asked(w, monkeypatch):
    import threading

    seen: set[int] = set()
    real = w.run_job

    def slow(*a, **_):
        seen.add(threading.get_ident())
        time.sleep(0.05)
        return real(*a)

    monkeypatch.setattr(run_mod, "run_job", slow)
    render(w.settings({"x": [1, 2, 3, 4]}), data_dir=w.data.root, out=w.out, progress=False,
           base_dir=w.tmp, workers=2)
    assert len(seen) == 2
    seen.clear()
    render(w.settings({"x": [5, 6, 7]}, workers=3), data_dir=w.data.root, out=w.out,
           progress=False, base_dir=w.tmp)
    assert len(seen) == 3  # from the settings when not given


# (_stop_kernels reaps the children itself, so Popen.wait only learns that they are gone)
def test_without_workers_one_job_more_than_cpus_runs_at_once(w, monkeypatch):
    import threading

    seen: set[int] = set()
    real = w.run_job

    def slow(*a, **_):
        seen.add(threading.get_ident())
        time.sleep(0.05)
        return real(*a)

    monkeypatch.setattr(run_mod, "run_job", slow)
    monkeypatch.setattr(run_mod.os, "cpu_count", lambda: 3)
    render(w.settings({"x": [1, 2, 3, 4, 5]}), data_dir=w.data.root, out=w.out, progress=False,
           base_dir=w.tmp)
    assert len(seen) == 4
    seen.clear()
    monkeypatch.setattr(run_mod.os, "cpu_count", lambda: None)  # unknown: two at a time
    render(w.settings({"x": [6, 7, 8]}), data_dir=w.data.root, out=w.out, progress=False,
           base_dir=w.tmp)
    assert len(seen) == 2


def test_progress_is_a_bar_of_reports_on_stderr_only_when_asked(w, capsys):
    w.go(progress=True)
    err = capsys.readouterr().err
    assert "render: 100%" in err and "2/2" in err and "report/s" in err
    w.go(progress=False, force=True)
    assert capsys.readouterr().err == ""


def test_stop_kernels_ends_the_children_of_children():
    import psutil

    code = ("import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', "
            "'import time; time.sleep(60)']); print(p.pid, flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    grandchild = int(child.stdout.readline())
    try:
        run_mod._stop_kernels()
        child.wait(timeout=5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                if psutil.Process(grandchild).status() == psutil.STATUS_ZOMBIE:
                    break
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the grandchild still runs")
    finally:
        for pid in (child.pid, grandchild):
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                pass


def test_stop_kernels_ends_this_process_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        t0 = time.perf_counter()
        run_mod._stop_kernels()
        child.wait(timeout=1)  # ended (TimeoutExpired otherwise)
        assert time.perf_counter() - t0 < 2.5  # terminated, not waited for
    finally:
        if child.poll() is None:
            child.kill()


def test_stop_kernels_kills_a_child_that_ignores_terminate():
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(1, flush=True); time.sleep(60)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        child.stdout.readline()  # the handler is in place
        t0 = time.perf_counter()
        run_mod._stop_kernels()
        child.wait(timeout=1)  # killed (TimeoutExpired otherwise)
        assert 2.5 < time.perf_counter() - t0 < 10  # after a grace period of 3 s
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("cpus, workers", [(2, 3), (8, 9), (None, 2)])
def test_by_default_one_job_more_than_there_are_cpus(monkeypatch, cpus, workers):
    monkeypatch.setattr(run_mod.os, "cpu_count", lambda: cpus)
    assert run_mod.default_workers() == workers


def _write_over(path: Path) -> None:
    """Rewrite a file so that its stats change (as a job that wrote its page would)."""
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_ctrl_c_gives_a_job_stopped_before_it_wrote_anything_its_previous_page_back(w, monkeypatch):
    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: None)
    w.go()
    before = _manifest(w)
    w.interrupt = {"zh/nb/x-2"}
    with pytest.raises(RenderInterrupted) as e:
        w.go(force=True)
    assert str(e.value) == (
        "1 job not rendered: zh/nb/x-2. 1 of them keeps the page of the previous render (still "
        f"listed). The reports listed in {w.out}/index.html are complete; run the command "
        "again to render the rest")
    after = _manifest(w)
    assert after["zh/nb/x-2"] == before["zh/nb/x-2"]  # listed again, as it was
    assert after["zh/nb/x-1"]["status"] == "ok"


def test_ctrl_c_on_the_first_job_gives_both_their_pages_back(w, monkeypatch):
    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: None)
    w.go()
    before = _manifest(w)
    w.interrupt = set(BOTH)
    with pytest.raises(RenderInterrupted) as e:
        w.go(force=True)
    assert str(e.value).startswith(
        "2 jobs not rendered: zh/nb/x-1, zh/nb/x-2. 2 of them keep the page of the previous "
        "render (still listed). The reports listed in ")
    assert _manifest(w) == before


@pytest.mark.parametrize("written", ["html", "ipynb"])
def test_ctrl_c_after_a_job_wrote_its_page_or_notebook_leaves_it_delisted(w, monkeypatch,
                                                                         written):
    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: None)
    w.go()
    real = w.run_job

    def writes_then_stops(spec, out_dir, *a, **kw):
        if spec.name == "zh/nb/x-2":
            _write_over(Path(out_dir) / f"{spec.name}.{written}")
            raise KeyboardInterrupt
        return real(spec, out_dir, *a, **kw)

    monkeypatch.setattr(run_mod, "run_job", writes_then_stops)
    with pytest.raises(RenderInterrupted) as e:
        w.go(force=True)
    assert "of them keep" not in str(e.value)
    assert str(e.value).startswith("1 job not rendered: zh/nb/x-2. The reports listed in ")
    entry = _manifest(w)["zh/nb/x-2"]
    assert entry["status"] == "pending" and entry["html"] is None


class StandInTemplate:
    """What render asks of a kernel template: to be closed, once jobs no longer need it."""

    def __init__(self, out: Path) -> None:
        self.out, self.closes = out, []

    def close(self) -> None:
        manifest = self.out / "manifest.json"
        jobs = json.loads(manifest.read_text("utf-8"))["jobs"] if manifest.is_file() else []
        self.closes.append(sorted(j["status"] for j in jobs))


def test_the_template_goes_to_every_job_and_is_closed_once_they_ran(w):
    tpl = StandInTemplate(w.out)
    w.go(template=tpl)
    assert [c["template"] for c in w.calls] == [tpl, tpl]
    assert tpl.closes == [["ok", "ok"]]  # once, after the jobs


def test_with_nothing_to_run_the_template_is_closed_before_anything_is_written(w):
    w.go()
    tpl = StandInTemplate(w.out)
    ran, _ = w.go(template=tpl)
    assert ran == []
    assert tpl.closes[0] == ["ok", "ok"]  # the previous manifest: not yet rewritten
    assert tpl.closes[-1] == ["skipped", "skipped"]


def test_nothing_to_run_without_a_template(w):
    w.go(warm=False)
    ran, jobs = w.go(warm=False)
    assert ran == [] and {j["status"] for j in jobs.values()} == {"skipped"}


def test_the_longest_jobs_of_the_last_run_start_first_and_new_jobs_before_them(w):
    w.seconds = {"zh/nb/x-1": 1.0, "zh/nb/x-2": 3.0, "zh/nb/x-3": 2.0}
    w.go({"x": [1, 2, 3]})
    w.go({"x": [1, 2, 3, 4]}, force=True)
    assert w.ran == ["zh/nb/x-4", "zh/nb/x-2", "zh/nb/x-3", "zh/nb/x-1"]


def test_a_job_outside_only_whose_own_hash_changed_is_delisted(w):
    w.go()
    w.code_fp = "code-2"  # same data, other code: x-1's page is no longer current
    _, jobs = w.go(only="x-2")
    assert jobs["zh/nb/x-1"]["status"] == "pending" and jobs["zh/nb/x-1"]["html"] is None


@pytest.mark.parametrize("data_fp, kept", [("data-1", True), ("data-2", False)])
def test_a_job_no_longer_in_the_settings_is_kept_outside_only_while_the_data_are_the_same(
        w, data_fp, kept):
    w.go({"x": [1, 2, 3]})
    w.data_fp = data_fp
    _, jobs = w.go({"x": [1, 2]}, only="x-2")
    gone = jobs["zh/nb/x-3"]
    assert (gone["status"], gone["html"]) == (("ok", "zh/nb/x-3.html") if kept
                                              else ("pending", None))


def test_a_job_is_skipped_by_the_tables_it_read_not_by_all_the_data(w):
    (w.data.raw / "targets.csv").write_text("t\n1\n", encoding="utf-8")
    w.reads = ["targets"]
    w.go()
    w.data_fp = "data-2"  # something else under raw/ changed
    ran, jobs = w.go()
    assert ran == [] and jobs["zh/nb/x-1"]["reads"] == ["targets"]
    (w.data.raw / "targets.csv").write_text("t\n2\n", encoding="utf-8")
    ran, _ = w.go()
    assert ran == BOTH


def test_ctrl_c_does_not_wait_for_running_jobs_before_stopping_their_kernels(w, monkeypatch):
    """A running job ends only when its kernel is stopped: the pool must not be waited for
    before the kernels are stopped."""
    import threading

    killed = threading.Event()
    monkeypatch.setattr(run_mod, "_stop_kernels", killed.set)
    started = threading.Event()

    def job(spec, *a, **_):
        if spec.name.endswith("x-1"):
            started.wait(10)
            raise KeyboardInterrupt
        started.set()
        killed.wait(10)  # its kernel is gone: papermill returns
        return {"status": "failed", "error": "kernel died", "seconds": 0.0}

    monkeypatch.setattr(run_mod, "run_job", job)
    t0 = time.perf_counter()
    with pytest.raises(RenderInterrupted):
        w.go({"x": [1, 2]}, workers=2)
    assert time.perf_counter() - t0 < 5


def test_ctrl_c_waits_a_grace_period_for_the_stopped_jobs_not_longer(w, monkeypatch):
    import threading

    calls: list[bool] = []
    ended, release = threading.Event(), threading.Event()
    monkeypatch.setattr(run_mod, "_stop_kernels", lambda: calls.append(ended.is_set()))
    monkeypatch.setattr(run_mod, "STOP_GRACE", 1.0)
    started = threading.Event()

    def job(spec, *a, stop=None, **_):
        if spec.name.endswith("x-1"):
            started.wait(10)
            raise KeyboardInterrupt
        started.set()
        stop.wait(10)
        time.sleep(0.2)  # noticing the stop takes a moment
        ended.set()
        return {"status": "interrupted", "error": "interrupted (Ctrl-C)", "seconds": 0.0}

    def stuck(spec, *a, stop=None, **_):
        if spec.name.endswith("x-1"):
            started.wait(10)
            raise KeyboardInterrupt
        started.set()
        release.wait(10)  # never notices
        return {"status": "ok", "error": None, "seconds": 0.0}

    monkeypatch.setattr(run_mod, "run_job", job)
    with pytest.raises(RenderInterrupted):
        w.go({"x": [1, 2]}, workers=2)
    assert calls == [False, True]  # the second stop comes after the stopped job ended
    started.clear()
    monkeypatch.setattr(run_mod, "run_job", stuck)
    t0 = time.perf_counter()
    try:
        with pytest.raises(RenderInterrupted):
            w.go({"x": [1, 2]}, workers=2, force=True)
        assert time.perf_counter() - t0 < 5  # the grace period (1 s), not the job's 10 s
    finally:
        release.set()


def test_a_template_is_made_lazily_unless_warm_kernels_are_off(w, monkeypatch):
    made: list[dict] = []

    class Template(StandInTemplate):
        def __init__(self, **kw):
            made.append(kw)
            super().__init__(w.out)

    monkeypatch.setattr(run_mod, "KernelTemplate", Template)
    monkeypatch.setattr(run_mod, "warm_kernels_supported", lambda: True)
    w.go()
    assert made == [{"lazy": True}]  # started by the first job only, never without one
    assert [type(c["template"]) for c in w.calls] == [Template, Template]
    w.calls.clear()
    w.go(force=True, warm=False)
    assert len(made) == 1 and [c["template"] for c in w.calls] == [None, None]
    monkeypatch.setattr(run_mod, "warm_kernels_supported", lambda: False)
    w.go(force=True)
    assert len(made) == 1

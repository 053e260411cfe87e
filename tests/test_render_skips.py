"""Render re-runs a report whenever anything it depends on changed (data, notebook, parameters,
code, export options) and never skips a report whose HTML is missing or whose last run failed.
The index page escapes every name, parameter and error.

Notebook execution is replaced by a stub that writes the HTML (executing kernels is covered
end to end in tests/test_render.py), so each case runs in a second."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ipstats.reports.render.run as run_mod
from ipstats.reports.render import render
from ipstats.reports.settings import Settings
from tests.conftest import parameter_notebook as _notebook

PLANT = '<script>alert("x")</script>'


class Stub:
    """Stands in for the job runner: records which jobs ran, writes their HTML."""

    def __init__(self):
        self.ran: list[str] = []
        self.calls: list[dict] = []
        self.fail: set[str] = set()
        self.error = "boom"

    def __call__(self, spec, out_dir, paths, keep_code, timeout, **_):
        self.ran.append(spec.name)
        self.calls.append({"keep_code": keep_code, "timeout": timeout, "out_dir": Path(out_dir),
                           "data": paths.root})
        if spec.name in self.fail or PLANT in spec.parameters.values():
            return {"status": "failed", "error": self.error, "seconds": 0.0}
        html = Path(out_dir) / f"{spec.name}.html"
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(f"<p>{spec.parameters}</p>", encoding="utf-8")
        return {"status": "ok", "error": None, "seconds": 0.0}


@pytest.fixture
def data_copy(tmp_path, built_data):
    """A copy of the built data (raw and processed): render finds it up to date."""
    from ipstats.core.paths import DataPaths

    shutil.copytree(built_data.root, tmp_path / "data")
    return DataPaths(tmp_path / "data")


@pytest.fixture
def env(tmp_path, data_copy, monkeypatch):
    stub = Stub()
    monkeypatch.setattr(run_mod, "run_job", stub)
    nb = _notebook(tmp_path / "nb.ipynb")

    def go(parameters=None, **kw):
        settings = Settings.model_validate(
            {"lang": "zh",  # one language: pages go to zh/<notebook>/<slug>
             "jobs": [{"notebook": "nb.ipynb", "parameters": parameters or {"x": [1, 2]}}]})
        stub.ran.clear()
        result = render(settings, data_dir=data_copy.root, out=tmp_path / "out", progress=False,
                        base_dir=tmp_path, workers=1, **kw)
        return sorted(stub.ran), {j["name"]: j for j in result.jobs}

    return {"go": go, "stub": stub, "nb": nb, "out": tmp_path / "out", "data": data_copy}


def test_unchanged_jobs_are_skipped(env):
    ran, jobs = env["go"]()
    assert ran == ["zh/nb/x-1", "zh/nb/x-2"] and {j["status"] for j in jobs.values()} == {"ok"}
    ran, jobs = env["go"]()
    assert ran == [] and {j["status"] for j in jobs.values()} == {"skipped"}
    assert all((env["out"] / j["html"]).is_file() for j in jobs.values())
    ran, _ = env["go"]()  # a skipped job stays skippable
    assert ran == []


def test_force_renders_everything(env):
    env["go"]()
    assert env["go"](force=True)[0] == ["zh/nb/x-1", "zh/nb/x-2"]


def test_edited_data_rerenders(env):
    env["go"]()
    f = env["data"].targets_dir / "yx-2021-ip-protection-opinions.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("By 2025, 3.9", "By 2025: 3.9"),
                 encoding="utf-8")
    assert env["go"]()[0] == ["zh/nb/x-1", "zh/nb/x-2"]


def test_edited_notebook_rerenders(env):
    env["go"]()
    _notebook(env["nb"], extra_cell="# A new heading")
    assert env["go"]()[0] == ["zh/nb/x-1", "zh/nb/x-2"]


def test_changed_parameters_rerender_only_the_changed_job(env):
    env["go"]({"x": [1, 2]})
    # restating the run's language as a fixed value changes nothing
    assert env["go"]({"x": [1, 2], "lang": "zh"})[0] == []
    assert env["go"]({"x": [1, 3], "lang": "zh"})[0] == ["zh/nb/x-3"]


def test_changed_code_rerenders(env, monkeypatch):
    env["go"]()
    monkeypatch.setattr(run_mod, "code_fingerprint", lambda: "another version of the code")
    assert env["go"]()[0] == ["zh/nb/x-1", "zh/nb/x-2"]


def test_changed_export_options_rerender(env):
    env["go"]()
    assert env["go"](keep_code=True)[0] == ["zh/nb/x-1", "zh/nb/x-2"]
    assert env["go"](keep_code=True)[0] == []
    assert env["go"](keep_code=False)[0] == ["zh/nb/x-1", "zh/nb/x-2"]


def test_a_missing_html_is_rendered_again(env):
    _, jobs = env["go"]()
    (env["out"] / jobs["zh/nb/x-1"]["html"]).unlink()
    ran, jobs = env["go"]()
    assert ran == ["zh/nb/x-1"] and jobs["zh/nb/x-1"]["status"] == "ok"
    assert (env["out"] / jobs["zh/nb/x-1"]["html"]).is_file()


def test_a_failed_job_is_never_skipped(env):
    env["stub"].fail = {"zh/nb/x-2"}
    _, jobs = env["go"]()
    assert jobs["zh/nb/x-2"]["status"] == "failed" and jobs["zh/nb/x-2"]["html"] is None
    ran, jobs = env["go"]()
    assert ran == ["zh/nb/x-2"] and jobs["zh/nb/x-2"]["status"] == "failed"
    env["stub"].fail = set()
    ran, jobs = env["go"]()
    assert ran == ["zh/nb/x-2"] and jobs["zh/nb/x-2"]["status"] == "ok"
    assert jobs["zh/nb/x-1"]["status"] == "skipped"


def test_only_renders_the_selected_jobs_and_keeps_the_others(env):
    env["go"]()
    ran, jobs = env["go"](only="x-2", force=True)
    assert ran == ["zh/nb/x-2"]
    assert set(jobs) == {"zh/nb/x-1", "zh/nb/x-2"}
    manifest = json.loads((env["out"] / "manifest.json").read_text(encoding="utf-8"))
    assert {j["name"] for j in manifest["jobs"]} == {"zh/nb/x-1", "zh/nb/x-2"}


def test_the_index_escapes_names_parameters_and_errors(tmp_path, data_copy, monkeypatch):
    stub = Stub()
    monkeypatch.setattr(run_mod, "run_job", stub)
    odd = _notebook(tmp_path / 'a"b<i>.ipynb')
    stub.error = PLANT
    settings = Settings.model_validate({"jobs": [
        {"notebook": odd.name, "parameters": {"lang": ["en", PLANT]}}]})
    result = render(settings, data_dir=data_copy.root, out=tmp_path / "out", progress=False,
                    base_dir=tmp_path, workers=1)
    assert {j["status"] for j in result.jobs} == {"ok", "failed"}
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert PLANT not in index and "<i>" not in index  # (the page's own filter script is ours)
    assert index.count("&lt;script&gt;") >= 2  # the parameter and the error
    assert 'a"b' not in index and ("a&#34;b" in index or "a&quot;b" in index)
    assert "&lt;i&gt;" in index


def test_settings_choose_the_output_folder_export_options_and_timeout(tmp_path, data_copy,
                                                                      monkeypatch):
    stub = Stub()
    monkeypatch.setattr(run_mod, "run_job", stub)
    _notebook(tmp_path / "nb.ipynb")

    def go(setting, **kw):
        settings = Settings.model_validate({
            "output": {"dir": "site", "keep_code": setting, "timeout": 123}, "lang": "zh",
            "jobs": [{"notebook": "nb.ipynb"}]})
        stub.ran.clear()
        return render(settings, data_dir=data_copy.root, progress=False, base_dir=tmp_path,
                      **kw)

    result = go(True)
    assert stub.calls == [{"keep_code": True, "timeout": 123, "out_dir": tmp_path / "site",
                           "data": data_copy.root}]
    assert (tmp_path / "site" / "index.html").is_file()
    assert 0 <= result.seconds < 600
    assert [j["status"] for j in go(True).jobs] == ["skipped"]
    assert [j["status"] for j in go(False).jobs] == ["ok"]  # the settings' export option
    assert [j["status"] for j in go(False, keep_code=True).jobs] == ["ok"]  # the argument wins


def test_the_order_parameters_are_written_in_does_not_matter(env):
    env["go"]({"x": [1, 2], "lang": "zh"})
    assert env["go"]({"lang": "zh", "x": [1, 2]})[0] == []


def test_summary_counts_this_run_and_names_the_reports_kept_outside_only():
    from ipstats.reports.render.outputs import RenderResult, summary

    result = RenderResult([{"name": "a", "status": "ok"}, {"name": "b", "status": "skipped"},
                           {"name": "c", "status": "ok"}, {"name": "d", "status": "failed",
                                                            "notebook": "n", "ipynb": "d.ipynb",
                                                            "error": "x"}], 1.0, kept=2)
    text = summary(result, "out")
    assert text.splitlines()[0] == "1 rendered, 1 up to date (skipped), 0 failed in 1.0s -> out/index.html"
    assert "(2 other report(s) outside --only kept from earlier runs)" in text
    assert "FAILED" not in text  # a kept entry's old failure is not this run's

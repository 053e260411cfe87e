"""Warm kernels (forked from a preloaded template): each job still sees a fresh kernel, and the
HTML is the same as an ordinary kernel's, apart from time stamps and random ids."""
from __future__ import annotations

import json
import re
import shutil
import sys

import nbformat
import pytest

from ipstats.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT, TEMPLATES_DIR
from ipstats.reports.render.execute import KERNEL, KERNEL_ARGS, execute
from ipstats.reports.render.export import export_html
from ipstats.reports.render.kernel import KernelTemplate, warm_kernels_supported
from tests.conftest import printed, runnable_notebook

pytestmark = pytest.mark.skipif(not warm_kernels_supported(), reason="needs os.fork (POSIX)")

PROBE = """\
import os, sys, json
import pandas as pd, matplotlib as mpl, ipstats
print(json.dumps({"ppid": os.getppid(), "probe": getattr(ipstats, "_probe", None),
                  "max_rows": pd.get_option("display.max_rows"),
                  "linewidth": mpl.rcParams["lines.linewidth"],
                  "patched": hasattr(json, "_probe"), "step": step, "cwd": os.getcwd(),
                  "env": os.environ.get("PROBE_ENV")}))
if step == 1:
    ipstats._probe = "left over"
    pd.set_option("display.max_rows", 3)
    mpl.rcParams["lines.linewidth"] = 9
    json._probe = 1
"""


def _probe_notebook(path):
    return runnable_notebook(path, "step: int = 0  # which run", PROBE)


def _printed(nb) -> dict:
    return json.loads(printed(nb).strip().splitlines()[0])


@pytest.fixture(scope="module")
def template():
    tpl = KernelTemplate()
    assert tpl.ready(), "the kernel template did not start"
    yield tpl
    tpl.close()


def test_template_forks_with_a_single_thread(template):
    if sys.platform.startswith("linux"):
        assert template.threads_at_start == 1  # no BLAS or jemalloc thread at fork time


def test_a_job_cannot_see_what_the_previous_job_changed(template, tmp_path):
    nb_path = _probe_notebook(tmp_path / "probe.ipynb")
    env = {"PROBE_ENV": "set for this job"}
    first = _printed(execute(nb_path, tmp_path / "1.ipynb", {"step": 1}, 60, template, env))
    second = _printed(execute(nb_path, tmp_path / "2.ipynb", {"step": 2}, 60, template, env))
    assert first["ppid"] == second["ppid"] == template.pid  # both forked from the template
    assert second == {**first, "step": 2}  # nothing the first job changed is visible
    assert second["probe"] is None and second["patched"] is False
    assert second["cwd"] == str(tmp_path) and second["env"] == "set for this job"


def test_falls_back_to_an_ordinary_kernel_when_the_template_is_not_ready(tmp_path):
    slow = KernelTemplate(start_timeout=0.001)  # cannot have imported anything yet
    nb_path = _probe_notebook(tmp_path / "probe.ipynb")
    out = _printed(execute(nb_path, tmp_path / "1.ipynb", {"step": 1}, 60, slow, {}))
    assert slow.ready() is False and out["ppid"] != slow.pid and out["step"] == 1


def _mask(html: str) -> str:
    """Time stamps and random ids: the only parts allowed to differ between two renders."""
    html = re.sub(r"cell-id=[0-9a-f-]{8,36}", "cell-id=X", html)
    html = re.sub(r"T_[0-9a-f]{5}", "T_X", html)  # pandas Styler's random table id
    # the stamp's time and the citation's date, in both languages
    return re.sub(r"(rendered|生成于) \d{4}-\d\d-\d\d( \d\d:\d\d UTC)?", r"\1 X", html)


@pytest.mark.parametrize("notebook, params", [
    pytest.param("10-overview.ipynb", {"lang": "en"}, id="overview-en"),
    pytest.param("30-jurisdiction-profile.ipynb", {"jurisdiction": "hangzhou"},
                 id="profile-zh"),
])
def test_html_same_as_an_ordinary_kernel_render(template, tmp_path, notebook, params):
    """The fast path (forked kernel, in-memory notebook, reused exporter) against the plain
    pipeline (papermill's own kernel manager, notebook read back from disk, new exporter)."""
    import papermill
    from nbconvert import HTMLExporter

    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", data / "raw")
    nb_path = PROJECT_ROOT / "notebooks" / notebook
    params = {**params, "data_dir": str(data)}
    warm = export_html(execute(nb_path, tmp_path / "warm.ipynb", params, 300, template, {}))
    papermill.execute_notebook(str(nb_path), str(tmp_path / "cold.ipynb"), parameters=params,
                               kernel_name=KERNEL, progress_bar=False, cwd=str(nb_path.parent),
                               extra_arguments=KERNEL_ARGS)
    exporter = HTMLExporter(template_name="ipstats", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    cold, _ = exporter.from_notebook_node(nbformat.read(tmp_path / "cold.ipynb", as_version=4))
    assert "data:image/png;base64" in warm or "<table" in warm
    assert _mask(warm) == _mask(cold)


def test_cell_timeout_and_errors_are_reported_as_with_ordinary_kernels(template, tmp_path):
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    path = runnable_notebook(
        tmp_path / "slow.ipynb", "action: str = 'sleep'",
        "import time\nif action == 'sleep':\n    time.sleep(60)\nelse:\n    raise ValueError('bad')")
    with pytest.raises((CellTimeoutError, PapermillExecutionError)) as slow:
        execute(path, tmp_path / "1.ipynb", {"action": "sleep"}, 2, template, {})
    assert "timed out" in str(slow.value).lower() or "Timeout" in str(slow.value)
    with pytest.raises(PapermillExecutionError) as bad:
        execute(path, tmp_path / "2.ipynb", {"action": "raise"}, 60, template, {})
    assert bad.value.ename == "ValueError" and bad.value.evalue == "bad"
    assert (tmp_path / "2.ipynb").is_file()  # the executed notebook, with the traceback


class _DeadKernels(KernelTemplate):
    """A template whose kernels die at once (as a forked kernel that failed to start)."""

    def __init__(self) -> None:  # no template process
        self.pid = -1

    def fork(self, argv, cwd, env):
        import subprocess

        proc = subprocess.Popen(["true"])
        proc.wait()
        return proc.pid

    def close(self) -> None:
        pass


def test_a_kernel_that_never_comes_up_is_replaced_by_an_ordinary_one(tmp_path):
    nb_path = _probe_notebook(tmp_path / "probe.ipynb")
    out = _printed(execute(nb_path, tmp_path / "1.ipynb", {"step": 3}, 60, _DeadKernels(), {}))
    assert out["step"] == 3

"""Notebook hygiene: committed without outputs, one documented `parameters` cell, and the
analyst's direct route (papermill, then jupyter nbconvert) works. Execution of every
notebook on real parameters happens once, in tests/test_render.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ipstats.core.paths import NOTEBOOKS_DIR

OURS = ["10-overview.ipynb", "20-compare-indicator.ipynb", "25-single-jurisdiction-targets.ipynb",
        "30-jurisdiction-profile.ipynb", "40-timeline.ipynb", "60-progress.ipynb",
        "90-explorer.ipynb"]


@pytest.mark.parametrize("name", OURS)
def test_committed_without_outputs_and_one_parameters_cell(name):
    nb = json.loads((NOTEBOOKS_DIR / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1


@pytest.mark.parametrize("name", OURS)
def test_every_parameter_has_a_type_and_a_comment(name):
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOKS_DIR / name))
    assert {"lang", "data_dir"} <= set(params)
    for p in params.values():
        assert p["inferred_type_name"] != "None", p
        assert p["help"].strip(), p


def test_papermill_then_nbconvert_directly(tmp_path, built_data):
    """What an analyst runs by hand: the papermill CLI, then jupyter nbconvert --to html."""
    bin_dir = Path(sys.executable).parent
    out_nb = tmp_path / "profile.ipynb"
    subprocess.run([str(bin_dir / "papermill"), str(NOTEBOOKS_DIR / "30-jurisdiction-profile.ipynb"),
                    str(out_nb), "-k", "python3", "-p", "jurisdiction", "yuxi", "-p", "lang", "en",
                    "-p", "data_dir", str(built_data.root), "--no-progress-bar"],
                   check=True, capture_output=True, cwd=NOTEBOOKS_DIR)
    subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", str(out_nb)],
                   check=True, capture_output=True)
    html = (tmp_path / "profile.html").read_text(encoding="utf-8")
    assert "玉溪市" in html and "Yuxi" in html


def test_explorer_runs_top_to_bottom_quietly(tmp_path, built_data):
    """The widget explorer runs with its defaults, in both languages, with no error and nothing
    written to stderr (no alarming kernel warnings)."""
    import papermill as pm

    for lang in ("zh", "en"):
        out = tmp_path / f"explorer-{lang}.ipynb"
        pm.execute_notebook(str(NOTEBOOKS_DIR / "90-explorer.ipynb"), str(out),
                            parameters={"data_dir": str(built_data.root), "lang": lang},
                            kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOKS_DIR),
                            execution_timeout=120)
        outputs = [o for c in json.loads(out.read_text(encoding="utf-8"))["cells"]
                   for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"
                    or o.get("name") == "stderr"]
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)

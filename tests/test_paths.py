"""Paths that work for every user: relative paths resolve against the working directory, the
data directory is chosen explicitly or by convention, and an installed wheel works from an
empty folder (notebooks, params.yaml and the curated data shipped as package data)."""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ipstats.core import paths
from ipstats.core.paths import CHECKOUT_ROOT, DataPaths, data_paths, reports_dir


@pytest.fixture
def no_env(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_relative_data_dir_resolves_against_the_working_directory(no_env):
    assert data_paths("mine").root == no_env / "mine"
    assert data_paths(DataPaths(Path("/x"))).root == Path("/x")


def test_the_environment_variable_comes_first_and_is_relative_to_the_working_directory(
        no_env, monkeypatch):
    (no_env / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv(paths.DATA_DIR_ENV, "elsewhere")
    assert data_paths().root == no_env / "elsewhere"


def test_dot_data_is_used_when_it_holds_raw(no_env):
    (no_env / "data").mkdir()
    assert data_paths().root != no_env / "data"  # no raw/ in it: not a data directory
    (no_env / "data" / "raw").mkdir()
    assert data_paths().root == no_env / "data"


def test_outside_a_checkout_the_shipped_data_is_copied_once_to_a_user_folder(no_env, monkeypatch):
    monkeypatch.setattr(paths, "CHECKOUT_ROOT", None)
    root = data_paths().root
    assert root == no_env / "cache" / "ipstats" / "data"
    assert (root / "raw" / "documents.csv").is_file() and (root / "processed").is_dir()
    (root / "raw" / "documents.csv").write_text("edited", encoding="utf-8")
    assert data_paths().root == root  # the copy is reused, never overwritten
    assert (root / "raw" / "documents.csv").read_text(encoding="utf-8") == "edited"


def test_in_a_checkout_the_checkouts_data_is_the_default(no_env):
    assert CHECKOUT_ROOT is not None
    assert data_paths().root == CHECKOUT_ROOT / "data"


def test_reports_go_next_to_a_settings_file_or_to_the_working_directory(no_env):
    mine = no_env / "conf" / "params.yaml"
    assert reports_dir(mine, "out") == no_env / "conf" / "out"
    shipped = paths.SHIPPED_DIR / "params.yaml"
    assert reports_dir(shipped, "reports") == no_env / "reports"


# -- the wheel -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(CHECKOUT_ROOT)], check=True, capture_output=True)
    (whl,) = out.glob("ipstats-*.whl")
    return whl


def test_the_wheel_ships_notebooks_params_templates_schema_and_raw_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for nb in (CHECKOUT_ROOT / "notebooks").glob("*.ipynb"):
        assert f"ipstats/_shipped/notebooks/{nb.name}" in names
    for f in (CHECKOUT_ROOT / "data" / "raw").rglob("*"):
        if f.is_file():
            assert f"ipstats/_shipped/data/raw/{f.relative_to(CHECKOUT_ROOT / 'data' / 'raw').as_posix()}" in names
    assert {"ipstats/_shipped/params.yaml", "ipstats/dataset/fields.yaml",
            "ipstats/dataset/resources.yaml", "ipstats/reports/templates/ipstats/index.html.j2"} <= names
    assert not any(n.startswith("ipstats/_shipped/data/processed") for n in names)


def test_the_installed_wheel_validates_and_renders_from_an_empty_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (purelib,) = venv.glob("lib/python*/site-packages")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "-q", "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
                   check=True)
    # the dependencies come from this environment (no download); ipstats only from the wheel
    (purelib / "deps.pth").write_text(site.getsitepackages()[0] + "\n", encoding="utf-8")
    jupyter = tmp_path / "jupyter"  # nbconvert's base templates, as a real install would have
    jupyter.mkdir()
    (jupyter / "nbconvert").symlink_to(Path(sys.prefix) / "share" / "jupyter" / "nbconvert")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", paths.DATA_DIR_ENV)}
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               JUPYTER_PATH=str(jupyter))
    empty = tmp_path / "empty"
    empty.mkdir()
    run = subprocess.run([str(venv / "bin" / "ipstats"), "validate"], cwd=empty, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("OK: ")
    assert (tmp_path / "cache" / "ipstats" / "data" / "raw" / "documents.csv").is_file()
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import ipstats; print(ipstats.__file__)"],
                           cwd=empty, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv))  # the wheel's copy, not this checkout
    run = subprocess.run([str(venv / "bin" / "ipstats"), "render", "--only", "10-overview", "--quiet"],
                         cwd=empty, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (empty / "reports" / "zh" / "10-overview" / "report.html").is_file()
    assert shutil.which("ipstats", path=str(venv / "bin"))

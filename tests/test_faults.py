"""Fault injection: a build and a render are killed just before each of their atomic writes in
turn (as by SIGKILL), and a render receives SIGINT. After every kill, a reader sees one
complete version (the old or the new, never a mix) and a rerun converges."""
from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from ipstats.core.paths import PROJECT_ROOT, DataPaths
from ipstats.dataset import build as build_mod
from ipstats.dataset.build import build, is_stale, raw_fingerprint
from ipstats.dataset.validate import validate

CHILD = Path(__file__).parent / "fault_child.py"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


def _child(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHILD), *args], capture_output=True, text=True,
                          env=ENV, timeout=120)


EDITED = "zj2020-t05"


def _edit_a_target(paths: DataPaths) -> None:
    """A new raw version whose processed targets differ from the old in one cell."""
    import csv

    f = paths.targets_dir / "zj-2020-ip-protection-action-plan.csv"
    rows = list(csv.DictReader(f.open(encoding="utf-8")))
    for r in rows:
        if r["target_id"] == EDITED:
            r["quote_en"] += " (edited)"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _reader_sees_one_whole_version(paths: DataPaths, fingerprints: set[str],
                                   fp_new: str | None = None) -> str:
    pinned = paths.pinned()
    assert pinned.version is not None
    stamp = json.loads(pinned.build_stamp.read_text(encoding="utf-8"))
    assert stamp["raw_fingerprint"] in fingerprints
    assert json.loads((pinned.processed_version / "slices.json").read_text(encoding="utf-8"))
    for table in stamp["tables"]:
        assert len(pd.read_parquet(pinned.processed_table(table))) == stamp["rows"][table], table
    t = pd.read_parquet(pinned.processed_table("targets")).set_index("target_id")
    edited = t.loc[EDITED, "quote_en"].endswith("(edited)")
    assert edited == (stamp["raw_fingerprint"] == fp_new)  # the tables are the stamp's version
    return stamp["raw_fingerprint"]


def test_build_killed_at_every_write_leaves_one_whole_version_and_converges(data_copy, tmp_path):
    build(data_copy)
    fp_old = raw_fingerprint(data_copy)
    _edit_a_target(data_copy)
    fp_new = raw_fingerprint(data_copy)
    tables = build_mod.frames(validate(data_copy))
    pickled = tmp_path / "tables.pickle"
    pickled.write_bytes(pickle.dumps(tables))
    work = tmp_path / "work"
    work.mkdir()
    proc = _child("build", str(data_copy.root), str(work), str(pickled))
    assert proc.returncode == 0, proc.stderr
    kills = int(proc.stdout.split()[-1])
    assert kills == len(tables) + 4  # every table, the slices, the stamp, the folder, the pointer
    for k in range(1, kills + 2):
        # killed before its k-th write: the previous version, whole (the last k completed)
        assert _reader_sees_one_whole_version(
            DataPaths(work / f"k{k}"), {fp_old, fp_new}, fp_new) == (fp_new if k > kills else fp_old)
        if k > kills:
            break
        rerun = DataPaths(work / f"k{k}-rerun")  # the rerun converges, nothing left behind
        assert not is_stale(rerun)
        assert _reader_sees_one_whole_version(rerun, {fp_new}, fp_new) == fp_new
        vdir = rerun.processed / ".versions"
        assert not [p for p in vdir.iterdir() if p.name.startswith(".")]
        assert len(list(vdir.iterdir())) == 2
        assert not list(rerun.processed.glob(".*.tmp"))


def _pages(out: Path) -> dict[str, str]:
    """The render's manifest as a reader sees it: every listed page exists and carries the
    data version its entry names; the index links pages of one data version only."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    index = (out / "index.html").read_text(encoding="utf-8")
    listed = {}
    for j in manifest["jobs"]:
        if j["html"]:
            assert j["status"] in ("ok", "skipped")
            assert (out / j["html"]).read_text(encoding="utf-8") == f"data={j['data_hash']}"
            listed[j["name"]] = j["data_hash"]
        else:
            assert j["status"] == "pending"
    linked = [p for p in re.findall(r'href="([^"]+\.html)"', index)
              if not p.endswith("index.html")]  # the other language's index is no report
    assert len({(out / p).read_text(encoding="utf-8") for p in linked}) <= 1
    return listed


def test_render_killed_at_every_write_never_lists_a_page_of_other_data(tmp_path):
    """Kill a render of data B at every write, revert the data to A, rerun: every page A."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "raw", data / "raw")
    build(data)
    base = tmp_path / "base"
    work = tmp_path / "work"
    work.mkdir()
    proc = _child("render", str(data), str(work), str(base))
    assert proc.returncode == 0, proc.stderr
    assert set(_pages(base).values()) == {"A"} and len(_pages(base)) == 4
    kills = int(proc.stdout.split()[-1])
    # the first journal (three indexes and the manifest), then a page and the journal per job
    assert kills == 4 + 4 * 5
    for k in range(1, kills + 1):
        _pages(work / f"k{k}")  # killed: only pages of the data their entry names
        after = _pages(work / f"k{k}-rerun")
        assert set(after.values()) == {"A"} and len(after) == 4, k
        manifest = json.loads((work / f"k{k}-rerun" / "manifest.json").read_text("utf-8"))
        rerendered = {j["name"] for j in manifest["jobs"] if j["status"] == "ok"}
        assert rerendered == {n for n, v in _pages(work / f"k{k}").items() if v != "A"} | {
            j["name"] for j in json.loads((work / f"k{k}" / "manifest.json").read_text("utf-8"))[
                "jobs"] if j["status"] == "pending"}, k  # exactly what was not current
        assert not [p for p in (work / f"k{k}-rerun").rglob(".*") if p.name != ".lock"]


NOTEBOOK_SLEEPS = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "p", "outputs": [],
               "metadata": {"tags": ["parameters"]}, "source": "n = 0\ndata_dir = ''"},
              {"cell_type": "code", "execution_count": None, "id": "s", "outputs": [],
               "metadata": {}, "source": "import time\ntime.sleep(120)"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5}


def test_ctrl_c_stops_a_render_promptly_and_names_what_was_not_rendered(built_data, tmp_path):
    import psutil

    (tmp_path / "sleep.ipynb").write_text(json.dumps(NOTEBOOK_SLEEPS), encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps({"output": {"workers": 1}, "jobs": [
        {"notebook": "sleep.ipynb", "parameters": {"n": [1, 2, 3]}}]}), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "ipstats.cli.main", "render", "--params",
                             str(params), "--data-dir", str(built_data.root), "--out", str(out),
                             "--quiet"], env=ENV, stderr=subprocess.PIPE, text=True)
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while not (out / "manifest.json").exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # wait until the jobs are listed (pending) and start
    time.sleep(1)
    kernels = me.children(recursive=True)  # the kernel template, and the first job's kernel
    assert kernels
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=30)[1]
    assert time.monotonic() - t0 < 15
    assert proc.returncode == 130
    assert err.strip().endswith(
        "interrupted: 3 jobs not rendered: sleep/n-1, sleep/n-2, sleep/n-3. The reports listed "
        f"in {out}/index.html are complete; run the command again to render the rest"), err
    _, alive = psutil.wait_procs(kernels, timeout=5)
    assert not alive  # the running kernel was shut down
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [j["status"] for j in manifest["jobs"]] == ["pending"] * 3

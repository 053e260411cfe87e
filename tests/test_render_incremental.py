"""Incremental rendering: a no-change rerender is decided from file stats (no pandas), and an
edit rerenders only the jobs that read the edited data."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipstats.cli import main as cli
from ipstats.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT, DataPaths
from ipstats.reports.render import fastpath

SUITE = {"output": {"workers": 2},
         "jobs": [{"notebook": "notebooks/40-timeline.ipynb", "parameters": {"lang": "en"}},
                  {"notebook": "notebooks/50-measures.ipynb", "parameters": {"lang": "en"}}]}
TIMELINE, MEASURES = "en/40-timeline/report", "en/50-measures/report"


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    data = root / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", data / "raw")
    params = root / "params.yaml"
    params.write_text(json.dumps(SUITE), encoding="utf-8")
    args = ["render", "--params", str(params), "--data-dir", str(data), "--out",
            str(root / "reports"), "--quiet"]
    assert cli.main(args) == 0
    return {"root": root, "data": data, "args": args, "out": root / "reports"}


def _manifest(out: Path) -> dict:
    return {j["name"]: j for j in json.loads((out / "manifest.json").read_text("utf-8"))["jobs"]}


def test_each_job_records_the_tables_it_read(suite):
    jobs = _manifest(suite["out"])
    assert set(jobs[TIMELINE]["reads"]) == {"documents", "targets"}
    assert "measures" in jobs[MEASURES]["reads"]
    assert "measures" not in jobs[TIMELINE]["reads"]


def test_no_change_rerender_is_decided_without_pandas(suite):
    code = ("import sys; from ipstats.cli.main import main; rc = main(sys.argv[1:]); "
            "print('pandas loaded' if 'pandas' in sys.modules else 'no pandas'); sys.exit(rc)")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.run([sys.executable, "-c", code, *suite["args"]], capture_output=True,
                          text=True, env=env, cwd=suite["root"])
    assert proc.returncode == 0, proc.stderr
    assert "0 rendered, 2 up to date" in proc.stdout and "nothing changed" in proc.stdout
    assert "no pandas" in proc.stdout


def test_a_touched_file_falls_back_to_the_content_check(suite, capsys):
    f = suite["data"] / "raw" / "documents.csv"
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10**9))
    assert cli.main(suite["args"]) == 0
    out = capsys.readouterr().out
    assert "0 rendered, 2 up to date" in out and "nothing changed" not in out


def test_an_edit_rerenders_only_the_jobs_that_read_it(suite, capsys):
    f = sorted((suite["data"] / "raw" / "measures").glob("*.csv"))[0]
    rows = list(csv.DictReader(f.open(encoding="utf-8")))
    rows[0]["note"] = (rows[0]["note"] + " (checked again)").strip()
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert cli.main(suite["args"]) == 0
    assert "1 rendered, 1 up to date" in capsys.readouterr().out
    jobs = _manifest(suite["out"])
    assert jobs[MEASURES]["status"] == "ok"
    assert jobs[TIMELINE]["status"] == "skipped"


def test_force_ignores_the_fast_path(suite, capsys):
    assert cli.main([*suite["args"], "--force"]) == 0
    assert "2 rendered, 0 up to date" in capsys.readouterr().out


def test_state_is_a_cache_a_broken_file_is_ignored(tmp_path):
    paths = DataPaths(tmp_path)
    (tmp_path / "processed").mkdir()
    paths.render_state.write_text("{not json", encoding="utf-8")
    assert fastpath.up_to_date(paths, "any") is None

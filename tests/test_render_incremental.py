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


def _add_a_note(f: Path) -> None:
    """Edit one cell of a raw table: the first row's note."""
    rows = list(csv.DictReader(f.open(encoding="utf-8")))
    rows[0]["note"] = (rows[0]["note"] + " (checked again)").strip()
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


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
    _add_a_note(f)
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


def _two_unrelated_jurisdictions(data: Path) -> tuple[str, str, str, str]:
    """Two jurisdictions with targets, neither the other's parent or child, a target row of the
    first (its file) and a family in which the first sets no target."""
    jur = list(csv.DictReader((data / "raw" / "jurisdictions.csv").open(encoding="utf-8")))
    parent = {r["jurisdiction_id"]: r["parent_id"] for r in jur}

    def chain(j: str) -> set[str]:
        out = {j}
        while parent.get(j):
            j = parent[j]
            out.add(j)
        return out

    docs = {r["doc_id"]: r["jurisdiction_id"]
            for r in csv.DictReader((data / "raw" / "documents.csv").open(encoding="utf-8"))}
    fam = {r["indicator_id"]: r["family"]
           for r in csv.DictReader((data / "raw" / "indicators.csv").open(encoding="utf-8"))}
    families: dict[str, set[str]] = {}
    files = {}
    for f in sorted((data / "raw" / "targets").glob("*.csv")):
        for r in csv.DictReader(f.open(encoding="utf-8")):
            j = docs[f.stem]
            files.setdefault(j, f)
            if r["indicator_id"]:
                families.setdefault(j, set()).add(fam[r["indicator_id"]])
    for a in sorted(files):
        others = sorted(set().union(*families.values()) - families.get(a, set()))
        for b in sorted(files):
            if a not in chain(b) and b not in chain(a) and others:
                return a, b, str(files[a]), others[0]
    raise AssertionError("the shipped data has no two unrelated jurisdictions with targets")


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("slices")
    data = root / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", data / "raw")
    a, b, file_a, family = _two_unrelated_jurisdictions(data)
    profile = "notebooks/30-jurisdiction-profile.ipynb"
    suite = {"output": {"workers": 2}, "jobs": [
        {"notebook": profile, "parameters": {"lang": "en", "jurisdiction": [a, b]}},
        {"notebook": "notebooks/20-compare-indicator.ipynb",
         "parameters": {"lang": "en", "family": family}}]}
    params = root / "params.yaml"
    params.write_text(json.dumps(suite), encoding="utf-8")
    args = ["render", "--params", str(params), "--data-dir", str(data), "--out",
            str(root / "reports"), "--quiet"]
    assert cli.main(args) == 0
    names = {"a": f"en/30-jurisdiction-profile/jurisdiction-{a}",
             "b": f"en/30-jurisdiction-profile/jurisdiction-{b}",
             "family": "en/20-compare-indicator/report"}
    return {"args": args, "out": root / "reports", "a": a, "b": b, "file_a": Path(file_a),
            "family": family, "names": names}


def test_a_profile_records_the_slices_it_read(places):
    jobs = _manifest(places["out"])
    reads = jobs[places["names"]["a"]]["reads"]
    sliced = [k for k in reads if k.startswith("targets ")]
    assert sliced and all(places["a"] in json.loads(k.split(" ", 1)[1])["jurisdiction_id"]
                          for k in sliced)
    assert places["b"] not in " ".join(reads)
    assert "targets" not in reads  # not the whole table
    fam_reads = jobs[places["names"]["family"]]["reads"]
    assert f'targets {{"family": ["{places["family"]}"]}}' in fam_reads


def test_an_edit_to_one_jurisdictions_targets_rerenders_only_its_pages(places, capsys):
    f = places["file_a"]
    _add_a_note(f)
    assert cli.main(places["args"]) == 0
    assert "1 rendered, 2 up to date" in capsys.readouterr().out
    jobs = _manifest(places["out"])
    assert jobs[places["names"]["a"]]["status"] == "ok"
    assert jobs[places["names"]["b"]]["status"] == "skipped"
    assert jobs[places["names"]["family"]]["status"] == "skipped"


def test_a_new_year_is_not_a_no_change_rerender(data_copy, monkeypatch):
    from ipstats.dataset.build import build

    paths = build(data_copy.root)
    fastpath.remember(paths, "key", [], jobs=1, failed=0)
    assert fastpath.up_to_date(paths, "key") is not None
    year = fastpath.as_of_year()
    monkeypatch.setattr(fastpath, "as_of_year", lambda: year + 1)
    assert fastpath.up_to_date(paths, "key") is None

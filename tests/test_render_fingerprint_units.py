"""The render job's dependencies as hashes (``ipstats.reports.render.fingerprint``) on tiny
folders: what must change a hash, what must not, and the per-job data record. Fast (nothing is
built): these run for every mutant of the module in ``benchmarks/mutation.py``."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import ipstats.reports.render.fingerprint as fp
from ipstats.core.paths import DataPaths
from ipstats.dataset import slices
from ipstats.reports.render.jobs import JobSpec
from ipstats.reports.render.run import _Fingerprints


def JOB(nb: Path, parameters: dict) -> JobSpec:
    return JobSpec("nb.ipynb", parameters, "zh/nb/x-1", nb)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    _write(root / "b.py", "b")
    _write(root / "a.py", "a")
    _write(root / "sub" / "c.yaml", "c")
    _write(root / "sub" / "d.txt", "d")
    _write(root / ".hidden.py", "h")
    _write(root / ".git" / "x.py", "x")
    _write(root / "__pycache__" / "m.py", "m")
    return root


def test_file_hash_is_the_sha256_of_the_bytes_and_is_cached_by_stat(tmp_path):
    f = _write(tmp_path / "f.txt", "hello")
    assert fp.file_hash(f) == hashlib.sha256(b"hello").hexdigest()
    cache: dict[str, str] = {}
    first = fp.file_hash(f, cache)
    assert list(cache.values()) == [first] and str(f) in next(iter(cache))
    cache[next(iter(cache))] = "remembered"
    assert fp.file_hash(f, cache) == "remembered"  # same stats: the cache answers
    os.utime(f, ns=(1, 1))  # new stats: hashed again
    assert fp.file_hash(f, cache) == first


def test_stat_key_changes_when_the_file_is_written(tmp_path):
    f = _write(tmp_path / "f.txt", "one")
    before = fp.stat_key(f)
    assert before.count(":") == 2 and before.startswith("3:")
    f.write_text("three", encoding="utf-8")
    assert fp.stat_key(f) != before and fp.stat_key(f).startswith("5:")


def test_tree_files_sorted_without_hidden_files_or_caches(tree):
    names = [str(p.relative_to(tree)) for p in fp.tree_files(tree)]
    assert names == ["a.py", "b.py", "sub/c.yaml", "sub/d.txt"]
    assert [p.name for p in fp.tree_files(tree, (".py", ".yaml"))] == ["a.py", "b.py", "c.yaml"]
    assert fp.tree_files(tree / "nothing-here") == []


def test_tree_hash_changes_with_names_and_bytes_not_with_hidden_files(tree):
    before = fp.tree_hash(tree)
    assert before == fp.tree_hash(tree) and len(before) == 64
    _write(tree / ".hidden.py", "changed")
    _write(tree / "__pycache__" / "m.py", "changed")
    assert fp.tree_hash(tree) == before
    _write(tree / "a.py", "A")
    after_bytes = fp.tree_hash(tree)
    assert after_bytes != before
    (tree / "a.py").rename(tree / "e.py")
    assert fp.tree_hash(tree) != after_bytes  # same bytes under another name
    assert fp.tree_hash(tree, (".txt",)) != fp.tree_hash(tree, (".yaml",))


def test_tree_hash_names_each_file_with_its_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _write(a / "x.py", "1")
    _write(a / "y.py", "2")
    _write(b / "x.py", "2")
    _write(b / "y.py", "1")
    assert fp.tree_hash(a) != fp.tree_hash(b)  # swapped contents
    h = hashlib.sha256()
    for name, text in (("x.py", b"1"), ("y.py", b"2")):
        h.update(name.encode() + b"\0" + hashlib.sha256(text).hexdigest().encode())
    assert fp.tree_hash(a) == h.hexdigest()


def test_code_fingerprint_covers_code_suffixes_and_the_version(tmp_path, monkeypatch):
    pkg = tmp_path / "pkg"
    _write(pkg / "m.py", "x = 1")
    _write(pkg / "messages.yaml", "a: {zh: 甲, en: a}")
    _write(pkg / "notes.md", "not code")
    monkeypatch.setattr(fp, "PACKAGE_DIR", pkg)
    before = fp.code_fingerprint()
    assert before == hashlib.sha256(f"{fp.__version__}:".encode()
                                    + fp.tree_hash(pkg, fp.CODE_SUFFIXES).encode()).hexdigest()
    _write(pkg / "notes.md", "still not code")
    assert fp.code_fingerprint() == before
    _write(pkg / "messages.yaml", "a: {zh: 乙, en: b}")
    assert fp.code_fingerprint() != before
    for suffix in (".py", ".j2", ".json", ".yaml", ".css", ".tpl"):
        assert suffix in fp.CODE_SUFFIXES
    monkeypatch.setattr(fp, "__version__", "9.9.9")
    assert fp.code_fingerprint() not in (before,)


def _data(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data", "v1")
    _write(paths.raw_table("targets"), "t,1")
    _write(paths.raw_table("documents"), "d,1")
    _write(paths.raw / "sources" / "s.txt", "source")
    return paths


def test_table_file_prefers_the_processed_table_then_the_raw_csv(tmp_path):
    paths = _data(tmp_path)
    assert fp.table_file(paths, "targets") == paths.raw_table("targets")
    _write(paths.processed_table("targets"), "parquet")
    assert fp.table_file(paths, "targets") == paths.processed_table("targets")
    assert fp.table_file(paths, "nothing") is None


def test_data_fingerprint_of_the_tables_read(tmp_path):
    paths = _data(tmp_path)
    one = fp.data_fingerprint(paths, ["targets"])
    assert one.startswith("tables:")
    h = hashlib.sha256(f"targets\0{fp.file_hash(paths.raw_table('targets'))}\n".encode())
    assert one == "tables:" + h.hexdigest()
    both = fp.data_fingerprint(paths, ["targets", "documents"])
    assert both != one
    _write(paths.raw / "sources" / "s.txt", "edited")  # not read by this job
    assert fp.data_fingerprint(paths, ["targets"]) == one
    _write(paths.raw_table("targets"), "t,2")  # read: changes
    assert fp.data_fingerprint(paths, ["targets"]) != one
    cache: dict[str, str] = {}
    assert fp.data_fingerprint(paths, ["targets"], cache) == fp.data_fingerprint(paths, ["targets"])
    assert cache  # the file hash was remembered


def _sliced(paths: DataPaths, digests: dict) -> None:
    _write(paths.processed_table("targets"), "parquet")
    _write(paths.processed_version / slices.SLICES_FILE, json.dumps(digests))


SLICE_A = slices.read_key("targets", {"jurisdiction_id": ["a"]})


def test_a_slice_read_depends_on_its_rows_digests_only(tmp_path):
    paths = _data(tmp_path)
    _sliced(paths, {"targets": {"jurisdiction_id": {"a": "da", "b": "db"}}})
    one = fp.data_fingerprint(paths, [SLICE_A])
    part = slices.slice_fingerprint({"targets": {"jurisdiction_id": {"a": "da"}}}, "targets",
                                    {"jurisdiction_id": ["a"]})
    assert one == "tables:" + hashlib.sha256(f"{SLICE_A}\0{part}\n".encode()).hexdigest()
    _write(paths.processed_table("targets"), "parquet, rebuilt")  # b's rows changed
    _sliced(paths, {"targets": {"jurisdiction_id": {"a": "da", "b": "db2"}}})
    assert fp.data_fingerprint(paths, [SLICE_A]) == one
    assert fp.data_fingerprint(paths, ["targets"]) != fp.data_fingerprint(paths, [SLICE_A])
    _sliced(paths, {"targets": {"jurisdiction_id": {"a": "da2", "b": "db2"}}})  # a's changed
    assert fp.data_fingerprint(paths, [SLICE_A]) != one
    given = {"targets": {"jurisdiction_id": {"a": "da", "b": "db2"}}}  # the run's copy wins
    assert fp.data_fingerprint(paths, [SLICE_A], digests=given) == one


def test_a_slice_the_version_has_no_digest_for_depends_on_the_whole_table(tmp_path):
    paths = _data(tmp_path)
    _write(paths.processed_table("targets"), "parquet")  # an older build: no slices.json
    whole = fp.file_hash(paths.processed_table("targets"))
    expect = "tables:" + hashlib.sha256(f"{SLICE_A}\0{whole}\n".encode()).hexdigest()
    assert fp.data_fingerprint(paths, [SLICE_A]) == expect
    _sliced(paths, {"targets": {"family": {"f": "df"}}})  # not sliced by this column
    assert fp.data_fingerprint(paths, [SLICE_A]) == expect
    _write(paths.processed_table("targets"), "parquet 2")
    assert fp.data_fingerprint(paths, [SLICE_A]) != expect


def test_a_slice_of_a_table_with_no_file_depends_on_all_of_raw(tmp_path):
    paths = _data(tmp_path)
    key = slices.read_key("observations", {"jurisdiction_id": ["a"]})
    assert fp.data_fingerprint(paths, [key], whole="given") == "raw:given"


def test_the_run_reads_the_versions_digests_once(tmp_path):
    paths = _data(tmp_path)
    _sliced(paths, {"targets": {"jurisdiction_id": {"a": "da"}}})
    fps = _Fingerprints(paths, "whole-data", "code", True, {})
    assert fps.digests == {"targets": {"jurisdiction_id": {"a": "da"}}}
    nb = _write(tmp_path / "nb.ipynb", "{}")
    before = fps.job(JOB(nb, {}), [SLICE_A])
    _sliced(paths, {"targets": {"jurisdiction_id": {"a": "da2"}}})  # (a version never changes)
    assert fps.job(JOB(nb, {}), [SLICE_A]) == before


def test_without_a_record_a_job_depends_on_all_of_raw(tmp_path):
    paths = _data(tmp_path)
    whole = "raw:" + fp.tree_hash(paths.raw)
    assert fp.data_fingerprint(paths, None) == whole
    assert fp.data_fingerprint(paths, []) == whole
    assert fp.data_fingerprint(paths, ["targets", "no_such_table"]) == whole
    assert fp.data_fingerprint(paths, None, whole="given") == "raw:given"
    assert fp.data_fingerprint(paths, ["no_such_table"], whole="given") == "raw:given"
    _write(paths.raw / "sources" / "s.txt", "edited")
    assert fp.data_fingerprint(paths, None) != whole


def test_job_hash_covers_notebook_parameters_data_code_and_export(tmp_path):
    nb = _write(tmp_path / "nb.ipynb", "{}")
    spec = JOB(nb, {"x": 1, "名": "值"})
    base = fp.job_hash(spec, "data", "code", False)
    assert base == fp.job_hash(JOB(nb, {"名": "值", "x": 1}), "data", "code",
                               False)  # key order does not matter
    h = hashlib.sha256()
    h.update(fp.file_hash(nb).encode())
    h.update('{"x": 1, "名": "值"}'.encode())
    h.update(f"data:code:False:{fp.as_of_year()}".encode())
    assert base == h.hexdigest()
    others = {fp.job_hash(JOB(nb, {"x": 2, "名": "值"}), "data", "code", False),
              fp.job_hash(spec, "data2", "code", False), fp.job_hash(spec, "data", "code2", False),
              fp.job_hash(spec, "data", "code", True)}
    assert base not in others and len(others) == 4
    _write(nb, '{"cells": []}')
    assert fp.job_hash(spec, "data", "code", False) != base


def test_a_new_year_changes_every_job_hash(tmp_path, monkeypatch):
    """Progress is judged as of the current year: on the first render of a year, a target
    year just passed is due, on every page."""
    nb = _write(tmp_path / "nb.ipynb", "{}")
    spec = JOB(nb, {})
    now = fp.job_hash(spec, "data", "code", False)
    assert fp.job_hash(spec, "data", "code", False, year=fp.as_of_year()) == now
    assert fp.job_hash(spec, "data", "code", False, year=fp.as_of_year() + 1) != now
    monkeypatch.setattr(fp, "as_of_year", lambda: 2099)
    assert fp.job_hash(spec, "data", "code", False) != now
    assert fp.job_hash(spec, "data", "code", False) == fp.job_hash(spec, "data", "code", False,
                                                                  year=2099)


def test_as_of_year_is_todays_year():
    import datetime

    assert fp.as_of_year() == datetime.date.today().year


def test_a_job_hash_uses_the_data_it_read(tmp_path):
    paths = _data(tmp_path)
    nb = _write(tmp_path / "nb.ipynb", "{}")
    spec = JOB(nb, {})
    fps = _Fingerprints(paths, "whole-data", "code", True, {})
    read = fps.job(spec, ["targets"])
    assert read == fp.job_hash(spec, fp.data_fingerprint(paths, ["targets"]), "code", True)
    assert fps.job(spec, None) == fp.job_hash(spec, "raw:whole-data", "code", True)
    # file hashes shared through the run's cache: the table read and the notebook
    cached = {k.split("|")[0] for k in fps.hashes}
    assert cached == {str(paths.raw_table("targets")), str(nb.resolve())}


def test_every_hash_function_fills_the_runs_cache(tmp_path, monkeypatch):
    """The cache given is the cache used (a render hashes each file once per run)."""
    paths = _data(tmp_path)
    for call in (lambda c: fp.tree_hash(paths.raw, None, c),
                 lambda c: fp.data_fingerprint(paths, None, c),
                 lambda c: fp.data_fingerprint(paths, ["targets"], c),
                 lambda c: fp.data_fingerprint(paths, ["no_such_table"], c)):
        cache: dict[str, str] = {}
        call(cache)
        assert cache and all(len(v) == 64 for v in cache.values())
    monkeypatch.setattr(fp, "PACKAGE_DIR", _write(tmp_path / "pkg" / "m.py", "x = 1").parent)
    cache = {}
    fp.code_fingerprint(cache)
    assert cache
    nb = _write(tmp_path / "nb.ipynb", "{}")
    cache = {}
    fp.job_hash(JOB(nb, {}), "d", "c", False, cache)
    assert list(cache) == [f"{nb.resolve()}|{fp.stat_key(nb)}"]

"""The build fingerprint, build staleness and the render job hash on tiny folders (a few files
made here, a processed version faked through ``versions.writing``). Fast: nothing is
validated or built; these run for every mutant of those functions in
``benchmarks/mutation.py`` (the whole-dataset versions: tests/test_fingerprint.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ipstats.dataset.build as build_mod
import ipstats.reports.render.fingerprint as fp
from ipstats.core import versions
from ipstats.core.paths import DataPaths
from ipstats.dataset import schema
from ipstats.dataset.build import TABLES, is_stale, raw_fingerprint
from ipstats.reports.render.jobs import JobSpec


def _raw(root: Path) -> DataPaths:
    (root / "raw" / "sources").mkdir(parents=True)
    (root / "raw" / "units.csv").write_text("unit\n件\n", encoding="utf-8")
    (root / "raw" / "sources" / "a.txt").write_text("到2025年达到32件", encoding="utf-8")
    return DataPaths(root)


@pytest.fixture
def data(tmp_path) -> DataPaths:
    return _raw(tmp_path / "data")


EDITS = {
    "source-edited": lambda p: (p.sources / "a.txt").write_text("到2025年达到33件", encoding="utf-8"),
    "source-added": lambda p: (p.sources / "b.txt").write_text("", encoding="utf-8"),
    "source-removed": lambda p: (p.sources / "a.txt").unlink(),
    "source-renamed": lambda p: (p.sources / "a.txt").rename(p.sources / "b.txt"),
    "moved-to-another-folder": lambda p: (p.sources / "a.txt").rename(p.raw / "a.txt"),
    "table-edited": lambda p: (p.raw / "units.csv").write_text("unit\n家\n", encoding="utf-8"),
    "empty-file-added": lambda p: (p.raw / "z.md").write_text("", encoding="utf-8"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_any_change_under_raw_changes_the_fingerprint(data, edit):
    before = raw_fingerprint(data)
    assert len(before) == 64 and int(before, 16) >= 0  # a sha256 hex digest
    assert raw_fingerprint(data) == before  # deterministic
    edit(data)
    assert raw_fingerprint(data) != before


def test_name_and_bytes_are_hashed_apart(tmp_path):
    # a file "ab" holding "c" is not a file "a" holding "bc"
    one, two = tmp_path / "one", tmp_path / "two"
    (one / "raw").mkdir(parents=True)
    (two / "raw").mkdir(parents=True)
    (one / "raw" / "ab").write_text("c", encoding="utf-8")
    (two / "raw" / "a").write_text("bc", encoding="utf-8")
    assert raw_fingerprint(DataPaths(one)) != raw_fingerprint(DataPaths(two))


def test_the_same_data_elsewhere_has_the_same_fingerprint(data, tmp_path):
    shutil.copytree(data.raw, tmp_path / "elsewhere" / "raw")
    (tmp_path / "elsewhere" / "processed").mkdir()
    (tmp_path / "elsewhere" / "processed" / "x").write_text("outside raw", encoding="utf-8")
    assert raw_fingerprint(DataPaths(tmp_path / "elsewhere")) == raw_fingerprint(data)


def test_files_are_hashed_in_name_order_not_creation_order(tmp_path):
    a, b = _raw(tmp_path / "a"), _raw(tmp_path / "b")
    (a.raw / "x.csv").write_text("1", encoding="utf-8")
    (a.raw / "y.csv").write_text("2", encoding="utf-8")
    (b.raw / "y.csv").write_text("2", encoding="utf-8")
    (b.raw / "x.csv").write_text("1", encoding="utf-8")
    assert raw_fingerprint(a) == raw_fingerprint(b)


def test_folders_alone_do_not_count(data):
    before = raw_fingerprint(data)
    (data.raw / "empty-folder").mkdir()
    assert raw_fingerprint(data) == before


def test_schema_and_version_are_part_of_the_fingerprint(data, monkeypatch):
    before = raw_fingerprint(data)
    monkeypatch.setattr(schema, "schema_fingerprint", lambda: "another schema")
    other_schema = raw_fingerprint(data)
    assert other_schema != before
    monkeypatch.setattr(build_mod, "__version__", "99.0")
    assert raw_fingerprint(data) not in (before, other_schema)


def test_an_unreadable_file_gives_its_own_fingerprint(data, monkeypatch):
    before = raw_fingerprint(data)
    real_open = Path.open

    def refuse(self, *a, **kw):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", refuse)
    unreadable = raw_fingerprint(data)
    assert unreadable != before
    with open(data.sources / "a.txt", "w", encoding="utf-8") as f:
        f.write("other bytes, still unreadable")
    assert raw_fingerprint(data) == unreadable  # only the error is known of its content


def _fake_build(paths: DataPaths, fingerprint: str, tables=TABLES, stamp: str | None = None):
    """A processed version as build writes it, without building (empty table files)."""
    with versions.writing(paths.processed) as staging:
        for t in tables:
            (staging / f"{t}.parquet").write_bytes(b"")
        text = stamp if stamp is not None else json.dumps(
            {"raw_fingerprint": fingerprint, "tables": list(tables)})
        (staging / "build.json").write_text(text, encoding="utf-8")


def test_never_built_is_stale(data):
    assert is_stale(data) is True


def test_built_from_this_data_is_not_stale_until_an_edit(data):
    _fake_build(data, raw_fingerprint(data))
    assert is_stale(data) is False
    assert is_stale(data, raw_fingerprint(data)) is False
    assert is_stale(data, "another") is True  # a given fingerprint is what is compared
    EDITS["source-edited"](data)
    assert is_stale(data) is True


def test_a_missing_table_is_stale(data):
    _fake_build(data, raw_fingerprint(data))
    data.processed_table(TABLES[-1]).unlink()
    assert is_stale(data) is True


def test_the_stamp_lists_the_tables_to_check(data):
    _fake_build(data, raw_fingerprint(data), tables=("targets", "measures"))
    assert is_stale(data) is False
    data.processed_table("measures").unlink()
    assert is_stale(data) is True


def test_without_a_list_of_tables_the_core_tables_are_checked(data):
    fingerprint = raw_fingerprint(data)
    _fake_build(data, fingerprint, stamp=json.dumps({"raw_fingerprint": fingerprint}))
    assert is_stale(data) is False
    data.processed_table("units").unlink()
    assert is_stale(data) is True


@pytest.mark.parametrize("stamp", [
    pytest.param("not json", id="not-json"),
    pytest.param("{}", id="no-fingerprint"),
    pytest.param('{"raw_fingerprint": "x"}', id="other-fingerprint"),
])
def test_a_bad_or_foreign_stamp_is_stale(data, stamp):
    _fake_build(data, "", stamp=stamp)
    assert is_stale(data) is True


def test_a_pinned_older_version_is_judged_on_its_own(data):
    _fake_build(data, raw_fingerprint(data))
    old = data.pinned()
    _fake_build(data, "another")
    assert is_stale(old) is False
    assert is_stale(data) is True


def _spec(tmp_path: Path, params: dict, body: str = "{}") -> JobSpec:
    nb = tmp_path / "nb.ipynb"
    nb.write_text(body, encoding="utf-8")
    return JobSpec(notebook="nb", path=nb, parameters=params, name="nb/x")


def test_job_hash_follows_notebook_parameters_data_code_and_options(tmp_path):
    spec = _spec(tmp_path, {"x": 1, "lang": "zh"})
    base = fp.job_hash(spec, "data", "code", False)
    assert len(base) == 64
    assert fp.job_hash(spec, "data", "code", False) == base
    assert fp.job_hash(_spec(tmp_path, {"lang": "zh", "x": 1}), "data", "code", False) == base
    others = [fp.job_hash(spec, "data2", "code", False), fp.job_hash(spec, "data", "code2", False),
              fp.job_hash(spec, "data", "code", True),
              fp.job_hash(_spec(tmp_path, {"x": 2, "lang": "zh"}), "data", "code", False),
              fp.job_hash(_spec(tmp_path, {"x": 1, "lang": "中"}), "data", "code", False),
              fp.job_hash(_spec(tmp_path, {"x": 1, "lang": "zh"}, body='{"a": 1}'), "data",
                          "code", False),
              fp.job_hash(spec, "data:code", "", False), fp.job_hash(spec, "", "data:code", False)]
    assert base not in others
    assert len(set(others)) == len(others)


def _package(tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n", encoding="utf-8")
    (pkg / "templates" / "t.j2").write_text("{{ x }}", encoding="utf-8")
    for name in ("s.json", "s.yaml", "s.css", "notes.txt", "b.pyc"):
        (pkg / name).write_text("0", encoding="utf-8")
    return pkg


CODE_EDITS = {
    "code": (lambda p: (p / "a.py").write_text("x = 2\n", encoding="utf-8"), True),
    "template": (lambda p: (p / "templates" / "t.j2").write_text("{{ y }}", encoding="utf-8"),
                 True),
    "json": (lambda p: (p / "s.json").write_text("1", encoding="utf-8"), True),
    "yaml": (lambda p: (p / "s.yaml").write_text("1", encoding="utf-8"), True),
    "css": (lambda p: (p / "s.css").write_text("1", encoding="utf-8"), True),
    "renamed": (lambda p: (p / "a.py").rename(p / "b.py"), True),
    "moved": (lambda p: (p / "a.py").rename(p / "templates" / "a.py"), True),
    "new-module": (lambda p: (p / "c.py").write_text("", encoding="utf-8"), True),
    "not-code": (lambda p: (p / "notes.txt").write_text("1", encoding="utf-8"), False),
    "bytecode": (lambda p: (p / "b.pyc").write_text("1", encoding="utf-8"), False),
    "folder-named-like-code": (lambda p: (p / "d.py").mkdir(), False),
}


@pytest.mark.parametrize("edit, changes", CODE_EDITS.values(), ids=CODE_EDITS.keys())
def test_code_fingerprint_follows_code_and_templates(tmp_path, monkeypatch, edit, changes):
    monkeypatch.setattr(fp, "PACKAGE_DIR", _package(tmp_path))
    before = fp.code_fingerprint()
    assert fp.code_fingerprint() == before and len(before) == 64
    edit(tmp_path / "pkg")
    assert (fp.code_fingerprint() != before) is changes


def test_code_fingerprint_follows_the_version(tmp_path, monkeypatch):
    monkeypatch.setattr(fp, "PACKAGE_DIR", _package(tmp_path))
    before = fp.code_fingerprint()
    monkeypatch.setattr(fp, "__version__", "99.0")
    assert fp.code_fingerprint() != before


def test_code_fingerprint_does_not_depend_on_where_the_package_is(tmp_path, monkeypatch):
    monkeypatch.setattr(fp, "PACKAGE_DIR", _package(tmp_path / "one"))
    one = fp.code_fingerprint()
    monkeypatch.setattr(fp, "PACKAGE_DIR", _package(tmp_path / "two"))
    assert fp.code_fingerprint() == one

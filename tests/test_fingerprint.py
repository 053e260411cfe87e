"""The build fingerprint names the raw data exactly: any edit, addition, removal or rename under
raw/ (source texts included) and any schema change gives another fingerprint, so processed
tables are rebuilt; the same data anywhere gives the same fingerprint. The code fingerprint
of render changes with the package's code and templates."""
from __future__ import annotations

import shutil

import pytest

import ipstats.dataset.schema as schema
import ipstats.reports.render.fingerprint as fp
from ipstats.core.paths import DataPaths
from ipstats.dataset.build import build, is_stale, raw_fingerprint


@pytest.fixture
def built_copy(tmp_path, built_data) -> DataPaths:
    """A copy of the built data (raw and processed), up to date."""
    shutil.copytree(built_data.root, tmp_path / "data")
    return DataPaths(tmp_path / "data")


def _first_source(paths: DataPaths):
    return sorted(paths.sources.glob("*.txt"))[0]


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: _first_source(p).write_bytes(_first_source(p).read_bytes() + b"\n"),
                 id="source-text-edited"),
    pytest.param(lambda p: _first_source(p).write_bytes(
        _first_source(p).read_bytes().replace("年".encode(), "年 ".encode(), 1)),
                 id="source-text-one-character"),
    pytest.param(lambda p: (p.sources / "zz-new.txt").write_text("新文件", encoding="utf-8"),
                 id="source-added"),
    pytest.param(lambda p: _first_source(p).unlink(), id="source-removed"),
    pytest.param(lambda p: _first_source(p).rename(p.sources / "renamed.txt"),
                 id="source-renamed"),
    pytest.param(lambda p: (p.raw / "notes.md").write_text("x", encoding="utf-8"),
                 id="any-file-under-raw-added"),
    pytest.param(lambda p: (p.targets_dir / "zj-2020-ip-protection-action-plan.csv").write_text(
        (p.targets_dir / "zj-2020-ip-protection-action-plan.csv").read_text(encoding="utf-8")
        + "\n", encoding="utf-8"), id="targets-csv-edited"),
])
def test_any_change_under_raw_changes_the_fingerprint_and_makes_the_build_stale(built_copy, edit):
    before = raw_fingerprint(built_copy)
    assert raw_fingerprint(built_copy) == before and not is_stale(built_copy)
    edit(built_copy)
    assert raw_fingerprint(built_copy) != before
    assert is_stale(built_copy)


def test_a_schema_change_changes_the_fingerprint_and_makes_the_build_stale(built_copy,
                                                                          monkeypatch):
    before = raw_fingerprint(built_copy)
    monkeypatch.setattr(schema, "schema_fingerprint", lambda: "another schema")
    assert raw_fingerprint(built_copy) != before
    assert is_stale(built_copy)


def test_the_schema_fingerprint_follows_the_field_dictionary(monkeypatch):
    before = schema.schema_fingerprint()
    changed = schema.descriptor()
    changed = {**changed, "resources": changed["resources"][:-1]}  # one table fewer
    monkeypatch.setattr(schema, "descriptor", lambda: changed)
    assert schema.schema_fingerprint() != before


def test_the_same_data_elsewhere_has_the_same_fingerprint(data_copy, tmp_path):
    other = tmp_path / "elsewhere"
    shutil.copytree(data_copy.raw, other / "raw")
    assert raw_fingerprint(DataPaths(other)) == raw_fingerprint(data_copy)


def test_a_missing_processed_table_or_stamp_makes_the_build_stale(data_copy):
    assert is_stale(data_copy)  # never built
    build(data_copy)
    assert not is_stale(data_copy)
    data_copy.processed_table("targets").unlink()
    assert is_stale(data_copy)
    build(data_copy)
    assert not is_stale(data_copy)
    data_copy.build_stamp.write_text("not json", encoding="utf-8")
    assert is_stale(data_copy)


def _package(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n", encoding="utf-8")
    (pkg / "templates" / "t.j2").write_text("{{ x }}", encoding="utf-8")
    (pkg / "schema.json").write_text("{}", encoding="utf-8")
    (pkg / "notes.txt").write_text("not code", encoding="utf-8")
    return pkg


@pytest.mark.parametrize("edit, changes", [
    pytest.param(lambda p: (p / "a.py").write_text("x = 2\n", encoding="utf-8"), True, id="code"),
    pytest.param(lambda p: (p / "templates" / "t.j2").write_text("{{ y }}", encoding="utf-8"),
                 True, id="template"),
    pytest.param(lambda p: (p / "schema.json").write_text("[]", encoding="utf-8"), True,
                 id="json"),
    pytest.param(lambda p: (p / "a.py").rename(p / "b.py"), True, id="renamed-module"),
    pytest.param(lambda p: (p / "c.py").write_text("", encoding="utf-8"), True, id="new-module"),
    pytest.param(lambda p: (p / "notes.txt").write_text("edited", encoding="utf-8"), False,
                 id="not-code"),
])
def test_code_fingerprint_follows_code_and_templates(tmp_path, monkeypatch, edit, changes):
    monkeypatch.setattr(fp, "PACKAGE_DIR", _package(tmp_path))
    before = fp.code_fingerprint()
    assert fp.code_fingerprint() == before
    edit(tmp_path / "pkg")
    assert (fp.code_fingerprint() != before) is changes

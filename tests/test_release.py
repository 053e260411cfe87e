"""ipstats export and ipstats diff: the release opens in pandas, Frictionless and openpyxl; a
diff of two builds that differ by one edit lists exactly that edit."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ipstats.core import versions
from ipstats.cli.main import main
from ipstats.core.paths import PROJECT_ROOT, DataPaths
from ipstats.dataset.build import build
from ipstats.release import diff as rdiff
from ipstats.release.export import TABLES, export
from ipstats.release.workbook import read_workbook


@pytest.fixture(scope="module")
def release(built_data, tmp_path_factory) -> Path:
    return export(built_data, tmp_path_factory.mktemp("release"))


def test_release_folder_is_versioned_and_complete(release):
    assert release.name.startswith("ipstats-data-0.1.0-") and len(release.name.split("-")[-1]) == 8
    names = {p.name for p in release.iterdir()}
    assert {f"{t}.csv" for t in TABLES} | {"datapackage.json", "ipstats-data.xlsx", "README.md"} <= names
    assert not any(n.startswith(".") for n in names)


def test_csv_has_bom_and_opens_in_pandas_with_chinese(release, built_data):
    raw = (release / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(release / "targets.csv", encoding="utf-8-sig")
    built = pd.read_parquet(built_data.processed_table("targets"))
    assert list(df.columns) == list(built.columns)
    assert list(df["target_id"]) == list(built["target_id"])
    assert df["quote"].str.contains("[\u4e00-\u9fff]").any()


def test_frictionless_validates_the_package(release):
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(exe), "validate", "--json", "datapackage.json"], cwd=release, check=False,
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[:2000]
    assert result.returncode == 0


def test_package_states_licence_and_every_field_is_described(release):
    d = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert d["licenses"][0]["name"] == "CC-BY-4.0"
    res = {r["name"]: r for r in d["resources"]}
    assert res["observations"]["schema"]["primaryKey"] == ["jurisdiction_id", "indicator_id",
                                                         "year", "publisher"]
    fields = {f["name"]: f for f in res["targets"]["schema"]["fields"]}
    assert fields["value_std"]["type"] == "number" and fields["target_year"]["type"] == "integer"
    assert all(f["description"] for f in fields.values())


def test_workbook_round_trip(release):
    sheets = read_workbook(release / "ipstats-data.xlsx")
    assert set(sheets) == set(TABLES)
    for name in ("targets", "observations"):
        csv_text = pd.read_csv(release / f"{name}.csv", dtype=str, keep_default_na=False,
                               encoding="utf-8-sig")
        sheet = sheets[name]
        assert list(sheet.columns) == list(csv_text.columns) and len(sheet) == len(csv_text)
        for col in csv_text.columns:
            a, b = pd.to_numeric(sheet[col], errors="coerce"), pd.to_numeric(csv_text[col], errors="coerce")
            if b.notna().any() and (b.notna() == (csv_text[col] != "")).all():
                # XLSX keeps 15 significant digits, like Excel
                pd.testing.assert_series_equal(a, b, rtol=1e-14, check_names=False)
            else:
                pd.testing.assert_series_equal(sheet[col], csv_text[col], check_names=False)


def test_workbook_headers_are_bilingual_and_readme_has_licence_and_citation(release):
    from openpyxl import load_workbook

    wb = load_workbook(release / "ipstats-data.xlsx", read_only=True)
    assert wb.sheetnames[0] == "README"
    readme = [c for row in wb["README"].iter_rows(values_only=True) for c in row if c]
    assert any("CC-BY-4.0" in str(c) for c in readme)
    assert any("Version 0.1.0" in str(c) for c in readme)
    rows = wb["targets"].iter_rows(values_only=True)
    header = next(rows)
    assert "目标年份 target_year" in header
    first = dict(zip(header, next(rows)))
    assert isinstance(first["目标年份 target_year"], int)  # numbers stay numbers in Excel
    assert isinstance(first["目标编号 target_id"], str)


def test_export_refuses_raw_and_writes_nothing_there(data_copy):
    before = sorted(p.name for p in data_copy.raw.rglob("*"))
    assert main(["export", "--data-dir", str(data_copy.root), "--out",
                 str(data_copy.raw / "out")]) == 1
    assert sorted(p.name for p in data_copy.raw.rglob("*")) == before


def test_export_overwrites_atomically(built_data, tmp_path):
    first = export(built_data, tmp_path)
    (first / "stale.txt").write_text("x")
    second = export(built_data, tmp_path)
    assert first == second and not (second / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == [first.name]


def _edit_cell(paths: DataPaths, target_id: str, column: str, new: str) -> str:
    """Change one cell of a raw targets file (as a curator would); return the old value."""
    for f in sorted(paths.targets_dir.glob("*.csv")):
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"))))
        col = rows[0].index(column)
        for r in rows[1:]:
            if r[0] == target_id:
                old, r[col] = r[col], new
                buf = io.StringIO()
                csv.writer(buf, lineterminator="\n").writerows(rows)
                f.write_text(buf.getvalue(), encoding="utf-8")
                return old
    raise AssertionError(f"no target {target_id}")


def test_diff_of_two_builds_lists_exactly_the_one_edit(data_copy, tmp_path, capsys):
    old = tmp_path / "old"
    shutil.copytree(build(data_copy).processed, old)
    target_id = pd.read_parquet(versions.current(old) / "targets.parquet")["target_id"].iloc[0]
    was = _edit_cell(data_copy, target_id, "quote_en", "an edited translation")
    build(data_copy)
    changes = rdiff.diff(old, data_copy.processed)
    assert changes == [rdiff.Change("targets", target_id, "changed", "quote_en", was,
                                    "an edited translation")]
    assert main(["diff", str(old), str(data_copy.root)]) == 0
    out = capsys.readouterr().out
    assert "targets: 0 added, 0 removed, 1 changed (1 fields)" in out
    assert f"~ {target_id}  quote_en: " in out
    assert "observations: 0 added, 0 removed, 0 changed (0 fields)" in out


@pytest.mark.parametrize("edit, expected", [
    pytest.param(lambda o: o.iloc[1:], [("removed", "")], id="removed"),
    pytest.param(lambda o: pd.concat([o, o.iloc[[0]].assign(year="2031")]), [("added", "")],
                 id="added"),
    pytest.param(lambda o: o.assign(value=["9"] + list(o["value"][1:])), [("changed", "value")],
                 id="changed-one-field"),
])
def test_diff_table_on_inline_frames(edit, expected):
    old = pd.DataFrame({"jurisdiction_id": ["china", "china"], "indicator_id": ["a", "b"],
                        "year": ["2020", "2020"], "publisher": ["P", "P"], "value": ["1", "2"],
                        "unit": ["件", "件"]})
    changes = rdiff.diff_table("observations", old, edit(old))
    assert [(c.change, c.field) for c in changes] == expected


def test_release_and_its_build_have_no_differences(release, built_data):
    assert rdiff.diff(built_data.processed, release) == []


def test_diff_says_what_to_give_for_a_wrong_folder(tmp_path, capsys):
    assert main(["diff", str(tmp_path), str(tmp_path / "nope")]) == 1
    assert "holds no .parquet or .csv table" in capsys.readouterr().err


def test_citation_cff_is_valid_cff_1_2_0():
    import yaml

    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "license", "version"):
        assert cff.get(key), key
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert cff["license"] == "CC-BY-4.0"

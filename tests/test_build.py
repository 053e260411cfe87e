"""Build: computed standard values, explicit absence of targets, determinism, atomicity."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import ipstats.dataset.build as build_mod
from ipstats.dataset.build import build, is_stale


@pytest.fixture(scope="module")
def targets(built_data):
    return pd.read_parquet(built_data.processed_table("targets")).set_index("target_id")


@pytest.mark.parametrize("target_id, value_std, unit_std", [
    pytest.param("zj2020-t07", 3.0e10, "yuan", id="300亿元"),
    pytest.param("hz2023-t03", 25_000, "count", id="2.5万件-from-2。5萬件"),
    pytest.param("yx2021-t02", 32_000, "count", id="3.2万件"),
    pytest.param("zj2020-t05", 32, "count_per_10k_people", id="per-10k"),
    pytest.param("zj2020-t01", 3, "months", id="months"),
    pytest.param("zj2020-t02", 1.1, "ratio_to_previous_year", id="ratio"),
])
def test_value_std_is_computed_from_declared_units(targets, target_id, value_std, unit_std):
    row = targets.loc[target_id]
    assert row["value_std"] == pytest.approx(value_std)
    assert row["unit_std"] == unit_std


def test_cumulative_amount_is_also_given_per_plan_year(targets):
    row = targets.loc["hz2023-t04"]  # 累計...250億元, 2023-2025
    assert row["plan_years"] == 3
    assert row["value_std_per_year"] == pytest.approx(2.5e10 / 3)
    assert pd.isna(targets.loc["zj2020-t07", "value_std_per_year"])  # annual: no per-year split


def test_every_target_points_at_its_source_line(targets, built_data):
    for tid, row in targets.iterrows():
        src = (built_data.sources / row["source_file"]).read_text(encoding="utf-8").splitlines()
        assert pd.notna(row["source_line"]), tid
        assert 1 <= row["source_line"] <= len(src)


def test_document_without_numeric_targets_is_explicit(built_data):
    docs = pd.read_parquet(built_data.processed_table("documents")).set_index("doc_id")
    gz = docs.loc["gz-draft-ip-protection-opinions"]
    assert not gz["has_numeric_targets"] and gz["n_numeric_targets"] == 0 and gz["n_milestones"] > 0
    assert gz["status"] == "draft" and pd.isna(gz["issue_date"]) and pd.notna(gz["inferred_from"])
    assert docs.drop(index="gz-draft-ip-protection-opinions")["has_numeric_targets"].all()


def _version_files(paths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths.pinned().processed_version.iterdir()}


def test_build_is_deterministic(data_copy, tmp_path):
    build(data_copy, force=True)
    first = _version_files(data_copy)
    build(data_copy, force=True)
    second = _version_files(data_copy)
    assert first == second


def test_build_skips_when_up_to_date_and_notices_edits(data_copy):
    build(data_copy)
    assert not is_stale(data_copy)
    f = data_copy.targets_dir / "yx-2021-ip-protection-opinions.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("By 2025, 3.9", "By 2025: 3.9"), encoding="utf-8")
    assert is_stale(data_copy)


def test_a_killed_build_leaves_the_previous_version_whole(data_copy, monkeypatch):
    build(data_copy)
    before = _version_files(data_copy)
    f = data_copy.targets_dir / "yx-2021-ip-protection-opinions.csv"
    calls = {"n": 0}
    real = build_mod._write_parquet

    def dies_on_third_table(df, path):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        real(df, path)

    f.write_text(f.read_text(encoding="utf-8").replace("By 2025, 3.9", "By 2025 - 3.9"),
                 encoding="utf-8")
    monkeypatch.setattr(build_mod, "_write_parquet", dies_on_third_table)
    with pytest.raises(KeyboardInterrupt):
        build(data_copy)
    assert _version_files(data_copy) == before  # the current version is untouched
    assert is_stale(data_copy)
    stamp = json.loads(before["build.json"])
    assert stamp["rows"]["targets"] == len(pd.read_parquet(data_copy.processed_table("targets")))
    # only the current version and the lock remain: no staging folder, no temporary file
    assert sorted(p.name for p in (data_copy.processed / ".versions").iterdir()) == [
        data_copy.pinned().version]
    monkeypatch.undo()
    build(data_copy)
    assert not is_stale(data_copy)


def test_versions_are_pruned_keeping_the_previous_one(data_copy):
    seen = []
    for _ in range(4):
        seen.append(build(data_copy, force=True).version)
    kept = sorted(p.name for p in (data_copy.processed / ".versions").iterdir())
    assert kept == sorted(seen[-2:])
    assert (data_copy.processed / "CURRENT").read_text().strip() == seen[-1]


def test_leftovers_of_a_killed_build_are_cleaned(data_copy):
    build(data_copy)
    vdir = data_copy.processed / ".versions"
    (vdir / ".staging-abc").mkdir()
    (vdir / ".staging-abc" / "targets.parquet").write_bytes(b"half")
    (data_copy.processed / ".CURRENT.x.tmp").write_text("x")
    (data_copy.processed / "targets.parquet").write_bytes(b"old layout")
    build(data_copy, force=True)
    names = {p.name for p in data_copy.processed.iterdir()}
    assert names == {"CURRENT", ".versions", ".lock"}
    assert not (vdir / ".staging-abc").exists()


def test_a_full_disk_is_a_located_message(data_copy, monkeypatch, capsys):
    import errno

    from ipstats.cli.main import main

    def full(df, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_mod, "_write_parquet", full)
    assert main(["build", "--data-dir", str(data_copy.root)]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: {data_copy.processed}: cannot write (No space left on device); free "
                   "some disk space and run the command again. Nothing was changed: the "
                   "previous version is kept\n")
    assert data_copy.pinned().version is None


def test_a_read_only_data_folder_never_built_is_a_located_message(data_copy, monkeypatch,
                                                                 capsys):
    import errno
    from pathlib import Path

    from ipstats.cli.main import main

    data_copy.processed.rmdir()
    real_mkdir = Path.mkdir

    def read_only(self, *a, **k):  # as on a read-only mount (root ignores chmod)
        if self.is_relative_to(data_copy.root):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["build", "--data-dir", str(data_copy.root)]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: {data_copy.processed}: cannot write (Permission denied); the folder "
                   "is not writable: make it writable, or copy the data folder somewhere "
                   "writable and pass --data-dir. Nothing was changed: the previous version "
                   "is kept\n")

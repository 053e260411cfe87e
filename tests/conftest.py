"""Shared fixtures: every test that writes works on a temporary copy of the data."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipstats.core.paths import DEFAULT_DATA_DIR, DataPaths

FIXTURES = Path(__file__).parent / "fixtures"
collect_ignore = ["fault_child.py"]  # a script run by test_faults.py, not a test module


@pytest.fixture
def data_copy(tmp_path: Path) -> DataPaths:
    """A fresh copy of the shipped raw data (no processed outputs) in a temp folder."""
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", root / "raw")
    (root / "processed").mkdir()
    return DataPaths(root)


@pytest.fixture(scope="session")
def built_data(tmp_path_factory) -> DataPaths:
    """The shipped data, built once per session into a temp folder (read-only use)."""
    from ipstats.dataset.build import build

    root = tmp_path_factory.mktemp("built") / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", root / "raw")
    return build(root)

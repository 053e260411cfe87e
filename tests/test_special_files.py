"""The curation commands read only regular files, as validation does: a pipe (FIFO) named
like a source text gives a located message and exit 1, never a hang.

Each command runs in a child process with a time limit, so a regression fails the test
instead of hanging the suite.
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from ipstats.core.paths import DataPaths

NOT_REGULAR = ("not a regular file (a pipe, device, socket or folder); replace it with a plain "
               "text file")
YX = "yx-2021-ip-protection-opinions"


def _replace_source_with_fifo(paths: DataPaths) -> str:
    """Turn the Yuxi document's source text into a FIFO; return its file name."""
    with paths.raw_table("documents").open(encoding="utf-8", newline="") as fh:
        name = next(r["source_file"] for r in csv.DictReader(fh) if r["doc_id"] == YX)
    (paths.sources / name).unlink()
    os.mkfifo(paths.sources / name)
    return name


def _ipstats(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "ipstats.cli", *args], check=False,
                          capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_evaluate_names_a_fifo_source_instead_of_hanging(data_copy):
    name = _replace_source_with_fifo(data_copy)
    proc = _ipstats("extract", "--evaluate", "--data-dir", str(data_copy.root))
    assert proc.returncode == 1, proc.stderr
    assert f"{data_copy.sources / name}: {NOT_REGULAR}; give the path of a .txt file" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_evaluate_names_a_fifo_documents_table_instead_of_hanging(data_copy):
    data_copy.raw_table("documents").unlink()
    os.mkfifo(data_copy.raw_table("documents"))
    proc = _ipstats("extract", "--evaluate", "--data-dir", str(data_copy.root))
    assert proc.returncode == 1, proc.stderr
    assert f"{data_copy.raw_table('documents')}: {NOT_REGULAR}" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_measures_extract_names_a_fifo_source_instead_of_hanging(data_copy):
    name = _replace_source_with_fifo(data_copy)
    proc = _ipstats("measures-extract", "--doc", YX, "--data-dir", str(data_copy.root))
    assert proc.returncode == 1, proc.stderr
    assert f"raw/sources/{name} (source of {YX}): {NOT_REGULAR}" in proc.stderr
    assert "Traceback" not in proc.stderr

"""Shared fixtures: every test that writes works on a temporary copy of the data."""
from __future__ import annotations

import json
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


TARGET_DEFAULTS = {"kind": "numeric", "comparator": "=", "target_year_inferred": "false",
                   "aspiration": "false", "clause": "part 1", "quote_en": "(translation)"}


def add_document(paths: DataPaths, doc_id: str, text: str, rows: list[dict[str, str]],
                 **doc: str) -> None:
    """Register a new document in a data copy: its source text (UTF-8), a documents.csv row
    (with its checksum) and a targets file with ``rows`` (other columns empty or defaulted)."""
    import csv
    import hashlib
    import io

    from ipstats.dataset import schema

    source = paths.sources / f"{doc_id}.txt"
    source.write_bytes(text.encode("utf-8"))
    values = {"doc_id": doc_id, "title_zh": "测试规划", "title_en": "Test plan",
              "jurisdiction_id": "zhejiang", "issuer_zh": "测试", "issuer_en": "Test",
              "doc_type": "plan", "status": "adopted", "issue_date": "2021-06-01",
              "date_inferred": "false", "date_note": "test", "source_file": source.name,
              "source_note": "test fixture", "sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    values.update(doc)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(
        [values.get(c, "") for c in schema.field_names("documents")])
    with open(paths.raw / "documents.csv", "a", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=schema.field_names("targets"), lineterminator="\n",
                       restval="")
    w.writeheader()
    for row in rows:
        w.writerow({**TARGET_DEFAULTS, **row})
    (paths.targets_dir / f"{doc_id}.csv").write_text(buf.getvalue(), encoding="utf-8")


def parameter_notebook(path: Path, extra_cell: str = "") -> Path:
    """A minimal notebook with a tagged parameters cell (``x: int``, ``lang: str``) and an
    optional markdown cell: the render tests' stand-in for a report notebook."""
    cells = [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": None,
              "outputs": [], "source": "x: int = 1  # a number\nlang: str = \"en\"  # language\n"}]
    if extra_cell:
        cells.append({"cell_type": "markdown", "metadata": {}, "source": extra_cell})
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def runnable_notebook(path: Path, parameters: str, body: str) -> Path:
    """A notebook papermill can run: a tagged ``parameters`` cell, then one code cell
    (``body``), with the python3 kernelspec."""
    import nbformat  # lazy: only the kernel tests need it

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def printed(nb) -> str:
    """What the last cell of an executed notebook printed."""
    return "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")

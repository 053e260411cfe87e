"""Rows are views over their file's columns (so 10^6 rows fit in memory); they must still
behave as the dict rows they replaced, and the ways the build and the reader take columns
out of them must give the same values as reading row by row."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from ipstats.core.problems import Problem
from ipstats.dataset.build import _frame
from ipstats.dataset.csvio import lines_of
from ipstats.dataset.read import Row, columns_of, load_table, set_column

HEADER = "family,name_zh,name_en\n"


def _families(tmp_path: Path, body: str, name: str = "families.csv") -> list[Row]:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    problems: list[Problem] = []
    rows = load_table(path, "families", name, problems)
    assert problems == []
    return rows


def test_a_row_reads_like_a_dict(tmp_path):
    rows = _families(tmp_path, "a,甲, A \nb,乙,B\n")
    assert [r.line for r in rows] == [2, 3]
    assert rows[0]["name_zh"] == "甲" and rows[0]["name_en"] == "A"  # typed: stripped
    assert rows[0].raw["name_en"] == " A "  # as read
    assert rows[0]["no_such_column"] is None
    assert rows[0].get("no_such_column", "default") == "default"
    assert "family" in rows[0] and "no_such_column" not in rows[0]
    assert dict(rows[1]) == {"family": "b", "name_zh": "乙", "name_en": "B"}
    assert rows[1] == {"family": "b", "name_zh": "乙", "name_en": "B"}


def test_setting_a_value_sets_it_for_that_row_only(tmp_path):
    rows = _families(tmp_path, "a,甲,A\nb,乙,B\n")
    rows[1].values["doc_id"] = "x"
    assert [r["doc_id"] for r in rows] == [None, "x"]
    set_column(rows, "doc_id", "y")
    assert [r["doc_id"] for r in rows] == ["y", "y"]


def test_repeated_cells_are_one_string_object(tmp_path):
    rows = _families(tmp_path, "a,同一个名字,A\nb,同一个名字,B\n")
    assert rows[0]["name_zh"] is rows[1]["name_zh"]


@pytest.mark.parametrize("order", [
    pytest.param([0, 1, 2, 3], id="whole-files-in-order"),
    pytest.param([2, 3, 0, 1], id="files-swapped"),
    pytest.param([1, 0, 2, 3], id="rows-reordered"),
    pytest.param([0, 2], id="parts-of-files"),
])
def test_columns_of_equals_reading_row_by_row(tmp_path, order):
    first = _families(tmp_path, "a,甲,A\nb,乙,B\n", "f1.csv")
    second = _families(tmp_path, "c,丙,C\nd,丁,D\n", "f2.csv")
    second[0]["extra"] = 1
    every = first + second
    rows = [every[i] for i in order]
    names = ["family", "name_en", "extra"]
    assert columns_of(rows, names) == {n: [r[n] for r in rows] for n in names}


def test_frame_sorts_by_the_key_like_a_stable_sort(tmp_path):
    rows = _families(tmp_path, "c,丙,C\na,甲,A\nb,乙,B\n")
    df = _frame(rows, ["family", "name_en"], sort_by="family")
    assert df["family"].tolist() == ["a", "b", "c"]
    assert df["name_en"].tolist() == ["A", "B", "C"]


@pytest.mark.parametrize("text", ["a,b\r\nc\rd\n", "a,b\r\nc\n", "x", "", "\n\n", "a\r", "é\u2028x\x85y\fz\n",
                                  '"a\nb",c\n'])
def test_lines_split_as_the_csv_module_reads_them(text):
    assert list(lines_of(text)) == list(io.StringIO(text, newline=""))

"""Slices of a built table (``ipstats.dataset.slices``) on tiny inline frames: a slice's
digest changes exactly when its rows change, and a read key names the rows kept. Fast (nothing
is built): these run for every mutant of the module in ``benchmarks/mutation.py``."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from ipstats.dataset import slices


def FRAME(**overrides) -> pd.DataFrame:
    base = {"target_id": ["a1", "b1", "a2", "c1"], "jurisdiction_id": ["a", "b", "a", None],
            "family": ["f", "f", "g", "g"], "value": [1.0, 2.0, 3.0, float("nan")]}
    return pd.DataFrame({**base, **overrides})


@pytest.mark.parametrize("where, key", [
    pytest.param(None, "targets", id="whole"),
    pytest.param({}, "targets", id="empty"),
    pytest.param({"jurisdiction_id": ["b", "a", "a"]}, 'targets {"jurisdiction_id": ["a", "b"]}',
                 id="sorted-unique"),
    pytest.param({"jurisdiction_id": ("a",), "family": ["f"]},
                 'targets {"family": ["f"], "jurisdiction_id": ["a"]}', id="columns-sorted"),
    pytest.param({"family": [1]}, 'targets {"family": ["1"]}', id="values-as-text"),
    pytest.param({"family": ["专利"]}, 'targets {"family": ["专利"]}', id="not-escaped"),
])
def test_read_key_is_canonical(where, key):
    assert slices.read_key("targets", where) == key
    table, parsed = slices.parse_read_key(key)
    assert table == "targets"
    assert slices.read_key(table, parsed) == key


def test_parse_read_key_of_a_whole_table():
    assert slices.parse_read_key("documents") == ("documents", {})


def _expected(df: pd.DataFrame, col: str) -> dict[str, str]:
    """The digests of ``df`` sliced by ``col``, written the slow and obvious way."""
    rows = pd.util.hash_pandas_object(df, index=False).to_numpy(dtype=np.uint64)
    head = "\t".join(df.columns).encode()
    values = sorted(str(v) for v in df[col].dropna().unique())
    return {v: hashlib.sha256(head + rows[(df[col].astype(str) == v).to_numpy()].tobytes())
            .hexdigest() for v in values}


def test_a_slice_digest_is_the_hash_of_its_rows_in_table_order():
    df = FRAME(名称=["甲", "乙", "丙", "丁"])
    d = slices.slice_digests(df, ["jurisdiction_id"])
    assert set(d) == {"jurisdiction_id"}
    assert list(d["jurisdiction_id"]) == ["a", "b"]  # sorted; a null value is no slice
    rows = pd.util.hash_pandas_object(df, index=False).to_numpy(dtype=np.uint64)
    head = "target_id\tjurisdiction_id\tfamily\tvalue\t名称".encode()
    assert d["jurisdiction_id"]["a"] == hashlib.sha256(head + rows[[0, 2]].tobytes()).hexdigest()
    assert d["jurisdiction_id"]["b"] == hashlib.sha256(head + rows[[1]].tobytes()).hexdigest()
    assert d == {"jurisdiction_id": _expected(df, "jurisdiction_id")}


def test_many_values_and_rows_each_get_their_own_rows_in_order():
    """Large enough that an unstable sort would reorder equal values (small arrays are
    insertion-sorted, which is stable by accident), with a row index that is not 0..n-1."""
    rng = np.random.default_rng(7)
    n = 3000
    df = pd.DataFrame({"jurisdiction_id": rng.choice([f"j{i}" for i in range(9)], n),
                       "family": rng.choice(["f", "g", None], n),
                       "value": rng.random(n)}, index=rng.permutation(n) + 5)
    d = slices.slice_digests(df, ["jurisdiction_id", "family"])
    assert d == {"jurisdiction_id": _expected(df, "jurisdiction_id"),
                 "family": _expected(df, "family")}
    assert len(set(d["jurisdiction_id"].values())) == 9


def test_a_change_in_a_row_changes_its_slices_only():
    before = slices.slice_digests(FRAME(), ["jurisdiction_id", "family"])
    after = slices.slice_digests(FRAME(value=[1.0, 2.5, 3.0, float("nan")]),
                                 ["jurisdiction_id", "family"])
    assert after["jurisdiction_id"]["a"] == before["jurisdiction_id"]["a"]
    assert after["jurisdiction_id"]["b"] != before["jurisdiction_id"]["b"]
    assert after["family"]["f"] != before["family"]["f"]  # b1 is in family f
    assert after["family"]["g"] == before["family"]["g"]


def test_order_columns_and_added_rows_change_a_digest():
    base = slices.slice_digests(FRAME(), ["jurisdiction_id"])["jurisdiction_id"]["a"]
    swapped = FRAME().iloc[[2, 1, 0, 3]].reset_index(drop=True)
    assert slices.slice_digests(swapped, ["jurisdiction_id"])["jurisdiction_id"]["a"] != base
    renamed = FRAME().rename(columns={"value": "value_std"})
    assert slices.slice_digests(renamed, ["jurisdiction_id"])["jurisdiction_id"]["a"] != base
    more = pd.concat([FRAME(), FRAME().iloc[[0]].assign(target_id="a3")], ignore_index=True)
    assert slices.slice_digests(more, ["jurisdiction_id"])["jurisdiction_id"]["a"] != base
    assert slices.slice_digests(FRAME(), ["jurisdiction_id"])["jurisdiction_id"]["a"] == base


def test_a_slice_of_one_value_is_not_confused_with_another():
    d = slices.slice_digests(FRAME(jurisdiction_id=["a", "b", "b", "a"]), ["jurisdiction_id"])
    e = slices.slice_digests(FRAME(jurisdiction_id=["b", "a", "a", "b"]), ["jurisdiction_id"])
    assert d["jurisdiction_id"]["a"] != d["jurisdiction_id"]["b"]
    assert d["jurisdiction_id"]["a"] != e["jurisdiction_id"]["a"]


def test_an_empty_frame_has_no_slices():
    assert slices.slice_digests(FRAME().iloc[0:0], ["family"]) == {"family": {}}


DIGESTS = {"targets": {"jurisdiction_id": {"a": "da", "b": "db"}, "family": {"f": "df"}}}


def test_slice_fingerprint_combines_the_digests_of_the_values_read():
    fp = slices.slice_fingerprint(DIGESTS, "targets", {"jurisdiction_id": ["a", "b"]})
    h = hashlib.sha256(b"targets")
    h.update(b"\0jurisdiction_id=a:da")
    h.update(b"\0jurisdiction_id=b:db")
    assert fp == h.hexdigest()
    changed = {"targets": {"jurisdiction_id": {"a": "da", "b": "db2"}, "family": {"f": "df"}}}
    assert slices.slice_fingerprint(changed, "targets", {"jurisdiction_id": ["a"]}) == \
        slices.slice_fingerprint(DIGESTS, "targets", {"jurisdiction_id": ["a"]})
    assert slices.slice_fingerprint(changed, "targets", {"jurisdiction_id": ["a", "b"]}) != fp


def test_a_value_with_no_rows_has_its_own_mark_and_gaining_rows_changes_it():
    none = slices.slice_fingerprint(DIGESTS, "targets", {"jurisdiction_id": ["z"]})
    h = hashlib.sha256(b"targets")
    h.update(f"\0jurisdiction_id=z:{slices.EMPTY}".encode())
    assert none == h.hexdigest()
    gained = {"targets": {"jurisdiction_id": {"z": "dz"}}}
    assert slices.slice_fingerprint(gained, "targets", {"jurisdiction_id": ["z"]}) != none


def test_two_columns_each_count():
    both = slices.slice_fingerprint(DIGESTS, "targets", {"jurisdiction_id": ["a"], "family": ["f"]})
    assert both != slices.slice_fingerprint(DIGESTS, "targets", {"jurisdiction_id": ["a"]})
    assert both != slices.slice_fingerprint(DIGESTS, "targets", {"family": ["f"]})


@pytest.mark.parametrize("table, where", [
    pytest.param("targets", {"doc_id": ["x"]}, id="column-not-sliced"),
    pytest.param("measures", {"jurisdiction_id": ["a"]}, id="table-not-sliced"),
    pytest.param("targets", {"family": ["f"], "doc_id": ["x"]}, id="one-of-two-not-sliced"),
])
def test_a_slice_the_build_did_not_digest_has_no_fingerprint(table, where):
    assert slices.slice_fingerprint(DIGESTS, table, where) is None


def test_load_digests_reads_the_versions_file(tmp_path):
    assert slices.load_digests(tmp_path) == {}  # an older build: none
    (tmp_path / slices.SLICES_FILE).write_text(json.dumps(DIGESTS), encoding="utf-8")
    assert slices.load_digests(tmp_path) == DIGESTS
    (tmp_path / slices.SLICES_FILE).write_text("{}", encoding="utf-8")
    assert slices.load_digests(tmp_path) == {}
    (tmp_path / slices.SLICES_FILE).write_text("not json", encoding="utf-8")
    assert slices.load_digests(tmp_path) == {}

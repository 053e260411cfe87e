"""The notebook API: tidy frames, rebuilt automatically when raw data changes."""
import json

import pytest

import ipstats
from ipstats.core.problems import ValidationError
from ipstats.dataset.api import _load


def test_load_functions_return_tidy_frames(data_copy):
    t = ipstats.load_targets(data_copy.root)
    assert t["target_id"].is_unique
    assert {"doc_id", "jurisdiction_id", "indicator_id", "family", "value_std", "quote"} <= set(t.columns)
    for loader in (ipstats.load_documents, ipstats.load_jurisdictions, ipstats.load_indicators,
                   ipstats.load_families, ipstats.load_units):
        assert len(loader(data_copy.root)) > 0


def test_an_edited_csv_is_seen_on_the_next_call(data_copy):
    before = ipstats.load_targets(data_copy.root).set_index("target_id")
    f = data_copy.targets_dir / "zj-2020-ip-protection-action-plan.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "32 or more invention patents", "at least 32 invention patents"), encoding="utf-8")
    after = ipstats.load_targets(data_copy.root).set_index("target_id")
    assert before.loc["zj2020-t05", "quote_en"] != after.loc["zj2020-t05", "quote_en"]
    assert "at least 32 invention patents" in after.loc["zj2020-t05", "quote_en"]


def test_invalid_edit_raises_with_every_problem_listed(data_copy):
    ipstats.load_targets(data_copy.root)
    f = data_copy.targets_dir / "zj-2020-ip-protection-action-plan.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(">=,300,亿元", ">=,300亿元,亿元"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"column 'value': the unit is inside the number"):
        ipstats.load_targets(data_copy.root)


def test_data_dir_from_environment(data_copy, monkeypatch):
    monkeypatch.setenv("IPSTATS_DATA_DIR", str(data_copy.root))
    ipstats.load_documents()
    assert data_copy.processed_table("documents").is_file()


def test_a_loader_keeps_only_the_slice_asked_for_and_records_it(data_copy, tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv("IPSTATS_READ_LOG", str(log))
    every = ipstats.load_targets(data_copy.root)
    j = every["jurisdiction_id"].iloc[0]
    mine = ipstats.load_targets(data_copy.root, jurisdictions=[j])
    expected = every[every["jurisdiction_id"] == j].reset_index(drop=True)
    assert len(mine) and len(mine) < len(every)
    assert mine.equals(expected)
    fam = every["family"].dropna().iloc[-1]
    both = ipstats.load_targets(data_copy.root, jurisdictions=[j, "no_such_place"], families=[fam])
    assert set(both["jurisdiction_id"]) <= {j} and set(both["family"]) == {fam} or both.empty
    docs = ipstats.load_documents(data_copy.root, doc_ids=mine["doc_id"])
    assert sorted(docs["doc_id"]) == sorted(set(mine["doc_id"]))
    obs = ipstats.load_observations(data_copy.root, jurisdictions=[])
    assert obs.empty and list(obs.columns) == list(ipstats.load_observations(data_copy.root).columns)
    assert log.read_text(encoding="utf-8").splitlines() == [
        "targets",
        f'targets {{"jurisdiction_id": ["{j}"]}}',
        f'targets {{"family": ["{fam}"], "jurisdiction_id": ["{j}", "no_such_place"]}}'
        if j < "no_such_place" else
        f'targets {{"family": ["{fam}"], "jurisdiction_id": ["no_such_place", "{j}"]}}',
        "documents " + json.dumps({"doc_id": sorted(set(mine["doc_id"]))}, ensure_ascii=False),
        'observations {"jurisdiction_id": []}',
        "observations",
    ]


@pytest.mark.parametrize("call, message", [
    pytest.param(lambda d: _load("targets", d, doc_ids=["x"]), "targets cannot be loaded by "
                 "doc_ids=; it accepts jurisdictions, families", id="not-a-slice-of-it"),
    pytest.param(lambda d: _load("documents", d, families=["x"]), "documents cannot be loaded "
                 "by families=; it accepts jurisdictions, doc_ids", id="documents"),
    pytest.param(lambda d: _load("targets", d, regions=["x"]), "targets cannot be loaded by "
                 "regions=; it accepts jurisdictions, families", id="unknown-keyword"),
    pytest.param(lambda d: ipstats.load_targets(d, jurisdictions="zhejiang"),
                 r"jurisdictions= takes a list of ids, e.g. jurisdictions=\['zhejiang'\]", id="a-string"),
])
def test_a_slice_keyword_a_table_does_not_take_is_refused(data_copy, call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call(data_copy.root)


def test_a_table_not_sliced_takes_no_keyword(data_copy):
    with pytest.raises(ValueError, match="jurisdictions cannot be loaded by jurisdictions=; it "
                       "accepts no slice keyword"):
        _load("jurisdictions", data_copy.root, jurisdictions=["china"])

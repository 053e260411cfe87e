"""The notebook API: tidy frames, rebuilt automatically when raw data changes."""
import pytest

import ipstats
from ipstats.core.problems import ValidationError


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

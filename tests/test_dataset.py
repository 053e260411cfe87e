"""The shipped dataset itself: complete, provenance-checked, honest about what is absent."""
import pandas as pd

from ipstats.dataset.validate import validate


def test_shipped_data_validates_and_every_quote_is_located():
    ds = validate(None)
    assert {t["target_id"] for t in ds.targets} == set(ds.source_lines)


def test_every_document_is_covered_and_guizhou_states_no_numeric_target(built_data):
    t = pd.read_parquet(built_data.processed_table("targets"))
    docs = pd.read_parquet(built_data.processed_table("documents"))
    numeric = t[t["kind"] == "numeric"].groupby("doc_id").size()
    assert set(docs["doc_id"]) == set(t["doc_id"])  # every document has rows (targets or milestones)
    assert "gz-draft-ip-protection-opinions" not in numeric.index
    assert numeric.sum() >= 24  # "about two dozen" numeric targets in the five documents


def test_variants_are_distinct_indicators_in_one_family(built_data):
    t = pd.read_parquet(built_data.processed_table("targets"))
    density = t[t["family"] == "invention_patent_density"]
    assert set(density["indicator_id"]) >= {"invention_patents_per_10k_people",
                                           "high_value_invention_patents_per_10k_people"}
    cycles = t[t["basis"] == "duration"]
    assert (cycles["direction"] == "lower_is_better").all() and (cycles["comparator"] == "<=").all()

"""Comparison, profile and timeline logic on inline frames and on the shipped data."""
from __future__ import annotations

import pandas as pd
import pytest

import ipstats
from ipstats.analysis import compare
from ipstats.analysis import profile
from ipstats.analysis import timeline
from ipstats.core.problems import IpstatsError
from ipstats.reports import charts, views


@pytest.fixture(scope="module")
def data(built_data):
    return {"targets": ipstats.load_targets(built_data),
            "jurisdictions": ipstats.load_jurisdictions(built_data),
            "documents": ipstats.load_documents(built_data),
            "population": compare.load_population(built_data)}


def test_variants_in_a_family_stay_distinct(data):
    t = compare.compare_table(data["targets"], "invention_patent_density", lang="en")
    assert set(t["indicator_id"]) >= {"invention_patents_per_10k_people",
                                      "high_value_invention_patents_per_10k_people"}
    fig = charts.compare_chart(t)
    # one panel per indicator, never one axis for both (a user's added document may add one)
    assert len(fig.axes) == t["indicator_id"].nunique() >= 2


def test_lower_is_better_reads_as_a_ceiling(data):
    t = compare.compare_table(data["targets"], "ip_trial_period", lang="en")
    row = t.iloc[0]
    assert (row["comparator"], row["reading"]) == ("<=", "ceiling")
    view = views.targets_view(t, pd.DataFrame(columns=["doc_id"]), "en").iloc[0]
    assert view["reading"] == "ceiling: lower is better" and view["target"].startswith("at most ")
    zh = views.targets_view(t, pd.DataFrame(columns=["doc_id"]), "zh").iloc[0]
    assert zh["reading"] == "上限：越低越好" and zh["target"].startswith("不超过 ")


def test_cumulative_shown_per_plan_year_and_per_capita(data):
    t = compare.compare_table(data["targets"], "ip_pledge_financing",
                              population=data["population"], lang="en")
    hz = t[t["jurisdiction_id"] == "hangzhou"].iloc[0]
    assert hz["basis"] == "cumulative" and hz["plan_years"] == 3
    assert hz["value_std_per_year"] == pytest.approx(250e8 / 3)
    assert hz["per_capita"] == pytest.approx(250e8 / 11_936_010)
    zj = t[t["jurisdiction_id"] == "zhejiang"].iloc[0]
    assert pd.isna(zj["value_std_per_year"]) and zj["reading"] == "annual"


def test_no_population_reference_is_said_not_guessed(data):
    t = compare.compare_table(data["targets"], "geographical_indications",
                              population=data["population"])
    yx = t[t["jurisdiction_id"] == "yuxi"].iloc[0]
    assert pd.isna(yx["per_capita"]) and yx["per_capita_note"] == "no population reference"


def test_population_rows_cite_a_source(data):
    pop = data["population"]
    assert "yuxi" not in set(pop["jurisdiction_id"])
    assert pop["source"].str.contains("人口普查").all()
    assert (pop["census_date"] == pd.Timestamp("2020-11-01")).all()


@pytest.mark.parametrize("kwargs, message", [
    pytest.param({"family": "nope"}, "unknown family 'nope'", id="family"),
    pytest.param({"family": "protection_system"}, "family 'protection_system' has no numeric "
                 r"target \(only milestones\); families with one: ", id="milestone-only-family"),
    pytest.param({"indicator": "nope"}, "unknown indicator 'nope'", id="indicator"),
])
def test_unknown_selection_lists_valid_values(data, kwargs, message):
    with pytest.raises(IpstatsError, match=message) as e:
        compare.compare_table(data["targets"], **kwargs)
    assert "ip_pledge_financing" in str(e.value) or "gi_protected_products" in str(e.value)


def test_alignment_marks_different_indicators_in_a_family(data):
    al = profile.alignment(data["targets"], data["jurisdictions"], "hangzhou")
    fam = al[al["family"] == "invention_patent_density"]
    assert list(fam["role"]) == ["self", "parent"]
    assert list(fam["same_indicator"]) == [True, False]  # high-value vs all invention patents


def test_timeline_lag_and_undated_window(data):
    tl = timeline.document_timeline(data["documents"], data["targets"])
    lag = tl.set_index("doc_id")
    assert lag.loc["zj-2020-ip-protection-action-plan", "lag_days_min"] == 124  # 2020-05-13 -> 09-14
    gz = lag.loc["gz-draft-ip-protection-opinions"]
    # window 2019-11-24..2020-10-26 around the national plan of 2020-05-13: not clipped at 0
    assert (gz["lag_days_min"], gz["lag_days_max"]) == (-171, 166)
    assert pd.isna(lag.loc["cn-2020-ip-strategy-promotion-plan", "lag_days_min"])


def test_timeline_filters(data):
    tl = timeline.document_timeline(data["documents"], data["targets"], "2023-2025", "prefecture")
    assert set(tl["doc_id"]) >= {"yx-2021-ip-protection-opinions", "hz-2023-ip-model-city-work-plan"}
    assert "zj-2020-ip-protection-action-plan" not in set(tl["doc_id"])  # provincial, 2020
    with pytest.raises(IpstatsError, match="valid values: all, national"):
        timeline.document_timeline(data["documents"], data["targets"], level="county")


def test_a_family_with_only_milestones_in_a_slice_says_so(data):
    only = data["targets"][data["targets"]["family"] == "protection_system"]
    with pytest.raises(IpstatsError, match=r"^family 'protection_system' has no numeric target "
                       r"\(only milestones\)$"):
        compare.compare_table(only, "protection_system")


def test_family_targets_loads_one_family_and_checks_its_name(data_copy):
    families = ipstats.load_families(data_copy.root)
    fam = families["family"].iloc[0]
    got = compare.family_targets(fam, families, data_copy.root)
    assert set(got["family"]) <= {fam}
    with pytest.raises(IpstatsError, match="unknown family 'nope'; valid values: "):
        compare.family_targets("nope", families, data_copy.root)

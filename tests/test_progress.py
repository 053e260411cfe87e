"""Verdicts and projections (ipstats.analysis.progress): inline frames, input and expected side
by side. Each case sits on a boundary so that flipping a comparison breaks a test."""
from __future__ import annotations

import pandas as pd
import pytest

from ipstats.analysis import progress

JUR = pd.DataFrame({"jurisdiction_id": ["china", "zhejiang", "hangzhou"],
                    "parent_id": [None, "china", "zhejiang"]})


def target(**kw) -> dict:
    base = {"target_id": "t1", "jurisdiction_id": "zhejiang", "indicator_id": "per10k",
                "family": "density", "kind": "numeric", "comparator": ">=", "value": 32.0, "value_std": 32.0,
                "unit_std": "count_per_10k_people", "target_year": 2021, "basis": "stock",
                "direction": "higher_is_better", "period_start_year": pd.NA}
    return {**base, **kw}


def obs(**kw) -> dict:
    base = {"jurisdiction_id": "zhejiang", "indicator_id": "per10k", "family": "density", "year": 2021,
                "value_std": 33.0, "basis": "stock", "period_start_year": pd.NA, "publisher": "P",
                "title": "T", "date_published": "2022-01-10", "url": "http://x", "source_kind": "press_report"}
    return {**base, **kw}


def run(t: dict, observations: list[dict], as_of: int = 2026) -> dict:
    v = progress.verdicts(pd.DataFrame([t]), pd.DataFrame(observations, columns=list(obs())),
                          as_of, JUR)
    assert len(v) == 1
    return v.iloc[0].to_dict()


@pytest.mark.parametrize("comparator, actual, low, high, direction, expected", [
    pytest.param(">=", 32.0, 32.0, None, "higher_is_better", True, id="at-least-equal-is-met"),
    pytest.param(">=", 31.99, 32.0, None, "higher_is_better", False, id="at-least-just-below"),
    pytest.param(">", 32.0, 32.0, None, "higher_is_better", False, id="strictly-more-equal-fails"),
    pytest.param(">", 32.01, 32.0, None, "higher_is_better", True, id="strictly-more-above"),
    pytest.param("<=", 16.0, 16.0, None, "lower_is_better", True, id="ceiling-equal-is-met"),
    pytest.param("<=", 16.01, 16.0, None, "lower_is_better", False, id="ceiling-exceeded"),
    pytest.param("<=", 14.0, 16.0, None, "lower_is_better", True, id="ceiling-met-from-below"),
    pytest.param("=", 102.0, 100.0, None, "not_applicable", True, id="level-within-2pct"),
    pytest.param("=", 102.1, 100.0, None, "not_applicable", False, id="level-beyond-2pct"),
    pytest.param("=", 97.9, 100.0, None, "higher_is_better", False, id="level-short-beyond-tol"),
    pytest.param("=", 130.0, 100.0, None, "higher_is_better", True, id="level-exceeded-good-side"),
    pytest.param("=", 2.5, 4.0, None, "lower_is_better", True, id="level-lower-is-better-below"),
    pytest.param("=", 4.5, 4.0, None, "lower_is_better", False, id="level-lower-is-better-above"),
    pytest.param("~", 109.0, 100.0, None, "not_applicable", True, id="about-within-10pct"),
    pytest.param("~", 111.0, 100.0, None, "not_applicable", False, id="about-beyond-10pct"),
    pytest.param("=", 3.0, 2.0, 3.0, "not_applicable", True, id="range-high-end"),
    pytest.param("=", 3.1, 2.0, 3.0, "not_applicable", False, id="range-above-high-end"),
    pytest.param("<=", 2.9, 2.0, 3.0, "lower_is_better", True, id="range-ceiling-uses-high"),
    pytest.param(">=", 2.0, 2.0, 3.0, "higher_is_better", True, id="range-floor-uses-low"),
])
def test_meets(comparator, actual, low, high, direction, expected):
    assert progress.meets(comparator, actual, low, high, direction) is expected


@pytest.mark.parametrize("t, observations, status, reason, observed", [
    pytest.param(target(), [obs(value_std=32.0)], "met", None, 32.0, id="met-at-target"),
    pytest.param(target(), [obs(value_std=31.0)], "not_met", None, 31.0, id="not-met"),
    pytest.param(target(), [], "no_observation", None, None, id="nothing-observed"),
    pytest.param(target(), [obs(year=2020)], "no_observation", None, None,
                 id="other-year-is-no-observation"),
    pytest.param(target(target_year=2026), [obs(year=2026)], "not_due", None, None,
                 id="year-not-passed"),
    pytest.param(target(), [obs(indicator_id="hv_per10k")], "not_comparable",
                 "different_variant", 33.0, id="variant-same-family"),
    pytest.param(target(), [obs(indicator_id="other", family="other")], "no_observation",
                 None, None, id="other-family-is-ignored"),
    pytest.param(target(), [obs(basis="flow")], "not_comparable", "flow_vs_stock", 33.0,
                 id="flow-vs-stock"),
    pytest.param(target(basis="cumulative", period_start_year=2023, target_year=2025),
                 [obs(year=2025, basis="flow")], "not_comparable", "cumulative_vs_annual", 33.0,
                 id="cumulative-target-annual-figure"),
    pytest.param(target(basis="cumulative", period_start_year=2023, target_year=2025),
                 [obs(year=2025, basis="cumulative", period_start_year=2023)], "met", None, 33.0,
                 id="cumulative-same-period"),
    pytest.param(target(basis="cumulative", period_start_year=2023, target_year=2025),
                 [obs(year=2025, basis="cumulative", period_start_year=2021)], "not_comparable",
                 "cumulative_vs_annual", 33.0, id="cumulative-other-period"),
    pytest.param(target(basis="duration", comparator="<=", value=16.0, value_std=16.0,
                        direction="lower_is_better"),
                 [obs(basis="flow", value_std=14.0)], "met", None, 14.0,
                 id="duration-observed-as-annual"),
    pytest.param(target(jurisdiction_id="hangzhou"), [obs(jurisdiction_id="china")],
                 "not_comparable", "different_scope", 33.0, id="only-a-parent-figure"),
    pytest.param(target(jurisdiction_id="china"), [obs(jurisdiction_id="hangzhou")],
                 "not_comparable", "different_scope", 33.0, id="only-a-child-figure"),
    pytest.param(target(relative="growth_rate_per_year", value=9.0, value_std=9.0),
                 [obs()], "not_comparable", "relative_target", 33.0, id="relative-no-baseline"),
    pytest.param(target(relative="multiple_of_baseline", value=4.0, value_std=4.0,
                        baseline_value=8.0, baseline_year=2017),
                 [obs(value_std=32.0)], "not_comparable", "relative_target", 32.0,
                 id="multiple-of-baseline-is-not-a-level"),
    pytest.param(target(relative="", value=32.0), [obs(value_std=32.0)], "met", None, 32.0,
                 id="empty-relative-is-a-level"),
    pytest.param(target(value_high=40.0), [obs(value_std=41.0)], "met", None, 41.0,
                 id="range-at-least"),
])
def test_verdict(t, observations, status, reason, observed):
    v = run(t, observations)
    assert (v["status"], v["reason"] if isinstance(v["reason"], str) else None) == (status, reason)
    got = v["observed_std"]
    assert (None if pd.isna(got) else got) == observed


@pytest.mark.parametrize("target_year, as_of, status", [
    pytest.param(2025, 2026, "met", id="last-year-has-passed"),
    pytest.param(2026, 2026, "not_due", id="this-year-has-not"),
])
def test_a_year_has_passed_only_when_it_is_over(target_year, as_of, status):
    assert run(target(target_year=target_year), [obs(year=target_year)], as_of)["status"] == status


def test_newest_of_equally_ranked_sources_decides():
    v = run(target(), [obs(value_std=31.0, publisher="old", date_published="2022-01-01"),
                       obs(value_std=33.0, publisher="new", date_published="2022-06-01")])
    assert (v["publisher"], v["status"]) == ("new", "met")


def test_best_source_decides_and_disagreement_is_reported():
    v = run(target(), [obs(value_std=31.0, publisher="press"),
                       obs(value_std=33.0, publisher="bureau",
                           source_kind="official_statistical_bulletin")])
    assert (v["status"], v["publisher"], v["n_observations"]) == ("met", "bureau", 2)
    assert "sources disagree: 31, 33" in v["detail"]


def test_milestones_are_not_judged():
    t = pd.DataFrame([target(), target(target_id="m1", kind="milestone")])
    assert list(progress.verdicts(t, pd.DataFrame(columns=list(obs())), 2026, JUR)["target_id"]) == ["t1"]


@pytest.mark.parametrize("observed, year, status, required, achieved", [
    pytest.param(38.0, 2023, "on_track", 4.0, 6.0, id="faster-than-required"),
    pytest.param(26.0, 2023, "off_track", 4.0, 2.0, id="slower-than-required"),
])
def test_projection(observed, year, status, required, achieved):
    t = pd.DataFrame([target(target_year=2025, value=40.0, value_std=40.0, baseline_value=20.0,
                             baseline_year=2020)])
    p = progress.projections(t, pd.DataFrame([obs(year=year, value_std=observed)]), 2024)
    row = p.iloc[0]
    assert (row["status"], row["required_per_year"], row["achieved_per_year"]) == \
        (status, required, achieved)
    assert row["projected_std"] == observed + achieved * (2025 - year)
    assert "extrapolation" in row["method"]


def test_projection_needs_baseline_columns_and_a_later_comparable_figure():
    no_cols = pd.DataFrame([target(target_year=2025)])
    assert progress.projections(no_cols, pd.DataFrame([obs(year=2023)]), 2024).empty
    t = pd.DataFrame([target(target_year=2025, baseline_value=20.0, baseline_year=2020)])
    assert progress.projections(t, pd.DataFrame([obs(year=2023, basis="flow")]), 2024).empty
    assert progress.projections(t, pd.DataFrame([obs(year=2019)]), 2024).empty


def test_summary_keeps_every_status():
    v = pd.DataFrame({"jurisdiction_id": ["a", "a", "b"], "status": ["met", "not_met", "met"]})
    s = progress.summary(v).set_index("jurisdiction_id")
    assert list(s.columns) == list(progress.STATUSES)
    assert (s.loc["a", "met"], s.loc["a", "not_met"], s.loc["b", "no_observation"]) == (1, 1, 0)


def test_actual_path_takes_best_source_per_year():
    o = pd.DataFrame([obs(year=2020, value_std=1.0), obs(year=2021, value_std=2.0),
                      obs(year=2021, value_std=3.0, source_kind="official_statement",
                          publisher="Q")])
    path = progress.actual_path(o, "zhejiang", "per10k")
    assert list(zip(path["year"], path["value_std"])) == [(2020, 1.0), (2021, 3.0)]

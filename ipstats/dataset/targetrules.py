"""Rules for the columns that describe how a target is stated: ranges, baselines, attribute
(expected / binding), recurrence, relative targets and a per-target basis; and the arithmetic
that turns a relative target into a level.

A relative target states a change, not a level: ``growth_rate_per_year`` (年均增长9%: value 9,
unit %), ``pp_change`` (提高2个百分点: value 2, unit 个百分点), ``multiple_of_baseline`` (翻两番:
value 4, unit 倍), ``growth_over_baseline`` (较2020年增长40%: value 40, unit %). Its
``baseline_value`` is written in the standard unit of the indicator (the unit of the level it
changes), and where it is given the build computes the level the target implies:

>>> round(implied_level("growth_rate_per_year", 9, 100, 2020, 2025), 2)
153.86
>>> implied_level("pp_change", 2, 60, None, 2025), implied_level("multiple_of_baseline", 4, 5, None, 2025)
(62, 20)
>>> round(annual_growth_pct(6.3, 2020, 12, 2025), 2)
13.75
"""
from __future__ import annotations

from ipstats.core.problems import Problem
from ipstats.dataset.read import Row
from ipstats.dataset.units import unit_key

# The unit each kind of relative target is stated in.
RELATIVE_UNITS = {"growth_rate_per_year": ("%",), "growth_over_baseline": ("%",),
                  "pp_change": ("个百分点",), "multiple_of_baseline": ("倍",)}
NEW_NUMERIC_COLUMNS = ("value_high", "baseline_value", "baseline_year", "baseline_quote",
                       "recurrence", "relative", "source_table_row")


def implied_level(relative: str, value: float, baseline: float, baseline_year: int | None,
                  target_year: int | None) -> float | None:
    """The level a relative target implies from its baseline (None if it cannot be known)."""
    if relative == "growth_rate_per_year":
        if baseline_year is None or target_year is None:
            return None
        return baseline * (1 + value / 100) ** (target_year - baseline_year)
    if relative == "growth_over_baseline":
        return baseline * (1 + value / 100)
    if relative == "pp_change":
        return baseline + value
    if relative == "multiple_of_baseline":
        return baseline * value
    return None


def annual_growth_pct(baseline: float, baseline_year: int, level: float,
                      target_year: int) -> float | None:
    """Compound annual growth, in percent, from a baseline to a level (None if undefined)."""
    years = target_year - baseline_year
    if years <= 0 or baseline <= 0 or level < 0:
        return None
    return ((level / baseline) ** (1 / years) - 1) * 100


def effective_basis(target: Row, indicator: Row | None) -> str | None:
    """The target's own basis if it states one, else its indicator's."""
    return target["basis"] or (indicator["basis"] if indicator else None)


def check_target_rules(t: Row, problems: list[Problem]) -> None:
    """Ranges, baselines, relative targets and recurrence of one target row."""
    add = problems.append
    if t["kind"] == "milestone":
        raw = t.raw
        for col in NEW_NUMERIC_COLUMNS + ("baseline_value",):
            if raw.get(col, "").strip():
                add(Problem(t.file, t.line, col, raw[col],
                            "a milestone has no range, baseline, recurrence or relative change; "
                            "leave it empty or set kind to numeric"))
        return
    value, high = t["value"], t["value_high"]
    if high is not None and value is not None and not high > value:
        add(Problem(t.file, t.line, "value_high", t.raw["value_high"],
                    f"the high end of a range must be greater than value ({t.raw['value']}); "
                    "for 2-3家 write value 2 and value_high 3"))
    if high is not None and t["comparator"] not in ("=", "~", None):
        add(Problem(t.file, t.line, "comparator", t["comparator"],
                    "a range (value_high given) is stated with = (or ~ for 约); the range itself "
                    "says how far the target reaches"))
    by, ty = t["baseline_year"], t["target_year"]
    if by is not None and ty is not None and not by < ty:
        add(Problem(t.file, t.line, "baseline_year", t.raw["baseline_year"],
                    f"expected a year before target_year ({ty})"))
    if t["baseline_quote"] and t["baseline_value"] is None and by is None:
        add(Problem(t.file, t.line, "baseline_quote", t["baseline_quote"][:40],
                    "a baseline quote without baseline_value or baseline_year: fill them, or "
                    "leave baseline_quote empty"))
    rel = t["relative"]
    if rel:
        unit = unit_key(t.raw.get("unit", ""))
        if unit not in RELATIVE_UNITS[rel]:
            add(Problem(t.file, t.line, "unit", t.raw.get("unit", ""),
                        f"a {rel} target is stated in {' or '.join(RELATIVE_UNITS[rel])} "
                        f"(e.g. {_EXAMPLES[rel]})"))
        if rel == "growth_rate_per_year" and t["baseline_value"] is not None and by is None:
            add(Problem(t.file, t.line, "baseline_year", "",
                        "a growth rate per year compounds from the baseline's year: give "
                        "baseline_year (the 基期 of the table, or the year in 较2020年)"))
    if t["recurrence"] == "annual" and t["basis"] == "cumulative":
        add(Problem(t.file, t.line, "basis", "cumulative",
                    "an annual target (每年...) is a flow each year, not a cumulative total; "
                    "set basis to flow, or recurrence to once"))


_EXAMPLES = {"growth_rate_per_year": "年均增长9%: value 9, unit %",
             "growth_over_baseline": "较2020年增长40%: value 40, unit %",
             "pp_change": "提高2个百分点: value 2, unit 个百分点",
             "multiple_of_baseline": "翻两番: value 4, unit 倍"}

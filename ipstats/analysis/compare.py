"""Compare one indicator family (or one indicator) across jurisdictions, honestly.

- Variants within a family (e.g. all invention patents vs high-value invention patents per 10k
  people) are different indicators: every row keeps its ``indicator_id`` and charts draw one
  panel per indicator, never one axis for both.
- Lower-is-better targets (cycle lengths: a ceiling such as "within 3 months") carry a
  reading note and their panel says so.
- Cumulative amounts are also shown per year of the plan period (``value_std_per_year``).
- Per-capita values only where a checked population reference exists and the target is an
  absolute amount or count; otherwise the column stays empty and ``per_capita_note`` says why.
"""
from __future__ import annotations

import pandas as pd

from ipstats.core.problems import IpstatsError, check_choice
from ipstats.dataset import schema
from ipstats.dataset.api import load_targets, record_read
from ipstats.dataset.build import build

# Standard units for which a per-capita view makes sense (absolute amounts and counts), with
# the scale used: yuan per person, counts per 10,000 people.
PER_CAPITA: dict[str, tuple[float, str]] = {"yuan": (1.0, "yuan_per_person"),
                                           "count": (1e4, "count_per_10k_people")}


def load_population(data_dir=None) -> pd.DataFrame:
    """The population reference table (validated with the rest of raw/): one row per
    jurisdiction with a checked census figure, its reference date and its source."""
    paths = build(data_dir)  # validates raw/, population.csv included
    record_read("population")
    df = pd.read_csv(paths.raw_table("population"), dtype={"jurisdiction_id": str})
    df["census_date"] = pd.to_datetime(df["census_date"])
    return df


def family_targets(family: str, families: pd.DataFrame, data_dir=None) -> pd.DataFrame:
    """The targets of one family only (a report rendered by ``ipstats render`` then depends on
    that family's rows, not on every target). Stops with the valid values if ``family`` is
    not in ``families``."""
    check_choice("family", family, families["family"])
    return load_targets(data_dir, families=[family])


def per_capita(value_std: float, unit_std: str, basis: str,
               population: float | None) -> tuple[float | None, str | None, str]:
    """Per-capita value, its unit, and a note saying why there is none.

    >>> per_capita(3e10, "yuan", "flow", 6e7)
    (500.0, 'yuan_per_person', '')
    >>> per_capita(30, "count", "stock", 1e5)
    (3.0, 'count_per_10k_people', '')
    >>> per_capita(32, "count_per_10k_people", "stock", 6e7)[2]
    'already a rate or duration: no per-capita view'
    >>> per_capita(30, "count", "stock", None)[2]
    'no population reference'
    """
    if unit_std not in PER_CAPITA or basis not in ("stock", "flow", "cumulative"):
        return None, None, "already a rate or duration: no per-capita view"
    if population is None or pd.isna(population):
        return None, None, "no population reference"
    scale, unit = PER_CAPITA[unit_std]
    return value_std * scale / population, unit, ""


def resolve_selection(targets: pd.DataFrame, family: str = "", indicator: str = "") -> pd.DataFrame:
    """The numeric targets of ``family`` (all its indicators) or of one ``indicator``.

    Raises a clear error listing the valid values when the name is unknown or has no
    numeric target.
    """
    numeric = targets[targets["kind"] == "numeric"]
    if indicator:
        valid = sorted(numeric["indicator_id"].unique())
        if indicator not in valid:
            raise IpstatsError(f"unknown indicator {indicator!r} (or it has no numeric target); "
                               f"valid values: {', '.join(valid)}")
        return numeric[numeric["indicator_id"] == indicator]
    valid = sorted(numeric["family"].unique())
    if family in set(targets["family"]) and family not in valid:
        raise IpstatsError(f"family {family!r} has no numeric target (only milestones)"
                           + (f"; families with one: {', '.join(valid)}" if valid else ""))
    if family not in valid:
        raise IpstatsError(f"unknown family {family!r} (or it has no numeric target); "
                           f"valid values: {', '.join(valid)}")
    return numeric[numeric["family"] == family]


def compare_table(targets: pd.DataFrame, family: str = "", indicator: str = "",
                  population: pd.DataFrame | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per target of the selection, side by side: jurisdiction, level, indicator,
    comparator, value (as written and standardised), target year, per-year value for
    cumulative amounts, per-capita value where meaningful, direction note and citation."""
    return target_rows(resolve_selection(targets, family, indicator), population, lang)


def target_rows(selected: pd.DataFrame, population: pd.DataFrame | None = None,
                lang: str = "en") -> pd.DataFrame:
    """The rows of :func:`compare_table` for any selection of numeric targets (e.g. one
    jurisdiction's), sorted by indicator, level, jurisdiction and year."""
    sel = selected.copy()
    pop = (population.set_index("jurisdiction_id")["population"]
           if population is not None and not population.empty else pd.Series(dtype="float64"))
    level_order = {lvl: i for i, lvl in enumerate(schema.levels())}
    sel["_lvl"] = sel["level"].map(level_order)
    sel = sel.sort_values(["indicator_id", "_lvl", "jurisdiction_id", "target_year"])
    rows = []
    for _, t in sel.iterrows():
        pc, pc_unit, pc_note = per_capita(t["value_std"], t["unit_std"], t["basis"],
                                          pop.get(t["jurisdiction_id"]))
        rows.append({
            "indicator_id": t["indicator_id"],
            "indicator": t["indicator_name_zh"] if lang == "zh" else t["indicator_name_en"],
            "jurisdiction_id": t["jurisdiction_id"],
            "jurisdiction": (t["jurisdiction_name_zh"] if lang == "zh"
                             else t["jurisdiction_name_en"]),
            "level": t["level"],
            "comparator": t["comparator"],
            "value_as_written": (_as_written(t["value"], t["unit"]) if pd.isna(t.get("value_high"))
                                 else (f"{t['value']:g}-{t['value_high']:g} {t['unit']}")
                                 .replace("(none)", "").strip()),
            "value": t["value"],
            "unit": t["unit"],
            "comparator_code": t["comparator"],
            "target_id": t["target_id"],
            "aspiration": t["aspiration"],
            "target_year_inferred": t["target_year_inferred"],
            "note": t["note"],
            "per_capita_reason": ("" if pc is not None else
                                  "no_population" if pc_note == "no population reference"
                                  else "rate"),
            # a relative target (年均增长9%) is a rate, not a level: it is compared at the level
            # its baseline implies, and has no bar where no baseline is stated
            "value_std": (t.get("implied_level_std") if isinstance(t.get("relative"), str)
                          and t.get("relative") else t["value_std"]),
            "implied_annual_growth_pct": t.get("implied_annual_growth_pct"),
            # a relative target (年均增长9%) is a rate, not a level: it is compared at the level
            # its baseline implies, and has no bar where no baseline is stated

            "unit_std": t["unit_std"],
            "basis": t["basis"],
            "target_year": t["target_year"],
            "plan_years": t["plan_years"],
            "value_std_per_year": t["value_std_per_year"],
            "per_capita": pc,
            "per_capita_unit": pc_unit,
            "per_capita_note": pc_note,
            "direction": t["direction"],
            "reading": reading_codes(t["direction"], t["basis"]),
            "doc_id": t["doc_id"],
            "clause": t["clause"],
            "source_line": t["source_line"],
            "quote": t["quote_clean"],
            "quote_en": t["quote_en"],
            "family": t["family"],
            "family_name": f"{t['family_name_zh']} {t['family_name_en']}",
            "family_name_zh": t["family_name_zh"],
            "family_name_en": t["family_name_en"],
            "jurisdiction_name_zh": t["jurisdiction_name_zh"],
            "jurisdiction_name_en": t["jurisdiction_name_en"],
            "doc_title_zh": t["doc_title_zh"],
            "doc_title_en": t["doc_title_en"],
            # columns another curation step may add: shown when present
            **{c: t[c] for c in OPTIONAL_COLUMNS if c in t.index},
        })
    return pd.DataFrame(rows)


# Optional target columns (baseline, upper value of a range, binding or expected attribute):
# carried through when the dataset has them.
OPTIONAL_COLUMNS = ("baseline_value", "baseline_year", "value_high", "attribute", "relative")


def _as_written(value: float, unit: str) -> str:
    """The number and unit as the document writes them, never in scientific notation.

    >>> _as_written(300.0, "亿元"), _as_written(3.9, "件"), _as_written(30.0, "(none)")
    ('300亿元', '3.9件', '30')
    """
    if pd.isna(value):
        return ""
    text = str(int(value)) if float(value) == int(value) else f"{value:.10f}".rstrip("0").rstrip(".")
    return text + ("" if unit in (None, "(none)") or pd.isna(unit) else str(unit))


def reading_codes(direction: str, basis: str) -> str:
    """How to read a target, as codes the reports put in words (``reading.<code>`` in the
    message catalogue): a ceiling is better when lower; a cumulative total spans the plan; a
    flow is an annual amount.

    >>> reading_codes("lower_is_better", "duration"), reading_codes("higher_is_better", "cumulative")
    ('ceiling', 'cumulative')
    >>> reading_codes("lower_is_better", "flow"), reading_codes("higher_is_better", "stock")
    ('ceiling;annual', '')
    """
    codes = []
    if direction == "lower_is_better":
        codes.append("ceiling")
    if basis == "cumulative":
        codes.append("cumulative")
    if basis == "flow":
        codes.append("annual")
    return ";".join(codes)


def family_groups(targets: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Families worth comparing (numeric targets from two or more jurisdictions, or two or
    more indicators: variants) and the rest (one jurisdiction, one indicator), in data order.

    >>> t = pd.DataFrame({"kind": ["numeric"] * 4, "family": ["a", "a", "b", "c"],
    ...                   "jurisdiction_id": ["x", "y", "x", "x"],
    ...                   "indicator_id": ["a1", "a1", "b1", "c1"]})
    >>> family_groups(t)
    (['a'], ['b', 'c'])
    """
    num = targets[targets["kind"] == "numeric"]
    compared: list[str] = []
    single: list[str] = []
    for fam, part in num.groupby("family", sort=False):
        several = part["jurisdiction_id"].nunique() >= 2 or part["indicator_id"].nunique() >= 2
        (compared if several else single).append(fam)
    return compared, single

"""Progress against targets: verdicts computed from observations, never curated.

For a numeric target whose year has passed, the observation of the *same* jurisdiction,
indicator and year decides:

- ``met`` / ``not_met``, respecting the comparator (``>=``, ``>``, ``<=``, ``=`` and ``~``
  within a stated relative tolerance), a range (``value_high``) and the direction (a ceiling,
  lower is better, is met from below);
- ``not_comparable`` with a ``reason`` when the only figures measure something else:
  ``different_variant`` (same family, another indicator), ``flow_vs_stock``,
  ``cumulative_vs_annual``, ``different_scope`` (only a parent's or a child's figure) or
  ``relative_target`` (a growth rate, a change in points or a multiple, not a level);
- ``no_observation`` otherwise: never a guess.

A target whose year has not passed is ``not_due``; :func:`projections` sets the annual change
it requires (from its baseline) beside the change achieved so far (baseline to the latest
comparable observation), a simple linear extrapolation and labelled as such.

>>> meets(">=", 14.0, 16.0, None, "higher_is_better")
False
>>> meets("<=", 14.0, 16.0, None, "lower_is_better")
True
"""
from __future__ import annotations

import datetime as _dt
import math

import pandas as pd

TOLERANCE = {"=": 0.02, "~": 0.10}  # relative: '=' within 2 %, '~' (about, 左右) within 10 %
SOURCE_RANK = {"official_statistical_bulletin": 0, "official_statement": 1, "press_report": 2}
STATUSES = ("met", "not_met", "not_comparable", "no_observation", "not_due")
REASONS = ("different_variant", "flow_vs_stock", "cumulative_vs_annual", "different_scope",
           "relative_target")

VERDICT_COLUMNS = [
    "target_id", "jurisdiction_id", "indicator_id", "family", "target_year", "comparator",
    "target_std", "target_high_std", "unit_std", "direction", "status", "reason", "detail",
    "tolerance", "observed_std", "observed_year", "observed_indicator_id",
    "observed_jurisdiction_id", "observed_basis", "other_years", "publisher", "title",
    "date_published", "url", "source_kind", "n_observations",
]


def meets(comparator: str, actual: float, low: float, high: float | None,
          direction: str, tolerance: float | None = None) -> bool:
    """Whether ``actual`` meets a target ``low`` (to ``high`` for a range) read by its
    comparator; ``=`` and ``~`` allow a relative tolerance and, on a directed indicator, count
    a value beyond the level on the good side as met (a ceiling is met from below).

    >>> meets("=", 101.0, 100.0, None, "higher_is_better")
    True
    >>> meets("=", 90.0, 100.0, None, "higher_is_better")
    False
    >>> meets("=", 3.0, 2.0, 3.0, "higher_is_better")  # a range, 2-3家
    True
    >>> meets(">", 16.0, 16.0, None, "higher_is_better")
    False
    """
    top = high if high is not None and not _na(high) else low
    if comparator == ">=":
        return actual >= low
    if comparator == ">":
        return actual > low
    if comparator == "<=":
        return actual <= top
    tol = TOLERANCE.get(comparator, 0.0) if tolerance is None else tolerance
    lo, hi = low * (1 - tol), top * (1 + tol)
    if lo <= actual <= hi:
        return True
    if direction == "higher_is_better":
        return actual > hi
    if direction == "lower_is_better":
        return actual < lo
    return False


def _na(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or pd.isna(x)


def _scale(row: pd.Series) -> float | None:
    """The factor from the target's unit as written to its standard unit."""
    v, s = row.get("value"), row.get("value_std")
    if _na(v) or _na(s) or v == 0:
        return None
    return float(s) / float(v)


def target_level(row: pd.Series) -> tuple[float | None, float | None]:
    """The level a target sets, in standard units: (low, high for a range, else None).

    A relative target (``relative``: growth rate, percentage-point change, multiple of a
    baseline) sets no level this function can compute: the baseline's unit is not recorded
    beside it, so turning it into a level would be a guess; (None, None).

    >>> target_level(pd.Series({"value": 2.0, "value_std": 2.0, "value_high": 3.0}))
    (2.0, 3.0)
    >>> target_level(pd.Series({"value": 9.0, "value_std": 9.0, "relative": "growth_rate_per_year"}))
    (None, None)
    """
    relative = row.get("relative")
    if isinstance(relative, str) and relative:
        return None, None
    scale, low, high = _scale(row), row.get("value_std"), row.get("value_high")
    high = None if _na(high) or scale is None else float(high) * scale
    return (None if _na(low) else float(low)), high


def comparable_basis(target_basis: str, obs_basis: str, target_start, obs_start) -> str | None:
    """None if an observation of ``obs_basis`` can test a target of ``target_basis``; else the
    reason it cannot.

    >>> comparable_basis("stock", "flow", None, None)
    'flow_vs_stock'
    >>> comparable_basis("cumulative", "flow", 2023, None)
    'cumulative_vs_annual'
    >>> comparable_basis("duration", "flow", None, None) is None
    True
    """
    if target_basis == "cumulative" or obs_basis == "cumulative":
        same = (target_basis == obs_basis == "cumulative" and not _na(target_start)
                and not _na(obs_start) and int(target_start) == int(obs_start))
        return None if same else "cumulative_vs_annual"
    if target_basis in ("stock", "flow") and obs_basis != target_basis:
        return "flow_vs_stock"
    return None


def _best(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations best first: official statistics, then statements, then press; newest."""
    rank = obs["source_kind"].map(SOURCE_RANK).fillna(9)
    return obs.assign(_rank=rank).sort_values(["_rank", "date_published"],
                                              ascending=[True, False]).drop(columns="_rank")


def related(jurisdictions: pd.DataFrame | None, jid: str) -> set[str]:
    """Parents and children of a jurisdiction (any depth): a different scope, whose figure
    is shown (never judged) when the jurisdiction's own is missing.

    >>> j = pd.DataFrame({"jurisdiction_id": ["china", "zhejiang", "hangzhou", "yunnan"],
    ...                   "parent_id": [None, "china", "zhejiang", "china"]})
    >>> sorted(related(j, "zhejiang"))
    ['china', 'hangzhou']
    """
    if jurisdictions is None:
        return set()
    parent = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["parent_id"]))
    up, j = set(), parent.get(jid)
    while isinstance(j, str) and j not in up:
        up.add(j)
        j = parent.get(j)
    down = {c for c in parent if jid in _ancestors(parent, c)}
    return up | down


def scope(jurisdictions: pd.DataFrame, jid: str) -> list[str]:
    """The jurisdictions whose observations a verdict on ``jid``'s targets may cite: itself
    and :func:`related` (load only these: ``load_observations(jurisdictions=...)``).

    >>> j = pd.DataFrame({"jurisdiction_id": ["china", "zhejiang", "yunnan"],
    ...                   "parent_id": [None, "china", "china"]})
    >>> scope(j, "zhejiang")
    ['china', 'zhejiang']
    """
    return sorted({jid} | related(jurisdictions, jid))


def _ancestors(parent: dict, j: str) -> set[str]:
    out, p = set(), parent.get(j)
    while isinstance(p, str) and p not in out:
        out.add(p)
        p = parent.get(p)
    return out


def verdict(target: pd.Series, observations: pd.DataFrame, as_of_year: int,
            jurisdictions: pd.DataFrame | None = None) -> dict:
    """The verdict on one numeric target (a row of ``load_targets()``), as a dict of
    :data:`VERDICT_COLUMNS`."""
    low, high = target_level(target)
    out = {c: target.get(c) for c in ("target_id", "jurisdiction_id", "indicator_id", "family",
                                      "target_year", "comparator", "unit_std", "direction")}
    out.update(target_std=low, target_high_std=high, reason=None, detail="",
               tolerance=TOLERANCE.get(target.get("comparator")), n_observations=0)
    year = int(target["target_year"])
    if year >= as_of_year:
        return {**out, "status": "not_due", "detail": f"target year {year} has not passed"}
    same_year = observations[observations["year"] == year]
    here = same_year[same_year["jurisdiction_id"] == target["jurisdiction_id"]]
    own = here[here["indicator_id"] == target["indicator_id"]]
    if own.empty:
        return {**out, **_without_own(target, here, same_year, observations, jurisdictions)}
    own = _best(own)
    best = own.iloc[0]
    out.update(_cite(best), n_observations=len(own))
    reason = comparable_basis(target.get("basis"), best["basis"], target.get("period_start_year"),
                              best.get("period_start_year"))
    if reason:
        return {**out, "status": "not_comparable", "reason": reason,
                "detail": f"target basis {target.get('basis')}, observation {best['basis']}"}
    if low is None:
        return {**out, "status": "not_comparable", "reason": "relative_target",
                "detail": f"the target is a {target.get('relative')}, not a level"}
    ok = meets(target["comparator"], float(best["value_std"]), low, high, target.get("direction"))
    values = sorted(set(own["value_std"].round(9)))
    disagree = f"; sources disagree: {', '.join(f'{v:g}' for v in values)}" if len(values) > 1 else ""
    return {**out, "status": "met" if ok else "not_met",
            "detail": f"{best['value_std']:g} vs {target['comparator']} {low:g}{disagree}"}


def _cite(obs: pd.Series) -> dict:
    return {"observed_std": float(obs["value_std"]), "observed_year": int(obs["year"]),
            "observed_indicator_id": obs["indicator_id"],
            "observed_jurisdiction_id": obs["jurisdiction_id"], "observed_basis": obs["basis"],
            **{c: obs.get(c) for c in ("publisher", "title", "date_published", "url",
                                       "source_kind")}}


def _without_own(target, here, same_year, observations, jurisdictions) -> dict:
    """Verdict when no figure of the target's own indicator exists for its year."""
    variant = here[here["family"] == target["family"]] if "family" in here else here.iloc[0:0]
    if not variant.empty:
        best = _best(variant).iloc[0]
        return {"status": "not_comparable", "reason": "different_variant", **_cite(best),
                "n_observations": len(variant),
                "detail": f"only {best['indicator_id']} was observed"}
    related_ids = related(jurisdictions, target["jurisdiction_id"])
    scope = same_year[same_year["jurisdiction_id"].isin(related_ids)
                      & (same_year["indicator_id"] == target["indicator_id"])]
    if not scope.empty:
        best = _best(scope).iloc[0]
        return {"status": "not_comparable", "reason": "different_scope", **_cite(best),
                "n_observations": len(scope),
                "detail": f"only {best['jurisdiction_id']}'s figure was observed"}
    years = observations[(observations["jurisdiction_id"] == target["jurisdiction_id"])
                         & (observations["indicator_id"] == target["indicator_id"])]["year"]
    other = ", ".join(str(int(y)) for y in sorted(set(years)))
    return {"status": "no_observation", "other_years": other,
            "detail": f"no figure for {int(target['target_year'])}"
                      + (f"; observed only in {other}" if other else "")}


def verdicts(targets: pd.DataFrame, observations: pd.DataFrame, as_of_year: int | None = None,
             jurisdictions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One verdict per numeric target (milestones are qualitative: not judged here).

    ``as_of_year``: a target year before it has passed (default: the current year).
    """
    as_of = as_of_year or _dt.date.today().year
    num = targets[targets["kind"] == "numeric"]
    rows = [verdict(t, observations, as_of, jurisdictions) for _, t in num.iterrows()]
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS).sort_values(
        ["jurisdiction_id", "target_id"], kind="stable").reset_index(drop=True)


PROJECTION_COLUMNS = [
    "target_id", "jurisdiction_id", "indicator_id", "target_year", "comparator", "target_std",
    "baseline_std", "baseline_year", "observed_std", "observed_year", "required_per_year",
    "achieved_per_year", "projected_std", "status", "method", "publisher", "title",
    "date_published", "url", "source_kind",
]
METHOD = "simple linear extrapolation from baseline to latest observation"


def projections(targets: pd.DataFrame, observations: pd.DataFrame,
                as_of_year: int | None = None) -> pd.DataFrame:
    """For each future numeric target with a baseline (``baseline_value``, ``baseline_year``)
    and a later comparable observation: the annual change required (baseline to target) and
    achieved (baseline to latest observation), and where the achieved pace would land by the
    target year. A simple extrapolation, never a forecast; empty without baselines."""
    as_of = as_of_year or _dt.date.today().year
    if not {"baseline_value", "baseline_year"} <= set(targets.columns):
        return pd.DataFrame(columns=PROJECTION_COLUMNS)
    rows = []
    num = targets[(targets["kind"] == "numeric") & (targets["target_year"] >= as_of)]
    for _, t in num.iterrows():
        row = _projection(t, observations)
        if row is not None:
            rows.append(row)
    return pd.DataFrame(rows, columns=PROJECTION_COLUMNS)


def _projection(t: pd.Series, observations: pd.DataFrame) -> dict | None:
    scale, (low, _) = _scale(t), target_level(t)
    if _na(t.get("baseline_value")) or _na(t.get("baseline_year")) or scale is None or low is None:
        return None
    base, base_year = float(t["baseline_value"]) * scale, int(t["baseline_year"])
    obs = observations[(observations["jurisdiction_id"] == t["jurisdiction_id"])
                       & (observations["indicator_id"] == t["indicator_id"])
                       & (observations["year"] > base_year)]
    obs = obs[[comparable_basis(t.get("basis"), b, t.get("period_start_year"), s) is None
               for b, s in zip(obs["basis"], obs["period_start_year"])]]
    if obs.empty or int(t["target_year"]) <= base_year:
        return None
    latest = _best(obs[obs["year"] == obs["year"].max()]).iloc[0]
    year = int(latest["year"])
    required = (low - base) / (int(t["target_year"]) - base_year)
    achieved = (float(latest["value_std"]) - base) / (year - base_year)
    projected = float(latest["value_std"]) + achieved * (int(t["target_year"]) - year)
    ok = meets(t["comparator"], projected, low, None, t.get("direction"))
    return {"target_id": t["target_id"], "jurisdiction_id": t["jurisdiction_id"],
            "indicator_id": t["indicator_id"], "target_year": int(t["target_year"]),
            "comparator": t["comparator"], "target_std": low, "baseline_std": base,
            "baseline_year": base_year, "observed_std": float(latest["value_std"]),
            "observed_year": year, "required_per_year": required, "achieved_per_year": achieved,
            "projected_std": projected, "status": "on_track" if ok else "off_track",
            "method": METHOD, **{c: latest.get(c) for c in ("publisher", "title",
                                                            "date_published", "url",
                                                            "source_kind")}}


def summary(verdict_table: pd.DataFrame) -> pd.DataFrame:
    """Counts of verdicts per jurisdiction and status (every status a column, zeros kept)."""
    counts = verdict_table.groupby(["jurisdiction_id", "status"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(STATUSES), fill_value=0).reset_index()


def actual_path(observations: pd.DataFrame, jurisdiction: str, indicator: str) -> pd.DataFrame:
    """The observed values of one indicator in one jurisdiction, by year, best source per year,
    each with its citation: the 'actual' line of a progress chart."""
    obs = observations[(observations["jurisdiction_id"] == jurisdiction)
                       & (observations["indicator_id"] == indicator)]
    if obs.empty:
        return obs.copy()
    best = [_best(part).iloc[0] for _, part in obs.groupby("year")]
    return pd.DataFrame(best).sort_values("year").reset_index(drop=True)

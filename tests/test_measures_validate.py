"""Validation of the measures tables: each broken copy fails with one precise message."""
from __future__ import annotations

import csv
import io

import pytest

from ipstats.core.problems import ValidationError
from ipstats.dataset.validate import validate

CN = "cn-2020-ip-strategy-promotion-plan"
GZ = "gz-draft-ip-protection-opinions"


def _edit(path, target, changes):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    for r in rows:
        if r["measure_id"] == target:
            r.update(changes)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _drop(path, measure_id):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith(measure_id + ",")), encoding="utf-8")


def _problems(paths):
    with pytest.raises(ValidationError) as exc:
        validate(paths)
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize("doc, measure_id, changes, expected", [
    pytest.param(CN, "cn2020-task002", {"theme": "enforcement"},
                 "raw/measures/cn-2020-ip-strategy-promotion-plan.csv, line 3, column 'theme': unknown "
                 "theme: expected one of administration, creation, culture, international, protection, "
                 "services, utilisation. Add it to the codebook themes.csv, or use an existing theme. "
                 "(found 'enforcement')", id="theme-not-in-codebook"),
    pytest.param(CN, "cn2020-task002", {"quote": "复制推广全面创新改革试验中的著作权举措"},
                 "column 'quote': quote not found in the source", id="quote-not-in-source"),
    pytest.param(CN, "cn2020-task002", {"lead_departments": "china.moj",
                                        "participating_departments": "china.spc;china.cnipa;china.publicity-dept"},
                 "column 'lead_departments': expected china.spc from the clause as written (the first "
                 "named leads), in the order written (found 'china.moj')", id="wrong-lead"),
    pytest.param(CN, "cn2020-task041", {"campaigns": ""},
                 "the measure names campaign jianwang ('剑网') but the column does not list it",
                 id="campaign-not-listed"),
    pytest.param(CN, "cn2020-task042", {"campaigns": "kunlun"},
                 "the measure's text does not match campaign kunlun's pattern", id="campaign-not-in-text"),
    pytest.param(CN, "cn2020-task055", {"target_ids": ""},
                 "the measure states target cn2020-t02", id="target-not-linked"),
    pytest.param(CN, "cn2020-task005", {"clause": "6"},
                 "column 'clause': the clause as written does not read as measure 5", id="clause-mismatch"),
    pytest.param(CN, "cn2020-task005", {"measure_id": "cn2020-task050"},
                 "the id's number should be the measure's number 5: write cn2020-task005",
                 id="id-number-mismatch"),
    pytest.param(GZ, "gz-task002", {"departments_as_written": "（省市场监管局牵头，省税务局按职责分工负责）"},
                 "no department of guizhou has this alias", id="unknown-department-name"),
    pytest.param(CN, "cn2020-task007", {"departments_as_written": ""},
                 "the source names departments here: copy", id="departments-missing"),
])
def test_broken_measure_is_reported(data_copy, doc, measure_id, changes, expected):
    _edit(data_copy.measures_dir / f"{doc}.csv", measure_id, changes)
    problems = _problems(data_copy)
    assert any(expected in p for p in problems), problems


def test_missing_measure_is_a_gap_in_the_numbering(data_copy):
    _drop(data_copy.measures_dir / f"{GZ}.csv", "gz-task023")
    _drop(data_copy.measures_dir / f"{GZ}.csv", "gz-task007")
    problems = _problems(data_copy)
    assert ("raw/measures/gz-draft-ip-protection-opinions.csv, column 'number': numbers missing: the "
            "document numbers its measures 1..23; add a row for each (found '7, 23')") in problems


def test_unknown_theme_in_codebook_and_ambiguous_alias(data_copy):
    themes = data_copy.raw_table("themes")
    themes.write_text(themes.read_text(encoding="utf-8").replace("\nculture,", "\nculture2,"),
                      encoding="utf-8")
    deps = data_copy.raw_table("departments")
    deps.write_text(deps.read_text(encoding="utf-8").replace(",Ministry of Education,教育部,", ",Ministry of Education,教育部;科技部,"),
                    encoding="utf-8")
    problems = _problems(data_copy)
    assert any("column 'theme': unknown theme: did you mean culture2?" in p for p in problems)
    assert any("ambiguous alias" in p and "科技部" in p for p in problems)


def test_invalid_campaign_pattern(data_copy):
    camp = data_copy.raw_table("campaigns")
    camp.write_text(camp.read_text(encoding="utf-8").replace(",剑网,国家版权局", ",剑网(,国家版权局"),
                    encoding="utf-8")
    problems = _problems(data_copy)
    assert ("raw/campaigns.csv, line 2, column 'pattern': not a supported regular expression "
            "(missing ): 剑网(); patterns run on RE2: no backreferences or lookarounds; escape "
            "special characters such as + ( ) with a backslash (found '剑网(')") in problems


def test_a_backtracking_campaign_pattern_cannot_hang_validation(data_copy):
    import time

    camp = data_copy.raw_table("campaigns")
    camp.write_text(camp.read_text(encoding="utf-8").replace(",剑网,国家版权局", ",剑网|(.+)+网X,国家版权局"),
                    encoding="utf-8")
    t0 = time.perf_counter()
    validate(data_copy)  # the pattern is valid and matches what 剑网 matched: no problem
    assert time.perf_counter() - t0 < 30

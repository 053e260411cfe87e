"""The message catalogue is complete in both languages, and every key the code and the
notebooks use exists in it."""
from __future__ import annotations

import json
import re
import string

import pytest
import yaml

from ipstats.core.paths import MESSAGES_FILE, NOTEBOOKS_DIR, PACKAGE_DIR
from ipstats.dataset import schema as field_dictionary
from ipstats.reports.i18n import catalogue, clause_label, short_title, word


def test_every_key_has_zh_and_en():
    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    problems = []
    for key, entry in raw.items():
        if not isinstance(entry, dict) or not {"zh", "en"} <= set(entry) \
                or set(entry) - {"zh", "en", "en_one"}:
            problems.append(f"{key}: expected zh and en (and optionally en_one), found {entry!r}")
            continue
        # a bare count's unit and the generic measure words read as nothing in English
        may_be_empty = key in ("unit.none", "mw.个", "mw.项")
        if not may_be_empty and not (str(entry["zh"]).strip() and str(entry["en"]).strip()):
            problems.append(f"{key}: empty text")
        fields = [{f for _, f, _, _ in string.Formatter().parse(str(entry[lang])) if f}
                  for lang in ("zh", "en")]
        if fields[0] != fields[1]:
            problems.append(f"{key}: placeholders differ between zh {fields[0]} and en {fields[1]}")
    assert problems == []


def _used_keys() -> set[str]:
    pattern = re.compile(r"""\b(?:t|section|has)\(\s*["']([a-z_]+\.[A-Za-z0-9_.>=<~]+)["']""")
    texts = ["\n".join(ln for ln in p.read_text(encoding="utf-8").splitlines()
                       if not ln.strip().startswith(">>>"))  # doctests may use unknown keys
             for p in (PACKAGE_DIR / "reports").rglob("*.py")]
    for nb in NOTEBOOKS_DIR.glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts.append("\n".join("".join(c["source"]) for c in cells))
    return {k for text in texts for k in pattern.findall(text)}


def test_every_key_used_exists():
    used = _used_keys()
    assert len(used) > 50  # the scan itself works
    assert sorted(used - set(catalogue())) == []


def test_every_code_value_has_words():
    """Each enumerated code a page shows (level, status, document type, basis, direction,
    comparator) and each standard unit has words in both languages."""
    schema = field_dictionary.descriptor()
    wanted = {("jurisdictions", "level"): "level", ("documents", "status"): "status",
              ("documents", "doc_type"): "doc_type", ("indicators", "basis"): "basis",
              ("indicators", "direction"): "direction", ("targets", "comparator"): "comparator",
              ("units", "base_unit"): "unit"}
    missing = []
    for res in schema["resources"]:
        for f in res["schema"]["fields"]:
            prefix = wanted.get((res["name"], f["name"]))
            for v in f.get("constraints", {}).get("enum", []) if prefix else []:
                if f"{prefix}.{v}" not in catalogue():
                    missing.append(f"{prefix}.{v}")
    assert missing == []


def test_indicator_units_have_names(built_data):
    import ipstats

    units = set(ipstats.load_indicators(built_data)["unit_std"]) - {"none"}
    assert sorted(u for u in units if f"unit.{u}" not in catalogue()) == []


@pytest.mark.parametrize("clause, zh, en", [
    pytest.param("part 1 总体目标", "第1部分 总体目标", "Part 1, Overall goals", id="part-heading"),
    pytest.param("part 1 (2) 主要目标", "第1部分(2) 主要目标", "Part 1 (2), Main goals", id="sub"),
    pytest.param("part 2 未知标题", "第2部分 未知标题", "Part 2, 未知标题", id="heading-kept-verbatim"),
    pytest.param("task 16", "第16项任务", "Task 16", id="task"),
    pytest.param("section 9 (goal paragraph)", "第9节（目标段）", "Section 9, goal paragraph",
                 id="goal-paragraph"),
    pytest.param("17", "第17条", "Item 17", id="number"),
    pytest.param("（十四）", "（十四）", "Item (14)", id="chinese-number"),
    pytest.param("odd clause", "odd clause", "odd clause", id="unknown-kept"),
])
def test_clause_labels(clause, zh, en):
    assert (clause_label(clause, "zh"), clause_label(clause, "en")) == (zh, en)


def test_short_titles_and_words():
    doc = {"jurisdiction_name_zh": "贵州省", "jurisdiction_name_en": "Guizhou Province",
           "doc_type": "implementing_opinions", "status": "draft", "reference_date": None}
    assert short_title(doc, "zh") == "贵州省实施意见（征求意见稿）"
    assert short_title(doc, "en") == "Guizhou Province implementing opinions (draft)"
    assert word("status", "draft", "en") == "Draft for comment"
    assert word("bool", True, "zh") == "是"


@pytest.mark.parametrize("n, en", [(0, "0 reports"), (1, "1 report"), (2, "2 reports"),
                                   (1001, "1001 reports")])
def test_a_count_agrees_its_word_in_english(n, en):
    from ipstats.reports.i18n import t

    assert t("index.count", "en", n=n) == en
    assert t("index.count", "zh", n=n) == f"{n}份报告"


def test_agreement_reads_the_count_not_a_flag_or_a_string():
    from ipstats.reports.i18n import _Count, t

    assert f"{_Count(1):is|are} {_Count(3):is|are} {_Count(5):03d}" == "is are 005"
    assert t("find.timeline_undated", "en", n=1) == (
        "1 document is undated and shown as its inferred window.")
    with pytest.raises(ValueError):
        t("index.count", "en", n="1")  # a count must be a number to agree with


def test_no_english_message_hedges_a_plural():
    """ "report(s)" reads as a form, not a publication: a count agrees its word instead."""
    hedged = {k: v["en"] for k, v in catalogue().items() if "(s)" in v["en"]}
    assert hedged == {}

"""Measures: numbering, responsibility clauses on messy text, department normalisation,
campaigns, similarity, and the shipped data's counts."""
from __future__ import annotations

import pytest

from ipstats.dataset.measures.campaigns import compile_patterns, find_campaigns
from ipstats.dataset.measures.departments import alias_index, resolve
from ipstats.dataset.measures.parse import (numeral_value, responsibility_clause,
                                    responsibility_convention, split_departments, split_measures)
from ipstats.analysis.similarity import cosine, tfidf_vectors

NATIONAL_LIKE = """一、深化改革

(一)改革完善政策

1. 制定出台政策文件, 高标准推进集聚区建设。

(知识产权局负责)

2. 复制推广改革举措。(最 高人民法院、司法部、知识产权局按职责分别负责)

3. 推进司法解释的起草工作。制定《解释(三)》,修订

《意见》(一)

二)。(最高人民法院、最高人民检察院、公安部负责)

-)提高审查质量

4. 编制《规划纲要》。 中科院负责)

上述各项任务分工中,由多个部门负责的,列第一位的部门 为牵头部门,其他为参与部门。
"""


@pytest.mark.parametrize("clause, expected", [
    pytest.param("16", 16, id="arabic"), pytest.param("(二十三)", 23, id="paren-23"),
    pytest.param("（十）", 10, id="ten"), pytest.param("（1）", 1, id="garbled-first"),
    pytest.param("(十九)", 19, id="19"), pytest.param("(二十)", 20, id="20"),
    pytest.param("二)", 2, id="lost-bracket"), pytest.param("(甲)", None, id="not-a-number"),
])
def test_numeral_value(clause, expected):
    assert numeral_value(clause) == expected


def test_split_national_like_text_handles_wraps_breaks_and_lost_brackets():
    ms = split_measures(NATIONAL_LIKE)
    assert [m.number for m in ms] == [1, 2, 3, 4]
    assert ms[0].departments_as_written == "(知识产权局负责)"  # on its own paragraph
    assert ms[1].departments_as_written == "(最 高人民法院、司法部、知识产权局按职责分别负责)"
    assert ms[2].departments_as_written == "(最高人民法院、最高人民检察院、公安部负责)"
    assert ms[3].departments_as_written == "中科院负责)"  # opening bracket lost
    assert ms[3].section == "-)提高审查质量" and ms[0].section == "(一)改革完善政策"
    assert ms[0].part == "一、深化改革"
    assert ms[0].quote == "制定出台政策文件, 高标准推进集聚区建设"
    assert responsibility_convention(NATIONAL_LIKE) == "first_leads"


@pytest.mark.parametrize("written, convention, leads, parts", [
    pytest.param("(最 高人民法院、司法部按职责分别负责)", "first_leads", ["最高人民法院"], ["司法部"],
                 id="line-wrap-space"),
    pytest.param("中科院负责)", "first_leads", ["中科院"], [], id="missing-open-bracket"),
    pytest.param("(知识产权局、 教育 部负责)", "first_leads", ["知识产权局"], ["教育部"], id="wrapped"),
    pytest.param("（省法院牵头，省检察院、司法厅按职责分工负责）", "explicit_lead", ["省法院"],
                 ["省检察院", "司法厅"], id="guizhou-lead"),
    pytest.param("（省人大办公厅牵头、省检察院按职责分工负责）", "explicit_lead", ["省人大办公厅"],
                 ["省检察院"], id="lead-with-dunhao"),
    pytest.param("(省法院、省检察院牵头，省公安厅负责)", "explicit_lead", ["省法院", "省检察院"],
                 ["省公安厅"], id="several-leads"),
    pytest.param("（省司法厅牵头，省法院、省司法厅按职责分工负责）", "explicit_lead", ["省司法厅"],
                 ["省法院"], id="lead-named-twice"),
    pytest.param("（各有关部门、各地党委和政府，省委组织部、按职责分工负责）", "explicit_lead", [],
                 ["各有关部门", "各地党委和政府", "省委组织部"], id="no-lead-trailing-comma"),
    pytest.param("（省法院负责）", "explicit_lead", ["省法院"], [], id="sole-body-leads"),
])
def test_split_departments(written, convention, leads, parts):
    assert split_departments(written, convention) == (leads, parts)


def test_responsibility_clause_keeps_brackets_inside_names():
    body = "加强保护。(省市场监管局(省知识产权局)牵头,省法院负责)"
    assert responsibility_clause(body) == "(省市场监管局(省知识产权局)牵头,省法院负责)"


def test_paren_numbering_with_garbled_first_and_part_headings():
    text = ("2、 全面落实制度\n（1） 严格司法保护。发挥作用。（省法院负责）\n"
            "（二）严格行政保护。查处。（省市场监管局牵头，省公安厅按职责分工负责）\n"
            "三、健全格局\n（三）加大监督。开展检查。（省人大办公厅牵头、省检察院按职责分工负责）\n")
    ms = split_measures(text)
    assert [(m.number, m.clause, m.part) for m in ms] == [
        (1, "（1）", "2、 全面落实制度"), (2, "（二）", "2、 全面落实制度"), (3, "（三）", "三、健全格局")]
    assert ms[0].title == "严格司法保护" and ms[0].quote == "严格司法保护。发挥作用"


def test_numbers_inside_sentences_do_not_start_measures():
    text = "1. 在\n8. 个试验区推广。\n2. 第二项。\n"
    assert [m.number for m in split_measures(text)] == [1, 2]


def test_resolve_departments_by_jurisdiction():
    idx = alias_index([{"department_id": "china.cnipa", "jurisdiction_id": "china", "aliases": "知识产权局"},
                       {"department_id": "guizhou.justice", "jurisdiction_id": "guizhou",
                        "aliases": "省司法厅;司法厅"}])
    assert resolve(["司法厅", "省司法厅"], "guizhou", idx) == (["guizhou.justice"], [])
    assert resolve(["司法厅"], "china", idx) == ([], ["司法厅"])


def test_campaign_patterns_survive_source_damage_and_traditional_script():
    pats = compile_patterns([{"campaign_id": "lantian", "pattern": "蓝天|“蓝”专项"},
                             {"campaign_id": "huhang", "pattern": "“护航”"},
                             {"campaign_id": "bad", "pattern": "("}])
    assert find_campaigns("深入推进“蓝”专项整治行动", pats) == ["lantian"]
    assert find_campaigns("開展“護航”“藍天”等專項行動", pats) == ["lantian", "huhang"]
    assert find_campaigns("强化重点产业知识产权护航行动", pats) == []


def test_similarity_prefers_shared_rare_terms():
    v = tfidf_vectors(["开展剑网专项行动", "组织剑网行动", "开展知识产权宣传", "知识产权质押融资"])
    assert cosine(v[0], v[1]) > cosine(v[0], v[2])
    assert cosine(v[0], v[0]) == pytest.approx(1.0)
    assert cosine(v[0], v[3]) == 0.0


def test_shipped_measures_match_the_documents_numbering(built_data):
    import pandas as pd

    m = pd.read_parquet(built_data.processed_table("measures"))
    counts = m.groupby("doc_id")["number"].agg(["count", "min", "max", "nunique"]).to_dict("index")
    expected = {"cn-2020-ip-strategy-promotion-plan": 100, "zj-2020-ip-protection-action-plan": 100,
                "yx-2021-ip-protection-opinions": 34, "hz-2023-ip-model-city-work-plan": 20,
                "gz-draft-ip-protection-opinions": 23}
    assert {d: c["count"] for d, c in counts.items()} == expected
    assert all(c["min"] == 1 and c["max"] == c["count"] == c["nunique"] for c in counts.values())
    assert m["source_line"].notna().all()  # every quote was found in its source
    row = m.set_index("measure_id").loc["cn2020-task093"]
    assert (row["departments_as_written"], row["lead_departments"]) == ("中科院负责)", "china.cas")
    links = m.set_index("measure_id")["target_ids"].dropna().to_dict()
    assert links == {"cn2020-task016": "cn2020-t01", "cn2020-task055": "cn2020-t02",
                     "cn2020-task056": "cn2020-t03", "zj2020-task020": "zj2020-t02",
                     "zj2020-task048": "zj2020-t03", "zj2020-task090": "zj2020-t10"}

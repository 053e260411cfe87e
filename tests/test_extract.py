"""The candidate-target extractor: each phrasing pattern with an inline example, the seeds'
recall, and the command's safety (never writes under raw/ unless asked)."""
from __future__ import annotations

import csv
import io

import pytest

from ipstats.dataset import schema
from ipstats.cli.main import main
from ipstats.curation.extract import propose
from ipstats.curation.evaluate import evaluate
from ipstats.dataset.provenance import check_quote, source_text

FIELDS = ("comparator", "value", "unit", "target_year", "target_year_inferred", "aspiration")


def _one(text: str, year: int | None = 2021) -> tuple:
    rows = propose(text, "t", year, "the test's year")
    assert len(rows) == 1, rows
    return tuple(rows[0][f] for f in FIELDS)


@pytest.mark.parametrize("text, expected", [
    # 到20XX年 scope; a bare level is =
    pytest.param("到2025年,有效注册商标量3.2万件", ("=", "3.2", "万件", "2025", "false", "false"), id="dao-year-bare-level"),
    pytest.param("到2025年,全省新增企业。各地培育示范企业50家", ("=", "50", "家", "2025", "false", "false"), id="dao-year-governs-paragraph"),
    pytest.param("发布100项浙江省优秀非遗旅游商品", ("=", "100", "项", "2021", "true", "false"), id="no-year-inferred"),
    pytest.param("到2025年底,建成服务站70家", ("=", "70", "家", "2025", "false", "false"), id="year-end"),
    # comparators
    pytest.param("每万人发明专利拥有量达到32件", (">=", "32", "件", "2021", "true", "false"), id="dadao"),
    pytest.param("质押融资金额达250亿元", (">=", "250", "亿元", "2021", "true", "false"), id="da"),
    pytest.param("破案数不低于上年同期1.1倍", (">=", "1.1", "倍", "2021", "true", "false"), id="bu-di-yu-beats-di-yu"),
    pytest.param("培育规范化市场30家以上", (">=", "30", "家", "2021", "true", "false"), id="yishang"),
    pytest.param("建成省级以上集聚区7个", ("=", "7", "个", "2021", "true", "false"), id="shengji-yishang-is-not-a-comparator"),
    pytest.param("审理周期压缩至3个月以内", ("<=", "3", "个月", "2021", "true", "false"), id="yinei"),
    pytest.param("审查周期压减至4个月", ("<=", "4", "个月", "2021", "true", "false"), id="yajianzhi"),
    pytest.param("结案周期不超过90天", ("<=", "90", "天", "2021", "true", "false"), id="bu-chao-guo"),
    pytest.param("专利授权量5万件左右", ("~", "5", "万件", "2021", "true", "false"), id="zuoyou"),
    pytest.param("建成约30家工作站", ("~", "30", "家", "2021", "true", "false"), id="yue"),
    # 力争, 累计, 每万人, 每百户
    pytest.param("力争到2025年,建成示范企业50家", ("=", "50", "家", "2025", "false", "true"), id="lizheng"),
    pytest.param("力争通过3年建设,综合竞争力位居前列。到2025年,建成服务站70家",
                 ("=", "70", "家", "2025", "false", "false"), id="lizheng-ends-with-sentence-and-3-years-is-a-period"),
    pytest.param("累计培育示范企业1500家", (">=", "1500", "家", "2021", "true", "false"), id="leiji"),
    pytest.param("每百户企业有效注册商标拥有量达到125件", (">=", "125", "件", "2021", "true", "false"), id="meibaihu-is-not-a-number"),
    pytest.param("每万人口发明专利拥有量3.9件", ("=", "3.9", "件", "2021", "true", "false"), id="meiwanren"),
    # units and scales
    pytest.param("知识产权服务业增加值占比达到15%", (">=", "15", "%", "2021", "true", "false"), id="percent"),
    pytest.param("专利转化率达到百分之二十", (">=", "20", "%", "2021", "true", "false"), id="baifenzhi"),
    pytest.param("融资额达到5000万元", (">=", "5000", "万元", "2021", "true", "false"), id="wanyuan"),
    pytest.param("地理标志产品数量31项", ("=", "31", "项", "2021", "true", "false"), id="xiang"),
    pytest.param("新建30 技术与创新支持中心TISC)", ("=", "30", "(none)", "2021", "true", "false"), id="bare-number-after-verb"),
    # Chinese numerals
    pytest.param("审理周期压缩至三个月以内", ("<=", "3", "个月", "2021", "true", "false"), id="chinese-numeral"),
    pytest.param("培育一百二十家示范企业", ("=", "120", "家", "2021", "true", "false"), id="chinese-hundreds"),
    pytest.param("融资金额达到三亿元", (">=", "3", "亿元", "2021", "true", "false"), id="chinese-with-yi-scale"),
    # traditional characters, web artefacts, full-width digits and punctuation
    pytest.param("到2025年,知識產權許可備案和轉讓數量達到2。5萬件", (">=", "2.5", "万件", "2025", "false", "false"), id="traditional-decimal-fullstop"),
    pytest.param("每萬人高價值發(fā)明專利擁有量達到40件", (">=", "40", "件", "2021", "true", "false"), id="pinyin-artefact"),
    pytest.param("累計知識產權質押融資金額達250億元", (">=", "250", "亿元", "2021", "true", "false"), id="traditional-leiji-yi"),
    pytest.param("到２０２５年，建成服务站７０家以上；", (">=", "70", "家", "2025", "false", "false"), id="full-width-digits-and-punctuation"),
    pytest.param("专利转化率达到１５％", (">=", "15", "%", "2021", "true", "false"), id="full-width-percent"),
])
def test_each_phrasing_gives_the_expected_row(text, expected):
    assert _one(text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("做好第19届亚运会、第4届亚残运会特殊标志保护工作", id="ordinal"),
    pytest.param("依托“4·26”世界知识产权日开展宣传", id="date-4-26"),
    pytest.param("在 8个改革试验区推广改革", id="existing-scope"),
    pytest.param("围绕10大千亿级产业和12个农村特色产业开展专利导航", id="scope-weirao"),
    pytest.param("作为“10+N”便利化行动指标", id="10+N"),
    pytest.param("增强“四个意识”、坚定“四个自信”", id="slogan"),
    pytest.param("深化“一件事”改革", id="one-thing-reform"),
    pytest.param("2023年1月10日", id="date"),
    pytest.param("(國發〔2021〕20號)", id="document-number"),
    pytest.param("完成长三角G60科创走廊协作项目", id="latin-name"),
    pytest.param("列入五年立法调研项目库", id="chinese-numeral-without-cue"),
    pytest.param("16. 加强高质量创造政策引导", id="list-number"),
    pytest.param("统一部署执法行动", id="tongyi-is-a-word"),
    pytest.param("知识产权强市建设三年行动方案", id="duration-without-comparator-is-a-period"),
])
def test_non_targets_are_not_proposed(text):
    assert propose(text, "t", 2021) == []


def test_cumulative_governs_the_following_clause_and_its_quote_starts_there():
    rows = propose("累計建成企業專利特色庫30個,行業專利特色庫10個;培育集聚區7個", "t", 2025,
                   period_start_year=2023)
    assert [(r["value"], r["comparator"], r["period_start_year"], r["quote"]) for r in rows] == [
        ("30", ">=", "2023", "累計建成企業專利特色庫30個"),
        ("10", ">=", "2023", "累計建成企業專利特色庫30個,行業專利特色庫10個"),
        ("7", "=", "", "培育集聚區7個"),
    ]


def test_ids_clauses_and_notes():
    rows = propose("一、总体目标\n到2021年,培育市场30家以上。\n20.加大力度,破案数不低于上年同期1.1倍。",
                   "zj", 2021, "effective_to in documents.csv")
    assert [(r["target_id"], r["clause"]) for r in rows] == [("zj-c01", "part 1 总体目标"),
                                                           ("zj-c02", "task 20")]
    assert "以上 read as >=" in rows[0]["note"]
    assert "target year taken from effective_to in documents.csv" in rows[1]["note"]


def test_every_quote_on_the_seeds_is_verbatim_and_located(data_copy):
    from ipstats.curation.proposals import proposals_for

    for src in sorted(data_copy.sources.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        lines = text.splitlines()
        problems: list = []
        for row in proposals_for(src, data_copy.root):
            line = check_quote("x", 1, row["quote"], source_text(src, "t"), src.name, problems)
            # original characters, copied from one line of the source, located at that line
            assert line is not None and row["quote"] in lines[line - 1], (src.name, row["quote"])
        assert problems == []


def test_recall_on_the_seed_documents_is_at_least_95_percent(data_copy):
    result = evaluate(data_copy.root)
    print(result.report())
    assert sum(d.curated for d in result.docs) == 25
    assert result.recall >= 0.95, result.report()
    assert result.precision >= 0.8, result.report()


def test_cli_prints_csv_with_the_targets_header(data_copy, capsys):
    src = data_copy.sources / "yx-2021-ip-protection-opinions.txt"
    assert main(["extract", str(src), "--data-dir", str(data_copy.root)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == schema.field_names("targets")
    assert [(r[0], r[4], r[5], r[6]) for r in rows[1:]] == [
        ("yx-2021-ip-protection-opinions-c01", "3.9", "件", "2025"),
        ("yx-2021-ip-protection-opinions-c02", "3.2", "万件", "2025"),
        ("yx-2021-ip-protection-opinions-c03", "31", "项", "2025")]


def test_cli_refuses_to_write_under_raw_unless_forced(data_copy, capsys):
    src = data_copy.sources / "yx-2021-ip-protection-opinions.txt"
    out = data_copy.targets_dir / "new.csv"
    assert main(["extract", str(src), "--out", str(out), "--data-dir", str(data_copy.root)]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: {out}: refusing to write under {data_copy.raw}, which holds the "
                   "curated data. Write the proposals elsewhere (e.g. --out proposals.csv), "
                   "review them, then copy the rows you keep into raw/targets/<doc_id>.csv; or "
                   "pass --force to write there anyway\n")
    assert not out.exists()
    assert main(["extract", str(src), "--out", str(out), "--force",
                 "--data-dir", str(data_copy.root)]) == 0
    assert out.read_text(encoding="utf-8").startswith("target_id,indicator_id,")


def test_cli_will_not_overwrite_reviewed_rows(data_copy, tmp_path, capsys):
    src = data_copy.sources / "yx-2021-ip-protection-opinions.txt"
    out = tmp_path / "proposals.csv"
    out.write_text("reviewed\n", encoding="utf-8")
    assert main(["extract", str(src), "--out", str(out), "--data-dir", str(data_copy.root)]) == 1
    assert capsys.readouterr().err == (f"error: {out} already exists (it may hold reviewed "
                                       "rows); choose another --out or pass --force to "
                                       "overwrite it\n")
    assert out.read_text(encoding="utf-8") == "reviewed\n"


@pytest.mark.parametrize("content, message", [
    pytest.param(None, "cannot read the source text (No such file or directory); give the path "
                       "of a .txt file", id="missing"),
    pytest.param(b"\x00\xff\xfe\x81\x00", "line 1, column 2: not text in UTF-8 or GB18030 "
                                         "(byte 0xff); save the document as UTF-8 plain text "
                                         "first", id="binary"),
])
def test_cli_unreadable_source(tmp_path, capsys, content, message):
    src = tmp_path / "plan.txt"
    if content is not None:
        src.write_bytes(content)
    assert main(["extract", str(src), "--data-dir", str(tmp_path)]) == 1
    sep = ": " if content is None else ", "
    assert capsys.readouterr().err == f"error: {src}{sep}{message}\n"


def test_gb18030_source_reads_the_same(tmp_path, capsys):
    src = tmp_path / "plan.txt"
    src.write_bytes("到2025年,建成服务站70家以上。".encode("gb18030"))
    assert main(["extract", str(src), "--data-dir", str(tmp_path), "--year", "2025"]) == 0
    assert ",>=,70,家,2025,false," in capsys.readouterr().out

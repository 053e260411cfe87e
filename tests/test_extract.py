"""The candidate-target extractor: each phrasing pattern with an inline example, the seeds'
recall, and the command's safety (never writes under raw/ unless asked)."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from ipstats.dataset import schema
from ipstats.cli.main import main
from ipstats.core.paths import DEFAULT_DATA_DIR
from ipstats.curation.extract import propose
from ipstats.curation.evaluate import evaluate
from ipstats.dataset.provenance import check_quote, source_text
from ipstats.dataset.textnorm import NormalisedText

CORPUS = Path(__file__).parent / "fixtures" / "extract_corpus"
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
    pytest.param("累计培育示范企业1500家", ("=", "1500", "家", "2021", "true", "false"), id="leiji"),
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
        ("30", "=", "2023", "累計建成企業專利特色庫30個"),
        ("10", "=", "2023", "累計建成企業專利特色庫30個,行業專利特色庫10個"),
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
    curated = sum(1 for f in data_copy.targets_dir.glob("*.csv")
                  for r in csv.DictReader(io.StringIO(f.read_text(encoding="utf-8")))
                  if r["kind"] == "numeric")
    assert sum(d.curated for d in result.docs) == curated > 0
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
    (tmp_path / "raw").mkdir()  # the measure words come from the data directory
    for table in ("units.csv", "measure_words.csv"):
        shutil.copy(DEFAULT_DATA_DIR / "raw" / table, tmp_path / "raw" / table)
    assert main(["extract", str(src), "--data-dir", str(tmp_path), "--year", "2025"]) == 0
    assert ",>=,70,家,2025,false," in capsys.readouterr().out


def test_extract_without_units_csv_says_where_measure_words_come_from(tmp_path, capsys):
    src = tmp_path / "plan.txt"
    src.write_text("到2025年,建成服务站70家以上。", encoding="utf-8")
    assert main(["extract", str(src), "--data-dir", str(tmp_path), "--year", "2025"]) == 1
    err = capsys.readouterr().err
    assert "units.csv: cannot read the file" in err and "pass --data-dir" in err


NEW_FIELDS = ("comparator", "value", "value_high", "unit", "target_year", "baseline_value",
              "baseline_year", "relative", "recurrence")


@pytest.mark.parametrize("text, expected", [
    pytest.param("到2025年,专利量由2020年的6.8件提高到12件",
                 [(  "=", "12", "", "件", "2025", "6.8", "2020", "", "")], id="baseline-to-target"),
    pytest.param("到2025年,专利代理机构从2020年的42家增加到80家",
                 [("=", "80", "", "家", "2025", "42", "2020", "", "")], id="cong-dao"),
    pytest.param("到2025年,分别由7.4件、2.1件提高到13件、4.5件",
                 [("=", "13", "", "件", "2025", "7.4", "", "", ""),
                  ("=", "4.5", "", "件", "2025", "2.1", "", "", "")], id="paired-baselines"),
    pytest.param("到2025年,新建培育中心3家至5家", [("=", "3", "5", "家", "2025", "", "", "", "")],
                 id="range-unit-on-both-ends"),
    pytest.param("到2025年,建成维权分中心2-3家", [("=", "2", "3", "家", "2025", "", "", "", "")],
                 id="range-dash"),
    pytest.param("到2025年,地理标志商标突破300件", [(">", "300", "", "件", "2025", "", "", "", "")],
                 id="tupo-is-strictly-more"),
    pytest.param("到2025年,保护满意度达80分以上", [(">=", "80", "", "分", "2025", "", "", "", "")],
                 id="score"),
    pytest.param("到2025年,使用费年均增长9%", [("=", "9", "", "%", "2025", "", "", "growth_rate_per_year", "")],
                 id="growth-per-year"),
    pytest.param("到2025年,实施率提高5个百分点", [("=", "5", "", "个百分点", "2025", "", "", "pp_change", "")],
                 id="pp-change"),
    pytest.param("到2025年,商标量较2020年增长40%", [("=", "40", "", "%", "2025", "", "2020", "growth_over_baseline", "")],
                 id="growth-over-baseline"),
    pytest.param("到2025年,每年新增示范企业10家", [("=", "10", "", "家", "2025", "", "", "", "annual")],
                 id="annual"),
    pytest.param("到2025年,力争产值超万亿元", [(">", "1", "", "万亿元", "2025", "", "", "", "")],
                 id="no-digit-trillion"),
    pytest.param("到2025年,有效发明专利量在2021年基础上翻两番", [("=", "4", "", "倍", "2025", "", "2021", "multiple_of_baseline", "")],
                 id="no-digit-quadruple"),
])
def test_real_plan_phrasings(text, expected):
    rows = propose(text, "t", 2021)
    assert [tuple(r.get(f, "") for f in NEW_FIELDS) for r in rows] == [
        tuple("" if v is None else v for v in e) for e in expected]


@pytest.mark.parametrize("text", [
    pytest.param("2020年,全省专利授权量达到11.26万件,同比增长23.7%", id="past-year-sentence"),
    pytest.param("一、发展基础\n全省累计培育示范企业41家", id="background-section"),
    pytest.param("本规划共设置12个定量指标,其中预期性指标10个、约束性指标2个", id="own-indicator-count"),
    pytest.param("《规划》提出共27项具体措施", id="own-measure-count"),
    pytest.param("截至2020年底,全县有效发明专利612件", id="jiezhi-year-end-is-past"),
    pytest.param("记者了解到,去年全市质押融资额为14.2亿元,惠及企业326家", id="last-year"),
    pytest.param("覆盖全县21个乡镇", id="scope-count"),
])
def test_baselines_past_results_and_counts_are_not_proposed(text):
    assert propose(text, "t", 2025) == []


def test_the_year_of_a_lead_in_carries_into_its_list_and_a_cited_title_never_sets_it():
    text = ("江南省知识产权强省建设纲要(2021—2035年)\n"
            "到2025年,主要实现以下目标:\n"
            "——每万人口高价值发明专利拥有量达到12件。\n"
            "二、其他\n建成平台1个。")
    years = [(r["value"], r["target_year"], r["target_year_inferred"]) for r in propose(text, "t", 2035)]
    assert years == [("12", "2025", "false"), ("1", "2035", "true")]


def test_table_rows_in_three_layouts_are_proposed_with_baseline_and_attribute():
    tab = "指标\t2020年（基期）\t2025年（目标）\t属性\n发明专利（件）\t6.3\t12以上\t约束性"
    pipe = ("| 序号 | 指标名称 | 单位 | 2020年 | 2025年 | 属性 |\n|---|---|---|---|---|---|\n"
            "| 1 | 发明专利 | 件 | 6.3 | 12以上 | 约束性 |")
    cells = "指标\n2020年\n（基期）\n2025年\n（目标）\n属性\n发明专利（件）\n6.3\n≥12\n约束性"
    for text in (tab, pipe, cells):
        rows = propose(text, "t", 2025)
        got = [(r["value"], r["comparator"], r["unit"], r["target_year"], r["baseline_value"],
                r["baseline_year"], r["attribute"], r["source_table_row"]) for r in rows]
        assert got == [("12", ">=", "件", "2025", "6.3", "2020", "binding", "true")], text


def test_table_cells_are_never_merged():
    rows = propose("指标\t2020年\t2025年\n专利（件）\t6.3\t12", "t", 2025)
    assert [r["value"] for r in rows] == ["12"]


def test_fixture_corpus_recall_and_no_baseline_or_count_proposed():
    from ipstats.curation.evaluate import evaluate_corpus

    result = evaluate_corpus(CORPUS)
    total = result.total()
    print(result.report())
    assert total.targets > 100
    assert result.recall >= 0.95, result.report()
    assert total.baselines_proposed == [] and total.counts_proposed == [], result.report()
    assert result.precision >= 0.9, result.report()


def test_cli_evaluates_a_corpus_folder(capsys, tmp_path):
    assert main(["extract", "--evaluate", "--corpus", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "recall" in out and "baselines or past values" in out
    assert main(["extract", "--evaluate", "--corpus", str(tmp_path)]) == 1
    assert "no *.txt documents here" in capsys.readouterr().err


def test_each_item_of_a_distributed_list_gets_its_own_indicator_guess():
    inds = [{"indicator_id": "patents", "name_zh": "专利授权量", "basis": "flow"},
            {"indicator_id": "marks", "name_zh": "商标注册量", "basis": "flow"},
            {"indicator_id": "works", "name_zh": "作品版权登记量", "basis": "flow"}]
    rows = propose("到2025年,全市专利授权量、商标注册量、作品版权登记量分别达到1.2万件、3.5万件、8000件",
                   "t", 2025, indicators=inds)
    assert [(r["value"], r["indicator_id"], r["comparator"]) for r in rows] == [
        ("1.2", "patents", ">="), ("3.5", "marks", ">="), ("8000", "works", ">=")]


def test_every_corpus_proposal_passes_provenance_as_proposed():
    """What the extractor proposes, a curator can keep: each quote is found in its source and
    each table row passes the cell-by-cell check."""
    from ipstats.curation.guess import default_year
    from ipstats.dataset.provenance import check_table_row

    for f in sorted(CORPUS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        src = NormalisedText(text)
        for r in propose(text, "x", *default_year(text)):
            problems: list = []
            line = check_quote("x", 1, r["quote"], src, f.name, problems)
            assert problems == [], (f.name, r["quote"])
            if r["source_table_row"] == "true":
                high = float(r["value_high"]) if r["value_high"] else None
                assert check_table_row(float(r["value"]), high, r["unit"], r["quote"], src, line,
                                       int(r["target_year"])) is None, (f.name, r["quote"])

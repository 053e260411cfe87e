"""The completeness check: every target-like number in a source is curated or ignored."""
from __future__ import annotations

import re

import pytest

from ipstats.cli.main import main
from ipstats.core.paths import DEFAULT_DATA_DIR, DataPaths
from ipstats.core.problems import ValidationError
from ipstats.curation.coverage import coverage, source_hits
from ipstats.dataset.textnorm import NormalisedText
from ipstats.dataset.units import read_measure_words


@pytest.mark.parametrize("line, expected", [
    pytest.param("到2025年,建成70家以上", ["70家"], id="year-skipped-quantity-kept"),
    pytest.param("16. 加强建设,(3)完善机制", [], id="list-number"),
    pytest.param("2023年1月10日,时间:2020-09-16 10:14:00", [], id="dates-and-times"),
    pytest.param("(國發〔2021〕20號)", [], id="document-number"),
    pytest.param("“龙腾2020”专项行动", [], id="year-like-campaign-name"),
    pytest.param("做好第19届亚运会", ["19"], id="ordinal-needs-an-ignore-row"),
    pytest.param("“十四五”规划,十九届四中全会", [], id="chinese-numeral-without-measure-word"),
    pytest.param("增强“四个意识”", ["四个"], id="chinese-numeral-with-measure-word"),
    pytest.param("數量達到2。5萬件", ["2.5万件"], id="traditional-decimal"),
    pytest.param("每万人发明专利,每百户企业", [], id="rate-denominators"),
    pytest.param("发明专利（件）\t6.3\t12\t预期性", ["6.3", "12"], id="table-cells-never-merged"),
    pytest.param("| 1 | 发明专利 | 件 | 6.3 | 12 |", ["6.3", "12"], id="pipe-row"),
    pytest.param("发布时间:2021-11-20 10:14", [], id="timestamp-digits-not-joined"),
])
def test_which_numbers_are_checked(line, expected):
    words = read_measure_words(DataPaths(DEFAULT_DATA_DIR))
    assert [h.text for _, _, h in source_hits("d", NormalisedText(line), words)] == expected


def test_the_shipped_dataset_passes(capsys):
    report = coverage(None)
    assert report.problems == []
    assert report.uncovered == []
    assert {h.status for h in report.hits} == {"target", "ignored"}
    assert main(["coverage", "--quiet"]) == 0
    assert "0 not covered" in capsys.readouterr().out


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_uncurated_number_is_reported_with_its_line(data_copy, capsys):
    targets = data_copy.targets_dir / "yx-2021-ip-protection-opinions.csv"
    lines = targets.read_text(encoding="utf-8").splitlines(keepends=True)
    targets.write_text("".join(l for l in lines if not l.startswith("yx2021-t03,")), encoding="utf-8")
    assert main(["coverage", "--data-dir", str(data_copy.root)]) == 1
    out, err = capsys.readouterr()
    assert re.search(r"^  line 13 +31项 +NOT COVERED +add a target or an ignore row", out, re.M)
    assert err.splitlines()[:2] == [
        "1 problem found in the input data:",
        "  - raw/sources/yx-2021-ip-protection-opinions.txt, line 13: a numeric expression that "
        "looks like a target is not covered (…标志保护产品数量31项,各项知识产权保…): add a "
        "target whose quote contains it to targets/yx-2021-ip-protection-opinions.csv, or a row "
        "to coverage_ignore.csv (doc_id, expression as it appears around the number, reason it "
        "is not a target) (found '31项')"]


def test_an_ignore_row_no_longer_in_the_source_is_an_error(data_copy):
    _edit(data_copy.raw / "coverage_ignore.csv", "浏览:456", "浏览:457")
    problems = [str(p) for p in coverage(data_copy.root).problems]
    assert problems[0] == (
        "raw/coverage_ignore.csv, line 2, column 'expression': not found in the source "
        "cn-2020-ip-strategy-promotion-plan.txt (the first 5 characters match). Copy the "
        "expression from the source verbatim, or delete the row if the text no longer has it "
        "(found '浏览:457')")
    assert problems[1].startswith("raw/sources/cn-2020-ip-strategy-promotion-plan.txt, line 3:")


def test_an_ignore_row_that_ignores_nothing_is_an_error(data_copy):
    table = data_copy.raw / "coverage_ignore.csv"
    n = len(table.read_text(encoding="utf-8").splitlines())  # the rows appended go after these
    with open(table, "a", encoding="utf-8") as f:
        f.write("hz-2023-ip-model-city-work-plan,總體目標,Not a number at all.\n")
    assert [str(p) for p in coverage(data_copy.root).problems] == [
        f"raw/coverage_ignore.csv, line {n + 1}, column 'expression': this row ignores nothing: "
        "the expression holds no numeric expression that is not already covered by a target. "
        "Delete the row (found '總體目標')"]


def test_an_ignore_row_of_an_unknown_document_fails_validation(data_copy):
    with open(data_copy.raw / "coverage_ignore.csv", "a", encoding="utf-8") as f:
        f.write("nowhere,第19届,Unknown document.\n")
    with pytest.raises(ValidationError) as exc:
        coverage(data_copy.root)
    (problem,) = exc.value.problems
    assert (problem.file, problem.column, problem.value) == ("raw/coverage_ignore.csv", "doc_id", "nowhere")
    assert problem.message.startswith("unknown document: expected one of ")
    assert problem.message.endswith("Use a doc_id listed in documents.csv.")


def test_a_news_report_need_not_have_every_number_covered(data_copy):
    from tests.conftest import add_document

    text = "记者获悉,去年全市专利授权量达4862件。《规划》提出,到2025年建成服务站70家。"
    row = {"target_id": "news-t01", "indicator_id": "brand_guidance_service_stations",
           "value": "70", "unit": "家", "target_year": "2025", "quote": "到2025年建成服务站70家"}
    add_document(data_copy, "qw-2021-news", text, [row], source_kind="news_report")
    report = coverage(data_copy.root)
    assert report.problems == [] and report.uncovered == []
    assert [h.text for h in report.not_required] == ["4862件"]
    assert "4862件      not required the source is a news report: not every number in it is a target" in report.listing()
    add_document(data_copy, "qw-2021-full", text, [{**row, "target_id": "full-t01"}])
    assert [h.text for h in coverage(data_copy.root).uncovered] == ["4862件"]

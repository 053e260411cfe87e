"""docs/adding-a-document.md, followed end to end on a temporary copy of the data with a small
made-up plan that has an indicator table: save the source, register the jurisdiction and the
document, extract, curate (the test writes the rows a curator keeps), validate, check
coverage, build and render one compare report; the table target, with its baseline and
attribute, is in the report."""
from __future__ import annotations

import csv
import hashlib
import io

import pandas as pd

from ipstats.cli.main import main
from ipstats.dataset import schema
from ipstats.reports.render import render
from ipstats.reports.settings import Settings

DOC = "nb-2022-ip-demo-plan"
PLAN = "\n".join([
    "宁波市知识产权发展规划(2021—2025年)",
    "一、主要目标",
    "到2025年,知识产权保护社会满意度达到85分以上。主要指标见下表。",
    "指标\t2020年（基期）\t2025年（目标）\t属性",
    "每万人口发明专利拥有量（件）\t6.3\t12\t约束性",
    "",
])


def _append(path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")


def _csv_line(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(values)
    return buf.getvalue()


def test_the_guide_end_to_end(data_copy, tmp_path, capsys):
    raw = data_copy.raw
    # 1. save the source text, byte for byte
    source = data_copy.sources / f"{DOC}.txt"
    source.write_bytes(PLAN.encode("utf-8"))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    # 2. register the jurisdiction and the document (work_points is a document type too)
    _append(raw / "jurisdictions.csv", "ningbo,330200,,宁波市,Ningbo,prefecture,zhejiang")
    doc = {"doc_id": DOC, "title_zh": "宁波市知识产权发展规划(2021—2025年)",
           "title_en": "Ningbo IP development plan (2021-2025)", "jurisdiction_id": "ningbo",
           "issuer_zh": "宁波市人民政府", "issuer_en": "Ningbo Municipal People's Government",
           "doc_type": "plan", "status": "adopted", "issue_date": "2021-12-01",
           "effective_from": "2021-01-01", "effective_to": "2025-12-31", "date_inferred": "false",
           "date_note": "Made-up test plan.", "source_file": source.name,
           "source_note": "Test fixture.", "sha256": digest, "source_kind": "official_full_text",
           "declared_indicators": "1"}
    _append(raw / "documents.csv", _csv_line([doc.get(c, "") for c in schema.field_names("documents")]))
    # 3. propose candidate targets
    proposals = tmp_path / "proposals.csv"
    assert main(["extract", str(source), "--data-dir", str(data_copy.root), "--out",
                 str(proposals)]) == 0
    rows = list(csv.DictReader(proposals.open(encoding="utf-8")))
    table_row = next(r for r in rows if r["source_table_row"] == "true")
    assert (table_row["value"], table_row["baseline_value"], table_row["baseline_year"],
            table_row["attribute"], table_row["target_year"]) == ("12", "6.3", "2020", "binding", "2025")
    # 4. curate: keep both rows, fill the indicator and the translation
    score = next(r for r in rows if r["unit"] == "分")
    table_row.update(target_id="nb2022-t01", indicator_id="invention_patents_per_10k_people",
                     quote_en="Invention patents per 10,000 people: 6.3 (2020) -> 12 (2025), binding.")
    score.update(target_id="nb2022-t02", indicator_id="ip_protection_satisfaction_score",
                 quote_en="By 2025, public satisfaction with IP protection reaches 85 points or more.")
    _append(raw / "indicators.csv", _csv_line([
        "ip_protection_satisfaction_score", "知识产权保护社会满意度", "Public satisfaction with IP protection",
        "ip_protection_satisfaction", "score", "stock", "higher_is_better",
        "Survey score out of 100."]))
    _append(raw / "families.csv", "ip_protection_satisfaction,知识产权保护社会满意度,Public satisfaction with IP protection")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=schema.field_names("targets"), lineterminator="\n",
                       extrasaction="ignore")
    w.writeheader()
    w.writerows([table_row, score])
    (data_copy.targets_dir / f"{DOC}.csv").write_text(buf.getvalue(), encoding="utf-8")
    # 5. validate, 6. coverage, 7. build
    assert main(["validate", "--data-dir", str(data_copy.root)]) == 0
    assert main(["coverage", "--quiet", "--data-dir", str(data_copy.root)]) == 0
    assert main(["build", "--data-dir", str(data_copy.root)]) == 0
    capsys.readouterr()
    docs = pd.read_parquet(data_copy.processed_table("documents")).set_index("doc_id")
    assert docs.loc[DOC, ["declared_indicators", "n_indicators_recorded", "source_kind"]].tolist() == [
        1, 2, "official_full_text"]
    t = pd.read_parquet(data_copy.processed_table("targets")).set_index("target_id")
    assert t.loc["nb2022-t01", ["baseline_value_std", "value_std", "attribute"]].tolist() == [
        6.3, 12.0, "binding"]
    # ... and render one compare report
    settings = Settings.model_validate({"jobs": [{
        "notebook": "notebooks/20-compare-indicator.ipynb",
        "parameters": {"family": ["invention_patent_density"], "lang": ["en"]}}]})
    result = render(settings, data_dir=data_copy.root, out=tmp_path / "reports",
                    only="invention_patent_density", progress=False)
    assert [j["status"] for j in result.jobs] == ["ok"], result.jobs
    html = next((tmp_path / "reports").rglob("*invention_patent_density*.html")).read_text(encoding="utf-8")
    assert "Ningbo" in html and "6.3件 (2020)" in html and ">Binding<" in html

"""A synthetic corpus for the scale benchmark: N documents built from templates of the seeds'
real phrasing, with known planted targets.

Each document gets a source text (goal paragraph under 到20XX年, task paragraphs, filler lines
copied from the seed sources that hold no numbers; about one in four is converted to
traditional characters with the web artefacts seen in Hangzhou: 發(fā) and 2。5萬件), a
documents.csv row with its sha256, and a targets CSV of the planted targets with verbatim
quotes, so ``ipstats validate`` and ``build`` accept the corpus as they accept the seeds.

Writes only into the folder it is given (a temporary folder), never into data/.

    python benchmarks/synthetic.py /tmp/corpus 100
"""
from __future__ import annotations

import csv
import functools
import hashlib
import random
import shutil
import sys
from pathlib import Path

from ipstats.dataset import schema
from ipstats.dataset.numerals import scan
from ipstats.core.paths import DEFAULT_DATA_DIR, DataPaths
from ipstats.dataset.textnorm import normalise
from ipstats.dataset.units import read_measure_words

# (phrase with {v}, indicator_id, unit, comparator, value kind, cumulative)
WORDS = read_measure_words(DataPaths(DEFAULT_DATA_DIR))  # measure words of the shipped data

GOALS = [
    ("全市每万人发明专利拥有量达到{v}件以上", "invention_patents_per_10k_people", "件", ">=", "dec", False),
    ("每万人口高价值发明专利拥有量达到{v}件", "high_value_invention_patents_per_10k_people", "件", ">=", "int", False),
    ("有效注册商标量{v}万件", "valid_registered_trademarks", "万件", "=", "dec", False),
    ("中国地理标志保护产品数量{v}项", "gi_protected_products", "项", "=", "int", False),
    ("知识产权质押融资登记金额达到{v}亿元", "ip_pledge_financing_amount_annual", "亿元", ">=", "int", False),
    ("累计知识产权质押融资金额达{v}亿元", "ip_pledge_financing_amount_cumulative", "亿元", ">=", "int", True),
    ("培育知识产权保护规范化市场{v}家以上", "ip_protection_standardised_markets", "家", ">=", "int", False),
    ("建成省级以上知识产权服务业集聚区{v}个", "ip_service_industry_clusters_provincial_plus", "个", "=", "int", False),
    ("品牌指导服务站{v}家以上", "brand_guidance_service_stations", "家", ">=", "int", False),
    ("知识产权民事一审案件平均审理周期压缩至{v}个月以内", "ip_civil_first_instance_trial_period", "个月", "<=", "small", False),
    ("知识产权许可备案和转让数量达到{v}万件", "ip_licence_and_transfer_count", "万件", ">=", "dec", False),
    ("布局建设高价值知识产权培育平台{v}家以上", "high_value_ip_cultivation_platforms", "家", ">=", "int", False),
    ("每百户企业有效注册商标拥有量达到{v}件", "valid_trademarks_per_100_enterprises", "件", ">=", "int", False),
    ("累计建成企业专利特色库{v}个", "enterprise_patent_databases_cumulative", "个", ">=", "int", True),
]
TASKS = [
    ("加大知识产权刑事保护力度,查处侵犯知识产权犯罪破案数不低于上年同期{v}倍", "ip_crime_cases_solved_ratio_to_previous_year", "倍", ">=", "ratio", False),
    ("加强非物质文化遗产传承和保护,发布{v}项优秀非遗旅游商品", "intangible_heritage_tourism_products", "项", "=", "int", False),
    ("优化审查流程,将商标注册平均审查周期压减至{v}个月", "trademark_registration_examination_period", "个月", "<=", "small", False),
    ("深化集成服务改革,进入审查确权快速通道的高价值专利数达到{v}件", "high_value_patents_in_fast_track", "件", ">=", "int", False),
]
CN_DIGITS = "〇一二三四五六七八九"


def _cn_digits(i: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(i))


def _value(kind: str, rng: random.Random) -> str:
    if kind == "dec":
        return f"{rng.randint(1, 40)}.{rng.randint(1, 9)}"
    if kind == "ratio":
        return f"1.{rng.randint(1, 5)}"
    if kind == "small":
        return str(rng.randint(2, 18))
    return str(rng.randint(5, 3000))


def filler_lines() -> list[str]:
    """Sentences of the seed sources that hold no number the coverage check would list."""
    out = []
    for src in sorted((DEFAULT_DATA_DIR / "raw" / "sources").glob("*.txt")):
        if src.name.startswith("hz-"):
            continue  # traditional: the corpus converts its own
        for line in src.read_text(encoding="utf-8").splitlines():
            body = line.strip().split(".", 1)[-1].strip()
            norm = normalise(body)
            if 30 <= len(norm) <= 200 and not scan(norm, WORDS) and "“" not in body and "(" not in body:
                out.append(body)
    return out


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(text: str) -> str:
    text = _s2t().convert(text)
    text = text.replace("發", "發(fā)").replace("產業", "產業(yè)")
    return text


def document(i: int, rng: random.Random, fillers: list[str], jurisdictions: list[str]) -> tuple[dict, str, list[dict]]:
    """One document: its documents.csv row, its text, its planted target rows."""
    doc_id = f"syn-{i:05d}"
    start = rng.randint(2019, 2023)
    end = start + rng.randint(2, 5)
    traditional = rng.random() < 0.25
    goals = rng.sample(GOALS, rng.randint(3, 7))
    tasks = rng.sample(TASKS, rng.randint(0, 2))
    targets: list[dict] = []
    planted: list[tuple[str, tuple, bool]] = []
    for phrase, ind, unit, comp, kind, cum in goals + tasks:
        v = _value(kind, rng)
        planted.append((phrase.format(v=v), (ind, unit, comp, v, cum), (phrase, ind) in [(t[0], t[1]) for t in tasks]))
    goal_clauses = [p for p, _, is_task in planted if not is_task]
    lines = [f"合成知识产权工作方案之{_cn_digits(i)}", f"时间:{start}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "",
             "一、总体目标", "", "  " + rng.choice(fillers) + "到" + str(end) + "年," + ",".join(goal_clauses) + "。",
             "", "二、重点任务", ""]
    task_texts = [p for p, _, is_task in planted if is_task]
    n_tasks = rng.randint(15, 30)
    slots = sorted(rng.sample(range(1, n_tasks + 1), len(task_texts)))
    for n in range(1, n_tasks + 1):
        body = task_texts[slots.index(n)] + "。" if n in slots else rng.choice(fillers)
        lines += [f"  {n}.{body}", ""]
    lines += ["三、保障措施", "", "  " + rng.choice(fillers), "", f"{start}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
    text = "\n".join(lines) + "\n"
    if traditional:
        text = _traditional(text)
        text = _fullstop_decimals(text)
    for n, (phrase, (ind, unit, comp, v, cum), is_task) in enumerate(planted, 1):
        quote = _traditional(phrase) if traditional else phrase
        if traditional:
            quote = _fullstop_decimals(quote)
        assert normalise(quote) in normalise(text), quote
        targets.append({"target_id": f"syn{i:05d}-t{n:02d}", "indicator_id": ind, "kind": "numeric",
                        "comparator": comp, "value": v, "unit": unit, "target_year": str(end),
                        "target_year_inferred": "true" if is_task else "false",
                        "period_start_year": str(start) if cum else "", "aspiration": "false",
                        "clause": "task" if is_task else "part 1 总体目标", "quote": quote,
                        "quote_en": "(synthetic)", "note": "planted by benchmarks/synthetic.py"})
    row = {"doc_id": doc_id, "title_zh": lines[0], "title_en": f"Synthetic work plan {i}",
           "jurisdiction_id": rng.choice(jurisdictions), "issuer_zh": "合成人民政府办公厅",
           "issuer_en": "Synthetic government office", "doc_type": "work_plan", "status": "adopted",
           "issue_date": f"{start}-01-10", "publication_date": f"{start}-01-12",
           "effective_from": f"{start}-02-01", "effective_to": f"{end}-12-31", "date_inferred": "false",
           "date_note": "Synthetic dates.",
           "source_file": f"{doc_id}.txt", "source_note": "synthetic"}
    return row, text, targets


def _fullstop_decimals(text: str) -> str:
    """Hangzhou's artefact: an ideographic full stop as decimal point before 萬 (2。5萬件)."""
    import re

    return re.sub(r"(\d)\.(\d+萬)", r"\1。\2", text)


def generate(root: Path, n: int, seed: int = 0) -> Path:
    """Write a data directory with ``n`` synthetic documents under ``root``; return it."""
    shipped = DEFAULT_DATA_DIR / "raw"
    raw = Path(root) / "raw"
    if raw.exists():
        shutil.rmtree(raw)
    (raw / "sources").mkdir(parents=True)
    (raw / "targets").mkdir()
    (Path(root) / "processed").mkdir(exist_ok=True)
    for res in schema.raw_resources():
        name = res["path"].removeprefix("raw/")
        if "{doc_id}" in name or name in ("documents.csv", "coverage_ignore.csv"):
            continue
        shutil.copy(shipped / name, raw / name)
    (raw / "coverage_ignore.csv").write_text(",".join(schema.field_names("coverage_ignore")) + "\n",
                                             encoding="utf-8")
    rng = random.Random(seed)
    fillers = filler_lines()
    with open(shipped / "jurisdictions.csv", encoding="utf-8") as f:
        jurisdictions = [r["jurisdiction_id"] for r in csv.DictReader(f)]
    doc_fields = schema.field_names("documents")
    target_fields = schema.field_names("targets")
    with open(raw / "documents.csv", "w", encoding="utf-8", newline="") as docs_file:
        docs = csv.DictWriter(docs_file, fieldnames=doc_fields, lineterminator="\n")
        docs.writeheader()
        for i in range(1, n + 1):
            row, text, targets = document(i, rng, fillers, jurisdictions)
            data = text.encode("utf-8")
            (raw / "sources" / row["source_file"]).write_bytes(data)
            row["sha256"] = hashlib.sha256(data).hexdigest()
            docs.writerow({k: row.get(k, "") for k in doc_fields})
            with open(raw / "targets" / f"{row['doc_id']}.csv", "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=target_fields, lineterminator="\n")
                w.writeheader()
                w.writerows(targets)
    return Path(root)


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]), int(sys.argv[2])))

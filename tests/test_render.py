"""ipstats render end to end on a copy of the data: one small suite rendered once per module
(every notebook of ours, one planted <script>, one bad parameter), then assertions on its
outputs; a rerun must skip the unchanged jobs."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from ipstats.cli import main as cli
from ipstats.dataset.build import build
from ipstats.reports.render import render
from ipstats.reports.render.jobs import expand_jobs
from ipstats.reports.settings import Settings, load_settings

PLANTED = '<script>alert("x")</script>'
SUITE = {
    "output": {"workers": 2},
    "lang": ["zh", "en"],
    "jobs": [
        {"notebook": "notebooks/10-overview.ipynb"},
        {"notebook": "notebooks/20-compare-indicator.ipynb",
         "parameters": {"family": ["invention_patent_density"]}},
        {"notebook": "notebooks/25-single-jurisdiction-targets.ipynb", "parameters": {"lang": "en"}},
        {"notebook": "notebooks/30-jurisdiction-profile.ipynb",
         "parameters": {"jurisdiction": ["zhejiang", "mars"], "lang": "zh"}},
        {"notebook": "notebooks/40-timeline.ipynb", "parameters": {"lang": ["en"]}},
        {"notebook": "notebooks/50-measures.ipynb",
         "parameters": {"jurisdiction": "guizhou", "lang": "zh"}},
        {"notebook": "notebooks/60-progress.ipynb", "parameters": {"lang": "en"}},
    ],
}


def _plant(raw: Path) -> None:
    """Put a <script> into a free-text data string (a quote's English translation)."""
    f = raw / "targets" / "zj-2020-ip-protection-action-plan.csv"
    rows = list(csv.DictReader(f.open(encoding="utf-8")))
    for r in rows:
        if r["target_id"] == "zj2020-t05":
            r["quote_en"] = PLANTED + r["quote_en"]
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    import shutil

    from ipstats.core.paths import DEFAULT_DATA_DIR

    root = tmp_path_factory.mktemp("render")
    data = root / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "raw", data / "raw")
    _plant(data / "raw")
    params = root / "params.yaml"
    params.write_text(json.dumps(SUITE), encoding="utf-8")  # JSON is valid YAML
    out = root / "reports"
    code = cli.main(["render", "--params", str(params), "--data-dir", str(data), "--out",
                     str(out), "--quiet"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"code": code, "out": out, "data": data, "params": params,
            "jobs": {j["name"]: j for j in manifest["jobs"]}}


def test_every_notebook_rendered_and_bad_parameter_fails_alone(rendered):
    jobs = rendered["jobs"]
    assert rendered["code"] == 1  # one job failed -> non-zero exit
    assert jobs["zh/30-jurisdiction-profile/jurisdiction-mars"]["status"] == "failed"
    err = jobs["zh/30-jurisdiction-profile/jurisdiction-mars"]["error"]
    assert "unknown jurisdiction 'mars'" in err and "zhejiang" in err and "yuxi" in err
    assert not (rendered["out"] / "zh/30-jurisdiction-profile/jurisdiction-mars.html").exists()
    ok = [n for n, j in jobs.items() if j["status"] == "ok"]
    # stable paths: <lang>/<notebook>/<slug>, the slug naming only swept parameters
    assert sorted(ok) == ["en/10-overview/report",
                          "en/20-compare-indicator/family-invention_patent_density",
                          "en/25-single-jurisdiction-targets/report", "en/40-timeline/report",
                          "en/60-progress/report", "zh/10-overview/report",
                          "zh/20-compare-indicator/family-invention_patent_density",
                          "zh/30-jurisdiction-profile/jurisdiction-zhejiang",
                          "zh/50-measures/report"]
    for n in ok:
        assert (rendered["out"] / jobs[n]["html"]).stat().st_size > 10_000
        assert jobs[n]["notebook"].startswith("notebooks/") and jobs[n]["ipynb"].endswith(".ipynb")


def test_no_half_written_files(rendered):
    leftovers = [p for p in rendered["out"].rglob("*") if p.name.startswith(".")
                 and p.name != ".lock"]
    assert leftovers == []


def _html(rendered):
    return {p: p.read_text(encoding="utf-8") for p in rendered["out"].rglob("*.html")}


def test_html_has_no_external_urls(rendered):
    pattern = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import\s+url\(\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
                         re.I)
    for path, text in _html(rendered).items():
        assert not pattern.search(text), f"{path} references an external URL"
        assert "require.js" not in text and "mathjax" not in text.lower().replace("mathjax-", "")


def test_planted_script_arrives_escaped(rendered):
    pages = _html(rendered)
    hits = [p for p, t in pages.items() if "&lt;script&gt;alert(" in t]
    assert hits, "the planted string should be shown (escaped) in at least one report"
    for p, t in pages.items():
        assert PLANTED not in t, f"{p} contains the planted script unescaped"


def test_every_page_carries_a_stamp(rendered):
    for path, text in _html(rendered).items():
        if path.name != "index.html":
            assert re.search(r"ipstats \S+ · (data|数据) [0-9a-f]{16} · git \S+ · "
                             r"(rendered|生成于) \d{4}-", text), path


def test_index_links_every_report(rendered):
    index = (rendered["out"] / "index.html").read_text(encoding="utf-8")
    for j in rendered["jobs"].values():
        if j["status"] == "ok":
            assert f'href="{j["html"]}"' in index
    for lang in ("zh", "en"):
        own = (rendered["out"] / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in own and "notebooks/" not in own
        for j in rendered["jobs"].values():
            if j["status"] == "ok" and j["name"].startswith(f"{lang}/"):
                assert f'href="{j["html"][3:]}"' in own


def _visible(page: str) -> str:
    """The text a reader sees: no tags, scripts, styles or attribute values (the CSV
    downloads carry ids inside data: URIs, which is where ids belong)."""
    import html as html_lib

    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def test_pages_speak_their_language_and_show_no_codes(rendered, built_data):
    import ipstats

    ids = set(ipstats.load_families(built_data)["family"])
    ids |= set(ipstats.load_indicators(built_data)["indicator_id"])
    ids |= {u for u in ipstats.load_indicators(built_data)["unit_std"] if "_" in u}
    ids |= set(ipstats.load_documents(built_data)["doc_id"])
    ids |= set(ipstats.load_targets(built_data)["target_id"])
    sci = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][+-]?\d+\b")
    pages = {p: t for p, t in _html(rendered).items() if p.name != "index.html"}
    assert len(pages) == 9
    for path, page in pages.items():
        lang = path.relative_to(rendered["out"]).parts[0]
        assert f'<html lang="{lang}">' in page, path
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
        assert title and title != "Notebook", path
        text = _visible(page)
        assert not sci.search(text), (path, sci.search(text).group(0))
        shown = {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}
        assert shown == set(), (path, shown)
        for code in ("quote_clean", "True", "False", "no_target_from", "data/raw", ".ipynb"):
            assert not re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text), (path, code)
        assert "No description has been provided for this image" not in page
        assert "download=" in page and "data:text/csv;charset=utf-8;base64," in page, path
        imgs = re.findall(r"<img\b[^>]*>", page)
        assert all(re.search(r'alt="[^"]{20,}"', i) for i in imgs), path  # says what it shows


def test_pages_link_their_twin_and_the_index(rendered):
    out = rendered["out"]
    zh = (out / "zh/20-compare-indicator/family-invention_patent_density.html").read_text(encoding="utf-8")
    en_path = out / "en/20-compare-indicator/family-invention_patent_density.html"
    assert 'href="../../en/20-compare-indicator/family-invention_patent_density.html"' in zh
    assert 'href="../index.html"' in zh
    en = en_path.read_text(encoding="utf-8")
    assert "杭州市" in zh and "Hangzhou" in en and "每万人口" in en  # quotes verbatim in English
    assert "CC-BY-4.0" in en and "Cite this report" in en and "引用本报告" in zh


def test_rerun_skips_unchanged_jobs(rendered):
    settings = load_settings(rendered["params"])
    result = render(settings, data_dir=rendered["data"], out=rendered["out"], progress=False,
                    only="-compare-")
    assert [j["status"] for j in result.jobs if "compare" in j["name"]] == ["skipped", "skipped"]
    forced = render(settings, data_dir=rendered["data"], out=rendered["out"], progress=False,
                    only="40-timeline", force=True)
    assert [j["status"] for j in forced.jobs if "timeline" in j["name"]] == ["ok"]


def test_default_suite_covers_every_jurisdiction_and_family(built_data):
    import ipstats

    specs = expand_jobs(load_settings(), built_data)
    t = ipstats.load_targets(built_data)
    docs = ipstats.load_documents(built_data)
    from ipstats.analysis.compare import family_groups

    fams = {s.parameters.get("family") for s in specs if "20-compare" in s.notebook}
    jurs = {s.parameters.get("jurisdiction") for s in specs if "30-jurisdiction" in s.notebook}
    compared, single = family_groups(t)
    assert fams == set(compared)  # one compare page per family with something to compare
    assert any("25-single" in s.notebook for s in specs)  # the rest on one page
    assert fams | set(single) == set(t.loc[t["kind"] == "numeric", "family"])
    assert {s.parameters.get("lang") for s in specs} == {"zh", "en"}  # both languages by default
    assert all(s.name.startswith(f"{s.parameters['lang']}/") for s in specs)
    assert jurs == set(docs["jurisdiction_id"])
    assert any("10-overview" in s.notebook for s in specs)
    assert any("40-timeline" in s.notebook for s in specs)
    progress_langs = {s.parameters.get("lang") for s in specs if "60-progress" in s.notebook}
    assert progress_langs == {"zh", "en"}


@pytest.mark.parametrize("suite, message", [
    pytest.param({"jobs": [{"notebook": "notebooks/10-overview.ipynb"}], "outptu": {}},
                 "outptu", id="unknown-key"),
    pytest.param({"jobs": [{"notebook": "notebooks/20-compare-indicator.ipynb",
                            "parameters": {"famly": "x"}}]}, "unknown parameter 'famly'",
                 id="unknown-parameter"),
    pytest.param({"jobs": [{"notebook": "notebooks/99-nope.ipynb"}]}, "not found",
                 id="missing-notebook"),
    pytest.param({"lang": ["zh", "fr"], "jobs": [{"notebook": "notebooks/10-overview.ipynb"}]},
                 "expected a list of languages from zh, en", id="unknown-language"),
])
def test_bad_settings_fail_with_a_clear_message(tmp_path, built_data, suite, message, capsys):
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps(suite), encoding="utf-8")
    code = cli.main(["render", "--params", str(params), "--data-dir", str(built_data.root),
                     "--out", str(tmp_path / "out")])
    assert code == 1
    assert message in capsys.readouterr().err


def _render_cli(tmp_path, built_data, out) -> int:
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps({"jobs": [{"notebook": "notebooks/10-overview.ipynb"}]}),
                      encoding="utf-8")
    return cli.main(["render", "--params", str(params), "--data-dir", str(built_data.root),
                     "--out", str(out), "--quiet"])


def test_out_naming_a_file_is_refused(tmp_path, built_data, capsys):
    out = tmp_path / "reports.html"
    out.write_text("x")
    assert _render_cli(tmp_path, built_data, out) == 1
    assert capsys.readouterr().err == (
        f"error: --out {out}: this is a file, not a folder; give a folder for the reports (it "
        "is created if missing)\n")


def test_out_inside_raw_is_refused(tmp_path, built_data, capsys):
    out = built_data.raw / "reports"
    assert _render_cli(tmp_path, built_data, out) == 1
    assert capsys.readouterr().err == (
        f"error: --out {out}: this is inside the raw data folder {built_data.raw}, which no "
        "command writes into; choose a folder outside it, e.g. reports/\n")
    assert not out.exists()


def test_a_second_render_into_the_same_folder_stops_with_a_clear_message(tmp_path, built_data,
                                                                         capsys):
    from ipstats.core import versions

    out = tmp_path / "out"
    with versions.lock(out, "render", wait=False):  # as a render running in another process
        assert _render_cli(tmp_path, built_data, out) == 1
    assert capsys.readouterr().err == (
        f"error: {out}: another render is writing here right now; wait for it to finish, or "
        "choose another output folder\n")


def test_languages_at_the_top_give_stable_twin_paths(built_data):
    settings = Settings.model_validate({"lang": "en", "jobs": [
        {"notebook": "notebooks/20-compare-indicator.ipynb",
         "parameters": {"family": ["ip_pledge_financing"]}},
        {"notebook": "notebooks/40-timeline.ipynb", "parameters": {"lang": ["zh", "en"]}}]})
    specs = {s.name: s.parameters for s in expand_jobs(settings, built_data)}
    assert sorted(specs) == ["en/20-compare-indicator/family-ip_pledge_financing",
                             "en/40-timeline/report", "zh/40-timeline/report"]
    assert specs["zh/40-timeline/report"]["page_path"] == "zh/40-timeline/report.html"

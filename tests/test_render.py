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
    "jobs": [
        {"notebook": "notebooks/10-overview.ipynb"},
        {"notebook": "notebooks/20-compare-indicator.ipynb",
         "parameters": {"family": ["invention_patent_density"]}},
        {"notebook": "notebooks/30-jurisdiction-profile.ipynb",
         "parameters": {"jurisdiction": ["zhejiang", "mars"]}},
        {"notebook": "notebooks/40-timeline.ipynb", "parameters": {"lang": ["en"]}},
        {"notebook": "notebooks/60-progress.ipynb", "parameters": {"lang": ["en"]}},
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
    assert jobs["30-jurisdiction-profile/jurisdiction-mars"]["status"] == "failed"
    err = jobs["30-jurisdiction-profile/jurisdiction-mars"]["error"]
    assert "unknown jurisdiction 'mars'" in err and "zhejiang" in err and "yuxi" in err
    assert not (rendered["out"] / "30-jurisdiction-profile/jurisdiction-mars.html").exists()
    ok = [n for n, j in jobs.items() if j["status"] == "ok"]
    assert sorted(ok) == ["10-overview/report", "20-compare-indicator/family-invention_patent_density",
                          "30-jurisdiction-profile/jurisdiction-zhejiang", "40-timeline/lang-en",
                          "60-progress/lang-en"]
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
            assert re.search(r"ipstats \S+ · data [0-9a-f]{16} · git \S+ · rendered \d{4}-", text), path
            assert "data licence CC-BY-4.0" in text, path


def test_index_links_every_report(rendered):
    index = (rendered["out"] / "index.html").read_text(encoding="utf-8")
    for j in rendered["jobs"].values():
        if j["status"] == "ok":
            assert f'href="{j["html"]}"' in index


def test_rerun_skips_unchanged_jobs(rendered):
    settings = load_settings(rendered["params"])
    result = render(settings, data_dir=rendered["data"], out=rendered["out"], progress=False,
                    only="-compare-")
    assert [j["status"] for j in result.jobs if "compare" in j["name"]] == ["skipped"]
    forced = render(settings, data_dir=rendered["data"], out=rendered["out"], progress=False,
                    only="40-timeline", force=True)
    assert [j["status"] for j in forced.jobs if "timeline" in j["name"]] == ["ok"]


def test_default_suite_covers_every_jurisdiction_and_family(built_data):
    import ipstats

    specs = expand_jobs(load_settings(), built_data)
    t = ipstats.load_targets(built_data)
    docs = ipstats.load_documents(built_data)
    fams = {s.parameters.get("family") for s in specs if "20-compare" in s.notebook}
    jurs = {s.parameters.get("jurisdiction") for s in specs if "30-jurisdiction" in s.notebook}
    assert fams == set(t.loc[t["kind"] == "numeric", "family"])
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

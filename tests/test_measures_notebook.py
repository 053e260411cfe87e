"""The measures notebook runs through papermill; bad parameters stop in the first cell with
the valid values; the extractor CLI proposes what is curated and writes only with --out."""
from __future__ import annotations

import json

import pytest

from ipstats.core.paths import NOTEBOOKS_DIR

NB = NOTEBOOKS_DIR / "50-measures.ipynb"


def _run(tmp_path, data, **params):
    import papermill as pm

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(NB), str(out), parameters={"data_dir": str(data.root), **params},
                        kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    return json.loads(out.read_text(encoding="utf-8"))


def test_notebook_is_committed_without_outputs_and_documents_its_parameters():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    lines = [ln for ln in "".join(params[0]["source"]).splitlines() if ln.strip()]
    assert {ln.split(":")[0] for ln in lines} == {"jurisdiction", "theme", "lang", "data_dir",
                                                         "page_path"}
    assert all(": str = " in ln and "  # " in ln for ln in lines)


def test_notebook_runs_on_one_jurisdiction_and_theme(tmp_path, built_data):
    nb = _run(tmp_path, built_data, jurisdiction="guizhou", theme="protection", lang="en")
    html = "".join("".join(o.get("data", {}).get("text/html", ""))
                   for c in nb["cells"] for o in c.get("outputs", []))
    # the lead department table names departments in the page's language
    assert "Guizhou Administration for Market Regulation" in html
    import pandas as pd

    m = pd.read_parquet(built_data.processed_table("measures"))
    n = int(((m["jurisdiction_id"] == "guizhou") & (m["theme"] == "protection")).sum())
    assert 0 < n < 23 and f"{n} of {len(m)} measures" in html
    assert not any(o.get("output_type") == "error" for c in nb["cells"] for o in c.get("outputs", []))


def test_bad_parameter_stops_with_valid_values(tmp_path, built_data):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as exc:
        _run(tmp_path, built_data, theme="enforcement")
    assert "unknown theme 'enforcement'; valid values: all, creation, utilisation" in str(exc.value)


def test_extract_cli_proposes_the_curated_structure(tmp_path, data_copy, capsys):
    from ipstats.cli.main import main

    before = sorted(p.name for p in data_copy.measures_dir.iterdir())
    assert main(["measures-extract", "--data-dir", str(data_copy.root),
                 "--doc", "gz-draft-ip-protection-opinions"]) == 0
    out = capsys.readouterr()
    assert "gz-draft-ip-protection-opinions: 23 measures, 23 with a responsibility clause, 0 with " \
           "unknown department names" in out.err
    assert out.out.splitlines()[1].startswith("gz-task001,1,（1）,2、 全面落实严格的知识产权保护制度,,严格知识产权司法保护,")
    assert sorted(p.name for p in data_copy.measures_dir.iterdir()) == before  # nothing written
    for force in ([], ["--force"]):  # never into raw/, not even with --force
        assert main(["measures-extract", "--data-dir", str(data_copy.root), "--out",
                     str(data_copy.measures_dir), *force]) == 1
        assert "refusing to write under" in capsys.readouterr().err
    assert sorted(p.name for p in data_copy.measures_dir.iterdir()) == before
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "gz-draft-ip-protection-opinions.csv").write_text("reviewed", encoding="utf-8")
    assert main(["measures-extract", "--data-dir", str(data_copy.root), "--out", str(tmp_path / "p")]) == 1
    assert "add --force to overwrite them" in capsys.readouterr().err
    assert main(["measures-extract", "--data-dir", str(data_copy.root), "--force", "--out",
                 str(tmp_path / "p")]) == 0
    curated = (data_copy.measures_dir / "cn-2020-ip-strategy-promotion-plan.csv").read_text(encoding="utf-8")
    proposed = (tmp_path / "p" / "cn-2020-ip-strategy-promotion-plan.csv").read_text(encoding="utf-8")
    cols = lambda text: [ln.split(",")[:3] for ln in text.splitlines()]  # noqa: E731
    assert cols(proposed) == cols(curated)
